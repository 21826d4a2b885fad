import { describe, expect, it } from "vitest";
import {
  addToBuckets,
  addToTotals,
  dailyBuckets,
  isAuthenticationFailure,
  mergeUsageRows,
  parseResourceValue,
  parseSeenMark,
  planEdgeCounts,
  planWindow,
  resourceValue,
  seenMark,
  subtractUsageRows,
  usageCells,
  type OwnedUsageEvent,
  type UsageBucket,
  type UsageEvent,
  type UsageRow,
} from "./key-usage";

const DAY = 86_400_000;
const t = (iso: string) => new Date(iso);

function event(eventId: string, eventTime: string, overrides: Partial<OwnedUsageEvent> = {}): OwnedUsageEvent {
  return {
    eventId,
    eventTime: t(eventTime),
    accessKeyId: "AK1",
    service: "ecs",
    eventName: "DescribeInstances",
    sourceIpAddress: "203.0.113.7",
    region: "cn-hangzhou",
    resources: [],
    errorCode: null,
    accountId: "1000",
    userName: "alice",
    userId: 7,
    ...overrides,
  };
}

const byCell = (buckets: UsageBucket[]) =>
  Object.fromEntries(
    buckets.map((b) => [
      `${b.accessKeyId}|${b.kind}|${b.service}|${b.day}|${b.value}`,
      [b.calls, b.failedCalls, b.lastSeen],
    ]),
  );

describe("planEdgeCounts", () => {
  const now = t("2026-03-31T15:00:00.000Z");
  const span = (from: string, before: string) => ({ from: t(from), before: t(before) });

  it("counts a partial day as the day less the rest when the rest is the shorter span, from its events otherwise", () => {
    const plan = planWindow(t("2026-03-01T03:00:00.000Z"), t("2026-03-10T20:00:00.000Z"));
    expect(planEdgeCounts(plan, now)).toEqual([
      {
        read: "dayLessRest",
        span: plan.edges[0],
        day: "2026-03-01",
        rest: span("2026-03-01T00:00:00.000Z", "2026-03-01T03:00:00.000Z"),
        restIsLater: false,
      },
      {
        read: "dayLessRest",
        span: plan.edges[1],
        day: "2026-03-10",
        rest: span("2026-03-10T20:00:00.001Z", "2026-03-11T00:00:00.000Z"),
        restIsLater: true,
      },
    ]);
    const late = planWindow(t("2026-03-01T21:00:00.000Z"), t("2026-03-10T02:00:00.000Z"));
    expect(planEdgeCounts(late, now)).toEqual(late.edges.map((edge) => ({ read: "events", span: edge })));
  });

  it("takes the day less the rest when the rest lies after now, however long: a window ending now", () => {
    const plan = planWindow(t("2026-03-01T21:00:00.000Z"), t("2026-03-31T02:00:00.000Z"));
    const [, trailing] = planEdgeCounts(plan, t("2026-03-31T02:00:00.000Z"));
    expect(trailing).toEqual({
      read: "dayLessRest",
      span: plan.edges[1],
      day: "2026-03-31",
      rest: span("2026-03-31T02:00:00.001Z", "2026-04-01T00:00:00.000Z"),
      restIsLater: true,
    });
  });

  it("reads the events of a window inside one day", () => {
    const plan = planWindow(t("2026-03-04T01:00:00.000Z"), t("2026-03-04T02:00:00.000Z"));
    expect(planEdgeCounts(plan, now)).toEqual([{ read: "events", span: plan.edges[0] }]);
  });

  it("splits a window shorter than a day at the midnight it crosses: a partial day on each side", () => {
    const plan = planWindow(t("2026-03-04T20:00:00.000Z"), t("2026-03-05T04:00:00.000Z"));
    expect(planEdgeCounts(plan, now)).toEqual([
      { read: "events", span: span("2026-03-04T20:00:00.000Z", "2026-03-05T00:00:00.000Z") },
      { read: "events", span: span("2026-03-05T00:00:00.000Z", "2026-03-05T04:00:00.001Z") },
    ]);
    // From 02:00 to 23:00 the next day, each side is the longer part of its day.
    const long = planWindow(t("2026-03-04T02:00:00.000Z"), t("2026-03-05T22:59:59.999Z"));
    expect(planEdgeCounts(long, now)).toEqual([
      {
        read: "dayLessRest",
        span: span("2026-03-04T02:00:00.000Z", "2026-03-05T00:00:00.000Z"),
        day: "2026-03-04",
        rest: span("2026-03-04T00:00:00.000Z", "2026-03-04T02:00:00.000Z"),
        restIsLater: false,
      },
      {
        read: "dayLessRest",
        span: span("2026-03-05T00:00:00.000Z", "2026-03-05T23:00:00.000Z"),
        day: "2026-03-05",
        rest: span("2026-03-05T23:00:00.000Z", "2026-03-06T00:00:00.000Z"),
        restIsLater: true,
      },
    ]);
  });
});

