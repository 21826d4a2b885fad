// Which time window an event look-up API poll reads, and what position it commits after each page. The clouds
// publish events up to 10-15 minutes late, so a live poll re-reads an overlap before its last position; the
// position then moves to the poll's own `now`, never to the newest event time (a quiet account would otherwise
// re-read ever longer windows, and an event published late with an older time would fall behind it).
// A page token is part of the position, so a run stopped mid-window resumes at that page.
import { DAY_MS } from "../time";
import { API_BACKFILL_DAYS } from "./settings";

const MINUTE_MS = 60_000;
/** A backfill reads one day per window: small enough that an expired page token costs little to re-read. */
export const BACKFILL_WINDOW_MS = DAY_MS;

export interface TimeWindow {
  start: Date;
  end: Date;
}

/** Connection.position for an API poller. */
export interface LivePosition {
  /** ISO time: the `now` of the last complete poll; the next poll reads from here minus the overlap. */
  since?: string;
  /** The window being read when the last run stopped mid-window (ISO start and end), and its next page. */
  window?: { start: string; end: string };
  nextToken?: string;
}

/** Connection.backfill.position for an API poller. */
export interface BackfillPosition {
  /** ISO start of the window being read (windows run oldest first); absent before the first page. */
  windowStart?: string;
  nextToken?: string;
}

export function parseLivePosition(value: Record<string, unknown>): LivePosition {
  const position: LivePosition = {};
  if (isTime(value.since)) position.since = value.since;
  const window = value.window as { start?: unknown; end?: unknown } | undefined;
  if (window && isTime(window.start) && isTime(window.end)) {
    position.window = { start: window.start, end: window.end };
    if (typeof value.nextToken === "string" && value.nextToken) position.nextToken = value.nextToken;
  }
  return position;
}

export function parseBackfillPosition(value: Record<string, unknown>): BackfillPosition {
  const position: BackfillPosition = {};
  if (isTime(value.windowStart)) {
    position.windowStart = value.windowStart;
    if (typeof value.nextToken === "string" && value.nextToken) position.nextToken = value.nextToken;
  }
  return position;
}

const isTime = (value: unknown): value is string => typeof value === "string" && !Number.isNaN(Date.parse(value));

/** The earliest time the look-up APIs still answer for. */
export const retentionStart = (now: Date): Date => new Date(now.getTime() - API_BACKFILL_DAYS * DAY_MS);

export interface LivePlan {
  window: TimeWindow;
  /** The page to resume at, when the last run stopped mid-window. */
  nextToken?: string;
}

/**
 * The window a live poll reads: the unfinished one if a run stopped mid-window, else [since − overlap, now]
 * (the first poll, with no position, reads the overlap before now; older events are a backfill's job).
 * Never earlier than the API's 90 days.
 */
export function livePlan(position: LivePosition, now: Date, overlapMinutes: number): LivePlan {
  if (position.window)
    return {
      window: { start: new Date(position.window.start), end: new Date(position.window.end) },
      nextToken: position.nextToken,
    };
  const since = position.since ? new Date(position.since) : now;
  const start = new Date(Math.max(since.getTime() - overlapMinutes * MINUTE_MS, retentionStart(now).getTime()));
  return { window: { start: start > now ? now : start, end: now } };
}

/** The position to commit after a live page: mid-window (the next page's token), or done (since = window end). */
export function livePositionAfter(position: LivePosition, plan: TimeWindow, nextToken?: string): LivePosition {
  if (nextToken)
    return {
      ...(position.since ? { since: position.since } : {}),
      window: { start: plan.start.toISOString(), end: plan.end.toISOString() },
      nextToken,
    };
  return { since: plan.end.toISOString() };
}

export interface BackfillPlan {
  from: Date;
  to: Date;
  /** Set when `from` was older than the API keeps: say so once. */
  notice?: string;
  /** The day windows [from, to), oldest first. */
  windows: TimeWindow[];
}

/**
 * A backfill's windows, oldest first: the oldest days are the next to fall out of the API's 90 days, so a long
 * backfill reads them before they go; and each finished window leaves a contiguous read range behind it.
 * The days are counted from `from` as asked, so the windows stay the same from run to run; only the first is cut
 * where the 90 days begin (which moves on as time passes).
 */
export function backfillPlan(from: Date, to: Date, now: Date): BackfillPlan {
  const earliest = retentionStart(now);
  let notice: string | undefined;
  const start = from < earliest ? earliest : from;
  if (from < earliest)
    notice =
      `the API keeps ${API_BACKFILL_DAYS} days: the backfill reads from ${earliest.toISOString()} ` +
      `instead of ${from.toISOString()}; older events need a trail bucket`;
  const end = to > now ? now : to;
  const windows: TimeWindow[] = [];
  const skipped = Math.floor((start.getTime() - from.getTime()) / BACKFILL_WINDOW_MS);
  for (let t = from.getTime() + skipped * BACKFILL_WINDOW_MS; t < end.getTime(); t += BACKFILL_WINDOW_MS)
    windows.push({
      start: new Date(Math.max(t, start.getTime())),
      end: new Date(Math.min(t + BACKFILL_WINDOW_MS, end.getTime())),
    });
  return { from: start, to: end, notice, windows };
}

/**
 * The index of the window a backfill position is in (0 before the first page; windows.length when done), and
 * whether its page token still belongs to that window (not when the 90 days moved past the window's start).
 */
export function backfillWindowIndex(plan: BackfillPlan, position: BackfillPosition): number {
  if (!position.windowStart) return 0;
  const at = Date.parse(position.windowStart);
  const index = plan.windows.findIndex((w) => w.end.getTime() > at);
  return index >= 0 ? index : plan.windows.length;
}

/** The page token to resume window `index` at, if the position is inside that very window. */
export function backfillToken(plan: BackfillPlan, index: number, position: BackfillPosition): string | undefined {
  const window = plan.windows[index];
  return window && position.windowStart === window.start.toISOString() ? position.nextToken : undefined;
}

/** The backfill position after a page of window `index`: the next page's token, or the next window's start. */
export function backfillPositionAfter(plan: BackfillPlan, index: number, nextToken?: string): BackfillPosition {
  if (nextToken) return { windowStart: plan.windows[index].start.toISOString(), nextToken };
  const next = plan.windows[index + 1];
  return next ? { windowStart: next.start.toISOString() } : { windowStart: plan.to.toISOString() };
}
