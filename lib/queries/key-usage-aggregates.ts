// Two aggregates of the AccessKey rollups (AccessKeyUsageDaily) that the key risk rules (lib/domain/key-risk.ts)
// need, in SQL on both databases: Prisma's groupBy has no COUNT(DISTINCT) and builds an object per group, which
// made these the slowest part of a 20,000-key credential report. Only successful use counts (a bucket with more
// calls than failed calls). With key IDs, the IN list goes in chunks, under SQLite's bound-parameter limit.
import { sql, type SelectQueryBuilder } from "kysely";
import type { Database } from "@/lib/db/client";
import { dialectOf, sqlOf, type Tables } from "@/lib/db/sql";

export interface FirstUse {
  accessKeyId: string;
  kind: "ip" | "region";
  value: string;
  /** The first UTC day (YYYY-MM-DD) of successful use. */
  day: string;
}

export interface BusyDay {
  accessKeyId: string;
  day: string;
  ips: number;
}

const ID_CHUNK = 500;

type Daily = SelectQueryBuilder<Tables, "AccessKeyUsageDaily", object>;

/** Runs `query` (over the rollups of successful use) once, or per chunk of key IDs. Without IDs, SQLite is told
 *  to read the table in storage order: it would otherwise walk the primary key's index for its order and look up
 *  each row's counts, much slower over every key's rows (docs/performance.md). */
async function queryByKeys<T>(
  database: Database,
  query: (daily: Daily) => SelectQueryBuilder<Tables, "AccessKeyUsageDaily", T>,
  accessKeyIds?: string[],
): Promise<T[]> {
  const db = sqlOf(database);
  const run = (ids: string[] | null) => {
    const table = ids
      ? db.selectFrom("AccessKeyUsageDaily")
      : db.selectFrom(
          dialectOf(database.provider).unindexed("AccessKeyUsageDaily") as unknown as "AccessKeyUsageDaily",
        );
    const daily = table.where("calls", ">", (eb) => eb.ref("failedCalls"));
    return query(ids ? daily.where("accessKeyId", "in", ids) : daily).execute() as Promise<T[]>;
  };
  if (!accessKeyIds) return run(null);
  const chunks: string[][] = [];
  for (let i = 0; i < accessKeyIds.length; i += ID_CHUNK) chunks.push(accessKeyIds.slice(i, i + ID_CHUNK));
  return (await Promise.all(chunks.map(run))).flat();
}

/** The first day of successful use of each source IP and region, per key. */
export function firstUseDays(database: Database, accessKeyIds?: string[]): Promise<FirstUse[]> {
  if (accessKeyIds?.length === 0) return Promise.resolve([]);
  return queryByKeys(
    database,
    (daily) =>
      daily
        .where("kind", "in", ["ip", "region"])
        .groupBy(["accessKeyId", "kind", "value"])
        .select((eb) => [
          "accessKeyId",
          eb.ref("kind").$castTo<FirstUse["kind"]>().as("kind"),
          "value",
          eb.fn.min("day").as("day"),
        ]),
    accessKeyIds,
  );
}

/** The days since `sinceDay` on which a key was used successfully from more than `maxIps` distinct source IPs. */
export async function busyIpDays(
  database: Database,
  sinceDay: string,
  maxIps: number,
  accessKeyIds?: string[],
): Promise<BusyDay[]> {
  if (accessKeyIds?.length === 0) return [];
  const rows = await queryByKeys(
    database,
    (daily) =>
      daily
        .where("kind", "=", "ip")
        .where("day", ">=", sinceDay)
        .groupBy(["accessKeyId", "day"])
        .having((eb) => eb.fn.count("value").distinct(), ">", sql.lit(Math.trunc(maxIps)))
        .select((eb) => ["accessKeyId", "day", eb.fn.count<number | bigint>("value").distinct().as("ips")]),
    accessKeyIds,
  );
  return rows.map((r) => ({ accessKeyId: r.accessKeyId, day: r.day, ips: Number(r.ips) }));
}
