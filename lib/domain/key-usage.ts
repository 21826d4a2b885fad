// What the AccessKey audit counts, as plain data: daily buckets per key, service and value (event name, source
// IP, resource, region), per-key totals, and how a time window splits into whole UTC days (read from the
// buckets) and partial days at its edges (from the events: the edge's own, or the rest of its day's, taken from
// that day's buckets, whichever is the shorter read). The ingest path, the rebuild and the audit
// queries all aggregate with these functions, so incremental and rebuilt figures cannot drift apart.
import type { EventResource } from "./event";
import { DAY_MS, utcDay } from "./time";

export const USAGE_KINDS = ["event", "ip", "resource", "region"] as const;
export type UsageKind = (typeof USAGE_KINDS)[number];

/** The fields of an event the audit needs. */
export interface UsageEvent {
  eventId: string;
  eventTime: Date;
  accessKeyId: string;
  service: string;
  eventName: string;
  sourceIpAddress: string | null;
  region: string | null;
  resources: EventResource[];
  errorCode: string | null;
}

export interface UsageBucket {
  accessKeyId: string;
  kind: UsageKind;
  /** "" for region buckets: a key's regions matter per key, not per service. */
  service: string;
  /** YYYY-MM-DD, UTC */
  day: string;
  value: string;
  calls: number;
  failedCalls: number;
  lastSeen: string;
}

// A call refused before the key was proven (unknown or inactive key, bad signature, stale request) is not a use
// of the key: otherwise anyone who knows a key ID could make it look recently used.
const AUTHENTICATION_FAILURE =
  /^(InvalidAccessKeyId|SignatureDoesNotMatch|IncompleteSignature|RequestTimeTooSkewed|XAmzContentSHA256Mismatch|InvalidClientTokenId)/;

export function isAuthenticationFailure(errorCode: string | null): boolean {
  return AUTHENTICATION_FAILURE.test(errorCode ?? "");
}

/** "<ISO time> <eventId>": orders events by time then ID as plain text, so the newest of many buckets is
 *  a max() on either database and still names its event. */
export const seenMark = (time: Date, eventId: string) => `${time.toISOString()} ${eventId}`;

export function parseSeenMark(mark: string): { time: Date; eventId: string } {
  const space = mark.indexOf(" ");
  return { time: new Date(mark.slice(0, space)), eventId: mark.slice(space + 1) };
}

/** A resource list row's value: type and name, unambiguous whatever characters they hold. */
export const resourceValue = (resource: EventResource) => JSON.stringify([resource.type, resource.name]);

export function parseResourceValue(value: string): EventResource {
  const [type, name] = JSON.parse(value) as [string, string];
  return { type, name };
}

/** The (kind, service, value) cells one event counts in. */
export function usageCells(event: UsageEvent): { kind: UsageKind; service: string; value: string }[] {
  const cells: { kind: UsageKind; service: string; value: string }[] = [
    { kind: "event", service: event.service, value: event.eventName },
  ];
  if (event.sourceIpAddress) cells.push({ kind: "ip", service: event.service, value: event.sourceIpAddress });
  // The same resource named twice in one event is one call on it.
  for (const value of new Set(event.resources.map(resourceValue)))
    cells.push({ kind: "resource", service: event.service, value });
  if (event.region) cells.push({ kind: "region", service: "", value: event.region });
  return cells;
}

const bucketKey = (b: Pick<UsageBucket, "accessKeyId" | "kind" | "service" | "day" | "value">) =>
  `${b.accessKeyId}\u0000${b.kind}\u0000${b.service}\u0000${b.day}\u0000${b.value}`;

/** Adds events into daily buckets (a Map so batches can be folded in one after another). */
export function addToBuckets(
  buckets: Map<string, UsageBucket>,
  events: Iterable<UsageEvent>,
): Map<string, UsageBucket> {
  for (const event of events) {
    const iso = event.eventTime.toISOString(); // once per event: the day and the mark both come from it
    const day = iso.slice(0, 10);
    const mark = `${iso} ${event.eventId}`;
    const failed = event.errorCode ? 1 : 0;
    for (const cell of usageCells(event)) {
      const key = bucketKey({ accessKeyId: event.accessKeyId, day, ...cell });
      const found = buckets.get(key);
      if (found) {
        found.calls += 1;
        found.failedCalls += failed;
        if (mark > found.lastSeen) found.lastSeen = mark;
      } else {
        buckets.set(key, {
          accessKeyId: event.accessKeyId,
          day,
          ...cell,
          calls: 1,
          failedCalls: failed,
          lastSeen: mark,
        });
      }
    }
  }
  return buckets;
}

export function dailyBuckets(events: Iterable<UsageEvent>): UsageBucket[] {
  return [...addToBuckets(new Map(), events).values()];
}

/** Per key: every event that carried it. Owner fields follow the newest event. */
export interface KeyTotals {
  accessKeyId: string;
  calls: number;
  failedCalls: number;
  firstSeen: Date;
  lastSeen: string;
  lastUsed: string | null;
  accountId: string | null;
  userName: string | null;
  userId: number | null;
}

export interface OwnedUsageEvent extends UsageEvent {
  accountId: string | null;
  userName: string | null;
  userId: number | null;
}