describe("subtractUsageRows", () => {
  it("takes the rest's calls from the day's per value, keeps the day's lastSeen and drops values left with none", () => {
    const day: UsageRow[] = [
      { value: "a", calls: 5, failedCalls: 2, lastSeen: "2026-03-01T20:00:00.000Z e9" },
      { value: "b", calls: 2, failedCalls: 0, lastSeen: "2026-03-01T02:00:00.000Z e2" },
      { value: "c", calls: 1, failedCalls: 1, lastSeen: "2026-03-01T23:00:00.000Z e7" },
    ];
    const rest: UsageRow[] = [
      { value: "a", calls: 2, failedCalls: 1, lastSeen: "2026-03-01T01:00:00.000Z e1" },
      { value: "a", calls: 1, failedCalls: 0, lastSeen: "2026-03-01T02:30:00.000Z e3" },
      { value: "b", calls: 2, failedCalls: 0, lastSeen: "2026-03-01T02:00:00.000Z e2" },
    ];
    expect(subtractUsageRows(day, rest)).toEqual([
      { value: "a", calls: 2, failedCalls: 1, lastSeen: "2026-03-01T20:00:00.000Z e9" },
      { value: "c", calls: 1, failedCalls: 1, lastSeen: "2026-03-01T23:00:00.000Z e7" },
    ]);
    expect(rest[0].calls).toBe(2);
  });
});

