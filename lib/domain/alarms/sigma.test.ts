// Sigma import, one feature at a time: each rule is parsed, then evaluated on CloudTrail records that go through the
// real normaliser, so a test checks what an administrator would see fire, not only the shape of the condition.
import { describe, expect, it } from "vitest";
import { normaliseCloudTrail } from "@/lib/domain/normalise/cloudtrail";
import { AlarmSubject, matches } from "./condition";
import { parseSigmaRule, SIGMA_MAX_BYTES, type SigmaPolicy } from "./sigma";

const indent = (text: string) =>
  text
    .trim()
    .split("\n")
    .map((line) => `    ${line}`)
    .join("\n");

/** A complete rule around a detection section (written without its indentation). */
function ruleText(detection: string, header = "level: medium"): string {
  return `title: Test rule
id: 6a1c7a0e-3c7b-4b8e-9d1e-000000000001
status: test
description: A rule written for a unit test
author: Keytrail tests
references:
    - https://example.test/rule
${header}
logsource:
    product: aws
    service: cloudtrail
detection:
${indent(detection)}
`;
}

function parsed(text: string): SigmaPolicy {
  const result = parseSigmaRule(text);
  if (!result.ok) throw new Error(`refused: ${result.error}`);
  return result.rule;
}
const rule = (detection: string) => parsed(ruleText(detection));

function refusal(text: string): string {
  const result = parseSigmaRule(text);
  if (result.ok) throw new Error(`accepted: ${JSON.stringify(result.rule.definition.condition)}`);
  return result.error;
}
const refusalOf = (detection: string) => refusal(ruleText(detection));

/** Whether the rule fires on a CloudTrail record (defaults filled in), through normaliser and evaluator. */
function fires(policy: SigmaPolicy, fields: Record<string, unknown>): boolean {
  const record = {
    eventVersion: "1.08",
    eventID: "11111111-2222-3333-4444-555555555555",
    eventTime: "2024-05-01T10:00:00Z",
    eventSource: "iam.amazonaws.com",
    eventName: "CreateUser",
    awsRegion: "us-east-1",
    sourceIPAddress: "198.51.100.7",
    userAgent: "aws-cli/2.15.0",
    userIdentity: { type: "IAMUser", userName: "alice", arn: "arn:aws:iam::123456789012:user/alice" },
    ...fields,
  };
  const result = normaliseCloudTrail(record, JSON.stringify(record));
  if (!result.ok) throw new Error(result.reason);
  return matches(policy.definition.condition, new AlarmSubject(result.event));
}

describe("rule metadata", () => {
  it("keeps id, title, attribution (DRL 1.1), status and tags, and builds the policy definition", () => {
    const policy = parsed(
      ruleText(
        `
selection:
    eventName: StopLogging
condition: selection`,
        "level: high\ntags:\n    - attack.defense-evasion\n    - attack.t1562.008\ndate: 2020-01-21\nmodified: 2022-10-09",
      ),
    );
    expect(policy).toEqual({
      sigmaId: "6a1c7a0e-3c7b-4b8e-9d1e-000000000001",
      title: "Test rule",
      description: "A rule written for a unit test",
      author: "Keytrail tests",
      references: ["https://example.test/rule"],
      level: "high",
      status: "test",
      tags: ["attack.defense-evasion", "attack.t1562.008"],
      definition: {
        name: "Test rule",
        description: "A rule written for a unit test",
        severity: "high",
        condition: { field: "raw.eventName", op: "equals", values: ["StopLogging"] },
        threshold: null,
      },
    });
  });

  it.each([
    ["informational", "low"],
    ["low", "low"],
    ["medium", "medium"],
    ["high", "high"],
    ["critical", "critical"],
  ])("maps level %s to severity %s", (level, severity) => {
    const policy = parsed(ruleText("selection:\n    eventName: x\ncondition: selection", `level: ${level}`));
    expect(policy.level).toBe(level);
    expect(policy.definition.severity).toBe(severity);
  });

  it("gives a rule without a level the severity medium, and refuses an unknown level", () => {
    const policy = parsed(ruleText("selection:\n    eventName: x\ncondition: selection", ""));
    expect(policy.level).toBeNull();
    expect(policy.definition.severity).toBe("medium");
    expect(refusal(ruleText("selection:\n    eventName: x\ncondition: selection", "level: urgent"))).toBe(
      'level "urgent" is not one of informational, low, medium, high, critical',
    );
  });

  it("keeps dates and hexadecimal-looking values as text", () => {
    const policy = rule(`
selection:
    requestParameters.flags: 0x10
    requestParameters.day: 2020-01-21
condition: selection`);
    expect(policy.definition.condition).toEqual({
      all: [
        { field: "raw.requestParameters.flags", op: "equals", values: ["0x10"] },
        { field: "raw.requestParameters.day", op: "equals", values: ["2020-01-21"] },
      ],
    });
    expect(fires(policy, { requestParameters: { flags: "0x10", day: "2020-01-21" } })).toBe(true);
    expect(fires(policy, { requestParameters: { flags: 16, day: "2020-01-21" } })).toBe(false);
  });
});

