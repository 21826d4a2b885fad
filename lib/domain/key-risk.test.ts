import { describe, expect, it } from "vitest";
import {
  assessKey,
  KEY_FLAG_LABELS,
  KEY_FLAGS,
  lookbackStartDay,
  MAX_DISTINCT_IPS_PER_DAY,
  ownerFirstDays,
  RISK_RULES_HELP,
  type KeyRiskInput,
} from "./key-risk";
import { DAY_MS } from "./time";

const NOW = new Date("2026-03-31T12:00:00.000Z");
const daysAgo = (days: number, extraMs = 0) => new Date(NOW.getTime() - days * DAY_MS - extraMs);
const days = (entries: Record<string, string>) => new Map(Object.entries(entries));

function input(overrides: Partial<KeyRiskInput> = {}): KeyRiskInput {
  return {
    createdAt: daysAgo(10),
    lastUsedAt: daysAgo(1),
    ownerDeletedAt: null,
    keyIps: new Map(),
    keyRegions: new Map(),
    ownerIps: new Map(),
    ownerRegions: new Map(),
    ipsPerDay: new Map(),
    ...overrides,
  };
}

describe("flags and labels", () => {
  it("uses the issue's wording", () => {
    expect(KEY_FLAGS).toEqual(["neverUsed", "unused90", "rotationDue", "created30", "atRisk"]);
    expect(Object.values(KEY_FLAG_LABELS)).toEqual([
      "Never used",
      "Unused > 90 days",
      "Created > 90 days (rotation due)",
      "Created > 30 days",
      "May be at risk",
    ]);
  });

  it("explains every flag and rule in the help text", () => {
    const help = RISK_RULES_HELP.join(" ");
    for (const label of Object.values(KEY_FLAG_LABELS)) expect(help).toContain(label);
    expect(help).toContain("30 days");
    expect(help).toContain(`more than ${MAX_DISTINCT_IPS_PER_DAY} distinct source IPs`);
    expect(help).toContain("owner was deleted");
  });
});

describe("assessKey: age and use", () => {
  it("a fresh, recently used key has no flags", () => {
    expect(assessKey(input(), NOW)).toEqual({ flags: [], riskReasons: [], daysUnused: 1 });
  });

  it("never used: days unused count from creation", () => {
    expect(assessKey(input({ lastUsedAt: null, createdAt: daysAgo(5, 3_600_000) }), NOW)).toEqual({
      flags: ["neverUsed"],
      riskReasons: [],
      daysUnused: 5,
    });
  });

  it("a never-used key older than 90 days is also unused > 90 days, rotation due and created > 30 days", () => {
    expect(assessKey(input({ lastUsedAt: null, createdAt: daysAgo(120) }), NOW).flags).toEqual([
      "neverUsed",
      "unused90",
      "rotationDue",
      "created30",
    ]);
  });

  it("thresholds are strictly more than the number of days", () => {
    expect(assessKey(input({ createdAt: daysAgo(30), lastUsedAt: daysAgo(0) }), NOW).flags).toEqual([]);
    expect(assessKey(input({ createdAt: daysAgo(30, 1), lastUsedAt: daysAgo(0) }), NOW).flags).toEqual(["created30"]);
    expect(assessKey(input({ createdAt: daysAgo(90), lastUsedAt: daysAgo(90) }), NOW).flags).toEqual(["created30"]);
    expect(assessKey(input({ createdAt: daysAgo(91), lastUsedAt: daysAgo(90, 1) }), NOW)).toMatchObject({
      flags: ["unused90", "rotationDue", "created30"],
      daysUnused: 90,
    });
  });

  it("a key known only from logs gets no age flags and no days unused when never used", () => {
    expect(assessKey(input({ createdAt: null, lastUsedAt: null }), NOW)).toEqual({
      flags: ["neverUsed"],
      riskReasons: [],
      daysUnused: null,
    });
    expect(assessKey(input({ createdAt: null, lastUsedAt: daysAgo(100) }), NOW)).toMatchObject({
      flags: ["unused90"],
      daysUnused: 100,
    });
  });

  it("a last use in the future (clock skew) is 0 days unused", () => {
    expect(assessKey(input({ lastUsedAt: new Date(NOW.getTime() + 60_000) }), NOW).daysUnused).toBe(0);
  });
});

