// The events past a stream position (Event.seq), oldest first, as whole records: what the alarm engine reads
// twice a second. Read through the driver (the ingest connection on SQLite, the pg pool on PostgreSQL), not
// Prisma: under the load test, Prisma's compile and row conversion for its 1,000-row reads on PostgreSQL were most
// of what the engine still cost the explorer. The records equal Prisma's (an integration test holds them to it).
import type Sqlite from "better-sqlite3";
import type { Database } from "@/lib/db/client";
import { EVENT_COLUMNS } from "@/lib/db/event-rows";
import { postgresIsoTime } from "./event-page-sql";
import type { EventRecord } from "./events";

const COLUMNS = ["seq", ...EVENT_COLUMNS] as const;
const TIMES = new Set<string>(["eventTime", "receivedAt"]);
const BOOLEANS = new Set<string>(["readOnly", "sensitive", "mfaUsed"]);

const postgresSelect = COLUMNS.map((c) => (TIMES.has(c) ? `${postgresIsoTime(c)} AS "${c}"` : `"${c}"`)).join(", ");
const sqliteSelect = COLUMNS.map((c) => `"${c}"`).join(", ");
const WHERE = `FROM "Event" WHERE "seq" > `;

const prepared = new WeakMap<Sqlite.Database, Sqlite.Statement>();

function recordOf(row: unknown[]): EventRecord {
  const record: Record<string, unknown> = {};
  COLUMNS.forEach((column, i) => {
    const value = row[i];
    // SQLite answers 0/1 for booleans and keeps times as ISO text; both answer null for null.
    record[column] =
      value === null
        ? null
        : TIMES.has(column)
          ? new Date(value as string)
          : BOOLEANS.has(column)
            ? value === true || value === 1
            : value;
  });
  return record as EventRecord;
}

/** Up to `limit` events with seq > `position`, in seq order. */
export async function eventsAfter(database: Database, position: number, limit: number): Promise<EventRecord[]> {
  let rows: unknown[][];
  if (database.sqlite) {
    const connection = database.sqlite();
    let statement = prepared.get(connection);
    if (!statement)
      prepared.set(
        connection,
        (statement = connection.prepare(`SELECT ${sqliteSelect} ${WHERE}? ORDER BY "seq" LIMIT ?`).raw(true)),
      );
    rows = statement.all(position, limit) as unknown[][];
  } else if (database.postgres) {
    rows = (
      await database.postgres().query({
        text: `SELECT ${postgresSelect} ${WHERE}$1 ORDER BY "seq" LIMIT $2`,
        values: [position, limit],
        rowMode: "array",
      })
    ).rows;
  } else {
    throw new Error(`no direct ${database.provider} connection to read the event stream`);
  }
  return rows.map(recordOf);
}
