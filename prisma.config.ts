/* eslint-disable @typescript-eslint/no-explicit-any -- patches untyped driver internals for the CLI only */
// Prisma CLI configuration. Prisma 6.19's JavaScript (Wasm) schema engine with a driver adapter keeps every
// CLI step offline (no native engine download). DATABASE_URL picks the provider folder: prisma/sqlite or
// prisma/postgres, each with its own migrations. This file is read by the CLI only, never by the app.
import path from "node:path";
import pg from "pg";
import { defineConfig } from "prisma/config";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseUrl, providerOf } from "./lib/db/database-url";

// The schema's `url = env("DATABASE_URL")` must be valid for its provider, or the CLI tries to download a
// query engine: always set it.
const url = databaseUrl();
process.env.DATABASE_URL = url;
const provider = providerOf(url);
const dir = provider === "postgresql" ? "prisma/postgres" : "prisma/sqlite";

// prisma/orm#27403: the schema engine reads catalog columns of type `name` (OID 19) and `"char"` (OID 18),
// which the pg adapter cannot deserialize. Report them (and their arrays) as text.
function reportCatalogNamesAsText() {
  const asText = (result: any) => {
    for (const r of Array.isArray(result) ? result : [result])
      for (const field of r?.fields ?? []) {
        if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = 25;
        else if (field.dataTypeID === 1002 || field.dataTypeID === 1003) field.dataTypeID = 1009;
      }
    return result;
  };
  const query = pg.Client.prototype.query as any;
  (pg.Client.prototype as any).query = function (...args: any[]) {
    const callback = args[args.length - 1];
    if (typeof callback === "function") {
      args[args.length - 1] = (err: unknown, res: unknown) => callback(err, err ? res : asText(res));
      return query.apply(this, args);
    }
    const ret = query.apply(this, args);
    return ret && typeof ret.then === "function" ? ret.then(asText) : ret;
  };
}

// The SQLite shadow database (used by `migrate diff --from-migrations`) replays each migration through
// prepare(), which refuses multi-statement scripts (P3006): run parameterless scripts with exec() instead.
class ShadowScriptSQLite extends PrismaBetterSQLite3 {
  override async connectToShadowDb() {
    const adapter: any = await super.connectToShadowDb();
    const executeRaw = adapter.executeRaw.bind(adapter);
    adapter.executeRaw = async (query: { sql: string; args: unknown[] }) => {
      if (query.args.length > 0) return executeRaw(query);
      try {
        return await executeRaw(query);
      } catch {
        await adapter.executeScript(query.sql);
        return 0;
      }
    };
    return adapter;
  }
}

// The pg adapter's own shadow database (used by `migrate diff --from-migrations`) is dropped while its pool
// still holds a connection, which PostgreSQL refuses. Migrations are only made inside a throwaway cluster
// (scripts/new-migration.sh), so use a fixed shadow database there, recreated each time and never dropped.
class FixedShadowPg extends PrismaPg {
  constructor(private readonly connection: pg.ClientConfig) {
    super(connection);
  }
  override async connectToShadowDb() {
    const client = new pg.Client(this.connection);
    await client.connect();
    await client.query('DROP DATABASE IF EXISTS "prisma_shadow"');
    await client.query('CREATE DATABASE "prisma_shadow"');
    await client.end();
    return new PrismaPg({ ...this.connection, database: "prisma_shadow" }).connect();
  }
}

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: dir,
  migrations: { path: path.join(dir, "migrations") },
  adapter: async () => {
    if (provider === "postgresql") {
      reportCatalogNamesAsText();
      // Discrete fields, not a connection string: with a connection string the adapter's "shadow"
      // database would be the real one.
      const u = new URL(url);
      return new FixedShadowPg({
        host: u.hostname,
        port: Number(u.port || 5432),
        user: decodeURIComponent(u.username),
        password: decodeURIComponent(u.password),
        database: u.pathname.slice(1),
      });
    }
    return new ShadowScriptSQLite({ url });
  },
});
