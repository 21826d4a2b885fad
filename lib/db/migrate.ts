// Apply the committed migrations of the provider DATABASE_URL selects (`prisma migrate deploy` with the
// offline JS schema engine), and put SQLite in WAL mode. Used by `npm start`, the tests and the e2e server.
import { spawn } from "node:child_process";
import { mkdirSync } from "node:fs";
import path from "node:path";
import Sqlite from "better-sqlite3";
import { providerOf, sqliteFilePath } from "./database-url";

const DONE = /All migrations have been successfully applied|No pending migrations to apply/;

export async function migrateDatabase(url: string, { quiet = false } = {}): Promise<void> {
  if (providerOf(url) === "sqlite") mkdirSync(path.dirname(path.resolve(sqliteFilePath(url))), { recursive: true });
  await runPrismaMigrateDeploy(url, quiet);
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