describe("planWindow", () => {
  it("keeps a window inside one day as a single edge, to inclusive", () => {
    expect(planWindow(t("2026-03-04T05:00:00.000Z"), t("2026-03-04T06:00:00.000Z"))).toEqual({
      days: null,
      edges: [{ from: t("2026-03-04T05:00:00.000Z"), before: t("2026-03-04T06:00:00.001Z") }],
    });
  });

  it("reads a day-aligned window wholly from the buckets, with no edges", () => {
    expect(planWindow(t("2026-03-04T00:00:00.000Z"), t("2026-03-06T23:59:59.999Z"))).toEqual({
      days: { first: "2026-03-04", last: "2026-03-06" },
      edges: [],
    });
    // One whole day exactly.
    expect(planWindow(t("2026-03-04T00:00:00.000Z"), t("2026-03-04T23:59:59.999Z"))).toEqual({
      days: { first: "2026-03-04", last: "2026-03-04" },
      edges: [],
    });
  });

  it("splits a window spanning many days into whole days and the two partial days", () => {
    const plan = planWindow(t("2026-01-01T12:34:56.789Z"), t("2026-03-31T01:02:03.004Z"));
    expect(plan).toEqual({
      days: { first: "2026-01-02", last: "2026-03-30" },
      edges: [
        { from: t("2026-01-01T12:34:56.789Z"), before: t("2026-01-02T00:00:00.000Z") },
        { from: t("2026-03-31T00:00:00.000Z"), before: t("2026-03-31T01:02:03.005Z") },
      ],
    });
  });

  it("treats `to` as inclusive: a `to` at midnight reads that millisecond from the events", () => {
    expect(planWindow(t("2026-03-04T00:00:00.000Z"), t("2026-03-06T00:00:00.000Z"))).toEqual({
      days: { first: "2026-03-04", last: "2026-03-05" },
      edges: [{ from: t("2026-03-06T00:00:00.000Z"), before: t("2026-03-06T00:00:00.001Z") }],
    });
    // A one-millisecond window.
    const instant = t("2026-03-04T10:00:00.000Z");
    expect(planWindow(instant, instant)).toEqual({
      days: null,
      edges: [{ from: instant, before: t("2026-03-04T10:00:00.001Z") }],
    });
  });

  it("has only a leading or only a trailing edge when the other end is aligned", () => {
    expect(planWindow(t("2026-03-04T08:00:00.000Z"), t("2026-03-05T23:59:59.999Z"))).toEqual({
      days: { first: "2026-03-05", last: "2026-03-05" },
      edges: [{ from: t("2026-03-04T08:00:00.000Z"), before: t("2026-03-05T00:00:00.000Z") }],
    });
    expect(planWindow(t("2026-03-04T00:00:00.000Z"), t("2026-03-05T08:00:00.000Z"))).toEqual({
      days: { first: "2026-03-04", last: "2026-03-04" },
      edges: [{ from: t("2026-03-05T00:00:00.000Z"), before: t("2026-03-05T08:00:00.001Z") }],
    });
  });

  it("reads a window crossing one midnight but holding no whole day as one edge", () => {
    expect(planWindow(t("2026-03-04T20:00:00.000Z"), t("2026-03-05T04:00:00.000Z"))).toEqual({
      days: null,
      edges: [{ from: t("2026-03-04T20:00:00.000Z"), before: t("2026-03-05T04:00:00.001Z") }],
    });
  });

  it("plans nothing for an empty (reversed) window", () => {
    expect(planWindow(t("2026-03-05T00:00:00.000Z"), t("2026-03-04T00:00:00.000Z"))).toEqual({ days: null, edges: [] });
  });

  it("covers every millisecond of the window exactly once (randomised)", () => {
    let seed = 42;
    const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
    const base = t("2026-01-01T00:00:00.000Z").getTime();
    for (let i = 0; i < 500; i++) {
      // Ends often on or next to midnight, where mistakes hide.
      const pick = () => {
        const day = base + Math.floor(random() * 10) * DAY;
        const r = random();
        return r < 0.2 ? day : r < 0.3 ? day - 1 : r < 0.4 ? day + 1 : day + Math.floor(random() * DAY);
      };
      const [a, b] = [pick(), pick()].sort((x, y) => x - y);
      const plan = planWindow(new Date(a), new Date(b));
      const spans: [number, number][] = plan.edges.map((e) => [e.from.getTime(), e.before.getTime()]);
      if (plan.days)
        spans.push([
          t(`${plan.days.first}T00:00:00.000Z`).getTime(),
          t(`${plan.days.last}T00:00:00.000Z`).getTime() + DAY,
        ]);
      spans.sort((x, y) => x[0] - y[0]);
      for (const [from, before] of spans) expect(before).toBeGreaterThan(from);
      expect(spans[0][0]).toBe(a);
      expect(spans[spans.length - 1][1]).toBe(b + 1);
      for (let k = 1; k < spans.length; k++) expect(spans[k][0]).toBe(spans[k - 1][1]);
      // Edges are partial days: never a whole day the buckets could have answered.
      for (const edge of plan.edges) expect(edge.before.getTime() - edge.from.getTime()).toBeLessThan(2 * DAY);
    }
  });
});

