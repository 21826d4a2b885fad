import { describe, expect, it } from "vitest";
import type { Condition } from "./condition";
import {
  MAX_CONDITION_DEPTH,
  MAX_CONDITION_NODES,
  cidrProblem,
  parseCondition,
  parsePolicyDefinition,
  parseThreshold,
} from "./condition-schema";

const field = (values: unknown[], op = "equals", name = "eventName") => ({ field: name, op, values });
const errors = (input: unknown) => {
  const result = parseCondition(input);
  return result.ok ? [] : result.errors;
};

describe("parseCondition", () => {
  it("accepts a nested condition and returns a copy with only the evaluator's keys", () => {
    const condition: Condition = {
      all: [
        { field: "eventSource", op: "endswith", values: [".amazonaws.com"], caseSensitive: true },
        {
          any: [
            { field: "eventName", op: "equals", values: ["StopLogging", "DeleteTrail"] },
            { field: "raw.requestParameters.name", op: "regex", values: ["^prod-"] },
          ],
        },
        {
          not: { field: "sourceIpAddress", op: "inCidr", values: ["10.0.0.0/8", "2001:db8::/32", "192.0.2.1", "::1"] },
        },
        { field: "errorCode", op: "exists", values: [false] },
        { field: "userIdentity.userName", op: "equalsField", values: ["requestParameters.userName"] },
        { field: "requestParameters", op: "contains", values: ["a", "b"], matchAll: true },
        { field: "readOnly", op: "equals", values: [false, null, 0] },
        { newAccessKeyIp: true },
      ],
    };
    const result = parseCondition(JSON.parse(JSON.stringify(condition)));
    expect(result).toEqual({ ok: true, condition });
  });

  it.each<[string, unknown, string[]]>([
    ["not an object", "eventName", ["expected a condition: an object with all, any, not, newAccessKeyIp or field"]],
    [
      "a list at the top",
      [field(["x"])],
      ["expected a condition: an object with all, any, not, newAccessKeyIp or field"],
    ],
    [
      "two kinds in one",
      { all: [field(["x"])], field: "eventName" },
      ['a condition with "all" has no other keys (found all, field)'],
    ],
    ["an empty all", { all: [] }, ["all: all needs at least one condition"]],
    ["an empty any inside", { all: [{ any: [] }] }, ["all[0].any: any needs at least one condition"]],
    ["all that is not a list", { all: field(["x"]) }, ["all: expected a list of conditions"]],
    ["newAccessKeyIp false", { newAccessKeyIp: false }, ["newAccessKeyIp: newAccessKeyIp is true"]],
    ["an unknown key", { ...field(["x"]), negate: true }, ['Unrecognized key: "negate"']],
    [
      "an unknown op",
      field(["x"], "like"),
      ["op: op is one of equals, contains, startswith, endswith, regex, inCidr, exists, equalsField"],
    ],
    ["no values", field([]), ["values: values needs at least one value"]],
    ["an object as a value", field([{ a: 1 }]), ["values[0]: a value is text, a number, true, false or null"]],
    ["an infinite number", field([Infinity]), ["values[0]: a value is text, a number, true, false or null"]],
    [
      "a field name with a space",
      field(["x"], "equals", "event name"),
      ['field: field is letters, digits and _ . - (up to 200), optionally after "raw."'],
    ],
    [
      "a field name too long",
      field(["x"], "equals", `raw.${"a".repeat(201)}`),
      ['field: field is letters, digits and _ . - (up to 200), optionally after "raw."'],
    ],
    ["exists without a boolean", field([1], "exists"), ["values: exists takes values [true] or [false]"]],
    ["exists with two values", field([true, false], "exists"), ["values: exists takes values [true] or [false]"]],
    ["equalsField naming no field", field(["a b"], "equalsField"), ['values[0]: "a b" is not a field name']],
    [
      "a regex that does not compile",
      field(["(unclosed"], "regex"),
      [
        'values[0]: "(unclosed" is not a valid regular expression (Invalid regular expression: /(unclosed/u: Unterminated group)',
      ],
    ],
    // The evaluator compiles in Unicode mode, where a needless escape is an error: refused here, not silently false there.
    [
      "a regex only valid outside Unicode mode",
      field(["a\\-b"], "regex"),
      ['values[0]: "a\\\\-b" is not a valid regular expression (Invalid regular expression: /a\\-b/u: Invalid escape)'],
    ],
    ["a regex that is a number", field([5], "regex"), ["values[0]: 5 is not a regular expression (text)"]],
    [
      "a prefix too long",
      field(["10.0.0.0/33"], "inCidr", "sourceIpAddress"),
      ['values[0]: "10.0.0.0/33" is not an IPv4/IPv6 address or CIDR block (prefix length 0-32)'],
    ],
    [
      "bad networks, each named",
      { not: field(["10.0.0.0/8", "10.0.0.0/", "10.1.0.0/8/9", "office", 10], "inCidr", "sourceIpAddress") },
      [
        'not.values[1]: "10.0.0.0/" is not an IPv4/IPv6 address or CIDR block (prefix length 0-32)',
        'not.values[2]: "10.1.0.0/8/9" is not an IPv4/IPv6 address or CIDR block',
        'not.values[3]: "office" is not an IPv4/IPv6 address or CIDR block',
        "not.values[4]: 10 is not an IPv4/IPv6 address or CIDR block",
      ],
    ],
    [
      "several places at once",
      { any: [field([], "equals", "a b"), { not: { newAccessKeyIp: 1 } }] },
      [
        'any[0].field: field is letters, digits and _ . - (up to 200), optionally after "raw."',
        "any[0].values: values needs at least one value",
        "any[1].not.newAccessKeyIp: newAccessKeyIp is true",
      ],
    ],
  ])("refuses %s", (_, input, expected) => {
    expect(errors(input)).toEqual(expected);
  });

  it(`allows ${MAX_CONDITION_DEPTH} levels of nesting, not more`, () => {
    const nested = (levels: number): unknown => (levels === 1 ? field(["x"]) : { not: nested(levels - 1) });
    expect(parseCondition(nested(MAX_CONDITION_DEPTH)).ok).toBe(true);
    expect(errors(nested(MAX_CONDITION_DEPTH + 1))).toEqual([
      `${"not.".repeat(MAX_CONDITION_DEPTH).slice(0, -1)}: conditions nest at most 10 levels deep`,
    ]);
  });

  it("stops at the depth limit without recursing through a hostile tree", () => {
    let deep: unknown = field(["x"]);
    for (let i = 0; i < 100_000; i++) deep = { all: [deep] };
    expect(errors(deep)).toHaveLength(1);
  });

  it(`allows ${MAX_CONDITION_NODES} conditions, not more, and says so once`, () => {
    const wide = (n: number) => ({ any: Array.from({ length: n - 1 }, (_, i) => field([`E${i}`])) });
    expect(parseCondition(wide(MAX_CONDITION_NODES)).ok).toBe(true);
    expect(errors(wide(MAX_CONDITION_NODES + 1))).toEqual(["a policy has at most 200 conditions"]);
    expect(errors(wide(100_000))).toEqual(["a policy has at most 200 conditions"]);
  });

  it("allows 500 values in one field condition, not more; values up to 4096 characters", () => {
    const values = (n: number) => Array.from({ length: n }, (_, i) => `Event${i}`);
    expect(parseCondition(field(values(500))).ok).toBe(true);
    expect(errors(field(values(501)))).toEqual(["values: values holds at most 500 values"]);
    expect(parseCondition(field(["x".repeat(4096)])).ok).toBe(true);
    expect(errors(field(["x".repeat(4097)]))).toEqual(["values[0]: a value is at most 4096 characters"]);
  });
});

