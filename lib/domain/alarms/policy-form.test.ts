import { describe, expect, it } from "vitest";
import { BUILTIN_POLICIES, SIGNIN_WITHOUT_MFA_CONDITION } from "./builtin-policies";
import type { AlarmPolicyDefinition } from "./policy";
import { parsePolicyForm, policyFormValues, splitList } from "./policy-form";

const base = { name: "Trail tampering", description: "Someone touched a trail", severity: "high" };

function definition(form: Record<string, string>): AlarmPolicyDefinition {
  const result = parsePolicyForm(form);
  if (!result.ok) throw new Error(JSON.stringify(result.errors));
  return result.definition;
}
function errorsOf(form: Record<string, string>) {
  const result = parsePolicyForm(form);
  return result.ok ? {} : result.errors;
}

describe("splitList", () => {
  it("splits on commas and line breaks, trims, drops blanks and repeats", () => {
    expect(splitList(" StopLogging,DeleteTrail\r\n\nPutEventSelectors ,, StopLogging ")).toEqual([
      "StopLogging",
      "DeleteTrail",
      "PutEventSelectors",
    ]);
    expect(splitList(undefined)).toEqual([]);
  });
});

describe("parsePolicyForm", () => {
  it("turns every field into one condition, all of which must hold", () => {
    expect(
      definition({
        ...base,
        eventNames: "StopLogging, DeleteTrail\nPutEventSelectors",
        services: "cloudtrail, actiontrail.aliyuncs.com",
        userTypes: "IAMUser, ram-user",
        errorCodes: "AccessDenied",
        sourceIpNotIn: "10.0.0.0/8, 2001:db8::/32, 192.0.2.7",
        sensitiveOnly: "on",
        readOnly: "write",
        thresholdCount: "5",
        thresholdWindowMinutes: "10",
        thresholdPer: "sourceIp",
      }),
    ).toEqual({
      ...base,
      condition: {
        all: [
          { field: "eventName", op: "equals", values: ["StopLogging", "DeleteTrail", "PutEventSelectors"] },
          {
            any: [
              { field: "service", op: "equals", values: ["cloudtrail"] },
              { field: "eventSource", op: "equals", values: ["actiontrail.aliyuncs.com"] },
            ],
          },
          { field: "userIdentity.type", op: "equals", values: ["IAMUser", "ram-user"] },
          { field: "errorCode", op: "equals", values: ["AccessDenied"] },
          { not: { field: "sourceIpAddress", op: "inCidr", values: ["10.0.0.0/8", "2001:db8::/32", "192.0.2.7"] } },
          { field: "sensitive", op: "equals", values: [true] },
          { field: "readOnly", op: "equals", values: [false] },
        ],
      },
      threshold: { count: 5, windowMinutes: 10, per: "sourceIp" },
    });
  });

  it("one condition stands alone; no N and M means no threshold whatever 'per' says", () => {
    expect(definition({ ...base, services: "iam", thresholdPer: "user" })).toEqual({
      ...base,
      condition: { field: "service", op: "equals", values: ["iam"] },
      threshold: null,
    });
  });

  it('"any" (or "*") error code is every failed call; reads are readOnly true', () => {
    expect(definition({ ...base, errorCodes: " Any ", readOnly: "read" }).condition).toEqual({
      all: [
        { field: "errorCode", op: "exists", values: [true] },
        { field: "readOnly", op: "equals", values: [true] },
      ],
    });
    expect(definition({ ...base, errorCodes: "*" }).condition).toEqual({
      field: "errorCode",
      op: "exists",
      values: [true],
    });
  });

  it("console sign-in without MFA is the built-in's condition; a threshold's per defaults to user", () => {
    expect(
      definition({
        ...base,
        consoleSigninWithoutMfa: "on",
        userTypes: "Root",
        thresholdCount: "3",
        thresholdWindowMinutes: "60",
      }),
    ).toEqual({
      ...base,
      condition: {
        all: [{ field: "userIdentity.type", op: "equals", values: ["Root"] }, SIGNIN_WITHOUT_MFA_CONDITION],
      },
      threshold: { count: 3, windowMinutes: 60, per: "user" },
    });
  });

  it("trims name and description, accepts a capitalised severity", () => {
    expect(definition({ name: "  x ", description: " d ", severity: "Critical", eventNames: "a" })).toMatchObject({
      name: "x",
      description: "d",
      severity: "critical",
    });
  });

  it.each<[string, Record<string, string>, Record<string, string>]>([
    [
      "an empty form",
      {},
      {
        name: "Give the policy a name.",
        severity: "Choose low, medium, high, critical.",
        eventNames:
          "Give at least one condition: event names, services, user types, error codes, source IPs, read or write, sensitive operations or console sign-in without MFA.",
      },
    ],
    [
      "an unknown severity",
      { ...base, severity: "urgent", eventNames: "x" },
      { severity: 'Unknown severity "urgent": choose low, medium, high, critical.' },
    ],
    ["a name too long", { ...base, name: "n".repeat(101), eventNames: "x" }, { name: "At most 100 characters." }],
    [
      "a description too long",
      { ...base, description: "d".repeat(1001), eventNames: "x" },
      { description: "At most 1000 characters." },
    ],
    [
      "only a threshold",
      { ...base, thresholdCount: "5", thresholdWindowMinutes: "10" },
      {
        eventNames:
          "Give at least one condition: event names, services, user types, error codes, source IPs, read or write, sensitive operations or console sign-in without MFA.",
      },
    ],
    [
      "bad networks, each named",
      { ...base, sourceIpNotIn: "10.0.0.0/8, 10.0.0.0/33, office, 300.1.1.1" },
      {
        sourceIpNotIn:
          'Not an IP address or CIDR block: "10.0.0.0/33", "office", "300.1.1.1" (e.g. 10.0.0.0/8, 2001:db8::/32).',
      },
    ],
    [
      '"any" with other codes',
      { ...base, errorCodes: "AccessDenied, any" },
      { errorCodes: '"any" stands alone: it already matches every error code.' },
    ],
    [
      "without MFA and error codes",
      { ...base, consoleSigninWithoutMfa: "on", errorCodes: "InvalidCredentials" },
      { errorCodes: "Console sign-in without MFA matches successful sign-ins only: leave error codes empty." },
    ],
    ["an unknown read/write choice", { ...base, readOnly: "both" }, { readOnly: "Choose any, read or write." }],
    [
      "501 event names",
      { ...base, eventNames: Array.from({ length: 501 }, (_, i) => `E${i}`).join(",") },
      { eventNames: "At most 500 values." },
    ],
    [
      "a value too long",
      { ...base, userTypes: "u".repeat(257) },
      { userTypes: `A value is at most 256 characters: "${"u".repeat(20)}...".` },
    ],
    [
      "a zero count",
      { ...base, eventNames: "x", thresholdCount: "0", thresholdWindowMinutes: "10" },
      { thresholdCount: "A whole number from 1 to 100000." },
    ],
    [
      "a fractional count",
      { ...base, eventNames: "x", thresholdCount: "1.5", thresholdWindowMinutes: "10" },
      { thresholdCount: "A whole number from 1 to 100000." },
    ],
    [
      "a count too big",
      { ...base, eventNames: "x", thresholdCount: "100001", thresholdWindowMinutes: "10" },
      { thresholdCount: "A whole number from 1 to 100000." },
    ],
    [
      "a window over a week, and a negative count",
      { ...base, eventNames: "x", thresholdCount: "-5", thresholdWindowMinutes: "10081" },
      {
        thresholdCount: "A whole number from 1 to 100000.",
        thresholdWindowMinutes: "A whole number of minutes from 1 to 10080.",
      },
    ],
    [
      "N without M",
      { ...base, eventNames: "x", thresholdCount: "5" },
      { thresholdWindowMinutes: "Give both N and M, or neither." },
    ],
    [
      "an unknown group",
      { ...base, eventNames: "x", thresholdCount: "5", thresholdWindowMinutes: "10", thresholdPer: "team" },
      { thresholdPer: "Choose user, sourceIp, accessKey, account." },
    ],
  ])("refuses %s, field by field", (_, form, expected) => {
    expect(errorsOf(form)).toEqual(expected);
  });

  it("a refused condition field does not also claim the policy has no condition", () => {
    expect(errorsOf({ ...base, sourceIpNotIn: "office" })).toEqual({
      sourceIpNotIn: 'Not an IP address or CIDR block: "office" (e.g. 10.0.0.0/8, 2001:db8::/32).',
    });
  });
});

