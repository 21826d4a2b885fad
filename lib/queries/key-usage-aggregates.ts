// Two aggregates of the AccessKey rollups (AccessKeyUsageDaily) that the key risk rules (lib/domain/key-risk.ts)
// need, in SQL on both databases: Prisma's groupBy has no COUNT(DISTINCT) and builds an object per group, which
// made these the slowest part of a 20,000-key credential report. Only successful use counts (a bucket with more
// calls than failed calls). With key IDs, the IN list goes in chunks, under SQLite's bound-parameter limit.
import type { Database } from "@/lib/db/client";

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

/** Runs `sql` (with `?` placeholders, `{daily}` for the table and `{ids}` where the key filter goes) once, or
 *  per chunk of key IDs. Without IDs, SQLite is told to read the table in storage order: it would otherwise walk
 *  the primary key's index for its order and look up each row's counts, much slower over every key's rows
 *  (docs/performance.md). */
async function queryByKeys<T>(
  database: Database,
  sql: string,
  params: unknown[],
  accessKeyIds?: string[],
): Promise<T[]> {
  const run = (ids: string[] | null) => {
    const filter = ids ? `AND "accessKeyId" IN (${ids.map(() => "?").join(", ")})` : "";
    const table =
      !ids && database.provider === "sqlite" ? `"AccessKeyUsageDaily" NOT INDEXED` : `"AccessKeyUsageDaily"`;
    const values = [...params, ...(ids ?? [])];
    let n = 0;
    const text = sql.replace("{daily}", table).replace("{ids}", filter);
    return database.db.$queryRawUnsafe<T[]>(
      database.provider === "postgresql" ? text.replace(/\?/g, () => `$${++n}`) : text,
      ...values,
    );
  };
  if (!accessKeyIds) return run(null);
  const chunks: string[][] = [];
  for (let i = 0; i < accessKeyIds.length; i += ID_CHUNK) chunks.push(accessKeyIds.slice(i, i + ID_CHUNK));
  return (await Promise.all(chunks.map(run))).flat();
}

/** The first day of successful use of each source IP and region, per key. */
export function firstUseDays(database: Database, accessKeyIds?: string[]): Promise<FirstUse[]> {
  if (accessKeyIds?.length === 0) return Promise.resolve([]);
  return queryByKeys<FirstUse>(
    database,
    `SELECT "accessKeyId", "kind", "value", MIN("day") AS "day" FROM {daily}
      WHERE "kind" IN ('ip', 'region') AND "calls" > "failedCalls" {ids}
      GROUP BY "accessKeyId", "kind", "value"`,
    [],
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
  const rows = await queryByKeys<{ accessKeyId: string; day: string; ips: number | bigint }>(
    database,
    `SELECT "accessKeyId", "day", COUNT(DISTINCT "value") AS "ips" FROM {daily}
      WHERE "kind" = 'ip' AND "day" >= ? AND "calls" > "failedCalls" {ids}
      GROUP BY "accessKeyId", "day" HAVING COUNT(DISTINCT "value") > ${Math.trunc(maxIps)}`,
    [sinceDay],
    accessKeyIds,
  );
  return rows.map((r) => ({ accessKeyId: r.accessKeyId, day: r.day, ips: Number(r.ips) }));
}
