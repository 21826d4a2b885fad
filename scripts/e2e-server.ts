// The browser tests' server: a fresh database (E2E_DATABASE_URL, default ./data/e2e.db, wiped first),
// migrated and seeded with the demo data, then the console's server (scripts/server.ts) on the given loopback port.
// Needs a prior `next build`. No proxy is trusted unless KEYTRAIL_TRUSTED_PROXIES says so.
// The signed digests of the event chains start afresh too: the SQLite and the PostgreSQL runs share the data
// directory, and one run's digests describe another database.
import { rmSync } from "node:fs";
import { providerOf, sqliteFilePath } from "@/lib/db/database-url";
import { prepareDatabase } from "@/lib/setup/prepare";
import { digestDir } from "@/lib/integrity/digest-key";
import { exitOnSignals, serveConsole } from "./server";

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
// Connections looked at twice a second, so the connections spec sees imports and failures in seconds.
process.env.KEYTRAIL_CONNECTION_TICK_MS ??= "500";
await prepareDatabase();

const port = Number(process.env.E2E_PORT ?? "3210");
exitOnSignals(await serveConsole({ host: "127.0.0.1", port }));
console.log(`Serving the browser tests on http://127.0.0.1:${port}`);
