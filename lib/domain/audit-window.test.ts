import { describe, expect, it } from "vitest";
import {
  AUDIT_API_PARAMS,
  AUDIT_WINDOWS,
  auditApiParams,
  auditPageParams,
  auditPresetParams,
  isAuditWindowPreset,
  parseAuditWindow,
} from "./audit-window";
import { parseSearchParams, readSearchParams } from "./search-params";

const now = new Date("2026-11-21T12:00:00.000Z");
const DAY = 86_400_000;
const parse = (query: string) => parseAuditWindow(new URLSearchParams(query), now);

describe("parseAuditWindow", () => {
  it("defaults to the last 90 days up to now", () => {
    expect(parse("")).toEqual({
      ok: true,
      value: { from: new Date(now.getTime() - 90 * DAY), to: now, preset: "90d" },
    });
  });

  it("reads every preset as a window ending now", () => {
    const days = { "24h": 1, "7d": 7, "30d": 30, "90d": 90, "180d": 180 };
    for (const preset of AUDIT_WINDOWS) {
      expect(parse(`range=${preset}`)).toEqual({
        ok: true,
        value: {
          from: new Date(now.getTime() - days[preset] * DAY),
          to: now,
          preset,
        },
      });
    }
  });

  it("refuses an unknown preset, and a preset given with from/to, naming range", () => {
    expect(parse("range=1h")).toMatchObject({ ok: false, param: "range" });
    expect(parse("range=7")).toMatchObject({ ok: false, param: "range" });
    expect(parse("range=7d&from=2026-11-01T00:00:00Z")).toMatchObject({ ok: false, param: "range" });
    expect(parse("range=7d&to=2026-11-01T00:00:00Z")).toMatchObject({ ok: false, param: "range" });
  });

  it("reads explicit ISO-8601 from/to with zones, milliseconds and bare dates", () => {
    expect(parse("from=2026-11-01T08:00:00%2B08:00&to=2026-11-02T00:00:00.123Z")).toEqual({
      ok: true,
      value: {
        from: new Date("2026-11-01T00:00:00.000Z"),
        to: new Date("2026-11-02T00:00:00.123Z"),
        preset: null,
      },
    });
    expect(parse("from=2026-11-01&to=2026-11-03")).toEqual({
      ok: true,
      value: {
        from: new Date("2026-11-01T00:00:00.000Z"),
        to: new Date("2026-11-03T00:00:00.000Z"),
        preset: null,
      },
    });
    expect(parse("from=2026-11-01T10:00:00-0130&to=2026-11-02T10:00")).toEqual({
      ok: true,
      value: {
        from: new Date("2026-11-01T11:30:00.000Z"),
        to: new Date("2026-11-02T10:00:00.000Z"),
        preset: null,
      },
    });
  });

  it("takes a time without a zone as UTC, whatever the server's zone", () => {
    expect(parse("from=2026-11-01T10:00:00&to=2026-11-01T11:00:00.5")).toMatchObject({
      ok: true,
      value: {
        from: new Date("2026-11-01T10:00:00.000Z"),
        to: new Date("2026-11-01T11:00:00.500Z"),
      },
    });
  });

  it("fills a missing end: from alone runs to now; to alone starts 90 days before it", () => {
    expect(parse("from=2026-11-01T00:00:00Z")).toEqual({
      ok: true,
      value: {
        from: new Date("2026-11-01T00:00:00Z"),
        to: now,
        preset: null,
      },
    });
    const to = new Date("2026-06-01T00:00:00Z");
    expect(parse("to=2026-06-01T00:00:00Z")).toEqual({
      ok: true,
      value: {
        from: new Date(to.getTime() - 90 * DAY),
        to,
        preset: null,
      },
    });
  });

  it("accepts from equal to to (a single instant)", () => {
    expect(parse("from=2026-11-01T00:00:00Z&to=2026-11-01T00:00:00Z")).toMatchObject({ ok: true });
  });

  it("refuses bad times naming the parameter", () => {
    for (const bad of [
      "yesterday",
      "2026-11-01 10:00",
      "2026-13-01",
      "2026-11-01T25:00:00Z",
      "1730419200",
      "",
      "2026-02-30",
      "2026-04-31T00:00:00Z",
    ]) {
      expect(parse(`from=${encodeURIComponent(bad)}`), bad).toMatchObject({ ok: false, param: "from" });
      expect(parse(`to=${encodeURIComponent(bad)}`), bad).toMatchObject({ ok: false, param: "to" });
    }
  });

  it("refuses from later than to, naming from", () => {
    expect(parse("from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z")).toEqual({
      ok: false,
      param: "from",
      message: "from: must not be later than to",
    });
    expect(parse("from=2026-12-01T00:00:00Z")).toMatchObject({ ok: false, param: "from" });
  });
});

