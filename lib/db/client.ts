// One build serves both databases: the Prisma client and driver adapter are picked at runtime from
// DATABASE_URL. Both generated clients share the same models, so the app sees one type.
import { PrismaClient as SqliteClient } from "@/generated/sqlite/client";
import { PrismaClient as PostgresClient } from "@/generated/postgres/client";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseUrl, providerOf, type DbProvider } from "./database-url";

export type Db = SqliteClient;

export interface Database {
  db: Db;
  provider: DbProvider;
}

/** A new client for `url`. Tests and scripts use this; the app uses the shared `prisma` below. */
export function createDatabase(url: string = databaseUrl()): Database {
  const provider = providerOf(url);
  if (provider === "postgresql") {
    const db = new PostgresClient({ adapter: new PrismaPg({ connectionString: url }) }) as unknown as Db;
    return { db, provider };
  }
  // busy timeout: wait for a concurrent writer (the import command, say) instead of failing at once.
  const db = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url, timeout: 10_000 }) });
  return { db, provider };
}

const shared = globalThis as unknown as { __keytrailDatabase?: Database };

/** The process-wide database (kept across hot reloads in development). */
export function getDatabase(): Database {
  return (shared.__keytrailDatabase ??= createDatabase());
}
