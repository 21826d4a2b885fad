// Integration tests run against the database DATABASE_URL names, which scripts/test.sh points at a
// throwaway SQLite file or PostgreSQL cluster. Refuse to run against the console's own default database.
import { migrateDatabase } from "@/lib/db/migrate";
import { DEFAULT_DATABASE_URL } from "@/lib/db/database-url";

export default async function setup() {
  const url = process.env.DATABASE_URL;
  if (!url || url === DEFAULT_DATABASE_URL) {
    throw new Error("Integration tests need DATABASE_URL set to a throwaway database (run them with npm test).");
  }
  await migrateDatabase(url, { quiet: true });
}
