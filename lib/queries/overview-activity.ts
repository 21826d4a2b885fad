// The Overview's activity buckets (per UTC day and operator: calls, reads, writes, failed, failed sign-ins) for
// the last 30 days, counted by the database in one GROUP BY per span.
//
// Fast on 1,000,000 events: whole days that are over do not change except when events are added to them (an
// import of old logs), so their buckets are kept in memory and checked on each request against one COUNT per
// day, which the (eventTime, eventId) index answers without reading a row. Only a day whose count moved is
// counted again; today and the partial day at the rolling window's start are always read fresh. Events are
// never updated, so a day with the same number of events has the same buckets. The buckets hold every
// operator: a team lead's scope is applied afterwards (lib/domain/overview-activity.ts).
import "server-only";
import { sql } from "kysely";
import type { Database } from "@/lib/db/client";
import { dialectOf, sqlOf } from "@/lib/db/sql";
import { dayRuns, overviewWindow, type ActivityBucket, type OverviewWindow } from "@/lib/domain/overview-activity";

export interface ActivityCache {
  days: Map<string, { count: number; buckets: ActivityBucket[] }>;
}

export const newActivityCache = (): ActivityCache => ({ days: new Map() });

const caches = new WeakMap<object, ActivityCache>();
/** The process-wide cache of one database's closed days. */
export function activityCacheOf(database: Database): ActivityCache {
  let cache = caches.get(database.db);
  if (!cache) caches.set(database.db, (cache = newActivityCache()));
  return cache;
}

export interface ActivityBuckets {
  window: OverviewWindow;
  /** The chart's days (closed days and today). */
  days: ActivityBucket[];
  /** The part of the day before the chart that the rolling 30 days cover. */
  edge: ActivityBucket[];
}

type Count = bigint | number | null;
const num = (value: Count) => Number(value ?? 0);

/** Buckets of the events with from <= eventTime < before. */
async function countBuckets(database: Database, from: Date, before: Date): Promise<ActivityBucket[]> {
  const dialect = dialectOf(database.provider);
  // The booleans as literals: the planner sees a constant, as it did in the hand-written text.
  const isTrue = sql.lit(dialect.bool(true));
  const isFalse = sql.lit(dialect.bool(false));
  const rows = (await sqlOf(database)
    .selectFrom("Event")
    .select([
      dialect.utcDay("eventTime").as("day"),
      "userId",
      "userName",
      sql<Count>`COUNT(*)`.as("calls"),
      sql<Count>`SUM(CASE WHEN "readOnly" = ${isTrue} THEN 1 ELSE 0 END)`.as("reads"),
      sql<Count>`SUM(CASE WHEN "readOnly" = ${isFalse} THEN 1 ELSE 0 END)`.as("writes"),
      sql<Count>`SUM(CASE WHEN "errorCode" IS NOT NULL THEN 1 ELSE 0 END)`.as("failed"),
      sql<Count>`SUM(CASE WHEN "errorCode" IS NOT NULL AND "eventType" = 'ConsoleSignin' THEN 1 ELSE 0 END)`.as(
        "failedSignins",
      ),
    ])
    .where("eventTime", ">=", dialect.time(from))
    .where("eventTime", "<", dialect.time(before))
    .groupBy(sql`1, 2, 3`)
    .execute()) as {
    day: string;
    userId: Count;
    userName: string | null;
    calls: Count;
    reads: Count;
    writes: Count;
    failed: Count;
    failedSignins: Count;
  }[];
  return rows.map((r) => ({
    day: r.day,
    userId: r.userId === null ? null : Number(r.userId),
    userName: r.userName,
    calls: num(r.calls),
    reads: num(r.reads),
    writes: num(r.writes),
    failed: num(r.failed),
    failedSignins: num(r.failedSignins),
  }));
}

/** Events per day with from <= eventTime < before, read from the (eventTime, eventId) index alone. */
async function countPerDay(database: Database, from: Date, before: Date): Promise<Map<string, number>> {
  const dialect = dialectOf(database.provider);
  const rows = (await sqlOf(database)
    .selectFrom("Event")
    .select([dialect.utcDay("eventTime").as("day"), sql<Count>`COUNT(*)`.as("count")])
    .where("eventTime", ">=", dialect.time(from))
    .where("eventTime", "<", dialect.time(before))
    .groupBy(sql`1`)
    .execute()) as { day: string; count: Count }[];
  return new Map(rows.map((r) => [r.day, num(r.count)]));
}

export async function activityBuckets(
  database: Database,
  now: Date,
  cache: ActivityCache = activityCacheOf(database),
): Promise<ActivityBuckets> {
  const window = overviewWindow(now);
  const closedDays = window.days.slice(0, -1);
  // Milliseconds are the stored precision on both databases: "< now + 1 ms" is "<= now".
  const throughNow = new Date(now.getTime() + 1);
  const [counts, today, edge] = await Promise.all([
    countPerDay(database, window.closed.from, window.closed.before),
    countBuckets(database, window.today.from, throughNow),
    window.edge.from < window.edge.before ? countBuckets(database, window.edge.from, window.edge.before) : [],
  ]);

  for (const day of cache.days.keys()) if (!closedDays.includes(day)) cache.days.delete(day);
  const stale = closedDays.filter((day) => cache.days.get(day)?.count !== (counts.get(day) ?? 0));
  for (const run of dayRuns(stale)) {
    const buckets = await countBuckets(database, run.from, run.before);
    for (const day of run.days) {
      cache.days.set(day, { count: counts.get(day) ?? 0, buckets: buckets.filter((x) => x.day === day) });
    }
  }
  const days = closedDays.flatMap((day) => cache.days.get(day)?.buckets ?? []);
  return { window, days: [...days, ...today], edge };
}
