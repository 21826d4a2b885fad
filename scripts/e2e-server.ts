// The browser tests' server: a fresh database (E2E_DATABASE_URL, default ./data/e2e.db, wiped first),
// migrated and seeded with the demo data, then `next start` on the given port. Needs a prior `next build`.
// The signed digests of the event chains start afresh too: the SQLite and the PostgreSQL runs share the data
// directory, and one run's digests describe another database.
import { spawn } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { providerOf, sqliteFilePath } from "@/lib/db/database-url";
import { prepareDatabase } from "@/lib/db/prepare";
import { digestDir } from "@/lib/integrity/digest-key";

const url = process.env.E2E_DATABASE_URL || "file:./data/e2e.db";
if (providerOf(url) === "sqlite") {
  for (const suffix of ["", "-wal", "-shm"]) rmSync(sqliteFilePath(url) + suffix, { force: true });
}
rmSync(digestDir(), { recursive: true, force: true });
process.env.DATABASE_URL = url;
process.env.KEYTRAIL_DEMO = "1";
// Background delivery on a short leash, so the tracking-set tests see deliveries and dead letters in seconds.
process.env.KEYTRAIL_DELIVERY_POLL_MS ??= "500";
process.env.KEYTRAIL_WEBHOOK_ATTEMPTS ??= "2";
process.env.KEYTRAIL_WEBHOOK_BASE_DELAY_MS ??= "50";
await prepareDatabase();

const port = process.env.E2E_PORT ?? "3210";
const server = spawn(path.resolve("node_modules/.bin/next"), ["start", "-H", "127.0.0.1", "-p", port], {
  stdio: "inherit",
  env: process.env,
});
for (const signal of ["SIGINT", "SIGTERM"] as const) process.on(signal, () => server.kill(signal));
server.on("exit", (code) => process.exit(code ?? 0));
