import { describe, expect, it } from "vitest";
import {
  backfillPlan,
  backfillPositionAfter,
  backfillToken,
  backfillWindowIndex,
  livePlan,
  livePositionAfter,
  parseBackfillPosition,
  parseLivePosition,
} from "./api-window";

const at = (iso: string) => new Date(iso);

describe("livePlan", () => {
  it("the first poll reads the overlap before now", () => {
    expect(livePlan({}, at("2026-12-08T10:00:00Z"), 15)).toEqual({
      window: { start: at("2026-12-08T09:45:00Z"), end: at("2026-12-08T10:00:00Z") },
    });
  });

  it("a later poll reads from the last poll's now minus the overlap up to now", () => {
    const plan = livePlan({ since: "2026-12-08T10:00:00.000Z" }, at("2026-12-08T10:01:00Z"), 15);
    expect(plan.window).toEqual({ start: at("2026-12-08T09:45:00Z"), end: at("2026-12-08T10:01:00Z") });
    expect(plan.nextToken).toBeUndefined();
  });

  it("an overlap of 0 reads exactly from the last position", () => {
    expect(livePlan({ since: "2026-12-08T10:00:00.000Z" }, at("2026-12-08T10:01:00Z"), 0).window.start).toEqual(
      at("2026-12-08T10:00:00Z"),
    );
  });

  it("resumes an unfinished window at its page token, whatever now is", () => {
    const position = {
      since: "2026-12-08T10:00:00.000Z",
      window: { start: "2026-12-08T09:45:00.000Z", end: "2026-12-08T10:01:00.000Z" },
      nextToken: "page-3",
    };
    expect(livePlan(position, at("2026-12-08T11:00:00Z"), 15)).toEqual({
      window: { start: at("2026-12-08T09:45:00Z"), end: at("2026-12-08T10:01:00Z") },
      nextToken: "page-3",
    });
  });

  it("never reads further back than the API's 90 days", () => {
    const plan = livePlan({ since: "2026-01-01T00:00:00.000Z" }, at("2026-12-08T00:00:00Z"), 15);
    expect(plan.window.start).toEqual(at("2026-09-09T00:00:00Z"));
  });
});

describe("livePositionAfter", () => {
  const window = { start: at("2026-12-08T09:45:00Z"), end: at("2026-12-08T10:01:00Z") };
  it("keeps the window and the next page's token mid-window", () => {
    expect(livePositionAfter({ since: "2026-12-08T10:00:00.000Z" }, window, "t2")).toEqual({
      since: "2026-12-08T10:00:00.000Z",
      window: { start: "2026-12-08T09:45:00.000Z", end: "2026-12-08T10:01:00.000Z" },
      nextToken: "t2",
    });
  });
  it("moves to the window's end (the poll's now) after the last page", () => {
    expect(livePositionAfter({ since: "2026-12-08T10:00:00.000Z" }, window)).toEqual({
      since: "2026-12-08T10:01:00.000Z",
    });
  });
});

describe("backfillPlan", () => {
  const now = at("2026-12-08T12:00:00Z");
  it("splits [from, to) into day windows, oldest first, the last one short", () => {
    const plan = backfillPlan(at("2026-12-05T00:00:00Z"), at("2026-12-07T06:00:00Z"), now);
    expect(plan.notice).toBeUndefined();
    expect(plan.windows.map((w) => [w.start.toISOString(), w.end.toISOString()])).toEqual([
      ["2026-12-05T00:00:00.000Z", "2026-12-06T00:00:00.000Z"],
      ["2026-12-06T00:00:00.000Z", "2026-12-07T00:00:00.000Z"],
      ["2026-12-07T00:00:00.000Z", "2026-12-07T06:00:00.000Z"],
    ]);
  });

  it("clamps a start older than 90 days and says so", () => {
    const plan = backfillPlan(at("2026-01-01T00:00:00Z"), at("2026-09-10T00:00:00Z"), now);
    expect(plan.from).toEqual(at("2026-09-09T12:00:00Z"));
    expect(plan.notice).toBe(
      "the API keeps 90 days: the backfill reads from 2026-09-09T12:00:00.000Z instead of " +
        "2026-01-01T00:00:00.000Z; older events need a trail bucket",
    );
    expect(plan.windows).toHaveLength(1);
    expect(plan.windows[0].end).toEqual(at("2026-09-10T00:00:00Z"));
  });

  it("has no windows when there is nothing between from and to", () => {
    expect(backfillPlan(now, now, now).windows).toEqual([]);
  });

  it("walks its windows through the position: pages, next window, done", () => {
    const plan = backfillPlan(at("2026-12-05T00:00:00Z"), at("2026-12-07T00:00:00Z"), now);
    expect(backfillWindowIndex(plan, {})).toBe(0);
    const mid = backfillPositionAfter(plan, 0, "tok");
    expect(mid).toEqual({ windowStart: "2026-12-05T00:00:00.000Z", nextToken: "tok" });
    expect(backfillWindowIndex(plan, mid)).toBe(0);
    const next = backfillPositionAfter(plan, 0);
    expect(next).toEqual({ windowStart: "2026-12-06T00:00:00.000Z" });
    expect(backfillWindowIndex(plan, next)).toBe(1);
    const done = backfillPositionAfter(plan, 1);
    expect(done).toEqual({ windowStart: "2026-12-07T00:00:00.000Z" });
    expect(backfillWindowIndex(plan, done)).toBe(2);
    expect(backfillToken(plan, 0, mid)).toBe("tok");
    expect(backfillToken(plan, 1, mid)).toBeUndefined();
  });

  it("keeps its day grid as the 90 days move on; a token of a window since cut is dropped", () => {
    const from = at("2026-09-01T00:00:00Z");
    const to = at("2026-09-12T00:00:00Z");
    const first = backfillPlan(from, to, at("2026-12-08T12:00:00Z"));
    expect(first.windows[0]).toEqual({ start: at("2026-09-09T12:00:00Z"), end: at("2026-09-10T00:00:00Z") });
    const position = backfillPositionAfter(first, 0, "tok");
    const later = backfillPlan(from, to, at("2026-12-08T18:00:00Z"));
    expect(later.windows.map((w) => w.start.toISOString())).toEqual([
      "2026-09-09T18:00:00.000Z",
      "2026-09-10T00:00:00.000Z",
      "2026-09-11T00:00:00.000Z",
    ]);
    expect(backfillWindowIndex(later, position)).toBe(0);
    expect(backfillToken(later, 0, position)).toBeUndefined();
    expect(backfillWindowIndex(later, backfillPositionAfter(first, 0))).toBe(1);
  });
});

describe("parsing stored positions", () => {
  it("keeps what it understands and drops the rest", () => {
    expect(parseLivePosition({ since: "2026-12-08T10:00:00.000Z", nextToken: "orphan" })).toEqual({
      since: "2026-12-08T10:00:00.000Z",
    });
    expect(parseLivePosition({ since: "yesterday", window: { start: 1 } })).toEqual({});
    expect(parseBackfillPosition({ windowStart: "2026-12-05T00:00:00.000Z", nextToken: "t" })).toEqual({
      windowStart: "2026-12-05T00:00:00.000Z",
      nextToken: "t",
    });
    expect(parseBackfillPosition({ nextToken: "t" })).toEqual({});
  });
});
