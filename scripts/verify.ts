// `npm run verify [-- --json]`: checks every stored event against its account's chain and the signed digests
// (KEYTRAIL_DIGEST_DIR or <data dir>/digests), and names each event changed, inserted or deleted. Exit status 0
// when everything holds, 1 when something was found.
import { parseArgs } from "node:util";
import { createDatabase } from "@/lib/db/client";
import { databaseUrl } from "@/lib/db/database-url";
import { migrateDatabase } from "@/lib/db/migrate";
import { formatCount } from "@/lib/domain/format";
import { describeFinding } from "@/lib/integrity/describe-finding";
import { digestDir, digestKeys } from "@/lib/integrity/digest-key";
import { verifyEvents } from "@/lib/integrity/verify-events";

const { values } = parseArgs({ options: { json: { type: "boolean", default: false } } });
const url = databaseUrl();
await migrateDatabase(url, { quiet: true });
const database = createDatabase(url);
try {
  const started = Date.now();
  const dir = digestDir();
  const report = await verifyEvents(database, dir, digestKeys().publicKey);
  if (values.json) console.log(JSON.stringify(report, null, 2));
  else {
    console.log(
      `Checked ${formatCount(report.events)} events in ${report.chains} chain(s) against ${formatCount(report.digests.checked)} signed digest(s) in ${dir}, ` +
        `in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
    );
    for (const file of report.digests.badSignatures) console.log(`Digest not trusted (bad or missing signature): ${file}`);
    for (const finding of report.findings) console.log(describeFinding(finding));
    if (report.findings.length === 0 && report.digests.badSignatures.length === 0) console.log("Nothing was changed, inserted or deleted.");
  }
  process.exitCode = report.findings.length || report.digests.badSignatures.length ? 1 : 0;
} finally {
  await database.db.$disconnect();
}
