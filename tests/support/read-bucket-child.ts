// Runs one live read of a bucket connection in a process of its own, so a test can kill it without warning:
// `node --import tsx tests/support/read-bucket-child.ts <connection id> <now ISO>` (DATABASE_URL names the
// database) prints the run's report as JSON.
import { readBucket } from "@/lib/connections/bucket/read-bucket";
import type { LoadedConnection } from "@/lib/connections/connector";
import { loadConnection } from "@/lib/connections/load-connection";
import { createDatabase } from "@/lib/db/client";
import type { BucketSettings } from "@/lib/domain/connections/settings";

const [id, now] = process.argv.slice(2);
const database = createDatabase(process.env.DATABASE_URL);
const connection = (await loadConnection(database, Number(id))) as LoadedConnection<BucketSettings>;
const report = await readBucket(database, connection, "live", { now: new Date(now) });
await database.db.$disconnect();
console.log(JSON.stringify(report));