describe("selections", () => {
  it("fields of a map are AND-ed, values of a list OR-ed, a Sigma field addresses the raw record", () => {
    const policy = rule(`
selection:
    eventSource: cloudtrail.amazonaws.com
    eventName:
        - StopLogging
        - DeleteTrail
condition: selection`);
    expect(fires(policy, { eventSource: "cloudtrail.amazonaws.com", eventName: "StopLogging" })).toBe(true);
    expect(fires(policy, { eventSource: "cloudtrail.amazonaws.com", eventName: "DeleteTrail" })).toBe(true);
    expect(fires(policy, { eventSource: "cloudtrail.amazonaws.com", eventName: "StartLogging" })).toBe(false);
    expect(fires(policy, { eventSource: "s3.amazonaws.com", eventName: "StopLogging" })).toBe(false);
  });

  it("a list of maps is an OR of the maps", () => {
    const policy = rule(`
filter:
    - eventSource: ssm.amazonaws.com
    - eventName: RegisterManagedInstance
condition: filter`);
    expect(fires(policy, { eventSource: "ssm.amazonaws.com", eventName: "SendCommand" })).toBe(true);
    expect(fires(policy, { eventSource: "ec2.amazonaws.com", eventName: "RegisterManagedInstance" })).toBe(true);
    expect(fires(policy, { eventSource: "ec2.amazonaws.com", eventName: "RunInstances" })).toBe(false);
  });

  it("matches case-insensitively by default and case-sensitively with |cased", () => {
    const plain = rule("selection:\n    additionalEventData.MFAUsed: 'NO'\ncondition: selection");
    expect(fires(plain, { additionalEventData: { MFAUsed: "No" } })).toBe(true);
    const cased = rule("selection:\n    additionalEventData.MFAUsed|cased: 'NO'\ncondition: selection");
    expect(cased.definition.condition).toEqual({
      field: "raw.additionalEventData.MFAUsed",
      op: "equals",
      values: ["NO"],
      caseSensitive: true,
    });
    expect(fires(cased, { additionalEventData: { MFAUsed: "No" } })).toBe(false);
    expect(fires(cased, { additionalEventData: { MFAUsed: "NO" } })).toBe(true);
  });

  it("compares numbers and booleans as text", () => {
    const policy = rule(`
selection:
    requestParameters.fromPort: 22
    readOnly: false
condition: selection`);
    expect(fires(policy, { requestParameters: { fromPort: 22 }, readOnly: false })).toBe(true);
    expect(fires(policy, { requestParameters: { fromPort: 2222 }, readOnly: false })).toBe(false);
    expect(fires(policy, { requestParameters: { fromPort: 22 }, readOnly: true })).toBe(false);
  });

  it("fans out over arrays in the record", () => {
    const policy = rule("selection:\n    resources.ARN|endswith: ':trail/prod'\ncondition: selection");
    expect(
      fires(policy, {
        resources: [{ ARN: "arn:aws:s3:::logs" }, { ARN: "arn:aws:cloudtrail:us-east-1:1:trail/prod" }],
      }),
    ).toBe(true);
    expect(fires(policy, { resources: [{ ARN: "arn:aws:s3:::logs" }] })).toBe(false);
  });
});

