// CloudTrail normalisation on the real samples in tests/fixtures/datasets (invictus, stratus, OTRF, panther).
import { readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { DATASETS } from "@/tests/fixtures/datasets";
import { describe, expect, it } from "vitest";
import { arnResourceType, normaliseCloudTrail } from "./cloudtrail";

type Rec = Record<string, unknown>;

const invictusDir = path.join(DATASETS, "invictus-aws-cloudtrail/CloudTrail");
const invictus: Rec[] = readdirSync(invictusDir).flatMap(
  (f) => (JSON.parse(readFileSync(path.join(invictusDir, f), "utf8")) as { Records: Rec[] }).Records,
);
const stratusDir = path.join(DATASETS, "stratus-red-team-detonation-logs");
const stratus: Rec[] = readdirSync(stratusDir)
  .filter((f) => f.endsWith(".json"))
  .flatMap((f) => JSON.parse(readFileSync(path.join(stratusDir, f), "utf8")) as Rec[]);
const panther = readFileSync(
  path.join(DATASETS, "panther-aws-cloudtrail-rules/panther_cloudtrail_rule_tests.jsonl"),
  "utf8",
)
  .split("\n")
  .filter(Boolean)
  .map((line) => JSON.parse(line) as { rule_file: string; test_name: string; log: Rec });

const byId = (records: Rec[], id: string) => records.find((r) => r.eventID === id)!;
const pantherLog = (file: string, test: string) =>
  panther.find((p) => p.rule_file === file && p.test_name === test)!.log;

function accept(record: Rec, raw = JSON.stringify(record)) {
  const result = normaliseCloudTrail(record, raw);
  if (!result.ok) throw new Error(result.reason);
  expect(result.event.raw).toBe(raw);
  return result.event;
}

describe("normaliseCloudTrail", () => {
  it("an IAMUser API call: identity, key, resources from requestParameters, sensitive", () => {
    const event = accept(byId(invictus, "64b7de64-bf53-47ae-b7e3-d30cb1b5136e"));
    expect(event).toMatchObject({
      eventId: "64b7de64-bf53-47ae-b7e3-d30cb1b5136e",
      eventTime: new Date("2023-07-10T12:24:29Z"),
      origin: "cloudtrail",
      eventName: "CreateAccessKey",
      eventSource: "iam.amazonaws.com",
      service: "iam",
      eventType: "ApiCall",
      readOnly: false,
      sensitive: true,
      accountId: "123837392027",
      userIdentity: {
        type: "IAMUser",
        principalId: "AIDATFQR7NSC5AU2ZV3IE",
        userName: "bert-jan",
        accessKeyId: "AKIATFQR7NSC8Q4X20BJ",
        mfaUsed: null,
        roleName: null,
      },
      sourceIpAddress: "192.168.10.20",
      userAgent: "stratus-red-team_61e3765a-ab18-4da8-b5ac-4ec10986ed4b",
      region: "us-east-1",
      resources: [{ type: "AWS::IAM::User", name: "stratus-red-team-backdoor-u-user" }],
      requestId: "6e516ef1-9cd8-47ad-b467-3f672af5d137",
      errorCode: null,
      errorMessage: null,
      requestParameters: { userName: "stratus-red-team-backdoor-u-user" },
    });
    expect(event.responseElements).toMatchObject({ accessKey: { accessKeyId: "AKIATFQR7NSC3ZO6PKAZ" } });
  });

  it("a failed StopLogging keeps its error and names the trail", () => {
    expect(accept(byId(invictus, "9790ee84-ed2b-4866-83d1-f32af0dd4cd2"))).toMatchObject({
      eventName: "StopLogging",
      service: "cloudtrail",
      sensitive: true,
      errorCode: "TrailNotFoundException",
      errorMessage: expect.stringMatching(/^Unknown trail: arn:aws:cloudtrail:us-east-1:123837392027:trail\//),
      resources: [{ type: "AWS::CloudTrail::Trail", name: "stratus-red-team-ct-stop-trail-qzbgnfqisx" }],
    });
  });

  it("an AssumedRole call: role name and '<role>/<session>' user name, MFA attribute, instance resource", () => {
    expect(accept(byId(invictus, "fbd91225-39aa-4c00-822c-9f0b96e7758f"))).toMatchObject({
      eventName: "GetPasswordData",
      service: "ec2",
      readOnly: true,
      userIdentity: {
        type: "AssumedRole",
        principalId: "AROATFQR7NSCWWVLB7BES:aws-go-sdk-1688990082523310002",
        userName: "stratus-red-team-ec2-get-password-data-role/aws-go-sdk-1688990082523310002",
        roleName: "stratus-red-team-ec2-get-password-data-role",
        accessKeyId: "ASIATFQR7NSCWLLE7IWW",
        mfaUsed: false,
      },
      errorCode: "Client.UnauthorizedOperation",
      resources: [{ type: "AWS::EC2::Instance", name: "i-durz4ux740gjqvcm" }],
    });
  });

  it("AWSService events: invokedBy is the operator, service names are not IPs, listed resources are kept", () => {
    expect(accept(byId(invictus, "a4a7b25e-c2d5-436f-8a7e-ea89f50541ab"))).toMatchObject({
      eventName: "AssumeRole",
      userIdentity: { type: "AWSService", userName: "inspector2.amazonaws.com", principalId: null, accessKeyId: null },
      sourceIpAddress: null,
      accountId: "123837392027",
      resources: [
        {
          type: "AWS::IAM::Role",
          name: "arn:aws:iam::123837392027:role/aws-service-role/inspector2.amazonaws.com/AWSServiceRoleForAmazonInspector2",
        },
      ],
    });
    // A service event with only { accountId, invokedBy } in userIdentity.
    expect(accept(byId(invictus, "895dc875-cb08-45a5-b8c2-9158838741c0"))).toMatchObject({
      eventType: "ServiceEvent",
      userIdentity: { type: "AWSService", userName: "ec2.amazonaws.com" },
      requestParameters: null,
    });
  });

  it("ConsoleLogin: MFAUsed decides mfaUsed; a failure gets an error code", () => {
    expect(accept(byId(invictus, "8feee4c2-5e27-4857-8475-bfa7e7b6d791"))).toMatchObject({
      eventType: "ConsoleSignin",
      service: "signin",
      userIdentity: { type: "IAMUser", userName: "bert-jan", mfaUsed: true, accessKeyId: null },
      sourceIpAddress: "10.8.8.10",
      errorCode: null,
      responseElements: { ConsoleLogin: "Success" },
    });
    expect(accept(pantherLog("aws_console_root_login.yml", "Successful Root Login"))).toMatchObject({
      eventType: "ConsoleSignin",
      userIdentity: { type: "Root", userName: "root", principalId: "1111", mfaUsed: false },
      accountId: "123456789012",
      errorCode: null,
    });
    expect(accept(pantherLog("aws_console_root_login_failed.yml", "Failed Root Login"))).toMatchObject({
      userIdentity: { type: "Root", userName: "root" },
      errorCode: "ConsoleLoginFailure",
      errorMessage: null,
    });
    expect(
      accept(pantherLog("aws_cloudtrail_unsuccessful_mfa_attempt.yml", "Unsuccessful Login w/ MFA")),
    ).toMatchObject({
      eventTime: new Date("2022-11-10T16:24:34Z"),
      userIdentity: { type: "IAMUser", userName: "anaya", mfaUsed: true, accessKeyId: null },
      errorCode: "Failed authentication",
      errorMessage: "Failed authentication",
      sourceIpAddress: "192.0.2.0",
    });
  });

  it("a Root caller without a userName is 'root'", () => {
    const log = pantherLog("aws_console_login_without_mfa.yml", "No MFA Login - Root User");
    expect(accept(log).userIdentity).toEqual({
      type: "Root",
      principalId: "123456789012",
      userName: "root",
      accessKeyId: null,
      mfaUsed: false,
      roleName: null,
    });
  });

  it("a FederatedUser with an anonymised (invalid) IP: name from the ARN, IP left empty", () => {
    expect(accept(byId(stratus, "91529247-c4c4-4793-afc8-d70bbcfe9d19"))).toMatchObject({
      eventName: "GetCallerIdentity",
      region: "ap-isob-east-1r",
      sourceIpAddress: null,
      userIdentity: {
        type: "FederatedUser",
        userName: "stratus_red_team",
        principalId: "742491224508:stratus_red_team",
      },
    });
  });

  it("AWSAccount and IdentityCenterUser callers get a searchable name", () => {
    const base = {
      eventID: "x",
      eventTime: "2024-01-01T00:00:00Z",
      eventName: "GetObject",
      eventSource: "s3.amazonaws.com",
    };
    expect(
      accept({ ...base, userIdentity: { type: "AWSAccount", principalId: "AIDAEXAMPLE", accountId: "111122223333" } })
        .userIdentity,
    ).toMatchObject({ userName: "111122223333", principalId: "AIDAEXAMPLE" });
    const sso = { type: "IdentityCenterUser", accountId: "1", onBehalfOf: { userId: "u-42", identityStoreArn: "arn" } };
    expect(accept({ ...base, userIdentity: sso }).userIdentity).toMatchObject({
      userName: "u-42",
      principalId: "u-42",
    });
  });

  it("OTRF Logstash JSON Lines: a whole-second @timestamp stands in for the renamed eventTime", () => {
    const line = readFileSync(
      path.join(DATASETS, "otrf-security-datasets-aws/ec2_proxy_s3_exfiltration_2020-09-14011940.json"),
      "utf8",
    ).split("\n")[0];
    expect(accept(JSON.parse(line) as Rec, line)).toMatchObject({
      eventId: "fd4f1042-c7f6-4107-a6ee-d841d92596e7",
      eventTime: new Date("2020-09-14T00:44:23.000Z"),
      userIdentity: { userName: "pedro", mfaUsed: true, accessKeyId: "ASIA5FLZVX4OI4ZDQJOL" },
      sourceIpAddress: "1.2.3.4",
    });
    const ingested = { ...(JSON.parse(line) as Rec), "@timestamp": "2020-09-14T00:44:23.417Z" };
    expect(normaliseCloudTrail(ingested, "{}")).toEqual({
      ok: false,
      reason:
        'eventTime: missing, and Logstash @timestamp "2020-09-14T00:44:23.417Z" is not a whole-second CloudTrail time',
    });
  });

  it("rejects records without the essentials, naming the field", () => {
    const noTime = { ...byId(invictus, "64b7de64-bf53-47ae-b7e3-d30cb1b5136e") };
    delete noTime.eventTime;
    expect(normaliseCloudTrail(noTime, "{}")).toEqual({ ok: false, reason: "eventTime: missing" });
    expect(normaliseCloudTrail({ ...noTime, eventTime: "10/07/2023" }, "{}")).toEqual({
      ok: false,
      reason: 'eventTime: not an ISO-8601 date-time ("10/07/2023")',
    });
    expect(normaliseCloudTrail({ ...noTime, eventTime: "2023-07-10T12:24:29Z", eventID: "" }, "{}")).toEqual({
      ok: false,
      reason: "eventID: missing",
    });
    expect(normaliseCloudTrail([1], "[1]")).toEqual({ ok: false, reason: "record: not a JSON object" });
  });

  it("every invictus and stratus record normalises, keeping what the source says", () => {
    for (const record of [...invictus, ...stratus]) {
      const event = accept(record);
      expect(event.eventId).toBe(record.eventID);
      expect(event.eventName).toBe(record.eventName);
    }
  });

  it("derives resource types from ARNs", () => {
    expect(arnResourceType("arn:aws:ec2:us-east-1:1:instance/i-1")).toBe("AWS::EC2::Instance");
    expect(arnResourceType("arn:aws:ssm:us-east-1:1:parameter/credentials/x")).toBe("AWS::SSM::Parameter");
    expect(arnResourceType("arn:aws:s3:::bucket")).toBe("AWS::S3::Bucket");
    expect(arnResourceType("arn:aws:s3:::bucket/key.txt")).toBe("AWS::S3::Object");
    expect(arnResourceType("arn:aws:lambda:us-east-1:1:function:f")).toBe("AWS::Lambda::Function");
    expect(arnResourceType("arn:aws:iam::1:root")).toBeNull();
    expect(arnResourceType("not-an-arn")).toBeNull();
  });
});
