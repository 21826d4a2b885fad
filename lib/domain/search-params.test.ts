import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  failure,
  hrefOf,
  invalid,
  param,
  parseSearchParams,
  queryFromForm,
  readSearchParams,
  rule,
} from "./search-params";

const q = (query: string) => new URLSearchParams(query);

describe("param readers", () => {
  const schema = z.object({
    list: param.list(),
    last: param.last(),
    first: param.first(),
    firstTrimmed: param.firstTrimmed(),
  });

  it("read absent parameters as empty or null", () => {
    expect(readSearchParams(schema, q(""))).toEqual({ list: [], last: null, first: null, firstTrimmed: null });
  });

  it("split, trim and de-duplicate a list; take the last non-blank or the first value", () => {
    expect(
      readSearchParams(
        schema,
        q("list=a,%20b&list=b&list=&last=x&last=%20y%20&last=&first=&first=z&firstTrimmed=%20w%20"),
      ),
    ).toEqual({ list: ["a", "b"], last: "y", first: "", firstTrimmed: "w" });
    expect(readSearchParams(schema, q("firstTrimmed=%20"))).toMatchObject({ firstTrimmed: null });
  });

  it("reads a parameter named like an Object.prototype member as that parameter, and its absence as absent", () => {
    const proto = z.object({ toString: param.first(), constructor: param.list() });
    expect(parseSearchParams(proto, q("toString=a"))).toEqual({ ok: true, value: { toString: "a", constructor: [] } });
    expect(parseSearchParams(proto, q("__proto__=x"))).toEqual({
      ok: true,
      value: { toString: null, constructor: [] },
    });
  });
});

describe("parseSearchParams", () => {
  const schema = z
    .object({
      n: param
        .first()
        .transform(rule((t: string | null) => (t === null || /^\d+$/.test(t) ? t : invalid("must be digits")))),
      low: param.first(),
      high: param.first(),
    })
    .transform(
      rule(({ low, high }) => (low && high && low > high ? invalid("must not be above high", "low") : { low, high })),
    );

  it("returns the value", () => {
    expect(parseSearchParams(schema, q("low=1&high=2&other=x"))).toEqual({ ok: true, value: { low: "1", high: "2" } });
  });

  it("names the parameter of the first bad value, field rules before rules over several parameters", () => {
    expect(parseSearchParams(schema, q("n=x"))).toEqual({ ok: false, param: "n", message: "n: must be digits" });
    expect(parseSearchParams(schema, q("low=3&high=2"))).toEqual({
      ok: false,
      param: "low",
      message: "low: must not be above high",
    });
    expect(parseSearchParams(schema, q("low=3&high=2&n=x"))).toMatchObject({ param: "n" });
  });

  it("refuses parameters outside `allow`, the first unknown one named", () => {
    expect(parseSearchParams(schema, q("n=1&colour=red&size=2"), { allow: ["n", "low", "high"] })).toEqual({
      ok: false,
      param: "colour",
      message: "colour: unknown parameter",
    });
  });

  it("readSearchParams throws when a schema refuses", () => {
    expect(() => readSearchParams(schema, q("n=x"))).toThrow("n: must be digits");
  });

  it("words a refusal as param: message", () => {
    expect(failure("limit", "too big")).toEqual({ ok: false, param: "limit", message: "limit: too big" });
  });
});

describe("queryFromForm", () => {
  it("keeps non-blank fields, trimmed, in order, and leaves defaults out", () => {
    const fields: [string, unknown][] = [
      ["userName", " alice "],
      ["range", "7d"],
      ["eventName", ""],
      ["userName", "bob"],
      ["file", { name: "x" }],
      ["order", "asc"],
    ];
    expect(queryFromForm(fields, { range: "7d", order: "desc" }).toString()).toBe(
      "userName=alice&userName=bob&order=asc",
    );
    expect(queryFromForm([["range", "24h"]], { range: "7d" }).toString()).toBe("range=24h");
    expect(queryFromForm([["toString", "x"]], {}).toString()).toBe("toString=x");
  });

  it("hrefOf leaves an empty query out", () => {
    expect(hrefOf("/users", new URLSearchParams())).toBe("/users");
    expect(hrefOf("/users", new URLSearchParams("type=Root"))).toBe("/users?type=Root");
  });
});
