// The Overview's activity figures, pure: which UTC days the chart shows, which time spans the "last 30 days"
// figures add up, and how per-day, per-operator buckets become the chart's series and the top operators.
// lib/queries/overview-activity.ts gathers the buckets from the database (and keeps closed days cached).
import { DAY_MS, utcDay, utcDayStart } from "./time";

/** The chart shows this many UTC days, today included. */
export const CHART_DAYS = 30;
/** Top operators and abnormal sign-ins cover the explorer's `range=30d`: from exactly 30 days ago up to now. */
export const ROLLING_MS = 30 * DAY_MS;
export const TOP_OPERATORS = 10;

/** Events of one UTC day and one operator (the inventory user the event is attributed to, and the user name the
 *  event carries), counted. */
export interface ActivityBucket {
  day: string;
  userId: number | null;
  userName: string | null;
  calls: number;
  reads: number;
  writes: number;
  failed: number;
  failedSignins: number;
}

export interface DayActivity {
  day: string;
  reads: number;
  writes: number;
  /** Events whose source did not say read or write (readOnly unknown). */
  unknown: number;
  /** Events with an error code; they are also counted in reads, writes or unknown. */
  failed: number;
}

export interface OperatorActivity {
  userName: string;
  calls: number;
  failed: number;
}

/**
 * The spans the Overview reads, for `now`:
 * - `days`: the chart's 30 UTC days, oldest first, today last;
 * - `closed`: [start of the first day, start of today): whole days that are over, the part worth caching;
 * - `today`: [start of today, now], read fresh;
 * - `edge`: [now - 30 days, start of the first day): the part of the day before the chart that the rolling
 *   30 days still cover, read fresh. Rolling figures = edge + closed + today, which is exactly the explorer's
 *   `range=30d` (from now - 30 days to now, both included).
 */
export interface OverviewWindow {
  days: string[];
  closed: { from: Date; before: Date };
  today: { from: Date; through: Date };
  edge: { from: Date; before: Date };
}

export function overviewWindow(now: Date): OverviewWindow {
  const todayStart = utcDayStart(utcDay(now));
  const first = new Date(todayStart.getTime() - (CHART_DAYS - 1) * DAY_MS);
  const days = Array.from({ length: CHART_DAYS }, (_, i) => utcDay(new Date(first.getTime() + i * DAY_MS)));
  return {
    days,
    closed: { from: first, before: todayStart },
    today: { from: todayStart, through: now },
    edge: { from: new Date(now.getTime() - ROLLING_MS), before: first },
  };
}

/** Consecutive runs of the given days (sorted YYYY-MM-DD), as [from, before) spans: one query per run. */
export function dayRuns(days: string[]): { from: Date; before: Date; days: string[] }[] {
  const runs: { from: Date; before: Date; days: string[] }[] = [];
  for (const day of [...days].sort()) {
    const start = utcDayStart(day);
    const last = runs[runs.length - 1];
    if (last && last.before.getTime() === start.getTime()) {
      last.before = new Date(start.getTime() + DAY_MS);
      last.days.push(day);
    } else {
      runs.push({ from: start, before: new Date(start.getTime() + DAY_MS), days: [day] });
    }
  }
  return runs;
}

/** A viewer's scope (null = everyone; else the user ids they may see), applied to buckets. */
export function bucketsInScope(buckets: ActivityBucket[], scope: number[] | null): ActivityBucket[] {
  if (scope === null) return buckets;
  const allowed = new Set(scope);
  return buckets.filter((b) => b.userId !== null && allowed.has(b.userId));
}

/** The chart's series: one point per day of `days`, zero where nothing happened. */
export function perDaySeries(days: string[], buckets: ActivityBucket[]): DayActivity[] {
  const byDay = new Map(days.map((day) => [day, { day, reads: 0, writes: 0, unknown: 0, failed: 0 }]));
  for (const b of buckets) {
    const point = byDay.get(b.day);
    if (!point) continue;
    point.reads += b.reads;
    point.writes += b.writes;
    point.unknown += b.calls - b.reads - b.writes;
    point.failed += b.failed;
  }
  return [...byDay.values()];
}

/** The busiest operators by user name (events without one are left out): most calls first, then by name. */
export function topOperators(buckets: ActivityBucket[], limit = TOP_OPERATORS): OperatorActivity[] {
  const byName = new Map<string, OperatorActivity>();
  for (const b of buckets) {
    if (!b.userName) continue;
    const found = byName.get(b.userName) ?? { userName: b.userName, calls: 0, failed: 0 };
    found.calls += b.calls;
    found.failed += b.failed;
    byName.set(b.userName, found);
  }
  return [...byName.values()]
    .sort((a, b) => b.calls - a.calls || (a.userName < b.userName ? -1 : a.userName > b.userName ? 1 : 0))
    .slice(0, limit);
}

export const sumOf = (buckets: ActivityBucket[], field: "calls" | "failed" | "failedSignins") =>
  buckets.reduce((total, b) => total + b[field], 0);
