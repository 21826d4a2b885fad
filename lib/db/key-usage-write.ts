// Writes the AccessKey audit's rollups (AccessKeyUsage per key, AccessKeyUsageDaily per key, kind, service, day
// and value) for newly stored events, inside the caller's transaction: the rollups can never be out of step
// with the events. Each batch is folded in memory first, so a busy key costs one upsert per bucket, not per event.
import type Sqlite from "better-sqlite3";
import {
  addToBuckets,
  addToTotals,
  type KeyTotals,
  type OwnedUsageEvent,
  type UsageBucket,
} from "@/lib/domain/key-usage";
import { sql } from "kysely";
import { columnArrays } from "./postgres-unnest";
import { builderFor, postgresSql, sqliteSql, unnestRows, type SqlDialect, type TypedColumn } from "./sql";

export function foldKeyUsage(events: OwnedUsageEvent[]): { buckets: UsageBucket[]; totals: KeyTotals[] } {
  return {
    buckets: [...addToBuckets(new Map(), events).values()],
    totals: [...addToTotals(new Map(), events).values()],
  };
}

// In the order of bucketValues / totalValues below; the types are PostgreSQL's.
const BUCKET_COLUMNS = [
  ["accessKeyId", "text"],
  ["kind", "text"],
  ["service", "text"],
  ["day", "text"],
  ["value", "text"],
  ["calls", "integer"],
  ["failedCalls", "integer"],
  ["lastSeen", "text"],
] as const satisfies TypedColumn[];
const TOTAL_COLUMNS = [
  ["accessKeyId", "text"],
  ["calls", "integer"],
  ["failedCalls", "integer"],
  ["firstSeen", "timestamp(3)"],
  ["lastSeen", "text"],
  ["lastUsed", "text"],
  ["accountId", "text"],
  ["userName", "text"],
  ["userId", "integer"],
] as const satisfies TypedColumn[];
const names = <C extends readonly TypedColumn[]>(columns: C) => columns.map(([name]) => name) as C[number][0][];

/** The two upserts with `rows` (VALUES of one row on SQLite, unnest arrays on PostgreSQL) as their source. In an
 *  upsert's SET every expression sees the row's old values, so the owner follows whichever side has the newer
 *  lastSeen. Their only parameters are the source's, in column order: compiled once, run with each batch's. */
function upserts(dialect: SqlDialect) {
  const db = builderFor(dialect.provider);
  const placeholders = (columns: readonly TypedColumn[]) =>
    dialect.provider === "postgresql"
      ? {
          expression: unnestRows(
            columns,
            columns.map(() => []),
          ),
        }
      : { values: sql`(${sql.join(columns.map(() => null))})` };
  const source = <T extends "AccessKeyUsageDaily" | "AccessKeyUsage">(table: T, columns: readonly TypedColumn[]) => {
    const insert = db.insertInto(table).columns(names(columns) as never);
    const from = placeholders(columns);
    return insert.expression(("expression" in from ? from.expression : sql`VALUES ${from.values}`) as never);
  };
  const daily = (c: string) => sql.ref(`AccessKeyUsageDaily.${c}`);
  const total = (c: string) => sql.ref(`AccessKeyUsage.${c}`);
  const excluded = (c: string) => sql.ref(`excluded.${c}`);
  const newer = sql`${excluded("lastSeen")} > ${total("lastSeen")}`;
  const owner = (c: string) => sql`CASE WHEN ${newer} THEN ${excluded(c)} ELSE ${total(c)} END`;
  return {
    bucket: source("AccessKeyUsageDaily", BUCKET_COLUMNS)
      .onConflict((oc) =>
        oc.columns(["accessKeyId", "kind", "service", "day", "value"]).doUpdateSet({
          calls: sql`${daily("calls")} + ${excluded("calls")}`,
          failedCalls: sql`${daily("failedCalls")} + ${excluded("failedCalls")}`,
          lastSeen: dialect.greatest(daily("lastSeen"), excluded("lastSeen")),
        } as never),
      )
      .compile(),
    total: source("AccessKeyUsage", TOTAL_COLUMNS)
      .onConflict((oc) =>
        oc.column("accessKeyId").doUpdateSet({
          calls: sql`${total("calls")} + ${excluded("calls")}`,
          failedCalls: sql`${total("failedCalls")} + ${excluded("failedCalls")}`,
          firstSeen: dialect.least(total("firstSeen"), excluded("firstSeen")),
          lastSeen: dialect.greatest(total("lastSeen"), excluded("lastSeen")),
          lastUsed: sql`CASE WHEN ${total("lastUsed")} IS NULL OR ${excluded("lastUsed")} > ${total("lastUsed")}
                        THEN ${excluded("lastUsed")} ELSE ${total("lastUsed")} END`,
          accountId: owner("accountId"),
          userName: owner("userName"),
          userId: owner("userId"),
        } as never),
      )
      .compile(),
  };
}

const bucketValues = (b: UsageBucket) => [
  b.accessKeyId,
  b.kind,
  b.service,
  b.day,
  b.value,
  b.calls,
  b.failedCalls,
  b.lastSeen,
];
const totalValues = <D>(t: KeyTotals, date: (d: Date) => D) => [
  t.accessKeyId,
  t.calls,
  t.failedCalls,
  date(t.firstSeen),
  t.lastSeen,
  t.lastUsed,
  t.accountId,
  t.userName,
  t.userId,
];

const sqliteStatements = new WeakMap<Sqlite.Database, { bucket: Sqlite.Statement; total: Sqlite.Statement }>();

/** SQLite: call inside the ingest transaction. `date` writes a DateTime in Prisma's text form. */
export function writeKeyUsageSqlite(
  connection: Sqlite.Database,
  events: OwnedUsageEvent[],
  date: (d: Date) => string,
): void {
  if (events.length === 0) return;
  let s = sqliteStatements.get(connection);
  if (!s) {
    const { bucket, total } = upserts(sqliteSql);
    s = { bucket: connection.prepare(bucket.sql), total: connection.prepare(total.sql) };
    sqliteStatements.set(connection, s);
  }
  const { buckets, totals } = foldKeyUsage(events);
  for (const b of buckets) s.bucket.run(...bucketValues(b));
  for (const t of totals) s.total.run(...totalValues(t, date));
}

/** Runs one statement with its parameters: a pg connection's `query`, or a Kysely transaction's executeQuery. */
export type SqlRun = (sql: string, values: unknown[]) => Promise<unknown>;

let postgresUpserts: ReturnType<typeof upserts> | undefined;

/** PostgreSQL: call inside the ingest transaction. One statement per table, one array per column
 *  (./postgres-unnest.ts); the fold leaves each bucket and key once, as ON CONFLICT DO UPDATE requires. */
export async function writeKeyUsagePostgres(run: SqlRun, events: OwnedUsageEvent[]): Promise<void> {
  if (events.length === 0) return;
  const { buckets, totals } = foldKeyUsage(events);
  const { bucket, total } = (postgresUpserts ??= upserts(postgresSql));
  await run(bucket.sql, columnArrays(buckets.map(bucketValues), BUCKET_COLUMNS.length));
  await run(
    total.sql,
    columnArrays(
      totals.map((t) => totalValues(t, (d) => d)),
      TOTAL_COLUMNS.length,
    ),
  );
}
