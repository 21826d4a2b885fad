import { describe, expect, it } from "vitest";
import { BUILTIN_POLICIES } from "./builtin-policies";
import type { Condition, FieldCondition } from "./condition";
import { describeCondition, describeThreshold } from "./describe-condition";

const f = (
  field: string,
  op: FieldCondition["op"],
  values: FieldCondition["values"],
  extra: Partial<FieldCondition> = {},
): FieldCondition => ({
  field,
  op,
  values,
  ...extra,
});

describe("describeCondition", () => {
  it("says a condition and its threshold in one line", () => {
    const condition: Condition = {
      all: [
        f("eventName", "equals", ["StopLogging", "DeleteTrail"]),
        { not: f("sourceIpAddress", "inCidr", ["10.0.0.0/8"]) },
      ],
    };
    expect(describeCondition(condition, { count: 5, windowMinutes: 10, per: "user" })).toBe(
      "eventName is one of StopLogging, DeleteTrail and sourceIpAddress not in 10.0.0.0/8; more than 5 in 10 minutes per user",
    );
    expect(describeCondition(condition, null)).toBe(
      "eventName is one of StopLogging, DeleteTrail and sourceIpAddress not in 10.0.0.0/8",
    );
  });

  it.each<[Condition, string, string]>([
    [f("eventName", "equals", ["StopLogging"]), "eventName is StopLogging", "eventName is not StopLogging"],
    [f("errorCode", "equals", [null]), "errorCode is empty", "errorCode is not empty"],
    [
      f("userIdentity.mfaUsed", "equals", [false]),
      "userIdentity.mfaUsed is false",
      "userIdentity.mfaUsed is not false",
    ],
    [f("userAgent", "contains", ["aws-cli"]), "userAgent contains aws-cli", "userAgent does not contain aws-cli"],
    [
      f("userAgent", "contains", ["curl", "python"]),
      "userAgent contains any of curl, python",
      "userAgent does not contain any of curl, python",
    ],
    [
      f("requestParameters", "contains", ["a", "b"], { matchAll: true }),
      "requestParameters contains all of a, b",
      "requestParameters does not contain all of a, b",
    ],
    [f("eventName", "startswith", ["Delete"]), "eventName starts with Delete", "eventName does not start with Delete"],
    [
      f("eventSource", "endswith", [".amazonaws.com"], { caseSensitive: true }),
      "eventSource ends with .amazonaws.com (case-sensitive)",
      "eventSource does not end with .amazonaws.com (case-sensitive)",
    ],
    [
      f("raw.userAgent", "regex", ["^Boto3/", "kali"]),
      "raw.userAgent matches any of /^Boto3//, /kali/",
      "raw.userAgent does not match any of /^Boto3//, /kali/",
    ],
    [
      f("sourceIpAddress", "inCidr", ["10.0.0.0/8", "::1"]),
      "sourceIpAddress in 10.0.0.0/8, ::1",
      "sourceIpAddress not in 10.0.0.0/8, ::1",
    ],
    [f("errorCode", "exists", [true]), "errorCode is present", "errorCode is absent"],
    [f("errorCode", "exists", [false]), "errorCode is absent", "errorCode is present"],
    [
      f("userIdentity.userName", "equalsField", ["requestParameters.userName"]),
      "userIdentity.userName equals field requestParameters.userName",
      "userIdentity.userName does not equal field requestParameters.userName",
    ],
    [
      f("userIdentity.userName", "equalsField", ["a", "b"]),
      "userIdentity.userName equals one of fields a, b",
      "userIdentity.userName does not equal one of fields a, b",
    ],
    [
      f("errorMessage", "equals", ["Failed authentication", "a,b", ""]),
      'errorMessage is one of "Failed authentication", "a,b", ""',
      'errorMessage is not one of "Failed authentication", "a,b", ""',
    ],
    [{ newAccessKeyIp: true }, "AccessKey used from a new source IP", "not (AccessKey used from a new source IP)"],
  ])("%j: positive and negated", (condition, positive, negative) => {
    expect(describeCondition(condition)).toBe(positive);
    expect(describeCondition({ not: condition })).toBe(negative);
  });

  it("groups a list of the other kind in parentheses, and unwraps one-element lists", () => {
    const a = f("eventName", "equals", ["A"]);
    const b = f("service", "equals", ["iam"]);
    const c = f("errorCode", "exists", [false]);
    expect(describeCondition({ all: [a, { any: [b, c] }] })).toBe(
      "eventName is A and (service is iam or errorCode is absent)",
    );
    expect(describeCondition({ any: [a, { all: [b, c] }] })).toBe(
      "eventName is A or (service is iam and errorCode is absent)",
    );
    expect(describeCondition({ any: [{ all: [a, b] }, c] })).toBe(
      "(eventName is A and service is iam) or errorCode is absent",
    );
    expect(describeCondition({ all: [a, { all: [b, c] }] })).toBe(
      "eventName is A and service is iam and errorCode is absent",
    );
    expect(describeCondition({ all: [a, { any: [{ any: [b, c] }] }] })).toBe(
      "eventName is A and (service is iam or errorCode is absent)",
    );
    expect(describeCondition({ all: [{ all: [a] }] })).toBe("eventName is A");
    expect(describeCondition({ not: { all: [a, b] } })).toBe("not (eventName is A and service is iam)");
    expect(describeCondition({ not: { not: a } })).toBe("eventName is A");
  });

  it("lists at most six values", () => {
    const values = Array.from({ length: 20 }, (_, i) => `E${i}`);
    expect(describeCondition(f("eventName", "equals", values))).toBe(
      "eventName is one of E0, E1, E2, E3, E4 and 15 more",
    );
    expect(describeCondition(f("eventName", "equals", values.slice(0, 6)))).toBe(
      "eventName is one of E0, E1, E2, E3, E4, E5",
    );
  });

  it("cuts a very long condition but always shows the threshold", () => {
    const condition: Condition = { any: Array.from({ length: 100 }, (_, i) => f(`field${i}`, "equals", ["x"])) };
    const text = describeCondition(condition, { count: 1, windowMinutes: 60, per: "account" });
    expect(text).toMatch(/^field0 is x or field1 is x or .*…; more than 1 in 1 hour per account$/);
    expect(text.length).toBeLessThanOrEqual(400 + "; more than 1 in 1 hour per account".length);
  });

  it("reads an unknown stored shape as unrecognised instead of failing", () => {
    expect(describeCondition(JSON.parse('{"some":"thing"}'))).toBe("(unrecognised condition)");
    expect(describeCondition(JSON.parse('{"all":[{"field":"eventName","op":"like","values":["x"]}, 5]}'))).toBe(
      "(unrecognised condition) and (unrecognised condition)",
    );
    expect(describeCondition(JSON.parse("null"))).toBe("(unrecognised condition)");
  });

  it("describes the built-ins", () => {
    expect(
      Object.fromEntries(BUILTIN_POLICIES.map((p) => [p.key, describeCondition(p.condition, p.threshold)])),
    ).toEqual({
      "root-signin":
        "eventName is one of ConsoleSignin, ConsoleLogin and errorCode is absent and userIdentity.type is one of Root, root-account",
      "signin-without-mfa": "console sign-in without MFA",
      "privilege-change":
        "errorCode is absent and ((service is one of iam, ram, ims, cam, keytrail and eventName is one of CreateUser, AddUser, CreateAccessKey, " +
        "CreateLoginProfile, UpdateLoginProfile and 14 more) or (service is keytrail and eventName is UpdateUser and " +
        "requestParameters.NewConsoleRole is present) or (service is keytrail and eventName is UpdateGroupMember and requestParameters.IsLead is true))",
      "logging-disabled":
        "errorCode is absent and (eventName is one of StopLogging, DeleteTrail, DeleteAudit, DeleteAuditTrack or (eventName is PutEventSelectors " +
        "and (requestParameters.eventSelectors.includeManagementEvents is false or requestParameters.eventSelectors.includeManagementEvents is absent)) " +
        "or (eventName is one of ModifyAuditTrack, ModifyEventsAuditTrack and requestParameters.Status is 0))",
      "failed-signin-burst":
        "eventName is one of ConsoleSignin, ConsoleLogin and errorCode is present; more than 4 in 10 minutes per user",
      "access-key-new-ip":
        "errorCode is absent and userIdentity.accessKeyId is present and sourceIpAddress is present and AccessKey used from a new source IP",
    });
  });
});

describe("describeThreshold", () => {
  it.each<[number, string]>([
    [1, "1 minute"],
    [10, "10 minutes"],
    [60, "1 hour"],
    [90, "90 minutes"],
    [120, "2 hours"],
    [1440, "1 day"],
    [10_080, "7 days"],
  ])("%i minutes reads %s", (windowMinutes, text) => {
    expect(describeThreshold({ count: 3, windowMinutes, per: "accessKey" })).toBe(
      `more than 3 in ${text} per AccessKey`,
    );
  });
  it("names each group", () => {
    expect(describeThreshold({ count: 1, windowMinutes: 5, per: "sourceIp" })).toBe(
      "more than 1 in 5 minutes per source IP",
    );
  });
});