describe("assessKey: may be at risk", () => {
  const since = lookbackStartDay(NOW);

  it("the lookback starts 30 days before now", () => {
    expect(since).toBe("2026-03-01");
  });

  it("a source IP new for the owner in the lookback", () => {
    const keyIps = days({ "10.0.0.1": "2026-01-05", "203.0.113.9": "2026-03-20" });
    const result = assessKey(input({ keyIps, ownerIps: keyIps }), NOW);
    expect(result.flags).toEqual(["atRisk"]);
    expect(result.riskReasons).toEqual([
      "Used from a source IP never seen for its owner before (203.0.113.9) on 2026-03-20.",
    ]);
  });

  it("an IP the owner's other key used first is not new for this key", () => {
    const keyIps = days({ "10.0.0.1": "2026-01-05", "203.0.113.9": "2026-03-21" });
    const ownerIps = ownerFirstDays([keyIps, days({ "203.0.113.9": "2026-03-20", "10.0.0.1": "2026-02-01" })]);
    expect(ownerIps).toEqual(days({ "10.0.0.1": "2026-01-05", "203.0.113.9": "2026-03-20" }));
    expect(assessKey(input({ keyIps, ownerIps }), NOW).flags).toEqual([]);
  });

  it("the owner's first 14 days of use are a baseline, and a first sighting before the lookback does not count", () => {
    const first = days({ "198.51.100.1": "2026-03-25", "198.51.100.2": "2026-03-25" });
    expect(assessKey(input({ keyIps: first, ownerIps: first }), NOW).flags).toEqual([]);
    const rampUp = days({ "198.51.100.1": "2026-03-10", "198.51.100.2": "2026-03-23", "198.51.100.3": "2026-03-24" });
    expect(assessKey(input({ keyIps: rampUp, ownerIps: rampUp }), NOW).riskReasons).toEqual([
      "Used from a source IP never seen for its owner before (198.51.100.3) on 2026-03-24.",
    ]);
    const old = days({ "10.0.0.1": "2026-01-05", "10.0.0.2": "2026-02-28" });
    expect(assessKey(input({ keyIps: old, ownerIps: old }), NOW).flags).toEqual([]);
  });

  it("the lookback's first day counts, the day before it does not", () => {
    const onFirstDay = days({ "10.0.0.1": "2026-01-05", "203.0.113.9": "2026-03-01" });
    expect(assessKey(input({ keyIps: onFirstDay, ownerIps: onFirstDay }), NOW).riskReasons).toEqual([
      "Used from a source IP never seen for its owner before (203.0.113.9) on 2026-03-01.",
    ]);
    const dayBefore = days({ "10.0.0.1": "2026-01-05", "203.0.113.9": "2026-02-28" });
    expect(assessKey(input({ keyIps: dayBefore, ownerIps: dayBefore }), NOW).flags).toEqual([]);
  });

  it("several new IPs are named, up to three", () => {
    const keyIps = days({ a: "2026-01-01", b: "2026-03-02", c: "2026-03-03", d: "2026-03-03", e: "2026-03-04" });
    expect(assessKey(input({ keyIps, ownerIps: keyIps }), NOW).riskReasons).toEqual([
      "Used from 4 source IPs never seen for its owner before (b, c, d and 1 more) between 2026-03-02 and 2026-03-04.",
    ]);
  });

  it("a region new for the owner", () => {
    const keyRegions = days({ "cn-hangzhou": "2026-02-01" });
    const ownerRegions = days({ "cn-hangzhou": "2026-02-01", "eu-central-1": "2026-03-30" });
    const other = assessKey(input({ keyRegions, ownerRegions }), NOW);
    expect(other.flags).toEqual([]);
    const mine = assessKey(input({ keyRegions: ownerRegions, ownerRegions }), NOW);
    expect(mine.riskReasons).toEqual([
      "Used in a region never seen for its owner before (eu-central-1) on 2026-03-30.",
    ]);
  });

  it("used after its owner was deleted", () => {
    const result = assessKey(input({ ownerDeletedAt: daysAgo(3), lastUsedAt: daysAgo(1) }), NOW);
    expect(result.flags).toEqual(["atRisk"]);
    expect(result.riskReasons).toEqual([
      `Used on ${daysAgo(1).toISOString()} after its owner was deleted on ${daysAgo(3).toISOString()}.`,
    ]);
    expect(assessKey(input({ ownerDeletedAt: daysAgo(1), lastUsedAt: daysAgo(3) }), NOW).flags).toEqual([]);
  });

  it("more than 10 distinct source IPs in one UTC day, in the lookback", () => {
    const at = (entries: [string, number][]) => assessKey(input({ ipsPerDay: new Map(entries) }), NOW);
    expect(at([["2026-03-10", 10]]).flags).toEqual([]);
    expect(at([["2026-02-10", 40]]).flags).toEqual([]);
    expect(at([["2026-03-10", 11]]).riskReasons).toEqual([
      "Used from 11 distinct source IPs on 2026-03-10, more than 10 in one UTC day.",
    ]);
    expect(
      at([
        ["2026-03-10", 11],
        ["2026-03-12", 15],
      ]).riskReasons,
    ).toEqual(["Used from 15 distinct source IPs on 2026-03-12, more than 10 in one UTC day (2 such days)."]);
  });

  it("reasons come in rule order and all count", () => {
    const keyIps = days({ x: "2026-01-01", y: "2026-03-15" });
    const result = assessKey(
      input({
        createdAt: daysAgo(200),
        keyIps,
        ownerIps: keyIps,
        ownerDeletedAt: daysAgo(2),
        ipsPerDay: new Map([["2026-03-15", 12]]),
      }),
      NOW,
    );
    expect(result.flags).toEqual(["rotationDue", "created30", "atRisk"]);
    expect(result.riskReasons.map((r) => r.slice(0, 20))).toEqual([
      "Used from a source I",
      "Used on 2026-03-30T1",
      "Used from 12 distinc",
    ]);
  });
});