export function addToTotals(totals: Map<string, KeyTotals>, events: Iterable<OwnedUsageEvent>): Map<string, KeyTotals> {
  for (const event of events) {
    const mark = seenMark(event.eventTime, event.eventId);
    const used = isAuthenticationFailure(event.errorCode) ? null : mark;
    const owner = { accountId: event.accountId, userName: event.userName, userId: event.userId };
    const found = totals.get(event.accessKeyId);
    if (!found) {
      totals.set(event.accessKeyId, {
        accessKeyId: event.accessKeyId,
        calls: 1,
        failedCalls: event.errorCode ? 1 : 0,
        firstSeen: event.eventTime,
        lastSeen: mark,
        lastUsed: used,
        ...owner,
      });
      continue;
    }
    found.calls += 1;
    if (event.errorCode) found.failedCalls += 1;
    if (event.eventTime < found.firstSeen) found.firstSeen = event.eventTime;
    if (mark > found.lastSeen) Object.assign(found, { lastSeen: mark }, owner);
    if (used && (!found.lastUsed || used > found.lastUsed)) found.lastUsed = used;
  }
  return totals;
}

/** A time range [from, before): `before` is exclusive. */
export interface TimeSpan {
  from: Date;
  before: Date;
}

export interface WindowPlan {
  /** Whole UTC days inside the window, read from the buckets; null when there are none. */
  days: { first: string; last: string } | null;
  /** The partial days at either end, read from the events. */
  edges: TimeSpan[];
}

/** Splits the window [from, to] (both inclusive, millisecond precision) into whole days and edges. */
export function planWindow(from: Date, to: Date): WindowPlan {
  const start = from.getTime();
  const end = to.getTime() + 1;
  if (end <= start) return { days: null, edges: [] };
  const firstWhole = Math.ceil(start / DAY_MS) * DAY_MS;
  const endWhole = Math.floor(end / DAY_MS) * DAY_MS;
  if (firstWhole >= endWhole) return { days: null, edges: [{ from: new Date(start), before: new Date(end) }] };
  const edges: TimeSpan[] = [];
  if (start < firstWhole) edges.push({ from: new Date(start), before: new Date(firstWhole) });
  if (endWhole < end) edges.push({ from: new Date(endWhole), before: new Date(end) });
  return { days: { first: utcDay(new Date(firstWhole)), last: utcDay(new Date(endWhole - DAY_MS)) }, edges };
}

/** A row of a services table or list: one value's figures over a window. */
export interface UsageRow {
  value: string;
  calls: number;
  failedCalls: number;
  lastSeen: string;
}

/** Sums rows by value, newest last access first (ties by value, so pages are stable). */
export function mergeUsageRows(...groups: Iterable<UsageRow>[]): UsageRow[] {
  const byValue = new Map<string, UsageRow>();
  for (const rows of groups) {
    for (const row of rows) {
      const found = byValue.get(row.value);
      if (!found) byValue.set(row.value, { ...row });
      else {
        found.calls += row.calls;
        found.failedCalls += row.failedCalls;
        if (row.lastSeen > found.lastSeen) found.lastSeen = row.lastSeen;
      }
    }
  }
  return [...byValue.values()].sort((a, b) =>
    a.lastSeen === b.lastSeen ? (a.value < b.value ? -1 : 1) : a.lastSeen < b.lastSeen ? 1 : -1,
  );
}

/** How the audit counts one partial day (an edge of the window, split at midnight when a window shorter than a
 *  day crosses one, so every call is counted on its own day): from the edge's own events, or as the whole day's
 *  buckets less the events of the rest of that day. The second reads fewer events when the rest is the shorter
 *  span, or lies wholly after `now` (a window that ends now: the rest of today normally holds nothing). */
export type EdgeCount =
  | { read: "events"; span: TimeSpan }
  | { read: "dayLessRest"; span: TimeSpan; day: string; rest: TimeSpan; restIsLater: boolean };

export function planEdgeCounts(plan: WindowPlan, now: Date): EdgeCount[] {
  // A window shorter than a day may cross a midnight: one partial day on each side of it.
  const perDay = plan.edges.flatMap((span): TimeSpan[] => {
    const midnight = (Math.floor(span.from.getTime() / DAY_MS) + 1) * DAY_MS;
    return span.before.getTime() > midnight
      ? [
          { from: span.from, before: new Date(midnight) },
          { from: new Date(midnight), before: span.before },
        ]
      : [span];
  });
  return perDay.map((span): EdgeCount => {
    const from = span.from.getTime();
    const before = span.before.getTime();
    const dayStart = Math.floor(from / DAY_MS) * DAY_MS;
    const dayEnd = dayStart + DAY_MS;
    // Inside one day at both ends: the rest is two spans, so the events only.
    if (from > dayStart && before < dayEnd) return { read: "events", span };
    const restIsLater = from === dayStart;
    const rest = restIsLater
      ? { from: span.before, before: new Date(dayEnd) }
      : { from: new Date(dayStart), before: span.from };
    const shorter = rest.before.getTime() - rest.from.getTime() < before - from;
    const future = restIsLater && rest.from.getTime() > now.getTime();
    return shorter || future
      ? { read: "dayLessRest", span, day: utcDay(span.from), rest, restIsLater }
      : { read: "events", span };
  });
}

/** The day's rows less the rest of the day's, per value; values left with no call are dropped. Each kept row
 *  keeps the day's lastSeen: right when the rest is the earlier part of the day (the day's newest call of a
 *  value still in the edge is in the edge), and when the later rest holds no call at all; otherwise the caller
 *  must count the edge from its events. */
export function subtractUsageRows(day: Iterable<UsageRow>, rest: Iterable<UsageRow>): UsageRow[] {
  const restOf = new Map(mergeUsageRows(rest).map((row) => [row.value, row]));
  const left: UsageRow[] = [];
  for (const row of day) {
    const less = restOf.get(row.value);
    const calls = row.calls - (less?.calls ?? 0);
    if (calls > 0)
      left.push({
        value: row.value,
        calls,
        failedCalls: row.failedCalls - (less?.failedCalls ?? 0),
        lastSeen: row.lastSeen,
      });
  }
  return left;
}
