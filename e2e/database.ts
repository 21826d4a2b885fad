// The browser tests' database, read directly to pick real rows to act on (the same URL the server uses).
import { createDatabase, type Database } from "@/lib/db/client";

let database: Database | null = null;

export function e2eDatabase(): Database {
  database ??= createDatabase(process.env.E2E_DATABASE_URL || "file:./data/e2e.db");
  return database;
}
