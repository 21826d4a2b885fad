// `npm run key-usage:rebuild`: recompute the AccessKey audit's rollups from the stored events.
import { createDatabase } from "@/lib/db/client";
import { databaseUrl } from "@/lib/db/database-url";
import { migrateDatabase } from "@/lib/db/migrate";
import { formatCount } from "@/lib/domain/format";
import { rebuildKeyUsage } from "@/lib/db/rebuild-key-usage";

const url = databaseUrl();
await migrateDatabase(url, { quiet: true });
const database = createDatabase(url);
try {
  const started = Date.now();
  const result = await rebuildKeyUsage(database);
  console.log(
    `AccessKey usage rebuilt from ${formatCount(result.events)} events: ${formatCount(result.keys)} keys, ` +
      `${formatCount(result.buckets)} daily rows, in ${((Date.now() - started) / 1000).toFixed(1)} s.`,
  );
} finally {
  await database.db.$disconnect();
}
