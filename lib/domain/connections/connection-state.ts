// What a connection's stored fields mean to a person and to the schedule: its state, how late it is, and when it
// is next due to run. Pure: the time is passed in.

export type ConnectionState = "running" | "paused" | "failing";

export interface StateFields {
  paused: boolean;
  lastError: string | null;
}

export function connectionStateOf(connection: StateFields): ConnectionState {
  if (connection.paused) return "paused";
  return connection.lastError ? "failing" : "running";
}

/** Seconds from the newest event a connection stored to now; null before it stored any. */
export function lagSecondsOf(newestEventTime: Date | null, now: Date): number | null {
  if (!newestEventTime) return null;
  return Math.max(0, Math.round((now.getTime() - newestEventTime.getTime()) / 1000));
}

/** A failing connection whose error may pass by itself retries this soon first, then ever later (doubling). */
export const FIRST_RETRY_MS = 5_000;

/** Errors that may pass by themselves soon (the same kinds ConnectionError marks retryable). */
export const RETRYABLE_ERROR_KINDS: readonly string[] = ["throttled", "unreachable"];

export interface DueFields {
  paused: boolean;
  pollSeconds: number;
  /** When the last run started. */
  lastRunAt: Date | null;
  /** When the first of the failed runs in a row started; null while not failing. */
  failingSince: Date | null;
  lastErrorKind: string | null;
  /** A backfill is in progress. */
  backfillRunning: boolean;
  /** The last run stopped on its time budget with objects or pages still waiting. */
  moreWaiting: boolean;
}

/** How long after its last run started a connection runs again. A failing one with a retryable error waits
 *  5 s, then 10, 20, 40 ... (the time it has been failing, plus 5 s) up to its poll interval; others wait the
 *  poll interval, so a bad key is not hammered. */
export function nextRunDelayMs(connection: DueFields): number {
  const poll = connection.pollSeconds * 1000;
  if (connection.failingSince) {
    if (!connection.lastErrorKind || !RETRYABLE_ERROR_KINDS.includes(connection.lastErrorKind)) return poll;
    const failingFor = Math.max(0, (connection.lastRunAt?.getTime() ?? 0) - connection.failingSince.getTime());
    return Math.min(failingFor + FIRST_RETRY_MS, poll);
  }
  if (connection.backfillRunning || connection.moreWaiting) return 0;
  return poll;
}

export function isDue(connection: DueFields, now: Date): boolean {
  if (connection.paused) return false;
  if (!connection.lastRunAt) return true;
  return now.getTime() - connection.lastRunAt.getTime() >= nextRunDelayMs(connection);
}

/** A pulling connection's poll interval from its stored settings (60 s when it has none). */
export function pollSecondsOf(settings: string): number {
  const value = (JSON.parse(settings) as { pollSeconds?: unknown }).pollSeconds;
  return typeof value === "number" && value > 0 ? value : 60;
}
