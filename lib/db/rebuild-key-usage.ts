// Recomputes the AccessKey audit's rollups from the stored events (`npm run key-usage:rebuild`): after a restore,
// a manual edit, or to prove the incremental figures right. One transaction that holds off concurrent ingest, so
// the result matches the events exactly.
import type { OwnedUsageEvent } from "@/lib/domain/key-usage";
import type { Database } from "./client";
import { sqliteDate } from "./ingest-sqlite";
import { writeKeyUsagePostgres, writeKeyUsageSqlite } from "./key-usage-write";

export interface RebuildResult {
  events: number;
  keys: number;
  buckets: number;
}

interface StoredKeyEvent {
  eventId: string;
  eventTime: Date | string;
  accessKeyId: string | null;
  service: string;
  eventName: string;
  sourceIpAddress: string | null;
  region: string | null;
  resources: string;
  errorCode: string | null;
  accountId: string | null;
  userName: string | null;
  userId: number | bigint | null;
}

const SELECT = `"eventId", "eventTime", "accessKeyId", "service", "eventName", "sourceIpAddress", "region", "resources", "errorCode", "accountId", "userName", "userId"`;

export function storedKeyEvent(row: StoredKeyEvent): OwnedUsageEvent {
  return {
    eventId: row.eventId,
    eventTime: new Date(row.eventTime),
    accessKeyId: row.accessKeyId!,
    service: row.service,
    eventName: row.eventName,
    sourceIpAddress: row.sourceIpAddress,
    region: row.region,
    resources: JSON.parse(row.resources),
    errorCode: row.errorCode,
    accountId: row.accountId,
    userName: row.userName,
    userId: row.userId === null ? null : Number(row.userId),
  };
}

const CHUNK = 20_000;

export async function rebuildKeyUsage(database: Database): Promise<RebuildResult> {
  if (database.provider === "sqlite" && database.sqlite) {
    const connection = database.sqlite();
    return connection
      .transaction(() => {
        connection.exec(`DELETE FROM "AccessKeyUsageDaily"; DELETE FROM "AccessKeyUsage";`);
        // Chunks by seq: better-sqlite3 cannot write on a connection while an iterator reads from it.
        const read = connection.prepare(
          `SELECT "seq", ${SELECT} FROM "Event" WHERE "accessKeyId" IS NOT NULL AND "seq" > ? ORDER BY "seq" LIMIT ${CHUNK}`,
        );
        let events = 0;
        for (let after = 0; ;) {
          const rows = read.all(after) as (StoredKeyEvent & { seq: number })[];
          if (rows.length === 0) break;
          writeKeyUsageSqlite(connection, rows.map(storedKeyEvent), sqliteDate);
          events += rows.length;
          after = rows[rows.length - 1].seq;
        }
        const count = (table: string) =>
          (connection.prepare(`SELECT count(*) AS n FROM "${table}"`).get() as { n: number }).n;
        return { events, keys: count("AccessKeyUsage"), buckets: count("AccessKeyUsageDaily") };
      })
      .immediate();
  }
  return database.db.$transaction(
    async (tx) => {
      // Ingest upserts these tables in its own transaction, so it waits here until the rebuild commits.
      await tx.$executeRawUnsafe(`LOCK TABLE "AccessKeyUsageDaily", "AccessKeyUsage" IN EXCLUSIVE MODE`);
      await tx.$executeRawUnsafe(`DELETE FROM "AccessKeyUsageDaily"`);
      await tx.$executeRawUnsafe(`DELETE FROM "AccessKeyUsage"`);
      let events = 0;
      let after = 0;
      for (;;) {
        const rows = await tx.$queryRawUnsafe<(StoredKeyEvent & { seq: number })[]>(
          `SELECT "seq", ${SELECT} FROM "Event" WHERE "accessKeyId" IS NOT NULL AND "seq" > $1 ORDER BY "seq" LIMIT ${CHUNK}`,
          after,
        );
        if (rows.length === 0) break;
        await writeKeyUsagePostgres((sql, values) => tx.$executeRawUnsafe(sql, ...values), rows.map(storedKeyEvent));
        events += rows.length;
        after = Number(rows[rows.length - 1].seq);
      }
      return { events, keys: await tx.accessKeyUsage.count(), buckets: await tx.accessKeyUsageDaily.count() };
    },
    { timeout: 3_600_000, maxWait: 60_000 },
  );
}