describe("null and empty values", () => {
  const policy = rule("selection:\n    errorCode: null\ncondition: selection");

  it("null matches an absent field or a JSON null, nothing else", () => {
    expect(policy.definition.condition).toEqual({ field: "raw.errorCode", op: "equals", values: [null] });
    expect(fires(policy, {})).toBe(true);
    expect(fires(policy, { errorCode: null })).toBe(true);
    expect(fires(policy, { errorCode: "AccessDenied" })).toBe(false);
  });

  it("null can sit in a list of values (OR)", () => {
    const either = rule("selection:\n    errorCode:\n        - 'Success'\n        - null\ncondition: selection");
    expect(fires(either, {})).toBe(true);
    expect(fires(either, { errorCode: "Success" })).toBe(true);
    expect(fires(either, { errorCode: "AccessDenied" })).toBe(false);
  });

  it("an empty YAML value is null, and '' is the empty string", () => {
    expect(rule("selection:\n    errorCode:\ncondition: selection").definition.condition).toEqual(
      policy.definition.condition,
    );
    const empty = rule("selection:\n    errorMessage: ''\ncondition: selection");
    expect(fires(empty, { errorMessage: "" })).toBe(true);
    expect(fires(empty, {})).toBe(false);
  });

  it("refuses a null value with a comparison modifier", () => {
    expect(refusalOf("selection:\n    errorCode|contains: null\ncondition: selection")).toBe(
      'field "errorCode|contains": a null value cannot take the modifier "contains"',
    );
  });
});

describe("modifiers", () => {
  it("contains, startswith and endswith", () => {
    const contains = rule("selection:\n    userAgent|contains: 'S3 Browser'\ncondition: selection");
    expect(contains.definition.condition).toEqual({ field: "raw.userAgent", op: "contains", values: ["S3 Browser"] });
    expect(fires(contains, { userAgent: "s3 browser 9.5.5 https://s3browser.com" })).toBe(true);
    expect(fires(contains, { userAgent: "aws-cli/2" })).toBe(false);

    const startswith = rule(
      "selection:\n    eventName|startswith: 'UpdateFunctionConfiguration'\ncondition: selection",
    );
    expect(fires(startswith, { eventName: "UpdateFunctionConfiguration20150331v2" })).toBe(true);
    expect(fires(startswith, { eventName: "GetUpdateFunctionConfiguration" })).toBe(false);

    const endswith = rule("selection:\n    userIdentity.arn|endswith: ':root'\ncondition: selection");
    expect(fires(endswith, { userIdentity: { type: "Root", arn: "arn:aws:iam::123456789012:root" } })).toBe(true);
    expect(fires(endswith, { userIdentity: { type: "Root", arn: "arn:aws:iam::123456789012:root/x" } })).toBe(false);
  });

  it("contains on an object searches its JSON text (Sigma's requestParameters|contains)", () => {
    const policy = rule("selection:\n    requestParameters|contains: 'Suspended'\ncondition: selection");
    expect(fires(policy, { requestParameters: { VersioningConfiguration: { Status: "Suspended" } } })).toBe(true);
    expect(fires(policy, { requestParameters: { VersioningConfiguration: { Status: "Enabled" } } })).toBe(false);
  });

  it("all: every value of the list must match", () => {
    const policy = rule(`
selection:
    userAgent|contains|all:
        - 'Boto3'
        - 'Linux'
condition: selection`);
    expect(policy.definition.condition).toEqual({
      field: "raw.userAgent",
      op: "contains",
      values: ["Boto3", "Linux"],
      matchAll: true,
    });
    expect(fires(policy, { userAgent: "Boto3/1.34 Python/3.12 Linux/6.1" })).toBe(true);
    expect(fires(policy, { userAgent: "Boto3/1.34 Python/3.12 Darwin/23" })).toBe(false);
  });

  it("re: a regular expression, unanchored and case-sensitive; re|i ignores case", () => {
    const policy = rule("selection:\n    userIdentity.arn|re: '.+:assumed-role/aws:.+'\ncondition: selection");
    expect(policy.definition.condition).toEqual({
      field: "raw.userIdentity.arn",
      op: "regex",
      values: [".+:assumed-role/aws:.+"],
      caseSensitive: true,
    });
    const arn = (a: string) => ({ userIdentity: { type: "AssumedRole", arn: a } });
    expect(fires(policy, arn("arn:aws:sts::1:assumed-role/aws:ec2-instance/i-0abc"))).toBe(true);
    expect(fires(policy, arn("arn:aws:sts::1:assumed-role/AWS:ec2-instance/i-0abc"))).toBe(false);
    expect(fires(policy, arn("arn:aws:sts::1:assumed-role/admin/alice"))).toBe(false);

    const insensitive = rule("selection:\n    eventName|re|i: '^stop(logging|trail)$'\ncondition: selection");
    expect(fires(insensitive, { eventName: "StopLogging" })).toBe(true);
    expect(fires(insensitive, { eventName: "StopLoggingNow" })).toBe(false);
  });

  it("refuses a regular expression JavaScript cannot compile", () => {
    expect(refusalOf("selection:\n    eventName|re: 'Stop(Logging'\ncondition: selection")).toMatch(
      /^field "eventName\|re": invalid regular expression "Stop\(Logging" \(.+\)$/,
    );
  });

  it("fieldref: compares with another field of the same record", () => {
    const policy = rule(
      "selection:\n    userIdentity.userName|fieldref: requestParameters.userName\ncondition: selection",
    );
    expect(policy.definition.condition).toEqual({
      field: "raw.userIdentity.userName",
      op: "equalsField",
      values: ["raw.requestParameters.userName"],
    });
    expect(fires(policy, { requestParameters: { userName: "alice" } })).toBe(true);
    expect(fires(policy, { requestParameters: { userName: "bob" } })).toBe(false);
    expect(fires(policy, {})).toBe(false);
  });

  it("cidr: IPv4 and IPv6 blocks; an invalid block is refused", () => {
    const policy = rule(`
selection:
    sourceIPAddress|cidr:
        - 10.0.0.0/8
        - 2001:db8::/32
condition: selection`);
    expect(policy.definition.condition).toEqual({
      field: "raw.sourceIPAddress",
      op: "inCidr",
      values: ["10.0.0.0/8", "2001:db8::/32"],
    });
    expect(fires(policy, { sourceIPAddress: "10.20.30.40" })).toBe(true);
    expect(fires(policy, { sourceIPAddress: "2001:db8::1" })).toBe(true);
    expect(fires(policy, { sourceIPAddress: "11.0.0.1" })).toBe(false);
    expect(fires(policy, { sourceIPAddress: "AWS Internal" })).toBe(false);
    expect(refusalOf("selection:\n    sourceIPAddress|cidr: 10.0.0.0/33\ncondition: selection")).toBe(
      'field "sourceIPAddress|cidr": invalid CIDR "10.0.0.0/33"',
    );
  });

  it("exists: true and false", () => {
    const present = rule("selection:\n    errorCode|exists: true\ncondition: selection");
    expect(present.definition.condition).toEqual({ field: "raw.errorCode", op: "exists", values: [true] });
    expect(fires(present, { errorCode: "AccessDenied" })).toBe(true);
    expect(fires(present, {})).toBe(false);
    const absent = rule("selection:\n    errorCode|exists: false\ncondition: selection");
    expect(fires(absent, {})).toBe(true);
    expect(fires(absent, { errorCode: "AccessDenied" })).toBe(false);
    // Differs from Sigma, which counts a field holding JSON null as present: the evaluator's "exists" means "has a
    // value that is not null" (the built-in policies rely on that for normalised fields such as errorCode).
    expect(fires(present, { errorCode: null })).toBe(false);
    expect(refusalOf("selection:\n    errorCode|exists: 'yes'\ncondition: selection")).toBe(
      'field "errorCode|exists": "exists" takes true or false',
    );
  });
});

