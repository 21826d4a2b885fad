import { describe, expect, it } from "vitest";
import { connectionStateOf, isDue, lagSecondsOf, nextRunDelayMs, type DueFields } from "./connection-state";

const t0 = new Date("2026-12-01T00:00:00Z");
const at = (ms: number) => new Date(t0.getTime() + ms);
const base: DueFields = {
  paused: false,
  pollSeconds: 60,
  lastRunAt: t0,
  failingSince: null,
  lastErrorKind: null,
  backfillRunning: false,
  moreWaiting: false,
};

describe("connection state", () => {
  it("is paused over failing over running", () => {
    expect(connectionStateOf({ paused: true, lastError: "x" })).toBe("paused");
    expect(connectionStateOf({ paused: false, lastError: "x" })).toBe("failing");
    expect(connectionStateOf({ paused: false, lastError: null })).toBe("running");
  });
  it("measures lag from the newest event, null before any", () => {
    expect(lagSecondsOf(null, t0)).toBeNull();
    expect(lagSecondsOf(t0, at(90_500))).toBe(91);
    expect(lagSecondsOf(at(5_000), t0)).toBe(0);
  });
});

describe("when a connection is due", () => {
  it("runs first at once, then every pollSeconds", () => {
    expect(isDue({ ...base, lastRunAt: null }, t0)).toBe(true);
    expect(isDue(base, at(59_999))).toBe(false);
    expect(isDue(base, at(60_000))).toBe(true);
  });
  it("never while paused", () => {
    expect(isDue({ ...base, paused: true, lastRunAt: null }, at(1e9))).toBe(false);
  });
  it("at once while a backfill runs or the last run left objects waiting", () => {
    expect(isDue({ ...base, backfillRunning: true }, t0)).toBe(true);
    expect(isDue({ ...base, moreWaiting: true }, t0)).toBe(true);
  });
  it("backs off a retryable failure from 5 s, doubling, up to pollSeconds", () => {
    const failing = (failedAt: number) => ({
      ...base,
      failingSince: t0,
      lastRunAt: at(failedAt),
      lastErrorKind: "throttled",
    });
    expect(nextRunDelayMs(failing(0))).toBe(5_000);
    expect(nextRunDelayMs(failing(5_000))).toBe(10_000);
    expect(nextRunDelayMs(failing(15_000))).toBe(20_000);
    expect(nextRunDelayMs(failing(35_000))).toBe(40_000);
    expect(nextRunDelayMs(failing(75_000))).toBe(60_000);
  });
  it("retries other failures (a bad key) only at pollSeconds, even with a backfill running", () => {
    const failing = { ...base, failingSince: t0, lastErrorKind: "credentials", backfillRunning: true };
    expect(nextRunDelayMs(failing)).toBe(60_000);
    expect(isDue(failing, at(5_000))).toBe(false);
  });
});