describe("usage cells and buckets", () => {
  it("counts an event once per event name, IP, distinct resource and region", () => {
    const resources = [
      { type: "ACS::ECS::Instance", name: "i-1" },
      { type: "ACS::ECS::Instance", name: "i-1" },
      { type: "ACS::ECS::Disk", name: "d-1" },
    ];
    expect(usageCells(event("e1", "2026-03-04T05:00:00Z", { resources }))).toEqual([
      { kind: "event", service: "ecs", value: "DescribeInstances" },
      { kind: "ip", service: "ecs", value: "203.0.113.7" },
      { kind: "resource", service: "ecs", value: '["ACS::ECS::Instance","i-1"]' },
      { kind: "resource", service: "ecs", value: '["ACS::ECS::Disk","d-1"]' },
      { kind: "region", service: "", value: "cn-hangzhou" },
    ]);
    expect(usageCells(event("e2", "2026-03-04T05:00:00Z", { sourceIpAddress: null, region: null }))).toEqual([
      { kind: "event", service: "ecs", value: "DescribeInstances" },
    ]);
  });

  it("round-trips resource values whatever characters they hold", () => {
    const resource = { type: 'A::"B"', name: "x\u0000y, [z]" };
    expect(parseResourceValue(resourceValue(resource))).toEqual(resource);
  });

  it("folds events into per-day buckets: calls, failed calls and the newest mark, by time then eventId", () => {
    const events: UsageEvent[] = [
      event("e-b", "2026-03-04T05:00:00Z"),
      event("e-a", "2026-03-04T05:00:00Z", { errorCode: "NoPermission" }),
      event("e-c", "2026-03-04T23:59:59.999Z", { sourceIpAddress: "198.51.100.1" }),
      event("e-d", "2026-03-05T00:00:00Z"),
      event("e-e", "2026-03-04T01:00:00Z", { accessKeyId: "AK2", service: "oss", eventName: "GetObject" }),
    ];
    const cells = byCell(dailyBuckets(events));
    const mark = (id: string, time: string) => `${t(time).toISOString()} ${id}`;
    expect(cells).toEqual({
      "AK1|event|ecs|2026-03-04|DescribeInstances": [3, 1, mark("e-c", "2026-03-04T23:59:59.999Z")],
      "AK1|ip|ecs|2026-03-04|203.0.113.7": [2, 1, mark("e-b", "2026-03-04T05:00:00Z")],
      "AK1|ip|ecs|2026-03-04|198.51.100.1": [1, 0, mark("e-c", "2026-03-04T23:59:59.999Z")],
      "AK1|region||2026-03-04|cn-hangzhou": [3, 1, mark("e-c", "2026-03-04T23:59:59.999Z")],
      "AK1|event|ecs|2026-03-05|DescribeInstances": [1, 0, mark("e-d", "2026-03-05T00:00:00Z")],
      "AK1|ip|ecs|2026-03-05|203.0.113.7": [1, 0, mark("e-d", "2026-03-05T00:00:00Z")],
      "AK1|region||2026-03-05|cn-hangzhou": [1, 0, mark("e-d", "2026-03-05T00:00:00Z")],
      "AK2|event|oss|2026-03-04|GetObject": [1, 0, mark("e-e", "2026-03-04T01:00:00Z")],
      "AK2|ip|oss|2026-03-04|203.0.113.7": [1, 0, mark("e-e", "2026-03-04T01:00:00Z")],
      "AK2|region||2026-03-04|cn-hangzhou": [1, 0, mark("e-e", "2026-03-04T01:00:00Z")],
    });
  });

  it("gives the same buckets however the events are split into batches or ordered", () => {
    const events = Array.from({ length: 60 }, (_, i) =>
      event(`e-${i}`, new Date(Date.UTC(2026, 2, 4) + i * 3_600_000 * 1.7).toISOString(), {
        service: i % 3 ? "ecs" : "oss",
        eventName: i % 4 ? "A" : "B",
        errorCode: i % 5 ? null : "Denied",
        sourceIpAddress: i % 2 ? "10.0.0.1" : "10.0.0.2",
        resources: [{ type: "T", name: `r${i % 6}` }],
      }),
    );
    const once = byCell(dailyBuckets(events));
    const folded = new Map<string, UsageBucket>();
    const reversed = [...events].reverse();
    for (let i = 0; i < reversed.length; i += 7) addToBuckets(folded, reversed.slice(i, i + 7));
    expect(byCell([...folded.values()])).toEqual(once);
  });
});