describe("wildcards and escapes", () => {
  const conditionOf = (value: string, modifier = "") =>
    rule(`selection:\n    eventName${modifier}: '${value}'\ncondition: selection`).definition.condition;

  it("becomes startswith, endswith or contains where that says the same", () => {
    expect(conditionOf("Delete*")).toEqual({ field: "raw.eventName", op: "startswith", values: ["Delete"] });
    expect(conditionOf("*Trail")).toEqual({ field: "raw.eventName", op: "endswith", values: ["Trail"] });
    expect(conditionOf("*Logging*")).toEqual({ field: "raw.eventName", op: "contains", values: ["Logging"] });
    expect(conditionOf("Stop**")).toEqual({ field: "raw.eventName", op: "startswith", values: ["Stop"] });
    expect(conditionOf("Trail*", "|contains")).toEqual({ field: "raw.eventName", op: "contains", values: ["Trail"] });
    expect(conditionOf("Delete", "|startswith")).toEqual({
      field: "raw.eventName",
      op: "startswith",
      values: ["Delete"],
    });
  });

  it("becomes an anchored regex otherwise, with the literal parts escaped", () => {
    expect(conditionOf("Del?teTrail")).toEqual({
      field: "raw.eventName",
      op: "regex",
      values: ["^Del[\\s\\S]teTrail$"],
    });
    expect(conditionOf("a.b*c(d)")).toEqual({
      field: "raw.eventName",
      op: "regex",
      values: ["^a\\.b[\\s\\S]*c\\(d\\)$"],
    });
    expect(conditionOf("Put*Policy", "|startswith")).toEqual({
      field: "raw.eventName",
      op: "regex",
      values: ["^Put[\\s\\S]*Policy[\\s\\S]*$"],
    });
  });

  it("* and ? match as wildcards, case-insensitively", () => {
    const star = rule("selection:\n    eventName: 'Put*Policy'\ncondition: selection");
    expect(fires(star, { eventName: "PutUserPolicy" })).toBe(true);
    expect(fires(star, { eventName: "putbucketpolicy" })).toBe(true);
    expect(fires(star, { eventName: "PutPolicy" })).toBe(true);
    expect(fires(star, { eventName: "PutUserPolicyVersion" })).toBe(false);
    const one = rule("selection:\n    eventName: 'Del?teTrail'\ncondition: selection");
    expect(fires(one, { eventName: "DeleteTrail" })).toBe(true);
    expect(fires(one, { eventName: "DelteTrail" })).toBe(false);
    expect(fires(one, { eventName: "DeleeteTrail" })).toBe(false);
    const dot = rule("selection:\n    eventName: 'a.b?c'\ncondition: selection");
    expect(fires(dot, { eventName: "a.bXc" })).toBe(true);
    expect(fires(dot, { eventName: "aXbXc" })).toBe(false);
  });

  it("a lone * is any value that is not null", () => {
    const policy = rule("selection:\n    errorMessage|contains: '*'\ncondition: selection");
    expect(policy.definition.condition).toEqual({ field: "raw.errorMessage", op: "regex", values: ["^[\\s\\S]*$"] });
    expect(fires(policy, { errorMessage: "Failed\nauthentication" })).toBe(true);
    expect(fires(policy, { errorMessage: "" })).toBe(true);
    expect(fires(policy, { errorMessage: null })).toBe(false);
    expect(fires(policy, {})).toBe(false);
  });

  it("follows Sigma's backslash rules: \\* \\? \\\\ are literal, a lone backslash is itself", () => {
    expect(conditionOf("a\\*b")).toEqual({ field: "raw.eventName", op: "equals", values: ["a*b"] });
    expect(conditionOf("a\\?b")).toEqual({ field: "raw.eventName", op: "equals", values: ["a?b"] });
    expect(conditionOf("C:\\Windows\\System32")).toEqual({
      field: "raw.eventName",
      op: "equals",
      values: ["C:\\Windows\\System32"],
    });
    expect(conditionOf("C:\\\\Windows")).toEqual({ field: "raw.eventName", op: "equals", values: ["C:\\Windows"] });
    // \\* is a backslash then a wildcard; \\\* a backslash then a literal star; \\\\ two backslashes.
    expect(conditionOf("C:\\Temp\\\\*")).toEqual({ field: "raw.eventName", op: "startswith", values: ["C:\\Temp\\"] });
    expect(conditionOf("x\\\\\\*")).toEqual({ field: "raw.eventName", op: "equals", values: ["x\\*"] });
    expect(conditionOf("x\\\\\\\\y")).toEqual({ field: "raw.eventName", op: "equals", values: ["x\\\\y"] });
    expect(conditionOf("end\\")).toEqual({ field: "raw.eventName", op: "equals", values: ["end\\"] });

    const literal = rule("selection:\n    eventName: 'a\\*b'\ncondition: selection");
    expect(fires(literal, { eventName: "a*b" })).toBe(true);
    expect(fires(literal, { eventName: "aXb" })).toBe(false);
  });

  it("keeps values without wildcards as they are, $ and { } included", () => {
    expect(conditionOf("Jersey/${project.version}", "|contains")).toEqual({
      field: "raw.eventName",
      op: "contains",
      values: ["Jersey/${project.version}"],
    });
  });
});

