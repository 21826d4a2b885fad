// Recomputes the AccessKey audit's rollups from the stored events (`npm run key-usage:rebuild`): after a restore,
// a manual edit, or to prove the incremental figures right. One transaction that holds off concurrent ingest, so
// the result matches the events exactly.
import { CompiledQuery, sql } from "kysely";
import type { OwnedUsageEvent } from "@/lib/domain/key-usage";
import type { Database } from "./client";
import { sqliteDate } from "./ingest-sqlite";
import { writeKeyUsagePostgres, writeKeyUsageSqlite } from "./key-usage-write";
import { postgresSql, writerOf } from "./sql";

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

const KEY_EVENT_COLUMNS = [
  "eventId",
  "eventTime",
  "accessKeyId",
  "service",
  "eventName",
  "sourceIpAddress",
  "region",
  "resources",
  "errorCode",
  "accountId",
  "userName",
  "userId",
] as const;
const SELECT = KEY_EVENT_COLUMNS.map((c) => `"${c}"`).join(", ");

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
  // On the pg pool's connection (as ingest writes), in one transaction of its own.
  return writerOf(database)
    .transaction()
    .execute(async (tx) => {
      // Ingest upserts these tables in its own transaction, so it waits here until the rebuild commits.
      await sql`LOCK TABLE ${sql.table("AccessKeyUsageDaily")}, ${sql.table("AccessKeyUsage")} IN EXCLUSIVE MODE`.execute(
        tx,
      );
      await tx.deleteFrom("AccessKeyUsageDaily").execute();
      await tx.deleteFrom("AccessKeyUsage").execute();
      let events = 0;
      let after = 0;
      for (;;) {
        const rows = await tx
          .selectFrom("Event")
          .select(["seq", ...KEY_EVENT_COLUMNS.filter((c) => c !== "eventTime")])
          .select(postgresSql.timeText("Event.eventTime").as("eventTime"))
          .where("accessKeyId", "is not", null)
          .where("seq", ">", after)
          .orderBy("seq")
          .limit(CHUNK)
          .execute();
        if (rows.length === 0) break;
        await writeKeyUsagePostgres(
          (text, values) => tx.executeQuery(CompiledQuery.raw(text, values)),
          rows.map((row) => storedKeyEvent(row)),
        );
        events += rows.length;
        after = Number(rows[rows.length - 1].seq);
      }
      const count = async (table: "AccessKeyUsage" | "AccessKeyUsageDaily") =>
        Number(
          (
            await tx
              .selectFrom(table)
              .select((eb) => eb.fn.countAll().as("n"))
              .executeTakeFirstOrThrow()
          ).n,
        );
      return { events, keys: await count("AccessKeyUsage"), buckets: await count("AccessKeyUsageDaily") };
    });
}
