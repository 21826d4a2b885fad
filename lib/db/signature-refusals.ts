// Counting refused signatures that name a known AccessKey, per key, UTC minute and source IP. Anyone who knows a
// key ID can cause such a refusal, so each one may not write its own event: the first of a key's minute does
// (the caller records it), the rest only move a counter here, and a closed minute's counters are taken once, to
// be recorded as one aggregate event. Single statements with ON CONFLICT / RETURNING on the direct connection:
// parallel refusals count exactly, and a closed minute is taken by exactly one caller (its rows are deleted by
// the statement that returns them).
import { sql } from "kysely";
import type { Database } from "./client";
import { writerOf } from "./sql";

/** The key's total over every address is kept in the row whose sourceIp is "". */
const TOTAL = "";
/** Stands for a caller whose address the server could not tell. */
export const UNKNOWN_SOURCE = "unknown";

export const minuteOf = (time: Date): number => Math.floor(time.getTime() / 60_000);

export interface RefusalWindow {
  accessKeyId: string;
  minute: number;
  /** Every refusal of the key in that minute, the first (recorded on its own) included. */
  total: number;
  /** Per source address, most refusals first. */
  sources: Array<{ sourceIp: string; count: number }>;
}

interface CountRow {
  sourceIp: string;
  count: number | bigint;
}

/** Counts one refusal; true when it is the first of the key's minute, whose event the caller stores now. */
export async function countSignatureRefusal(
  database: Database,
  accessKeyId: string,
  sourceIp: string | null,
  time: Date,
): Promise<boolean> {
  const minute = minuteOf(time);
  const source = sourceIp || UNKNOWN_SOURCE;
  const rows: CountRow[] = await direct(database)
    .insertInto("SignatureRefusal")
    .values([
      { accessKeyId, minute, sourceIp: source, count: 1 },
      { accessKeyId, minute, sourceIp: TOTAL, count: 1 },
    ])
    .onConflict((oc) =>
      oc
        .columns(["accessKeyId", "minute", "sourceIp"])
        .doUpdateSet({ count: sql<number>`${sql.ref("SignatureRefusal.count")} + 1` }),
    )
    .returning(["sourceIp", "count"])
    .execute();
  return Number(rows.find((row) => row.sourceIp === TOTAL)?.count) === 1;
}

interface WindowRow extends CountRow {
  accessKeyId: string;
  minute: number | bigint;
}

/** Removes and returns every key's counters of minutes before `time`'s minute. Minutes with a single refusal
 *  are dropped too: their one event already says everything. */
export async function takeClosedWindows(database: Database, time: Date): Promise<RefusalWindow[]> {
  const rows: WindowRow[] = await direct(database)
    .deleteFrom("SignatureRefusal")
    .where("minute", "<", minuteOf(time))
    .returning(["accessKeyId", "minute", "sourceIp", "count"])
    .execute();
  const windows = new Map<string, RefusalWindow>();
  for (const row of rows) {
    const minute = Number(row.minute);
    const id = `${row.accessKeyId}\u0000${minute}`;
    const window = windows.get(id) ?? { accessKeyId: row.accessKeyId, minute, total: 0, sources: [] };
    windows.set(id, window);
    if (row.sourceIp === TOTAL) window.total = Number(row.count);
    else window.sources.push({ sourceIp: row.sourceIp, count: Number(row.count) });
  }
  return [...windows.values()]
    .filter((window) => window.total > 1)
    .map((window) => ({
      ...window,
      sources: window.sources.sort((a, b) => b.count - a.count || a.sourceIp.localeCompare(b.sourceIp)),
    }))
    .sort((a, b) => a.minute - b.minute || a.accessKeyId.localeCompare(b.accessKeyId));
}

/** The oldest minute with counters, or null: lets a process that restarted find windows left open. */
export async function oldestOpenMinute(database: Database): Promise<number | null> {
  const row = await direct(database)
    .selectFrom("SignatureRefusal")
    .select((eb) => eb.fn.min<number | bigint | null>("minute").as("minute"))
    .executeTakeFirst();
  const minute = row?.minute;
  return minute === null || minute === undefined ? null : Number(minute);
}

/** The direct connection (better-sqlite3 or the pg pool), as the ingest path that calls these writes. */
function direct(database: Database) {
  if (!database.sqlite && !database.postgres)
    throw new Error(`no direct ${database.provider} connection for the signature refusal counters`);
  return writerOf(database);
}
