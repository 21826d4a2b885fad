// Writes the AccessKey audit's rollups (AccessKeyUsage per key, AccessKeyUsageDaily per key, kind, service, day
// and value) for newly stored events, inside the caller's transaction: the rollups can never be out of step
// with the events. Each batch is folded in memory first, so a busy key costs one upsert per bucket, not per event.
import type Sqlite from "better-sqlite3";
import { addToBuckets, addToTotals, type KeyTotals, type OwnedUsageEvent, type UsageBucket } from "@/lib/domain/key-usage";
import type { Db } from "./client";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export function foldKeyUsage(events: OwnedUsageEvent[]): { buckets: UsageBucket[]; totals: KeyTotals[] } {
  return { buckets: [...addToBuckets(new Map(), events).values()], totals: [...addToTotals(new Map(), events).values()] };
}

const BUCKET_COLUMNS = `"accessKeyId", "kind", "service", "day", "value", "calls", "failedCalls", "lastSeen"`;
const TOTAL_COLUMNS = `"accessKeyId", "calls", "failedCalls", "firstSeen", "lastSeen", "lastUsed", "accountId", "userName", "userId"`;

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
  const owner = (column: string) => `"${column}" = CASE WHEN ${newer} THEN excluded."${column}" ELSE "AccessKeyUsage"."${column}" END`;
  return `ON CONFLICT ("accessKeyId") DO UPDATE SET
      "calls" = "AccessKeyUsage"."calls" + excluded."calls",
      "failedCalls" = "AccessKeyUsage"."failedCalls" + excluded."failedCalls",
      "firstSeen" = ${least}("AccessKeyUsage"."firstSeen", excluded."firstSeen"),
      "lastSeen" = ${greatest}("AccessKeyUsage"."lastSeen", excluded."lastSeen"),
      "lastUsed" = CASE WHEN "AccessKeyUsage"."lastUsed" IS NULL OR excluded."lastUsed" > "AccessKeyUsage"."lastUsed"
                        THEN excluded."lastUsed" ELSE "AccessKeyUsage"."lastUsed" END,
      ${owner("accountId")}, ${owner("userName")}, ${owner("userId")}`;
}

const bucketValues = (b: UsageBucket) => [b.accessKeyId, b.kind, b.service, b.day, b.value, b.calls, b.failedCalls, b.lastSeen];
const totalValues = <D>(t: KeyTotals, date: (d: Date) => D) => [
  t.accessKeyId, t.calls, t.failedCalls, date(t.firstSeen), t.lastSeen, t.lastUsed, t.accountId, t.userName, t.userId,
];

const sqliteStatements = new WeakMap<Sqlite.Database, { bucket: Sqlite.Statement; total: Sqlite.Statement }>();

/** SQLite: call inside the ingest transaction. `date` writes a DateTime in Prisma's text form. */
export function writeKeyUsageSqlite(connection: Sqlite.Database, events: OwnedUsageEvent[], date: (d: Date) => string): void {
  if (events.length === 0) return;
  let s = sqliteStatements.get(connection);
  if (!s) {
    s = {
      bucket: connection.prepare(`INSERT INTO "AccessKeyUsageDaily" (${BUCKET_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ${bucketUpsertTail("max")}`),
      total: connection.prepare(`INSERT INTO "AccessKeyUsage" (${TOTAL_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ${totalUpsertTail("max", "min")}`),
    };
    sqliteStatements.set(connection, s);
  }
  const { buckets, totals } = foldKeyUsage(events);
  for (const b of buckets) s.bucket.run(...bucketValues(b));
  for (const t of totals) s.total.run(...totalValues(t, date));
}

function multiRowSql(table: string, columns: string, width: number, rows: number, tail: string): string {
  let n = 0;
  const row = () => `(${Array.from({ length: width }, () => `$${++n}`).join(", ")})`;
  return `INSERT INTO "${table}" (${columns}) VALUES ${Array.from({ length: rows }, row).join(", ")} ${tail}`;
}

// Well under PostgreSQL's 65,535 bound-parameter limit.
const ROWS_PER_STATEMENT = 2_000;

/** PostgreSQL: call inside the ingest transaction. */
export async function writeKeyUsagePostgres(tx: Tx, events: OwnedUsageEvent[]): Promise<void> {
  if (events.length === 0) return;
  const { buckets, totals } = foldKeyUsage(events);
  for (let i = 0; i < buckets.length; i += ROWS_PER_STATEMENT) {
    const chunk = buckets.slice(i, i + ROWS_PER_STATEMENT);
    await tx.$executeRawUnsafe(multiRowSql("AccessKeyUsageDaily", BUCKET_COLUMNS, 8, chunk.length, bucketUpsertTail("GREATEST")), ...chunk.flatMap(bucketValues));
  }
  for (let i = 0; i < totals.length; i += ROWS_PER_STATEMENT) {
    const chunk = totals.slice(i, i + ROWS_PER_STATEMENT);
    await tx.$executeRawUnsafe(
      multiRowSql("AccessKeyUsage", TOTAL_COLUMNS, 9, chunk.length, totalUpsertTail("GREATEST", "LEAST")),
      ...chunk.flatMap((t) => totalValues(t, (d) => d)),
    );
  }
}
