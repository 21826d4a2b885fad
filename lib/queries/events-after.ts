// The events past a stream position (Event.seq), oldest first, as whole records: what the alarm engine reads
// twice a second. Read through the driver (the ingest connection on SQLite, the pg pool on PostgreSQL), not
// Prisma: under the load test, Prisma's compile and row conversion for its 1,000-row reads on PostgreSQL were most
// of what the engine still cost the explorer. The records equal Prisma's (an integration test holds them to it).
import type { Database } from "@/lib/db/client";
import { builderFor, dialectOf, rowsOf } from "@/lib/db/sql";
import { eventRecordOf, selectEventColumns } from "./event-record-sql";
import type { EventRecord } from "./events";

/** Up to `limit` events with seq > `position`, in seq order. */
export async function eventsAfter(database: Database, position: number, limit: number): Promise<EventRecord[]> {
  if (!database.sqlite && !database.postgres)
    throw new Error(`no direct ${database.provider} connection to read the event stream`);
  const query = selectEventColumns(builderFor(database.provider), dialectOf(database.provider))
    .where("seq", ">", position)
    .orderBy("seq")
    .limit(limit)
    .compile();
  return (await rowsOf(database, query, "writer")).map(eventRecordOf);
}