describe("isAuditWindowPreset", () => {
  it("knows the presets and nothing else", () => {
    expect(AUDIT_WINDOWS.every(isAuditWindowPreset)).toBe(true);
    expect(isAuditWindowPreset("1h")).toBe(false);
    expect(isAuditWindowPreset(null)).toBe(false);
  });
});

describe("the audit API's parameters", () => {
  const api = (query: string, allow: readonly string[] = AUDIT_API_PARAMS.list) =>
    parseSearchParams(auditApiParams(now), new URLSearchParams(query), { allow });

  it("reads the window, the page and the page size, with defaults", () => {
    expect(api("")).toEqual({
      ok: true,
      value: { from: new Date(now.getTime() - 90 * DAY), to: now, preset: "90d", page: 1, limit: 100 },
    });
    expect(api("from=2026-11-01T00:00:00Z&page=3&limit=1000")).toEqual({
      ok: true,
      value: { from: new Date("2026-11-01T00:00:00Z"), to: now, preset: null, page: 3, limit: 1000 },
    });
  });

  it("names the bad parameter: the window first, then page, then limit", () => {
    expect(api("page=0")).toEqual({
      ok: false,
      param: "page",
      message: "page: must be a whole number from 1 to 1000000",
    });
    expect(api("limit=1001")).toEqual({
      ok: false,
      param: "limit",
      message: "limit: must be a whole number from 1 to 1000",
    });
    expect(api("limit=x&page=x&to=yesterday")).toEqual({
      ok: false,
      param: "to",
      message: "to: must be an ISO-8601 time, e.g. 2026-11-21T09:00:00Z",
    });
    expect(api("limit=x&page=x")).toMatchObject({ ok: false, param: "page" });
  });

  it("refuses page and limit on a key's audit, range (the page's presets), and anything unknown", () => {
    expect(api("range=7d")).toEqual({ ok: false, param: "range", message: "range: unknown parameter" });
    expect(api("page=2", AUDIT_API_PARAMS.key)).toEqual({
      ok: false,
      param: "page",
      message: "page: unknown parameter",
    });
    expect(api("service=ecs")).toEqual({ ok: false, param: "service", message: "service: unknown parameter" });
  });
});

describe("the audit page's parameters", () => {
  it("reads the preset, default 90 days, and refuses any other value naming range", () => {
    expect(parseSearchParams(auditPresetParams(now), new URLSearchParams("from=x"))).toEqual({
      ok: true,
      value: { range: { from: new Date(now.getTime() - 90 * DAY), to: now, preset: "90d" } },
    });
    expect(parseSearchParams(auditPresetParams(now), new URLSearchParams("range=24h"))).toEqual({
      ok: true,
      value: { range: { from: new Date(now.getTime() - DAY), to: now, preset: "24h" } },
    });
    expect(parseSearchParams(auditPresetParams(now), new URLSearchParams("range="))).toEqual({
      ok: false,
      param: "range",
      message: "range: must be one of 24h, 7d, 30d, 90d, 180d",
    });
  });

  it("reads the view leniently: a bad page is the first", () => {
    const view = (query: string) => readSearchParams(auditPageParams, new URLSearchParams(query));
    expect(view("")).toEqual({ key: "", service: null, list: null, page: 1, event: null });
    expect(view("key=%20LTAI1%20&service=ecs&list=ips&page=3&event=e-1")).toEqual({
      key: "LTAI1",
      service: "ecs",
      list: "ips",
      page: 3,
      event: "e-1",
    });
    expect(view("page=-2").page).toBe(1);
    expect(view("page=1.5").page).toBe(1);
  });
});