describe("key totals", () => {
  it("counts every event, takes the owner of the newest, and skips authentication failures for lastUsed", () => {
    const totals = addToTotals(new Map(), [
      event("e1", "2026-03-04T05:00:00Z", { userName: "old", userId: 1 }),
      event("e3", "2026-03-06T05:00:00Z", { userName: "newest", userId: 3, errorCode: "SignatureDoesNotMatch" }),
      event("e0", "2026-03-01T05:00:00Z", { userName: "oldest", userId: 0, errorCode: "NoPermission" }),
      event("e2", "2026-03-05T05:00:00Z", { userName: "middle", userId: 2 }),
    ]);
    expect(totals.get("AK1")).toEqual({
      accessKeyId: "AK1",
      calls: 4,
      failedCalls: 2,
      firstSeen: t("2026-03-01T05:00:00Z"),
      lastSeen: seenMark(t("2026-03-06T05:00:00Z"), "e3"),
      lastUsed: seenMark(t("2026-03-05T05:00:00Z"), "e2"),
      accountId: "1000",
      userName: "newest",
      userId: 3,
    });
  });

  it("leaves lastUsed null when every call was refused at authentication", () => {
    const totals = addToTotals(new Map(), [
      event("e1", "2026-03-04T05:00:00Z", { errorCode: "InvalidAccessKeyId.NotFound" }),
    ]);
    expect(totals.get("AK1")).toMatchObject({ calls: 1, failedCalls: 1, lastUsed: null });
    expect(isAuthenticationFailure("InvalidAccessKeyId.NotFound")).toBe(true);
    expect(isAuthenticationFailure("AccessDenied")).toBe(false);
    expect(isAuthenticationFailure(null)).toBe(false);
  });
});

describe("seen marks and merged rows", () => {
  it("orders marks by time then eventId as plain text and parses them back", () => {
    const early = seenMark(t("2026-03-04T05:00:00Z"), "zzz");
    const late = seenMark(t("2026-03-04T05:00:00.001Z"), "aaa");
    expect(early < late).toBe(true);
    expect(seenMark(t("2026-03-04T05:00:00Z"), "b") > seenMark(t("2026-03-04T05:00:00Z"), "a")).toBe(true);
    expect(parseSeenMark("2026-03-04T05:00:00.000Z id with spaces")).toEqual({
      time: t("2026-03-04T05:00:00Z"),
      eventId: "id with spaces",
    });
  });

  it("sums rows by value, newest last access first, ties by value", () => {
    const m = (time: string, id: string) => seenMark(t(time), id);
    const whole: UsageRow[] = [
      { value: "b", calls: 5, failedCalls: 1, lastSeen: m("2026-03-02T00:00:00Z", "x") },
      { value: "a", calls: 2, failedCalls: 0, lastSeen: m("2026-03-03T00:00:00Z", "x") },
      { value: "b", calls: 1, failedCalls: 1, lastSeen: m("2026-03-01T00:00:00Z", "x") },
    ];
    const edges: UsageRow[] = [
      { value: "b", calls: 3, failedCalls: 0, lastSeen: m("2026-03-05T00:00:00Z", "y") },
      { value: "c", calls: 1, failedCalls: 0, lastSeen: m("2026-03-03T00:00:00Z", "x") },
      { value: "d", calls: 1, failedCalls: 1, lastSeen: m("2026-03-01T00:00:00Z", "x") },
    ];
    const merged = mergeUsageRows(whole, edges);
    expect(merged).toEqual([
      { value: "b", calls: 9, failedCalls: 2, lastSeen: m("2026-03-05T00:00:00Z", "y") },
      { value: "a", calls: 2, failedCalls: 0, lastSeen: m("2026-03-03T00:00:00Z", "x") },
      { value: "c", calls: 1, failedCalls: 0, lastSeen: m("2026-03-03T00:00:00Z", "x") },
      { value: "d", calls: 1, failedCalls: 1, lastSeen: m("2026-03-01T00:00:00Z", "x") },
    ]);
    // Inputs are not modified; the result does not depend on the order of the groups.
    expect(whole[0].calls).toBe(5);
    expect(mergeUsageRows(edges, whole)).toEqual(merged);
    expect(mergeUsageRows()).toEqual([]);
  });
});