describe("condition expressions", () => {
  const detection = (condition: string, extra = "") => `
a:
    requestParameters.a: 'yes'
b:
    requestParameters.b: 'yes'
c:
    requestParameters.c: 'yes'
${extra}
condition: ${condition}`;
  const combos = [0, 1, 2, 3, 4, 5, 6, 7].map((n) => ({ a: (n & 4) > 0, b: (n & 2) > 0, c: (n & 1) > 0 }));
  const recordOf = (v: { a: boolean; b: boolean; c: boolean }) => ({
    requestParameters: { a: v.a ? "yes" : "no", b: v.b ? "yes" : "no", c: v.c ? "yes" : "no" },
  });

  it.each([
    ["a or b and c", (v: { a: boolean; b: boolean; c: boolean }) => v.a || (v.b && v.c)],
    ["a and b or c", (v: { a: boolean; b: boolean; c: boolean }) => (v.a && v.b) || v.c],
    ["not a and b", (v: { a: boolean; b: boolean; c: boolean }) => !v.a && v.b],
    ["not a or b", (v: { a: boolean; b: boolean; c: boolean }) => !v.a || v.b],
    ["a or not b and c", (v: { a: boolean; b: boolean; c: boolean }) => v.a || (!v.b && v.c)],
    ["(a or b) and c", (v: { a: boolean; b: boolean; c: boolean }) => (v.a || v.b) && v.c],
    ["not (a or b)", (v: { a: boolean; b: boolean; c: boolean }) => !(v.a || v.b)],
    ["not not a", (v: { a: boolean; b: boolean; c: boolean }) => v.a],
    ["a and (b or (not c))", (v: { a: boolean; b: boolean; c: boolean }) => v.a && (v.b || !v.c)],
    ["a AND NOT b", (v: { a: boolean; b: boolean; c: boolean }) => v.a && !v.b],
  ])("%s: truth table (not binds tighter than and, and than or)", (condition, expected) => {
    const policy = rule(detection(condition));
    for (const v of combos) expect(fires(policy, recordOf(v)), JSON.stringify(v)).toBe(expected(v));
  });

  it("1 of / all of a pattern, them (without _ identifiers)", () => {
    const extra = "_note:\n    requestParameters.a: 'never'";
    const table: [string, (v: { a: boolean; b: boolean; c: boolean }) => boolean][] = [
      ["1 of them", (v) => v.a || v.b || v.c],
      ["all of them", (v) => v.a && v.b && v.c],
      // Named explicitly, an _ identifier takes part.
      ["1 of _*", () => false],
      ["all of them and not 1 of _*", (v) => v.a && v.b && v.c],
    ];
    for (const [condition, expected] of table) {
      const policy = rule(detection(condition, extra));
      for (const v of combos) expect(fires(policy, recordOf(v)), `${condition} ${JSON.stringify(v)}`).toBe(expected(v));
    }
    expect(refusalOf(detection("1 of ?", extra))).toBe('condition "1 of ?": "1 of ?" matches no selection');
    // Keywords ignore case, selection names do not.
    expect(refusalOf(detection("A and b"))).toBe('condition names unknown selection "A"');
  });

  it("patterns with * anywhere select by name", () => {
    const policy = rule(`
selection_event:
    eventName: DeleteBucket
selection_status_success:
    errorCode: 'Success'
selection_status_null:
    errorCode: null
filter_main_admin:
    userIdentity.userName: admin
condition: all of selection_e* and 1 of selection_*_* and not 1 of filter*admin`);
    expect(fires(policy, { eventName: "DeleteBucket" })).toBe(true);
    expect(fires(policy, { eventName: "DeleteBucket", errorCode: "Success" })).toBe(true);
    expect(fires(policy, { eventName: "DeleteBucket", errorCode: "BucketNotEmpty" })).toBe(false);
    expect(fires(policy, { eventName: "DeleteBucket", userIdentity: { type: "IAMUser", userName: "admin" } })).toBe(
      false,
    );
    expect(fires(policy, { eventName: "CreateBucket" })).toBe(false);
  });

  it("builds a flat AST", () => {
    const policy = rule(detection("a and b and not (c or a)"));
    expect(policy.definition.condition).toEqual({
      all: [
        { field: "raw.requestParameters.a", op: "equals", values: ["yes"] },
        { field: "raw.requestParameters.b", op: "equals", values: ["yes"] },
        {
          not: {
            any: [
              { field: "raw.requestParameters.c", op: "equals", values: ["yes"] },
              { field: "raw.requestParameters.a", op: "equals", values: ["yes"] },
            ],
          },
        },
      ],
    });
  });

  it.each([
    ["a and", 'condition "a and": ends where a selection is expected'],
    ["(a or b", 'condition "(a or b": missing ")"'],
    ["a or b)", 'condition "a or b)": unexpected ")"'],
    ["a b", 'condition "a b": unexpected "b"'],
    ["and a", 'condition "and a": unexpected "and"'],
    ["a*", 'condition "a*": "a*" has a wildcard without "1 of" or "all of"'],
    ["1 of", 'condition "1 of": "1 of" needs a name pattern or "them"'],
    ["1 of x*", 'condition "1 of x*": "1 of x*" matches no selection'],
    ["a and filter", 'condition names unknown selection "filter"'],
    ["2 of a*", 'unsupported Sigma feature: "2 of" (only "1 of" and "all of")'],
    ["any of them", 'unsupported Sigma feature: "any of" (only "1 of" and "all of")'],
    ["a | count() > 5", 'unsupported Sigma feature: aggregation "| count() > 5"'],
    ["a | count()", 'unsupported Sigma feature: aggregation "| count()"'],
    ["a | near b", 'unsupported Sigma feature: aggregation "| near b"'],
    ["", "missing detection condition"],
  ])("refuses %j", (condition, error) => {
    expect(refusalOf(detection(condition === "" ? "''" : condition))).toBe(error);
  });

  it("refuses absurd nesting instead of overflowing the stack", () => {
    expect(refusalOf(detection(`${"(".repeat(60)}a${")".repeat(60)}`))).toMatch(/nested too deeply$/);
    expect(refusalOf(detection(`${"not ".repeat(60)}a`))).toMatch(/nested too deeply$/);
    expect(rule(detection(`${"(".repeat(20)}a${")".repeat(20)}`)).definition.condition).toEqual({
      field: "raw.requestParameters.a",
      op: "equals",
      values: ["yes"],
    });
  });
});

