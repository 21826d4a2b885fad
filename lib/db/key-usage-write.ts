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
import { columnArrays, unnestInsertSql, type TypedColumn } from "./postgres-unnest";

export function foldKeyUsage(events: OwnedUsageEvent[]): { buckets: UsageBucket[]; totals: KeyTotals[] } {
  return {
    buckets: [...addToBuckets(new Map(), events).values()],
    totals: [...addToTotals(new Map(), events).values()],
  };
}

// In the order of bucketValues / totalValues below; the types are PostgreSQL's.
const BUCKET_COLUMNS: TypedColumn[] = [
  ["accessKeyId", "text"],
  ["kind", "text"],
  ["service", "text"],
  ["day", "text"],
  ["value", "text"],
  ["calls", "integer"],
  ["failedCalls", "integer"],
  ["lastSeen", "text"],
];
const TOTAL_COLUMNS: TypedColumn[] = [
  ["accessKeyId", "text"],
  ["calls", "integer"],
  ["failedCalls", "integer"],
  ["firstSeen", "timestamp(3)"],
  ["lastSeen", "text"],
  ["lastUsed", "text"],
  ["accountId", "text"],
  ["userName", "text"],
  ["userId", "integer"],
];
const names = (columns: TypedColumn[]) => columns.map(([name]) => `"${name}"`).join(", ");
const placeholders = (columns: TypedColumn[]) => columns.map(() => "?").join(", ");

// `greatest`/`least` are max()/min() on SQLite and GREATEST/LEAST on PostgreSQL. In an upsert's SET every
// expression sees the row's old values, so the owner follows whichever side has the newer lastSeen.
function bucketUpsertTail(greatest: string): string {
  return `ON CONFLICT ("accessKeyId", "kind", "service", "day", "value") DO UPDATE SET
      "calls" = "AccessKeyUsageDaily"."calls" + excluded."calls",
      "failedCalls" = "AccessKeyUsageDaily"."failedCalls" + excluded."failedCalls",
      "lastSeen" = ${greatest}("AccessKeyUsageDaily"."lastSeen", excluded."lastSeen")`;
}

function totalUpsertTail(greatest: string, least: string): string {
  const newer = `excluded."lastSeen" > "AccessKeyUsage"."lastSeen"`;
  const owner = (column: string) =>
    `"${column}" = CASE WHEN ${newer} THEN excluded."${column}" ELSE "AccessKeyUsage"."${column}" END`;
  return `ON CONFLICT ("accessKeyId") DO UPDATE SET
      "calls" = "AccessKeyUsage"."calls" + excluded."calls",
      "failedCalls" = "AccessKeyUsage"."failedCalls" + excluded."failedCalls",
      "firstSeen" = ${least}("AccessKeyUsage"."firstSeen", excluded."firstSeen"),
      "lastSeen" = ${greatest}("AccessKeyUsage"."lastSeen", excluded."lastSeen"),
      "lastUsed" = CASE WHEN "AccessKeyUsage"."lastUsed" IS NULL OR excluded."lastUsed" > "AccessKeyUsage"."lastUsed"
                        THEN excluded."lastUsed" ELSE "AccessKeyUsage"."lastUsed" END,
      ${owner("accountId")}, ${owner("userName")}, ${owner("userId")}`;
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
    s = {
      bucket: connection.prepare(
        `INSERT INTO "AccessKeyUsageDaily" (${names(BUCKET_COLUMNS)}) VALUES (${placeholders(BUCKET_COLUMNS)}) ${bucketUpsertTail("max")}`,
      ),
      total: connection.prepare(
        `INSERT INTO "AccessKeyUsage" (${names(TOTAL_COLUMNS)}) VALUES (${placeholders(TOTAL_COLUMNS)}) ${totalUpsertTail("max", "min")}`,
      ),
    };
    sqliteStatements.set(connection, s);
  }
  const { buckets, totals } = foldKeyUsage(events);
  for (const b of buckets) s.bucket.run(...bucketValues(b));
  for (const t of totals) s.total.run(...totalValues(t, date));
}

/** Runs one statement with its parameters: a pg connection's `query`, or a Prisma transaction's raw query. */
export type SqlRun = (sql: string, values: unknown[]) => Promise<unknown>;

const UPSERT_BUCKETS = unnestInsertSql("AccessKeyUsageDaily", BUCKET_COLUMNS, bucketUpsertTail("GREATEST"));
const UPSERT_TOTALS = unnestInsertSql("AccessKeyUsage", TOTAL_COLUMNS, totalUpsertTail("GREATEST", "LEAST"));

/** PostgreSQL: call inside the ingest transaction. One statement per table, one array per column
 *  (./postgres-unnest.ts); the fold leaves each bucket and key once, as ON CONFLICT DO UPDATE requires. */
export async function writeKeyUsagePostgres(run: SqlRun, events: OwnedUsageEvent[]): Promise<void> {
  if (events.length === 0) return;
  const { buckets, totals } = foldKeyUsage(events);
  await run(UPSERT_BUCKETS, columnArrays(buckets.map(bucketValues), BUCKET_COLUMNS.length));
  await run(
    UPSERT_TOTALS,
    columnArrays(
      totals.map((t) => totalValues(t, (d) => d)),
      TOTAL_COLUMNS.length,
    ),
  );
}
