import { describe, expect, it } from "vitest";
import {
  bucketsInScope,
  dayRuns,
  overviewWindow,
  perDaySeries,
  topOperators,
  type ActivityBucket,
} from "./overview-activity";

const bucket = (
  day: string,
  userName: string | null,
  userId: number | null,
  o: Partial<ActivityBucket> = {},
): ActivityBucket => ({
  day,
  userId,
  userName,
  calls: 1,
  reads: 1,
  writes: 0,
  failed: 0,
  failedSignins: 0,
  ...o,
});

describe("overviewWindow", () => {
  it("gives 30 UTC days ending today, the closed days, today up to now and the rolling window's partial first day", () => {
    const now = new Date("2026-03-01T05:30:00.000Z");
    const w = overviewWindow(now);
    expect(w.days).toHaveLength(30);
    expect(w.days[0]).toBe("2026-01-31");
    expect(w.days[29]).toBe("2026-03-01");
    expect(w.closed).toEqual({
      from: new Date("2026-01-31T00:00:00.000Z"),
      before: new Date("2026-03-01T00:00:00.000Z"),
    });
    expect(w.today).toEqual({ from: new Date("2026-03-01T00:00:00.000Z"), through: now });
    expect(w.edge).toEqual({
      from: new Date("2026-01-30T05:30:00.000Z"),
      before: new Date("2026-01-31T00:00:00.000Z"),
    });
  });

  it("at midnight the rolling window starts exactly where the chart does", () => {
    const w = overviewWindow(new Date("2026-03-01T00:00:00.000Z"));
    expect(w.edge.from).toEqual(new Date("2026-01-30T00:00:00.000Z"));
    expect(w.edge.before).toEqual(new Date("2026-01-31T00:00:00.000Z"));
  });
});

describe("dayRuns", () => {
  it("groups consecutive days, across month ends, into one span each", () => {
    expect(dayRuns(["2026-03-01", "2026-02-27", "2026-02-28", "2026-03-05"])).toEqual([
      {
        from: new Date("2026-02-27T00:00:00.000Z"),
        before: new Date("2026-03-02T00:00:00.000Z"),
        days: ["2026-02-27", "2026-02-28", "2026-03-01"],
      },
      {
        from: new Date("2026-03-05T00:00:00.000Z"),
        before: new Date("2026-03-06T00:00:00.000Z"),
        days: ["2026-03-05"],
      },
    ]);
    expect(dayRuns([])).toEqual([]);
  });
});

describe("series and top operators", () => {
  const buckets = [
    bucket("2026-03-01", "bob", 2, { calls: 4, reads: 1, writes: 2, failed: 1 }),
    bucket("2026-03-01", "alice", 1, { calls: 2, reads: 2 }),
    bucket("2026-03-02", "alice", 1, { calls: 2, reads: 0, writes: 2, failed: 2 }),
    bucket("2026-03-02", "mallory", null, { calls: 5, reads: 5 }),
    bucket("2026-03-02", null, null, { calls: 9, reads: 9 }),
    bucket("2026-02-01", "zed", 3, { calls: 100, reads: 100 }),
  ];

  it("sums per day, zero-filled, with unknown read/write as the rest", () => {
    expect(perDaySeries(["2026-03-01", "2026-03-02", "2026-03-03"], buckets)).toEqual([
      { day: "2026-03-01", reads: 3, writes: 2, unknown: 1, failed: 1 },
      { day: "2026-03-02", reads: 14, writes: 2, unknown: 0, failed: 2 },
      { day: "2026-03-03", reads: 0, writes: 0, unknown: 0, failed: 0 },
    ]);
  });

  it("ranks operators by calls, then name, leaving out events without a user name", () => {
    expect(topOperators(buckets)).toEqual([
      { userName: "zed", calls: 100, failed: 0 },
      { userName: "mallory", calls: 5, failed: 0 },
      { userName: "alice", calls: 4, failed: 2 },
      { userName: "bob", calls: 4, failed: 1 },
    ]);
    expect(topOperators(buckets, 2).map((o) => o.userName)).toEqual(["zed", "mallory"]);
  });

  it("keeps only the scope's users (never events without one) for a team lead", () => {
    expect(bucketsInScope(buckets, null)).toBe(buckets);
    expect(bucketsInScope(buckets, [1]).map((b) => b.userName)).toEqual(["alice", "alice"]);
    expect(bucketsInScope(buckets, [])).toEqual([]);
  });
});
