// Panther's labelled CloudTrail rule tests (tests/fixtures/datasets/panther-aws-cloudtrail-rules) as a test set for the
// built-in policies: every case goes through the real CloudTrail normaliser and the built-in's condition, and the
// answer must be Panther's expected_result. Only rules the built-in honestly corresponds to are compared case by
// case; rules narrower or wider than a built-in are checked in the one direction that holds.
// Threshold policies: only the per-event condition is evaluated here (one event cannot make a burst).
import { readFileSync } from "node:fs";
import { dataset } from "@/tests/fixtures/datasets";
import { describe, expect, it } from "vitest";
import { normaliseCloudTrail } from "@/lib/domain/normalise/cloudtrail";
import { BUILTIN_POLICIES, LOGGING_STOPPED_EVENT_NAMES, type BuiltinPolicyKey } from "./builtin-policies";
import { AlarmSubject, matches } from "./condition";

const FILE = dataset("panther-aws-cloudtrail-rules", "panther_cloudtrail_rule_tests.jsonl");

interface PantherCase {
  rule_id: string;
  test_name: string;
  expected_result: boolean;
  has_mocks: boolean;
  log: Record<string, unknown>;
}

const ALL_CASES: PantherCase[] = readFileSync(FILE, "utf8")
  .split("\n")
  .filter((line) => line.trim() !== "")
  .map((line) => JSON.parse(line) as PantherCase);

/**
 * The built-in alarms on exactly what the rule alarms on (for CloudTrail records). "logging-disabled" is the union
 * of the two CloudTrail rules: each rule's cases hold no event the other rule is about (asserted below), so each
 * rule's own label is the union's label.
 */
const CORRESPONDING: Record<string, BuiltinPolicyKey> = {
  "AWS.Console.RootLogin": "root-signin",
  "AWS.Console.LoginWithoutMFA": "signin-without-mfa",
  "AWS.CloudTrail.Stopped": "logging-disabled",
  "AWS.CloudTrail.EventSelectorsDisabled": "logging-disabled",
};

/** Rules that alarm on part of what a built-in alarms on: their positive cases must fire the built-in. Not
 *  correspondences: the built-in deliberately alarms on more (any CreateAccessKey, not only a root's or another
 *  user's; every failed sign-in counts towards the burst, not only the root's). */
const NARROWER: Record<string, BuiltinPolicyKey> = {
  "AWS.IAM.CreateUser": "privilege-change",
  "AWS.CloudTrail.RootAccessKeyCreated": "privilege-change",
  "AWS.IAM.Backdoor.User.Keys": "privilege-change",
  "AWS.IAM.AttachAdminRolePolicy": "privilege-change",
  "AWS.IAM.AttachAdminUserPolicy": "privilege-change",
  "AWS.CloudTrail.LoginProfileCreatedOrModified": "privilege-change",
  "AWS.User.Login.Profile.Modified": "privilege-change",
  "AWS.Console.RootLoginFailed": "failed-signin-burst",
};

/** Rules that alarm on more than a built-in: their negative cases must not fire it. IAMAnythingChanged is every
 *  successful IAM Add/Attach/Create/Put/Set/Update...; the privilege changes are a part of that on CloudTrail. */
const WIDER: Record<string, BuiltinPolicyKey> = {
  "AWS.CloudTrail.IAMAnythingChanged": "privilege-change",
};

/**
 * Cases of the rules above whose label depends on data outside the event (Panther mocks a lookup), so they are not
 * compared with their label. `labelHoldsWithoutLookup`: the mock only feeds the alert title, or answers what a
 * lookup with no data would ("not a new user"), so the label is still the built-in's answer; those are replayed
 * separately below as a check, outside the counted cases.
 */
const EXCLUDED: { ruleId: string; testName: string; reason: string; labelHoldsWithoutLookup: boolean }[] = [
  {
    ruleId: "AWS.Console.RootLogin",
    testName: "Successful Root Login",
    reason: "geoinfo_from_ip_formatted (IP geolocation) mocked; only the alert title uses it",
    labelHoldsWithoutLookup: true,
  },
  ...[
    "No MFA Login - IAM User",
    "No MFA Login - IAM User Unknown Account",
    "No MFA Login - Root User",
    "MFA Login - SAML",
    "MFA Login",
    "No MFA - Login Failed",
    "No MFA - authenticated from session with MFA",
    "AWS SSOv2 Login",
    "AssumeRole from MFA User Session",
  ].map((testName) => ({
    ruleId: "AWS.Console.LoginWithoutMFA",
    testName,
    reason: 'check_account_age (Panther cache: is the user or account under 3 days old) mocked as "False"',
    labelHoldsWithoutLookup: true,
  })),
  {
    ruleId: "AWS.Console.LoginWithoutMFA",
    testName: "No MFA Login - New User",
    reason:
      'check_account_age mocked as "True": Panther stays quiet for a user created in the last 3 days; Keytrail keeps no such cache',
    labelHoldsWithoutLookup: false,
  },
  {
    ruleId: "AWS.Console.LoginWithoutMFA",
    testName: "No MFA - IAM Role and External IDP",
    reason:
      "ROLES_VIA_EXTERNAL_IDP (deployment setting) mocked as True: every assumed-role sign-in trusted; not the default",
    labelHoldsWithoutLookup: false,
  },
];

const caseKey = (ruleId: string, testName: string) => `${ruleId} / ${testName}`;
const excludedKeys = new Set(EXCLUDED.map((e) => caseKey(e.ruleId, e.testName)));
const usedRules = new Set([...Object.keys(CORRESPONDING), ...Object.keys(NARROWER), ...Object.keys(WIDER)]);