describe("policyFormValues", () => {
  const forms: Record<string, string>[] = [
    { ...base, eventNames: "StopLogging, DeleteTrail" },
    {
      ...base,
      services: "iam, ram, iam.amazonaws.com",
      userTypes: "Root",
      thresholdCount: "5",
      thresholdWindowMinutes: "10",
      thresholdPer: "account",
    },
    { ...base, services: "ecs.aliyuncs.com", errorCodes: "any", sensitiveOnly: "on", readOnly: "read" },
    { ...base, errorCodes: "AccessDenied, Client.UnauthorizedOperation", sourceIpNotIn: "10.0.0.0/8, ::1" },
    { ...base, consoleSigninWithoutMfa: "on" },
    { ...base, consoleSigninWithoutMfa: "on", userTypes: "Root", readOnly: "write" },
  ];

  it.each(forms)("gives back a form that makes the same policy: %j", (form) => {
    const made = definition(form);
    const values = policyFormValues(made);
    expect(values).not.toBeNull();
    expect(definition(values!)).toEqual(made);
  });

  it("fills every field, with the form's own spellings", () => {
    expect(policyFormValues(definition(forms[2]))).toEqual({
      ...base,
      eventNames: "",
      services: "ecs.aliyuncs.com",
      userTypes: "",
      errorCodes: "any",
      sourceIpNotIn: "",
      sensitiveOnly: "on",
      readOnly: "read",
      consoleSigninWithoutMfa: "",
      thresholdCount: "",
      thresholdWindowMinutes: "",
      thresholdPer: "user",
    });
  });

  it("is null for a condition the form cannot write", () => {
    const policy = (condition: AlarmPolicyDefinition["condition"]) => ({
      ...base,
      severity: "high" as const,
      condition,
      threshold: null,
    });
    const eventNames = { field: "eventName", op: "equals" as const, values: ["A"] };
    for (const condition of [
      { field: "eventName", op: "startswith" as const, values: ["Delete"] },
      { field: "eventName", op: "equals" as const, values: ["A"], caseSensitive: true },
      { field: "raw.additionalEventData.MFAUsed", op: "equals" as const, values: ["No"] },
      { field: "eventName", op: "equals" as const, values: ["A, B"] }, // would split in two
      { field: "errorCode", op: "equals" as const, values: ["any"] }, // would read as "any error"
      { field: "service", op: "equals" as const, values: ["iam.amazonaws.com"] }, // would read as an event source
      { field: "sensitive", op: "equals" as const, values: [false] },
      { all: [eventNames, eventNames] },
      { any: [eventNames, { field: "service", op: "equals" as const, values: ["iam"] }] },
      { not: eventNames },
      { not: { field: "sourceIpAddress", op: "inCidr" as const, values: ["10.0.0.0/33"] } },
      { newAccessKeyIp: true as const },
    ]) {
      expect(policyFormValues(policy(condition))).toBeNull();
    }
  });

  it("of the built-ins, the form writes the sign-in without MFA and the failed sign-in burst", () => {
    const expressible = BUILTIN_POLICIES.filter((p) => policyFormValues(p) !== null);
    expect(expressible.map((p) => p.key)).toEqual(["signin-without-mfa", "failed-signin-burst"]);
    expect(policyFormValues(expressible[0])).toMatchObject({
      consoleSigninWithoutMfa: "on",
      eventNames: "",
      errorCodes: "",
    });
    expect(policyFormValues(expressible[1])).toMatchObject({
      eventNames: "ConsoleSignin, ConsoleLogin",
      errorCodes: "any",
      thresholdCount: "4",
      thresholdWindowMinutes: "10",
      thresholdPer: "user",
    });
    for (const policy of expressible) {
      const { name, description, severity, condition, threshold } = policy;
      expect(definition(policyFormValues(policy)!)).toEqual({ name, description, severity, condition, threshold });
    }
  });
});