describe("refusals", () => {
  const selection = (field: string) => `selection:\n    ${field}: 'x'\ncondition: selection`;

  it.each(["base64offset", "base64", "utf16le", "wide", "windash", "expand", "gt", "lte", "minute", "neq", "m", "s"])(
    "modifier %s",
    (modifier) => {
      const key = modifier === "m" || modifier === "s" ? `eventName|re|${modifier}` : `eventName|${modifier}`;
      expect(refusalOf(selection(key))).toBe(`unsupported Sigma feature: modifier "${modifier}"`);
    },
  );

  it("modifiers that contradict each other, and i without re", () => {
    expect(refusalOf(selection("eventName|contains|re"))).toBe(
      'unsupported Sigma feature: modifiers "contains" and "re" together',
    );
    expect(refusalOf(selection("eventName|fieldref|startswith"))).toBe(
      'unsupported Sigma feature: modifiers "fieldref" and "startswith" together',
    );
    expect(refusalOf(selection("eventName|i"))).toBe('unsupported Sigma feature: modifier "i"');
    expect(refusalOf(selection("eventName|"))).toBe('field "eventName|": empty modifier');
  });

  it("keyword searches", () => {
    expect(refusalOf("keywords:\n    - 'StopLogging'\n    - 'DeleteTrail'\ncondition: keywords")).toBe(
      "unsupported Sigma feature: keyword search (a list of values without a field)",
    );
    expect(refusalOf("keywords:\n    '|all':\n        - 'Stop'\n        - 'Logging'\ncondition: keywords")).toBe(
      "unsupported Sigma feature: keyword search (a list of values without a field)",
    );
    expect(refusalOf("keywords: 'StopLogging'\ncondition: keywords")).toBe(
      "unsupported Sigma feature: keyword search (a value without a field)",
    );
  });

  it("timeframe, condition lists, correlation and collections", () => {
    expect(refusalOf(`${selection("eventName")}\ntimeframe: 5m`)).toBe("unsupported Sigma feature: timeframe");
    expect(refusalOf("selection:\n    eventName: x\ncondition:\n    - selection\n    - selection")).toBe(
      "unsupported Sigma feature: a list of conditions",
    );
    expect(
      refusal(`title: Many failed logins
correlation:
    type: event_count
    rules:
        - failed_login
    group-by:
        - userIdentity.arn
    timespan: 10m
    condition:
        gte: 10
`),
    ).toBe("unsupported Sigma feature: correlation rule");
    expect(refusal(`${ruleText(selection("eventName"))}---\n${ruleText(selection("eventSource"))}`)).toBe(
      "unsupported Sigma feature: several YAML documents in one file (a rule collection)",
    );
    expect(refusal(`action: global\n${ruleText(selection("eventName"))}`)).toBe(
      'unsupported Sigma feature: action "global" (a rule collection)',
    );
  });

  it("log sources other than aws/cloudtrail", () => {
    const withLogsource = (logsource: string) =>
      `title: t\nlogsource:\n${indent(logsource)}\ndetection:\n${indent(selection("eventName"))}\n`;
    expect(refusal(withLogsource("product: windows\ncategory: process_creation"))).toBe(
      'unsupported Sigma feature: logsource product "windows" (only aws/cloudtrail)',
    );
    expect(refusal(withLogsource("product: aws\nservice: s3"))).toBe(
      'unsupported Sigma feature: logsource service "s3" (only aws/cloudtrail)',
    );
    expect(refusal(withLogsource("product: aws"))).toBe(
      'unsupported Sigma feature: logsource service "" (only aws/cloudtrail)',
    );
    expect(refusal(withLogsource("product: aws\nservice: cloudtrail\ncategory: network"))).toBe(
      'unsupported Sigma feature: logsource category "network" (only aws/cloudtrail)',
    );
    expect(parsed(withLogsource("product: AWS\nservice: CloudTrail")).title).toBe("t");
  });

  it("broken or incomplete rules, with a message that says what is wrong", () => {
    expect(refusal("title: [unclosed\n")).toMatch(/^invalid YAML: .+ \(line \d+, column \d+\)$/);
    expect(refusal("title: a\ntitle: b\n")).toBe("invalid YAML: duplicated mapping key (line 2, column 1)");
    expect(refusal("")).toBe("empty Sigma rule: the YAML holds no document");
    expect(refusal("- a\n- b\n")).toBe("a Sigma rule must be a YAML map (title, logsource, detection, ...)");
    expect(refusal("title: t\nlogsource:\n    product: aws\n    service: cloudtrail\n")).toBe("missing detection");
    expect(refusal("logsource:\n    product: aws\n    service: cloudtrail\ndetection:\n    condition: x\n")).toBe(
      "missing title",
    );
    expect(refusal(`title: t\ndetection:\n${indent(selection("eventName"))}\n`)).toBe("missing logsource");
    expect(refusalOf("selection:\n    eventName: x")).toBe("missing detection condition");
    expect(refusalOf("selection:\ncondition: selection")).toBe('selection "selection" is empty');
    expect(refusalOf("selection: []\ncondition: selection")).toBe('selection "selection" is empty');
    expect(refusalOf("selection: {}\ncondition: selection")).toBe('selection "selection" is empty');
    expect(refusalOf("selection:\n    eventName: []\ncondition: selection")).toBe(
      'field "eventName" has an empty list of values',
    );
    expect(refusalOf("selection:\n    eventName:\n        a: b\ncondition: selection")).toBe(
      'field "eventName": a value must be a string, number, boolean or null',
    );
    const withReferences = (references: string) =>
      ruleText(selection("eventName")).replace("references:\n    - https://example.test/rule", references);
    expect(refusal(withReferences("references: https://example.test"))).toBe("references must be a list of text");
    expect(parsed(withReferences("references:")).references).toEqual([]);
    expect(refusal(ruleText(selection("eventName"), "tags: [1, [2]]"))).toBe("tags must be a list of text");
  });

  it("refuses a text over 64 KiB before parsing it", () => {
    const base = ruleText(selection("eventName"));
    const padding = `description: '${"x".repeat(SIGMA_MAX_BYTES)}'\n`;
    expect(refusal(base + padding)).toBe(
      `Sigma rule too large: ${base.length + padding.length} bytes, at most 65536 (64 KiB)`,
    );
    // Counted in UTF-8 bytes: 30,000 three-byte characters are 90,000 bytes.
    const wide = `${base}falsepositives:\n    - '${"€".repeat(30_000)}'\n`;
    expect(refusal(wide)).toMatch(/^Sigma rule too large: \d+ bytes, at most 65536 \(64 KiB\)$/);
    expect(parsed(`${base}falsepositives:\n    - '${"x".repeat(60_000)}'\n`).title).toBe("Test rule");
  });

  it("treats __proto__ as an ordinary name", () => {
    const policy = rule("__proto__:\n    __proto__: x\ncondition: __proto__");
    expect(policy.definition.condition).toEqual({ field: "raw.__proto__", op: "equals", values: ["x"] });
    expect(fires(policy, {})).toBe(false);
  });
});