const SPACE_TIME = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?)$/;

/**
 * The Panther log as a CloudTrail record the normaliser accepts. Panther's test logs are hand-written: some lack
 * eventID or eventTime, and many write times as "2024-11-25 17:51:21.000000000" (Panther's own UTC format). Filled
 * deterministically: a missing eventID becomes "panther-<rule>-<test>", a missing eventTime 2019-01-01T00:00:00Z
 * (the date most of the tests use), and a space-separated time the same instant in ISO-8601 with Z. Nothing the
 * built-ins read is touched.
 */
function cloudTrailRecord(c: PantherCase): Record<string, unknown> {
  const record = { ...c.log };
  if (typeof record.eventID !== "string" || record.eventID === "")
    record.eventID = `panther-${c.rule_id}-${c.test_name}`;
  if (record.eventTime === undefined || record.eventTime === null) record.eventTime = "2019-01-01T00:00:00Z";
  const spaced = typeof record.eventTime === "string" ? SPACE_TIME.exec(record.eventTime) : null;
  if (spaced) record.eventTime = `${spaced[1]}T${spaced[2]}Z`;
  return record;
}

function fires(key: BuiltinPolicyKey, c: PantherCase): boolean {
  const record = cloudTrailRecord(c);
  const result = normaliseCloudTrail(record, JSON.stringify(record));
  if (!result.ok) throw new Error(`${caseKey(c.rule_id, c.test_name)}: ${result.reason}`);
  const policy = BUILTIN_POLICIES.find((p) => p.key === key)!;
  return matches(policy.condition, new AlarmSubject(result.event));
}

const casesOf = (table: Record<string, BuiltinPolicyKey>) =>
  ALL_CASES.filter((c) => Object.hasOwn(table, c.rule_id) && !excludedKeys.has(caseKey(c.rule_id, c.test_name)));
const label = (c: PantherCase) => `${c.rule_id} / ${c.test_name} (expected ${c.expected_result})`;

describe("Panther's labelled CloudTrail cases against the built-in policies", () => {
  it("every rule named in the tables exists in the dataset", () => {
    const ruleIds = new Set(ALL_CASES.map((c) => c.rule_id));
    expect([...usedRules].filter((id) => !ruleIds.has(id))).toEqual([]);
  });

  it("excludes exactly the cases of the rules used whose label depends on a lookup", () => {
    const dependent = ALL_CASES.filter((c) => usedRules.has(c.rule_id) && c.has_mocks).map((c) =>
      caseKey(c.rule_id, c.test_name),
    );
    expect([...excludedKeys].sort()).toEqual(dependent.sort());
    expect(excludedKeys.size).toBe(EXCLUDED.length); // no duplicates
  });

  it("logging-disabled's two rules do not overlap, so each rule's label is the union's", () => {
    for (const c of ALL_CASES.filter((x) => x.rule_id === "AWS.CloudTrail.Stopped"))
      expect(c.log.eventName).not.toBe("PutEventSelectors");
    for (const c of ALL_CASES.filter((x) => x.rule_id === "AWS.CloudTrail.EventSelectorsDisabled"))
      expect(LOGGING_STOPPED_EVENT_NAMES as readonly unknown[]).not.toContain(c.log.eventName);
  });

  const corresponding = casesOf(CORRESPONDING);
  it("runs 7 cases of corresponding rules", () => expect(corresponding.length).toBe(7));
  it.each(corresponding.map((c) => [label(c), c] as const))("corresponds: %s", (_, c) => {
    expect(fires(CORRESPONDING[c.rule_id], c)).toBe(c.expected_result);
  });

  const narrowerPositives = casesOf(NARROWER).filter((c) => c.expected_result);
  it("runs 10 positive cases of narrower rules", () => expect(narrowerPositives.length).toBe(10));
  it.each(narrowerPositives.map((c) => [label(c), c] as const))(
    "narrower rule's positive fires the built-in: %s",
    (_, c) => {
      expect(fires(NARROWER[c.rule_id], c)).toBe(true);
    },
  );

  const widerNegatives = casesOf(WIDER).filter((c) => !c.expected_result);
  it("runs 2 negative cases of wider rules", () => expect(widerNegatives.length).toBe(2));
  it.each(widerNegatives.map((c) => [label(c), c] as const))(
    "wider rule's negative does not fire the built-in: %s",
    (_, c) => {
      expect(fires(WIDER[c.rule_id], c)).toBe(false);
    },
  );

  // Not part of the counts above: excluded cases whose label does not really hinge on the lookup.
  const replayed = EXCLUDED.filter((e) => e.labelHoldsWithoutLookup).map((e) =>
    ALL_CASES.find((c) => c.rule_id === e.ruleId && c.test_name === e.testName)!,
  );
  it.each(replayed.map((c) => [label(c), c] as const))("excluded, replayed without the lookup: %s", (_, c) => {
    expect(fires(CORRESPONDING[c.rule_id], c)).toBe(c.expected_result);
  });

  // The other excluded cases are quiet in Panther only because of the mocked answer; Keytrail alarms on them.
  const differing = EXCLUDED.filter((e) => !e.labelHoldsWithoutLookup).map((e) =>
    ALL_CASES.find((c) => c.rule_id === e.ruleId && c.test_name === e.testName)!,
  );
  it.each(differing.map((c) => [label(c), c] as const))("excluded, fires without the lookup: %s", (_, c) => {
    expect(c.expected_result).toBe(false);
    expect(fires(CORRESPONDING[c.rule_id], c)).toBe(true);
  });
});
