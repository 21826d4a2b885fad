// The built-in policies on realistic records of every source, through the real normalisers: for each event, exactly
// which built-ins fire (threshold policies: the per-event condition). Dataset samples where they exist.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { DATASETS } from "@/tests/fixtures/datasets";
import { describe, expect, it } from "vitest";
import { consoleEvent, consoleSigninEvent, type ConsoleActor } from "@/lib/domain/console-event";
import type { NormalisedEvent } from "@/lib/domain/event";
import { normaliseActionTrail, normaliseActionTrailEntry } from "@/lib/domain/normalise/actiontrail";
import { normaliseCloudAudit } from "@/lib/domain/normalise/cloudaudit";
import { normaliseCloudTrail } from "@/lib/domain/normalise/cloudtrail";
import type { NormaliseResult } from "@/lib/domain/normalise/result";
import { BUILTIN_POLICIES, BUILTIN_POLICY_KEYS, builtinPolicy, type BuiltinPolicyKey } from "./builtin-policies";
import { AlarmSubject, matches, needsHistory, type EvaluationContext } from "./condition";
import { parseCondition, parseThreshold } from "./condition-schema";
import { SEVERITIES } from "./policy";

type Rec = Record<string, unknown>;

let serial = 0;
const nextId = (prefix: string) => `${prefix}-${++serial}`;

function accepted(result: NormaliseResult): NormalisedEvent {
  if (!result.ok) throw new Error(result.reason);
  return result.event;
}
const cloudTrail = (record: Rec) => accepted(normaliseCloudTrail(record, JSON.stringify(record)));
const actionTrail = (record: Rec) => accepted(normaliseActionTrail(record, JSON.stringify(record)));
const cloudAudit = (record: Rec) => accepted(normaliseCloudAudit(record, JSON.stringify(record)));

/** The keys of the built-ins whose condition matches the event. */
function firing(event: NormalisedEvent, context: EvaluationContext = {}): BuiltinPolicyKey[] {
  return BUILTIN_POLICIES.filter((p) => matches(p.condition, new AlarmSubject(event), context)).map((p) => p.key);
}

// ---- AWS CloudTrail -------------------------------------------------------------------------------------------

const ctIamUser = {
  type: "IAMUser",
  principalId: "AIDAEXAMPLE",
  arn: "arn:aws:iam::111122223333:user/alice",
  accountId: "111122223333",
  userName: "alice",
};
const ctConsoleLogin = (userIdentity: Rec, result: "Success" | "Failure", mfa: "Yes" | "No", extra: Rec = {}) => ({
  eventVersion: "1.08",
  userIdentity,
  eventTime: "2024-05-01T08:00:00Z",
  eventSource: "signin.amazonaws.com",
  eventName: "ConsoleLogin",
  awsRegion: "us-east-1",
  sourceIPAddress: "203.0.113.7",
  userAgent: "Mozilla/5.0",
  requestParameters: null,
  responseElements: { ConsoleLogin: result },
  additionalEventData: {
    LoginTo: "https://console.aws.amazon.com/console/home",
    MobileVersion: "No",
    MFAUsed: mfa,
    ...extra,
  },
  eventID: nextId("ct-login"),
  readOnly: false,
  eventType: "AwsConsoleSignIn",
  managementEvent: true,
  recipientAccountId: "111122223333",
  eventCategory: "Management",
  ...(result === "Failure" ? { errorMessage: "Failed authentication" } : {}),
});
const ctApiCall = (eventSource: string, eventName: string, extra: Rec = {}) => ({
  eventVersion: "1.08",
  userIdentity: { ...ctIamUser, accessKeyId: "AKIAEXAMPLEKEY000001" },
  eventTime: "2024-05-01T08:05:00Z",
  eventSource,
  eventName,
  awsRegion: "us-east-1",
  sourceIPAddress: "198.51.100.20",
  userAgent: "aws-cli/2.15.0",
  requestParameters: {},
  responseElements: null,
  requestID: "req-1",
  eventID: nextId(`ct-${eventName}`),
  readOnly: false,
  eventType: "AwsApiCall",
  managementEvent: true,
  recipientAccountId: "111122223333",
  ...extra,
});

