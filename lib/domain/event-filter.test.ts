import { describe, expect, it } from "vitest";
import { EVENT_FILTER_PARAMS, eventFilterParams, explorerViewParams, parseEventFilter } from "./event-filter";
import { parseSearchParams, readSearchParams } from "./search-params";
import { encodeCursor } from "./keyset-cursor";

const now = new Date("2026-11-21T12:00:00.000Z");
const parse = (query: string, options: Partial<Parameters<typeof parseEventFilter>[1]> = {}) =>
  parseEventFilter(new URLSearchParams(query), { now, ...options });

describe("parseEventFilter", () => {
  it("defaults to the last 7 days, newest first, 50 a page", () => {
    const result = parse("");
    expect(result).toMatchObject({
      ok: true,
      value: {
        from: new Date("2026-11-14T12:00:00.000Z"),
        to: now,
        range: "7d",
        order: "desc",
        limit: 50,
        cursor: null,
        userName: [],
        sensitive: false,
        readOnly: null,
        result: null,
        q: null,
      },
    });
  });

  it("reads every filter; repeated and comma-separated values are OR'ed and de-duplicated", () => {
    const result = parse(
      "userName=alice,bob&userName=bob&eventName=CreateUser&service=ram&eventType=consolesignin&readOnly=false&result=failed" +
        "&errorCode=NoPermission&sensitive=true&accessKeyId=LTAI1&sourceIp=10.0.0.0/8&sourceIp=203.0.113.9&region=cn-hangzhou" +
        "&resourceType=ACS::ECS::Instance&resourceName=i-1&requestId=r-1&eventId=e-1&accountId=123&principalType=SubUser&q=bucket&order=asc&limit=200&range=90d",
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value).toMatchObject({
      userName: ["alice", "bob"],
      eventName: ["CreateUser"],
      service: ["ram"],
      eventType: ["ConsoleSignin"],
      readOnly: false,
      result: "failed",
      errorCode: ["NoPermission"],
      sensitive: true,
      accessKeyId: ["LTAI1"],
      sourceIp: [{ prefixes: ["10."] }, { exact: ["203.0.113.9"] }],
      region: ["cn-hangzhou"],
      resourceType: ["ACS::ECS::Instance"],
      resourceName: ["i-1"],
      requestId: ["r-1"],
      eventId: ["e-1"],
      accountId: ["123"],
      principalType: ["SubUser"],
      q: "bucket",
      order: "asc",
      limit: 200,
      range: "90d",
      from: new Date("2026-08-23T12:00:00.000Z"),
    });
  });

  it("takes a custom range, a bare form date-time as UTC", () => {
    expect(parse("from=2026-11-01T08:00&to=2026-11-02T00:00:00%2B08:00")).toMatchObject({
      ok: true,
      value: { range: "custom", from: new Date("2026-11-01T08:00:00.000Z"), to: new Date("2026-11-01T16:00:00.000Z") },
    });
  });

  it("lets an explicit preset win over leftover custom dates", () => {
    expect(parse("range=24h&from=2026-01-01T00:00Z")).toMatchObject({
      ok: true,
      value: { range: "24h", from: new Date("2026-11-20T12:00:00.000Z") },
    });
    expect(parse("range=custom&from=2026-11-01T00:00Z")).toMatchObject({
      ok: true,
      value: { range: "custom", from: new Date("2026-11-01T00:00:00.000Z"), to: now },
    });
  });

  it("round-trips a cursor", () => {
    const cursor = { eventTime: new Date("2026-11-20T01:02:03.004Z"), eventId: "e|1", direction: "before" as const };
    expect(parse(`cursor=${encodeCursor(cursor)}`)).toMatchObject({ ok: true, value: { cursor } });
  });

  it("names the parameter of every bad value", () => {
    expect(parse("readOnly=yes")).toEqual({ ok: false, param: "readOnly", message: "readOnly: must be true or false" });
    expect(parse("result=ok")).toMatchObject({ ok: false, param: "result" });
    expect(parse("order=up")).toMatchObject({ ok: false, param: "order" });
    expect(parse("limit=1001", { maxLimit: 1000 })).toEqual({
      ok: false,
      param: "limit",
      message: "limit: must be a whole number from 1 to 1000",
    });
    expect(parse("limit=201")).toMatchObject({ ok: false, param: "limit" });
    expect(parse("range=2w")).toMatchObject({ ok: false, param: "range" });
    expect(parse("from=yesterday")).toMatchObject({ ok: false, param: "from" });
    expect(parse("from=2026-11-03T00:00Z&to=2026-11-02T00:00Z")).toEqual({
      ok: false,
      param: "from",
      message: "from: must not be after to",
    });
    expect(parse("cursor=!!")).toMatchObject({ ok: false, param: "cursor" });
    expect(parse("cursor=" + Buffer.from("x|y").toString("base64url"))).toMatchObject({ ok: false, param: "cursor" });
    expect(parse("sourceIp=somewhere")).toMatchObject({ ok: false, param: "sourceIp" });
    expect(parse("eventType=Login")).toMatchObject({ ok: false, param: "eventType" });
    expect(parse("colour=red")).toEqual({ ok: false, param: "colour", message: "colour: unknown parameter" });
    expect(parse("colour=red", { allowUnknown: true }).ok).toBe(true);
    expect(parse("event=e-1&utc=1").ok).toBe(true);
  });
});

describe("the filter's schema as the query API reads it", () => {
  const api = (query: string) =>
    parseSearchParams(eventFilterParams({ now, maxLimit: 1000, defaultLimit: 100 }), new URLSearchParams(query), {
      allow: EVENT_FILTER_PARAMS,
    });

  it("defaults to 100 a page and refuses the explorer's view parameters", () => {
    expect(api("")).toMatchObject({ ok: true, value: { limit: 100, range: "7d" } });
    expect(api("event=e-1")).toEqual({ ok: false, param: "event", message: "event: unknown parameter" });
    expect(api("limit=1000&columns=a")).toEqual({ ok: false, param: "columns", message: "columns: unknown parameter" });
  });
});

describe("the explorer's view parameters", () => {
  it("read the open event and the UTC switch", () => {
    const view = (query: string) => readSearchParams(explorerViewParams, new URLSearchParams(query));
    expect(view("")).toEqual({ event: null, utc: false });
    expect(view("event=e-1&utc=1&userName=a")).toEqual({ event: "e-1", utc: true });
    expect(view("utc=true")).toEqual({ event: null, utc: false });
  });
});