describe("cidrProblem", () => {
  it.each(["10.0.0.0/8", "0.0.0.0/0", "192.0.2.1", "192.0.2.1/32", "2001:db8::/32", "::/0", "::1", "2001:db8::1/128"])(
    "accepts %s",
    (value) => {
      expect(cidrProblem(value)).toBeNull();
    },
  );
  it.each([
    "10.0.0.0/33",
    "2001:db8::/129",
    "10.0.0.0/",
    "10.0.0.0/1e1",
    "10.0.0.0/ 8",
    " 10.0.0.1",
    "10.0.0",
    "fe80::1%eth0",
    "",
    "10.0.0.0/8/8",
  ])("refuses %j", (value) => {
    expect(cidrProblem(value)).toMatch(/is not an IPv4\/IPv6 address or CIDR block/);
  });
});

describe("parseThreshold", () => {
  it("accepts none, and a whole count and window with a known group", () => {
    expect(parseThreshold(null)).toEqual({ ok: true, threshold: null });
    expect(parseThreshold({ count: 5, windowMinutes: 10, per: "sourceIp" })).toEqual({
      ok: true,
      threshold: { count: 5, windowMinutes: 10, per: "sourceIp" },
    });
    expect(parseThreshold({ count: 100_000, windowMinutes: 10_080, per: "account" }).ok).toBe(true);
  });

  it.each<[unknown, string[]]>([
    [{ count: 0, windowMinutes: 10, per: "user" }, ["count: count is at least 1"]],
    [{ count: 1.5, windowMinutes: 10, per: "user" }, ["count: count is a whole number"]],
    [{ count: 100_001, windowMinutes: 10, per: "user" }, ["count: count is at most 100000"]],
    [{ count: "5", windowMinutes: 10, per: "user" }, ["count: count is a number"]],
    [{ count: 5, windowMinutes: 10_081, per: "user" }, ["windowMinutes: windowMinutes is at most 10080 (one week)"]],
    [{ count: 5, windowMinutes: 0, per: "user" }, ["windowMinutes: windowMinutes is at least 1"]],
    [{ count: 5, windowMinutes: 10, per: "team" }, ["per: per is one of user, sourceIp, accessKey, account"]],
    [{ count: 5, windowMinutes: 10, per: "user", perhaps: 1 }, ['Unrecognized key: "perhaps"']],
  ])("refuses %j", (input, expected) => {
    expect(parseThreshold(input)).toEqual({ ok: false, errors: expected });
  });
});

describe("parsePolicyDefinition", () => {
  const definition = {
    name: "  Trail stopped ",
    description: "",
    severity: "high",
    condition: field(["StopLogging"]),
    threshold: null,
  };

  it("accepts a definition, trimming the name", () => {
    expect(parsePolicyDefinition(definition)).toEqual({
      ok: true,
      definition: { ...definition, name: "Trail stopped" },
    });
  });

  it("names every bad part", () => {
    expect(
      parsePolicyDefinition({
        ...definition,
        name: " ",
        severity: "urgent",
        condition: { all: [] },
        threshold: { count: 0, windowMinutes: 10, per: "user" },
      }),
    ).toEqual({
      ok: false,
      errors: [
        "name: name is empty",
        "severity: severity is one of low, medium, high, critical",
        "condition.all: all needs at least one condition",
        "threshold.count: count is at least 1",
      ],
    });
  });
});