describe("AWS CloudTrail", () => {
  const root = {
    type: "Root",
    principalId: "111122223333",
    arn: "arn:aws:iam::111122223333:root",
    accountId: "111122223333",
  };
  it.each<[string, Rec, BuiltinPolicyKey[]]>([
    ["root sign-in without MFA", ctConsoleLogin(root, "Success", "No"), ["root-signin", "signin-without-mfa"]],
    ["root sign-in with MFA", ctConsoleLogin(root, "Success", "Yes"), ["root-signin"]],
    ["failed root sign-in", ctConsoleLogin(root, "Failure", "No"), ["failed-signin-burst"]],
    ["IAM user sign-in without MFA", ctConsoleLogin(ctIamUser, "Success", "No"), ["signin-without-mfa"]],
    ["IAM user sign-in with MFA", ctConsoleLogin(ctIamUser, "Success", "Yes"), []],
    ["failed IAM user sign-in", ctConsoleLogin(ctIamUser, "Failure", "No"), ["failed-signin-burst"]],
    [
      "SAML federation sign-in (the IdP does MFA)",
      ctConsoleLogin(ctIamUser, "Success", "No", { SamlProviderArn: "arn:aws:iam::111122223333:saml-provider/Okta" }),
      [],
    ],
    [
      "CreateUser",
      ctApiCall("iam.amazonaws.com", "CreateUser", { requestParameters: { userName: "bob" } }),
      ["privilege-change"],
    ],
    [
      "CreateAccessKey",
      ctApiCall("iam.amazonaws.com", "CreateAccessKey", { requestParameters: { userName: "bob" } }),
      ["privilege-change"],
    ],
    [
      "AttachUserPolicy",
      ctApiCall("iam.amazonaws.com", "AttachUserPolicy", {
        requestParameters: { userName: "bob", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" },
      }),
      ["privilege-change"],
    ],
    [
      "PutRolePolicy",
      ctApiCall("iam.amazonaws.com", "PutRolePolicy", { requestParameters: { roleName: "ci", policyName: "p" } }),
      ["privilege-change"],
    ],
    ["DetachUserPolicy takes privilege away", ctApiCall("iam.amazonaws.com", "DetachUserPolicy"), []],
    ["Amazon MQ's CreateUser is not an identity", ctApiCall("mq.amazonaws.com", "CreateUser"), []],
    [
      "a denied AttachRolePolicy",
      ctApiCall("iam.amazonaws.com", "AttachRolePolicy", { errorCode: "AccessDenied", errorMessage: "denied" }),
      [],
    ],
    [
      "StopLogging",
      ctApiCall("cloudtrail.amazonaws.com", "StopLogging", { requestParameters: { name: "main" } }),
      ["logging-disabled"],
    ],
    [
      "DeleteTrail",
      ctApiCall("cloudtrail.amazonaws.com", "DeleteTrail", { requestParameters: { name: "main" } }),
      ["logging-disabled"],
    ],
    [
      "a failed StopLogging",
      ctApiCall("cloudtrail.amazonaws.com", "StopLogging", { errorCode: "TrailNotFoundException" }),
      [],
    ],
    ["StartLogging", ctApiCall("cloudtrail.amazonaws.com", "StartLogging"), []],
    [
      "PutEventSelectors without management events",
      ctApiCall("cloudtrail.amazonaws.com", "PutEventSelectors", {
        requestParameters: {
          trailName: "main",
          eventSelectors: [{ includeManagementEvents: true }, { includeManagementEvents: false }],
        },
      }),
      ["logging-disabled"],
    ],
    [
      "PutEventSelectors keeping management events",
      ctApiCall("cloudtrail.amazonaws.com", "PutEventSelectors", {
        requestParameters: {
          trailName: "main",
          eventSelectors: [{ readWriteType: "All", includeManagementEvents: true }],
        },
      }),
      [],
    ],
    [
      "PutEventSelectors with advanced selectors only (cannot tell: alarm)",
      ctApiCall("cloudtrail.amazonaws.com", "PutEventSelectors", {
        requestParameters: {
          trailName: "main",
          advancedEventSelectors: [{ fieldSelectors: [{ field: "eventCategory", equals: ["Data"] }] }],
        },
      }),
      ["logging-disabled"],
    ],
    ["a read API call", ctApiCall("s3.amazonaws.com", "ListBuckets", { readOnly: true }), []],
  ])("%s", (_, record, expected) => {
    expect(firing(cloudTrail(record))).toEqual(expected);
  });

  it("an assumed-role console session opened from a session that used MFA is not 'without MFA'", () => {
    const assumed = {
      type: "AssumedRole",
      principalId: "AROAEXAMPLE:alice",
      arn: "arn:aws:sts::111122223333:assumed-role/admin/alice",
      accountId: "111122223333",
      sessionContext: {
        attributes: { creationDate: "2024-05-01T07:59:00Z", mfaAuthenticated: "true" },
        sessionIssuer: { type: "Role", userName: "admin" },
      },
    };
    expect(firing(cloudTrail(ctConsoleLogin(assumed, "Success", "No")))).toEqual([]);
    const sso = {
      ...assumed,
      arn: "arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_Admin_0123/alice",
      sessionContext: { attributes: { mfaAuthenticated: "false" } },
    };
    expect(firing(cloudTrail(ctConsoleLogin(sso, "Success", "No")))).toEqual([]);
  });
});

describe("Stratus Red Team detonation logs (real CloudTrail of each attack technique)", () => {
  const dir = path.join(DATASETS, "stratus-red-team-detonation-logs");
  const techniqueEvents = (technique: string) =>
    (JSON.parse(readFileSync(path.join(dir, `${technique}.json`), "utf8")) as Rec[]).map((record) =>
      cloudTrail(record),
    );

  // Technique -> the event names in its log that must fire the built-in; its other events must not.
  const TECHNIQUES: [string, BuiltinPolicyKey, string[]][] = [
    ["aws.defense-evasion.cloudtrail-stop", "logging-disabled", ["StopLogging"]],
    ["aws.defense-evasion.cloudtrail-delete", "logging-disabled", ["DeleteTrail"]],
    ["aws.defense-evasion.cloudtrail-event-selectors", "logging-disabled", ["PutEventSelectors"]],
    ["aws.initial-access.console-login-without-mfa", "signin-without-mfa", ["ConsoleLogin"]],
    ["aws.persistence.iam-backdoor-user", "privilege-change", ["CreateAccessKey"]],
    [
      "aws.persistence.iam-create-admin-user",
      "privilege-change",
      ["AttachUserPolicy", "CreateAccessKey", "CreateUser"],
    ],
    ["aws.persistence.iam-backdoor-role", "privilege-change", ["UpdateAssumeRolePolicy"]],
    // CreateRole grants nothing until a policy is attached; the attachment fires.
    ["aws.persistence.iam-create-backdoor-role", "privilege-change", ["AttachRolePolicy"]],
    // Its failed DeleteLoginProfile and GetCallerIdentity do not fire.
    ["aws.persistence.iam-create-user-login-profile", "privilege-change", ["CreateLoginProfile"]],
    ["aws.privilege-escalation.iam-update-user-login-profile", "privilege-change", ["UpdateLoginProfile"]],
  ];
  it.each(TECHNIQUES)("%s fires %s", (technique, key, eventNames) => {
    const policy = builtinPolicy(key)!;
    const fired = techniqueEvents(technique)
      .filter((e) => matches(policy.condition, new AlarmSubject(e)))
      .map((e) => e.eventName);
    expect(fired.sort()).toEqual(eventNames);
  });

  it("across all 310 events of the 35 techniques, the built-ins fire only where a technique above says", () => {
    const counts: Record<string, number> = {};
    const files = readdirSync(dir).filter((f) => f.endsWith(".json"));
    const events = files.flatMap((f) => techniqueEvents(f.slice(0, -".json".length)));
    expect(events).toHaveLength(310);
    for (const event of events) for (const key of firing(event)) counts[key] = (counts[key] ?? 0) + 1;
    const expected: Record<string, number> = {};
    for (const [, key, names] of TECHNIQUES) expected[key] = (expected[key] ?? 0) + names.length;
    expect(expected).toEqual({ "logging-disabled": 3, "signin-without-mfa": 1, "privilege-change": 8 });
    expect(counts).toEqual(expected);
  });
});

describe("Invictus IR's real CloudTrail of a Stratus run (2,900 events, one account)", () => {
  it("the built-ins fire on the attack's IAM, trail and sign-in events only", () => {
    const dir = path.join(DATASETS, "invictus-aws-cloudtrail", "CloudTrail");
    const fired: Record<string, Record<string, number>> = {};
    let events = 0;
    for (const file of readdirSync(dir).filter((f) => f.endsWith(".json"))) {
      for (const record of (JSON.parse(readFileSync(path.join(dir, file), "utf8")) as { Records: Rec[] }).Records) {
        const event = cloudTrail(record);
        events++;
        for (const key of firing(event))
          (fired[key] ??= {})[event.eventName] = (fired[key]?.[event.eventName] ?? 0) + 1;
      }
    }
    expect(events).toBe(2900);
    expect(fired).toEqual({
      "privilege-change": {
        AttachRolePolicy: 6,
        AttachUserPolicy: 1,
        CreateAccessKey: 2,
        CreateLoginProfile: 2,
        CreateUser: 4,
        PutRolePolicy: 5,
        UpdateAssumeRolePolicy: 2,
      },
      "logging-disabled": { DeleteTrail: 2, PutEventSelectors: 1 },
      "signin-without-mfa": { ConsoleLogin: 1 },
    });
  });
});

// ---- Alibaba Cloud ActionTrail --------------------------------------------------------------------------------

const atSignin = (userIdentity: Rec, extra: Rec) => ({
  eventId: nextId("at-signin"),
  eventVersion: "1",
  eventTime: "2024-05-01T08:00:00Z",
  eventName: "ConsoleSignin",
  eventSource: "signin.aliyun.com",
  eventType: "ConsoleSignin",
  eventRW: "Write",
  acsRegion: "cn-hangzhou",
  sourceIpAddress: "203.0.113.5",
  userAgent: "Mozilla/5.0",
  serviceName: "AasSub",
  userIdentity,
  ...extra,
});
const atApiCall = (serviceName: string, eventName: string, extra: Rec = {}) => ({
  eventId: nextId(`at-${eventName}`),
  eventVersion: "1",
  eventTime: "2024-05-01T08:05:00Z",
  eventName,
  eventSource: `${serviceName.toLowerCase()}.aliyuncs.com`,
  eventType: "ApiCall",
  eventRW: "Write",
  acsRegion: "cn-hangzhou",
  serviceName,
  sourceIpAddress: "198.51.100.30",
  userAgent: "AlibabaCloud (Linux) Java/1.8.0",
  userIdentity: {
    type: "ram-user",
    principalId: "2000",
    accountId: "1000",
    userName: "ops",
    accessKeyId: "LTAI5tEXAMPLE",
  },
  requestId: "r-1",
  ...extra,
});

describe("Alibaba Cloud ActionTrail", () => {
  const rootAccount = { type: "root-account", principalId: "1000", accountId: "1000", userName: "root" };
  const ramUser = { type: "ram-user", principalId: "2000", accountId: "1000", userName: "alice" };
  it.each<[string, Rec, BuiltinPolicyKey[]]>([
    [
      "root-account sign-in without MFA",
      atSignin(rootAccount, { additionalEventData: { loginAccount: "admin@example.com", isMFAChecked: "false" } }),
      ["root-signin", "signin-without-mfa"],
    ],
    [
      "root-account sign-in with MFA",
      atSignin(rootAccount, { additionalEventData: { loginAccount: "admin@example.com", isMFAChecked: "true" } }),
      ["root-signin"],
    ],
    [
      "RAM user sign-in without MFA",
      atSignin(ramUser, { additionalEventData: { loginAccount: "alice@1000.onaliyun.com", isMFAChecked: "false" } }),
      ["signin-without-mfa"],
    ],
    [
      "RAM user sign-in with MFA",
      atSignin(ramUser, { additionalEventData: { loginAccount: "alice@1000.onaliyun.com", isMFAChecked: "true" } }),
      [],
    ],
    [
      "failed RAM user sign-in",
      atSignin(ramUser, {
        additionalEventData: { loginAccount: "alice@1000.onaliyun.com", isMFAChecked: "false" },
        errorCode: "InvalidPassword",
        errorMessage: "wrong password",
      }),
      ["failed-signin-burst"],
    ],
    ["ConsoleSignout", { ...atSignin(ramUser, {}), eventName: "ConsoleSignout", eventType: "ConsoleSignout" }, []],
    [
      "RAM CreateUser",
      atApiCall("Ram", "CreateUser", { requestParameters: { UserName: "bob" } }),
      ["privilege-change"],
    ],
    [
      "IMS CreateAccessKey",
      atApiCall("Ims", "CreateAccessKey", { requestParameters: { UserPrincipalName: "bob@1000.onaliyun.com" } }),
      ["privilege-change"],
    ],
    [
      "RAM AttachPolicyToUser",
      atApiCall("Ram", "AttachPolicyToUser", {
        requestParameters: { PolicyName: "AdministratorAccess", UserName: "bob" },
      }),
      ["privilege-change"],
    ],
    ["RAM AttachPolicyToRole", atApiCall("Ram", "AttachPolicyToRole"), ["privilege-change"]],
    ["RAM DetachPolicyFromUser", atApiCall("Ram", "DetachPolicyFromUser"), []],
    [
      "a denied RAM AttachPolicyToUser",
      atApiCall("Ram", "AttachPolicyToUser", { errorCode: "NoPermission", errorMessage: "denied" }),
      [],
    ],
    [
      "ActionTrail StopLogging",
      atApiCall("Actiontrail", "StopLogging", { requestParameters: { Name: "ali_trail_log" } }),
      ["logging-disabled"],
    ],
    [
      "ActionTrail DeleteTrail",
      atApiCall("Actiontrail", "DeleteTrail", { requestParameters: { Name: "ali_trail_log" } }),
      ["logging-disabled"],
    ],
    ["ActionTrail StartLogging", atApiCall("Actiontrail", "StartLogging"), []],
  ])("%s", (_, record, expected) => {
    expect(firing(actionTrail(record))).toEqual(expected);
  });

  it("the dataset's 21 real events (reads by root and the ActionTrail service role) fire nothing", () => {
    const dir = path.join(DATASETS, "alibaba-actiontrail-samples");
    const entries = ["AliCloud_CL.json", "AliCloud_Cloudhub_CL.json"].flatMap(
      (file) => JSON.parse(readFileSync(path.join(dir, file), "utf8")) as unknown[],
    );
    expect(entries).toHaveLength(21);
    for (const entry of entries)
      expect(firing(accepted(normaliseActionTrailEntry(entry, JSON.stringify(entry))))).toEqual([]);
  });
});

// ---- Tencent CloudAudit ---------------------------------------------------------------------------------------

// The full CloudAudit record (the fields of the CloudAudit event reference and of the dataset's decoded example).
const caRecord = (eventName: string, extra: Rec = {}, identity: Rec = {}) => ({
  eventID: nextId(`ca-${eventName}`),
  requestID: "r-1",
  eventVersion: 2,
  eventTime: 1714550400,
  eventName,
  eventSource: "cam.tencentcloudapi.com",
  eventRegion: "ap-guangzhou",
  eventType: "ApiCall",
  actionType: "Write",
  errorCode: 0,
  apiErrorCode: 0,
  sourceIPAddress: "198.51.100.40",
  userAgent: "SDK_PYTHON_3.0",
  userIdentity: {
    type: "CAMUser",
    principalId: "100000000002",
    accountId: "100000000001",
    userName: "ops",
    secretId: "AKIDEXAMPLE",
    ...identity,
  },
  ...extra,
});
const caLogin = (identity: Rec, mfa: 0 | 1, extra: Rec = {}) =>
  caRecord(
    "ConsoleLogin",
    { eventType: "ConsoleLogin", eventSource: "cam.tencentcloudapi.com", ...extra },
    {
      secretId: undefined,
      sessionContext: JSON.stringify({ mfa }),
      ...identity,
    },
  );

describe("Tencent CloudAudit", () => {
  const root = { type: "Root", principalId: "100000000001", userName: "root" };
  it.each<[string, Rec, BuiltinPolicyKey[]]>([
    ["root console login without MFA", caLogin(root, 0), ["root-signin", "signin-without-mfa"]],
    ["root console login with MFA", caLogin(root, 1), ["root-signin"]],
    ["CAM user console login without MFA", caLogin({}, 0), ["signin-without-mfa"]],
    [
      "failed CAM user console login",
      caLogin({}, 0, { errorCode: 403, apiErrorCode: "AuthFailure.PasswordError" }),
      ["failed-signin-burst"],
    ],
    ["CAM AddUser", caRecord("AddUser", { requestParameters: JSON.stringify({ Name: "bob" }) }), ["privilege-change"]],
    [
      "CAM AttachUserPolicy",
      caRecord("AttachUserPolicy", { requestParameters: JSON.stringify({ PolicyId: 1, AttachUin: 2 }) }),
      ["privilege-change"],
    ],
    ["CAM UpdateAssumeRolePolicy", caRecord("UpdateAssumeRolePolicy"), ["privilege-change"]],
    ["CAM DetachUserPolicy", caRecord("DetachUserPolicy"), []],
    [
      "CAM CreateAccessKey refused",
      caRecord("CreateAccessKey", { errorCode: 403, apiErrorCode: "AuthFailure.UnauthorizedOperation" }),
      [],
    ],
    [
      "CloudAudit StopLogging",
      caRecord("StopLogging", { eventSource: "cloudaudit.tencentcloudapi.com" }),
      ["logging-disabled"],
    ],
    [
      "CloudAudit DeleteAuditTrack",
      caRecord("DeleteAuditTrack", { eventSource: "cloudaudit.tencentcloudapi.com" }),
      ["logging-disabled"],
    ],
    [
      "CloudAudit ModifyAuditTrack switched off",
      caRecord("ModifyAuditTrack", {
        eventSource: "cloudaudit.tencentcloudapi.com",
        requestParameters: JSON.stringify({ TrackId: 1, Status: 0 }),
      }),
      ["logging-disabled"],
    ],
    [
      "CloudAudit ModifyAuditTrack left on",
      caRecord("ModifyAuditTrack", {
        eventSource: "cloudaudit.tencentcloudapi.com",
        requestParameters: JSON.stringify({ TrackId: 1, Status: 1 }),
      }),
      [],
    ],
  ])("%s", (_, record, expected) => {
    expect(firing(cloudAudit(record))).toEqual(expected);
  });

  it("the dataset's DescribeEvents example (root creates a tracking set) fires nothing", () => {
    const examples = JSON.parse(
      readFileSync(path.join(DATASETS, "tencent-cloudaudit-examples", "examples.json"), "utf8"),
    ) as {
      actions: Record<string, { output: string }[]>;
    };
    const event = (JSON.parse(examples.actions.DescribeEvents[0].output) as { Response: { Events: Rec[] } }).Response
      .Events[0];
    expect(firing(cloudAudit(event))).toEqual([]);
  });
});

// ---- Keytrail's own console events ----------------------------------------------------------------------------

const meta = { sourceIpAddress: "192.0.2.10", userAgent: "Mozilla/5.0" };
const actor = (userType: string, mfaUsed: boolean | null): ConsoleActor => ({
  userName: userType === "Root" ? "root" : "alice",
  principalId: "p-1",
  userType,
  mfaUsed,
});
const base = { eventId: "k-1", eventTime: new Date("2024-05-01T08:00:00Z"), accountId: "100000000001" };
const operation = (
  eventName: string,
  requestParameters: Rec,
  extra: Partial<Parameters<typeof consoleEvent>[0]> = {},
) =>
  consoleEvent({
    ...base,
    eventName,
    readOnly: false,
    actor: actor("SubUser", null),
    meta,
    requestParameters,
    ...extra,
  });

describe("Keytrail console events", () => {
  it.each<[string, NormalisedEvent, BuiltinPolicyKey[]]>([
    [
      "root sign-in without MFA",
      consoleSigninEvent({ ...base, actor: actor("Root", false), meta }, { ok: true }),
      ["root-signin", "signin-without-mfa"],
    ],
    [
      "root sign-in with MFA",
      consoleSigninEvent({ ...base, actor: actor("Root", true), meta }, { ok: true }),
      ["root-signin"],
    ],
    [
      "sub-user sign-in without MFA",
      consoleSigninEvent({ ...base, actor: actor("SubUser", false), meta }, { ok: true }),
      ["signin-without-mfa"],
    ],
    [
      "a wrong password",
      consoleSigninEvent(
        { ...base, actor: actor("SubUser", false), meta },
        { ok: false, errorCode: "InvalidCredentials", errorMessage: "no" },
      ),
      ["failed-signin-burst"],
    ],
    [
      "an unknown user name (no type, MFA unknown)",
      consoleSigninEvent(
        { ...base, actor: { userName: "nobody", principalId: null, userType: null, mfaUsed: null }, meta },
        { ok: false, errorCode: "InvalidCredentials", errorMessage: "no" },
      ),
      ["failed-signin-burst"],
    ],
    [
      "sign-out",
      {
        ...consoleSigninEvent({ ...base, actor: actor("Root", false), meta }, { ok: true }),
        eventName: "ConsoleSignout",
      },
      [],
    ],
    ["CreateUser", operation("CreateUser", { UserName: "bob" }), ["privilege-change"]],
    ["CreateAccessKey", operation("CreateAccessKey", { UserName: "bob" }, { sensitive: true }), ["privilege-change"]],
    ["AddUserToGroup", operation("AddUserToGroup", { UserName: "bob", GroupName: "Platform" }), ["privilege-change"]],
    [
      "a console role granted",
      operation("UpdateUser", { UserName: "bob", NewConsoleRole: "Administrator" }),
      ["privilege-change"],
    ],
    ["a console role taken away", operation("UpdateUser", { UserName: "bob", NewConsoleRole: null }), []],
    ["a display name changed", operation("UpdateUser", { UserName: "bob", NewDisplayName: "Bob" }), []],
    [
      "made team lead",
      operation("UpdateGroupMember", { UserName: "bob", GroupName: "Platform", IsLead: true }),
      ["privilege-change"],
    ],
    [
      "no longer team lead",
      operation("UpdateGroupMember", { UserName: "bob", GroupName: "Platform", IsLead: false }),
      [],
    ],
    [
      "a refused CreateUser",
      operation("CreateUser", { UserName: "bob" }, { errorCode: "NoPermission", errorMessage: "Administrators only" }),
      [],
    ],
    ["LookupEvents", operation("LookupEvents", {}, { readOnly: true }), []],
  ])("%s", (_, event, expected) => {
    expect(firing(event)).toEqual(expected);
  });
});

// ---- AccessKey used from a new IP -----------------------------------------------------------------------------

describe("access-key-new-ip", () => {
  const isNew: EvaluationContext = { isNewAccessKeyIp: () => true };
  const seen: EvaluationContext = { isNewAccessKeyIp: () => false };

  it("fires for a successful AccessKey call the engine calls new, from every source", () => {
    const events = [
      cloudTrail(ctApiCall("s3.amazonaws.com", "ListBuckets", { readOnly: true })),
      actionTrail(atApiCall("Ecs", "DescribeInstances", { eventRW: "Read" })),
      cloudAudit(caRecord("DescribeInstances", { eventSource: "cvm.tencentcloudapi.com", actionType: "Read" })),
      operation("LookupEvents", {}, { readOnly: true, accessKeyId: "KT1EXAMPLE" }),
    ];
    for (const event of events) {
      expect(firing(event, isNew)).toEqual(["access-key-new-ip"]);
      expect(firing(event, seen)).toEqual([]);
    }
  });

  it("needs an AccessKey, a source IP and success, and asks the engine only then", () => {
    const asked: string[] = [];
    const context: EvaluationContext = { isNewAccessKeyIp: (e) => (asked.push(e.eventId), true) };
    const policy = builtinPolicy("access-key-new-ip")!;
    const check = (event: NormalisedEvent) => matches(policy.condition, new AlarmSubject(event), context);
    expect(check(operation("LookupEvents", {}, { readOnly: true }))).toBe(false); // console session, no key
    expect(check(cloudTrail(ctApiCall("iam.amazonaws.com", "GetUser", { errorCode: "AccessDenied" })))).toBe(false);
    expect(
      check(cloudTrail(ctApiCall("iam.amazonaws.com", "GetUser", { sourceIPAddress: "cloudformation.amazonaws.com" }))),
    ).toBe(false);
    expect(asked).toEqual([]);
    expect(check(cloudTrail(ctApiCall("iam.amazonaws.com", "GetUser")))).toBe(true);
    expect(asked).toHaveLength(1);
  });
});

describe("the built-in policy list", () => {
  it("has each key once, in BUILTIN_POLICY_KEYS order, all on by default", () => {
    expect(BUILTIN_POLICIES.map((p) => p.key)).toEqual([...BUILTIN_POLICY_KEYS]);
    expect(BUILTIN_POLICIES.every((p) => p.enabledByDefault)).toBe(true);
    expect(builtinPolicy("nope")).toBeUndefined();
  });

  it("every condition and threshold passes the schema an administrator's policy must pass", () => {
    for (const policy of BUILTIN_POLICIES) {
      expect(SEVERITIES).toContain(policy.severity);
      expect(parseCondition(policy.condition)).toEqual({ ok: true, condition: policy.condition });
      expect(parseThreshold(policy.threshold)).toEqual({ ok: true, threshold: policy.threshold });
    }
  });

  it("only the burst has a threshold (5 or more failures in 10 minutes per user), only the new-IP one needs history", () => {
    expect(BUILTIN_POLICIES.filter((p) => p.threshold).map((p) => [p.key, p.threshold])).toEqual([
      ["failed-signin-burst", { count: 4, windowMinutes: 10, per: "user" }],
    ]);
    expect(BUILTIN_POLICIES.filter((p) => needsHistory(p.condition)).map((p) => p.key)).toEqual(["access-key-new-ip"]);
  });
});
