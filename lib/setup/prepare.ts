// Get a database ready to serve: apply migrations, then, when it is empty, either seed the demo data
// (demo mode, the default) or say how to create the first administrator.
import { encryptionKey } from "@/lib/config/local-secrets";
import { upgradeSecrets } from "@/lib/crypto/upgrade-secrets";
import { DEMO_ACCOUNT_ID } from "@/lib/domain/demo";
import { createDatabase } from "@/lib/db/client";
import { databaseUrl, providerOf, sqliteFilePath } from "@/lib/db/database-url";
import { migrateDatabase } from "@/lib/db/migrate";
import { sealUnchainedEvents } from "@/lib/integrity/seal-unchained";
import { rebuildKeyUsage } from "@/lib/db/rebuild-key-usage";
import { isDatabaseEmpty, seedDemoData } from "./seed-demo";
import type { Env } from "@/lib/config/env";

export interface PrepareResult {
  seeded: boolean;
  demo: boolean;
  empty: boolean;
}

export function demoModeEnabled(env: Env = process.env): boolean {
  return !["0", "false", "no", "off"].includes((env.KEYTRAIL_DEMO ?? "1").toLowerCase());
}

/** Where the database is, without credentials (DATABASE_URL may hold a password: never print it). */
export function describeDatabase(url: string): string {
  if (providerOf(url) === "sqlite") return `SQLite ${sqliteFilePath(url)}`;
  const u = new URL(url);
  return `PostgreSQL ${u.hostname}:${u.port || 5432}${u.pathname}`;
}

export async function prepareDatabase(options: { log?: (line: string) => void } = {}): Promise<PrepareResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const url = databaseUrl();
  await migrateDatabase(url, { quiet: true }); // its output is in the error if it fails
  log(`Database: ${describeDatabase(url)} (migrations applied)`);
  const database = createDatabase(url);
  try {
    let seeded = false;
    if (await isDatabaseEmpty(database)) {
      if (!demoModeEnabled()) {
        log("The database is empty and demo mode is off. Create the first administrator with:");
        log("  npm run create-admin -- --user-name <name> --account-name <organisation>");
        return { seeded: false, demo: false, empty: true };
      }
      const started = Date.now();
      log("Empty database: creating the Demo Corp demo data (about 200,000 events)…");
      const summary = await seedDemoData(database, { encryptionKey: encryptionKey() });
      log(
        `Demo data ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${summary.users} users, ` +
          `${summary.groups} groups, ${summary.accessKeys} AccessKeys, ${summary.events} events.`,
      );
      seeded = true;
    }
    // A database whose events predate the AccessKey audit's rollups gets them computed once.
    if (
      !seeded &&
      (await database.db.accessKeyUsage.count()) === 0 &&
      (await database.db.event.findFirst({ where: { accessKeyId: { not: null } }, select: { seq: true } }))
    ) {
      const { keys } = await rebuildKeyUsage(database);
      log(`AccessKey audit figures computed for ${keys} keys.`);
    }
    // Secrets written before they named their row (v1) are re-encrypted bound to it (v2), once.
    const upgraded = await upgradeSecrets(database, encryptionKey());
    const upgradedCount = Object.values(upgraded).reduce((a, b) => a + b, 0);
    if (upgradedCount) log(`Secrets re-encrypted bound to their rows: ${upgradedCount}.`);
    // Events stored before the tamper-evident chain existed are linked once, as the start of the chain.
    const sealed = await sealUnchainedEvents(database);
    if (sealed) log(`Event chain started over the ${sealed} events stored before it.`);
    const demo = (await database.db.account.count({ where: { accountId: DEMO_ACCOUNT_ID } })) > 0;
    const empty = (await database.db.user.count({ where: { consoleRole: "Administrator", deletedAt: null } })) === 0;
    return { seeded, demo, empty };
  } finally {
    await database.db.$disconnect();
  }
}
