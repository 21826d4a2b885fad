// `npm run digest`: writes a signed digest of every account's event chain now (the console also writes one every
// hour), into KEYTRAIL_DIGEST_DIR or <data dir>/digests.
import { createDatabase } from "@/lib/db/client";
import { databaseUrl } from "@/lib/db/database-url";
import { migrateDatabase } from "@/lib/db/migrate";
import { digestDir, digestKeys } from "@/lib/integrity/digest-key";
import { writeDigests } from "@/lib/integrity/digests";

const url = databaseUrl();
await migrateDatabase(url, { quiet: true });
const database = createDatabase(url);
try {
  const dir = digestDir();
  const written = await writeDigests(database, dir, digestKeys());
  for (const d of written)
    console.log(
      `Digest of ${d.chainKey || "events without an account"}: ${d.count} events, last hash ${d.lastHash.slice(0, 16)}…`,
    );
  console.log(`${written.length} digest(s) written to ${dir}.`);
} finally {
  await database.db.$disconnect();
}
