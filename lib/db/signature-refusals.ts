// Counting refused signatures that name a known AccessKey, per key, UTC minute and source IP. Anyone who knows a
// key ID can cause such a refusal, so each one may not write its own event: the first of a key's minute does
// (the caller records it), the rest only move a counter here, and a closed minute's counters are taken once, to
// be recorded as one aggregate event. Single statements with ON CONFLICT / RETURNING on the direct connection:
// parallel refusals count exactly, and a closed minute is taken by exactly one caller (its rows are deleted by
// the statement that returns them).
import type { Database } from "./client";

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
  const rows = await run<CountRow>(
    database,
    (p) => `INSERT INTO "SignatureRefusal" ("accessKeyId", "minute", "sourceIp", "count")
      VALUES (${p(1)}, ${p(2)}, ${p(3)}, 1), (${p(1)}, ${p(2)}, ${p(4)}, 1)
      ON CONFLICT ("accessKeyId", "minute", "sourceIp") DO UPDATE SET "count" = "SignatureRefusal"."count" + 1
      RETURNING "sourceIp", "count"`,
    [accessKeyId, minute, source, TOTAL],
  );
  return Number(rows.find((row) => row.sourceIp === TOTAL)?.count) === 1;
}

interface WindowRow extends CountRow {
  accessKeyId: string;
  minute: number | bigint;
}

/** Removes and returns every key's counters of minutes before `time`'s minute. Minutes with a single refusal
 *  are dropped too: their one event already says everything. */
export async function takeClosedWindows(database: Database, time: Date): Promise<RefusalWindow[]> {
  const rows = await run<WindowRow>(
    database,
    (p) =>
      `DELETE FROM "SignatureRefusal" WHERE "minute" < ${p(1)} RETURNING "accessKeyId", "minute", "sourceIp", "count"`,
    [minuteOf(time)],
  );
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
  const rows = await run<{ minute: number | bigint | null }>(
    database,
    () => `SELECT MIN("minute") AS "minute" FROM "SignatureRefusal"`,
    [],
  );
  const minute = rows[0]?.minute;
  return minute === null || minute === undefined ? null : Number(minute);
}

async function run<T>(
  database: Database,
  sql: (param: (n: number) => string) => string,
  params: unknown[],
): Promise<T[]> {
  if (database.sqlite) {
    // better-sqlite3 binds "?" in order of appearance; PostgreSQL numbers them $1, $2 ...
    const ordered: unknown[] = [];
    const text = sql((n) => (ordered.push(params[n - 1]), "?"));
    return database
      .sqlite()
      .prepare(text)
      .all(...ordered) as T[];
  }
  if (database.postgres)
    return (
      await database.postgres().query(
        sql((n) => `$${n}`),
        params,
      )
    ).rows as T[];
  throw new Error(`no direct ${database.provider} connection for the signature refusal counters`);
}
