// `npm run verify [-- --json] [-- --public-key FILE]`: checks every stored event against its account's chain and
// the signed digests (KEYTRAIL_DIGEST_DIR or <data dir>/digests), and names each event changed, inserted or
// deleted, each digest missing from the chain of digests and each retention cut no signed digest allows.
// --public-key: check the digests against a key you pinned (a copy of public-key.pem kept elsewhere) instead of
// this installation's. Exit status 0 when everything holds, 1 when something was found, 2 on a bad key file.
import { parseArgs } from "node:util";
import { createDatabase } from "@/lib/db/client";
import { databaseUrl } from "@/lib/db/database-url";
import { migrateDatabase } from "@/lib/db/migrate";
import { digestDir, digestKeys } from "@/lib/integrity/digest-key";
import { readPublicKeyFile, runVerification } from "@/lib/integrity/run-verify";

const { values } = parseArgs({
  options: { json: { type: "boolean", default: false }, "public-key": { type: "string" } },
});
let pinned;
try {
  pinned = values["public-key"] ? readPublicKeyFile(values["public-key"]) : undefined;
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}
const url = databaseUrl();
await migrateDatabase(url, { quiet: true });
const database = createDatabase(url);
try {
  const result = await runVerification(database, digestDir(), pinned ?? digestKeys().publicKey, {
    pinned: Boolean(pinned),
  });
  if (values.json) console.log(JSON.stringify(result.report, null, 2));
  else for (const line of result.lines) console.log(line);
  process.exitCode = result.exitCode;
} finally {
  await database.db.$disconnect();
}
