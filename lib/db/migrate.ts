// Apply the committed migrations of the provider DATABASE_URL selects (`prisma migrate deploy` with the
// offline JS schema engine), and put SQLite in WAL mode. Used by `npm start`, the tests and the e2e server.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";
import Sqlite from "better-sqlite3";
import { createDatabase } from "./client";
import { providerOf, sqliteFilePath } from "./database-url";
import { sqlOf } from "./sql";

const DONE = /All migrations have been successfully applied|No pending migrations to apply/;

/** Committed migrations not yet applied to the database (all of them for a new database). */
export async function pendingMigrations(url: string): Promise<string[]> {
  const folder = path.resolve("prisma", providerOf(url) === "postgresql" ? "postgres" : "sqlite", "migrations");
  const committed = readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  if (providerOf(url) === "sqlite" && !existsSync(sqliteFilePath(url))) return committed;
  const database = createDatabase(url);
  const { db } = database;
  try {
    const rows = await sqlOf(database)
      .selectFrom("_prisma_migrations")
      .select("migration_name")
      .where("finished_at", "is not", null)
      .where("rolled_back_at", "is", null)
      .execute();
    const applied = new Set(rows.map((r) => r.migration_name));
    return committed.filter((name) => !applied.has(name));
  } catch {
    return committed; // no migrations table yet
  } finally {
    await db.$disconnect();
  }
}

export async function migrateDatabase(url: string, { quiet = false } = {}): Promise<void> {
  if (providerOf(url) === "sqlite") mkdirSync(path.dirname(path.resolve(sqliteFilePath(url))), { recursive: true });
  // The schema engine fails on a SQLite file another process holds open (a running console), and lingers on
  // PostgreSQL: run it only when there is something to apply.
  if ((await pendingMigrations(url)).length > 0) await runPrismaMigrateDeploy(url, quiet);
  if (providerOf(url) === "sqlite") {
    const db = new Sqlite(sqliteFilePath(url));
    try {
      db.pragma("journal_mode = WAL"); // persistent: readers never wait for the writer
    } finally {
      db.close();
    }
  }
}

function runPrismaMigrateDeploy(url: string, quiet: boolean): Promise<void> {
  const prisma = path.resolve("node_modules/.bin/prisma");
  return new Promise((resolve, reject) => {
    const child = spawn(prisma, ["migrate", "deploy"], {
      env: { ...process.env, DATABASE_URL: url, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let output = "";
    let done = false;
    const collect = (chunk: Buffer) => {
      output += chunk.toString();
      if (!quiet) process.stdout.write(chunk);
      // The PostgreSQL CLI lingers on an idle connection after finishing: end it once it has said so.
      if (!done && DONE.test(output)) {
        done = true;
        setTimeout(() => child.kill("SIGTERM"), 200).unref();
      }
    };
    child.stdout.on("data", collect);
    child.stderr.on("data", collect);
    const timer = setTimeout(() => child.kill("SIGKILL"), 180_000);
    child.on("error", reject);
    child.on("close", (code) => {
      clearTimeout(timer);
      if (done || code === 0) resolve();
      else reject(new Error(`prisma migrate deploy failed (exit ${code}):\n${output}`));
    });
  });
}
