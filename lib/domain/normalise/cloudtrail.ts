// AWS CloudTrail record -> NormalisedEvent. One record (as parsed) plus its verbatim text; the record is
// untrusted input, so every field is type-checked and a record without the essentials is rejected by name.
import type { EventResource, EventType, UserIdentity } from "../event";
import { cleanIp } from "./ip";
import { shortServiceName } from "./own-shape";
import type { NormaliseResult } from "./result";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null => (typeof v === "string" && v.trim() !== "" ? v : null);
const objOrNull = (v: unknown): Obj | null => (isObj(v) ? v : null);
/** true / false, also as the strings CloudTrail uses in sessionContext attributes; else null. */
const bool = (v: unknown): boolean | null =>
  v === true || v === "true" ? true : v === false || v === "false" ? false : null;

const EVENT_TYPES: Record<string, EventType> = {
  AwsApiCall: "ApiCall",
  AwsConsoleSignIn: "ConsoleSignin",
  AwsServiceEvent: "ServiceEvent",
  AwsConsoleAction: "ConsoleOperation",
  AwsCloudTrailInsight: "ServiceEvent",
  AwsVpceEvent: "ServiceEvent",
};

/** Security-sensitive CloudTrail event names: logging tampering, credential and permission changes, exposure. */
export const CLOUDTRAIL_SENSITIVE = new Set([
  "StopLogging",
  "DeleteTrail",
  "UpdateTrail",
  "PutEventSelectors",
  "PutInsightSelectors",
  "CreateAccessKey",
  "DeleteAccessKey",
  "UpdateAccessKey",
  "CreateUser",
  "DeleteUser",
  "AttachUserPolicy",
  "AttachRolePolicy",
  "AttachGroupPolicy",
  "PutUserPolicy",
  "PutRolePolicy",
  "PutGroupPolicy",
  "DetachUserPolicy",
  "DetachRolePolicy",
  "CreatePolicyVersion",
  "SetDefaultPolicyVersion",
  "UpdateAssumeRolePolicy",
  "AddUserToGroup",
  "CreateLoginProfile",
  "UpdateLoginProfile",
  "DeleteLoginProfile",
  "DeactivateMFADevice",
  "DeleteVirtualMFADevice",
  "CreateVirtualMFADevice",
  "EnableMFADevice",
  "DeleteBucketPolicy",
  "PutBucketPolicy",
  "PutBucketAcl",
  "DeleteBucketPublicAccessBlock",
  "PutBucketPublicAccessBlock",
  "AuthorizeSecurityGroupIngress",
  "AuthorizeSecurityGroupEgress",
  "ModifySnapshotAttribute",
  "ModifyImageAttribute",
  "ModifyDBSnapshotAttribute",
  "DeleteFlowLogs",
  "DeleteDetector",
  "DisableKey",
  "ScheduleKeyDeletion",
  "PutKeyPolicy",
  "StopConfigurationRecorder",
  "DeleteConfigurationRecorder",
  "LeaveOrganization",
  "GetFederationToken",
  "CreateTrustAnchor",
  "GetPasswordData",
]);

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?(?:Z|[+-]\d{2}:?\d{2})$/;

/** A valid ISO-8601 date-time with offset, or null. */
export function parseIsoTime(value: unknown): Date | null {
  if (typeof value !== "string" || !ISO_TIME.test(value)) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}

export function quote(value: unknown): string {
  const text = typeof value === "string" ? value : (JSON.stringify(value) ?? String(value));
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 40)}...` : text);
}

export function normaliseCloudTrail(record: unknown, raw: string): NormaliseResult {
  if (!isObj(record)) return { ok: false, reason: "record: not a JSON object" };
  const eventId = str(record.eventID);
  if (!eventId) return { ok: false, reason: "eventID: missing" };
  const time = eventTimeOf(record);
  if (!time.ok) return time;
  const eventName = str(record.eventName);
  if (!eventName) return { ok: false, reason: "eventName: missing" };
  const eventSource = str(record.eventSource);
  if (!eventSource) return { ok: false, reason: "eventSource: missing" };

  const identity = identityOf(record);
  const requestParameters = objOrNull(record.requestParameters);
  const responseElements = objOrNull(record.responseElements);
  let errorCode = str(record.errorCode);
  const errorMessage = str(record.errorMessage);
  if (eventName === "ConsoleLogin") {
    // A failed console sign-in carries no errorCode, only responseElements.ConsoleLogin = "Failure".
    if (responseElements?.ConsoleLogin === "Failure") errorCode ??= errorMessage ?? "ConsoleLoginFailure";
    const mfa = objOrNull(record.additionalEventData)?.MFAUsed;
    if (mfa === "Yes" || mfa === "No") identity.mfaUsed = mfa === "Yes";
  }
  return {
    ok: true,
    event: {
      eventId,
      eventTime: time.date,
      origin: "cloudtrail",
      eventName,
      eventSource,
      service: shortServiceName(eventSource),
      // Own keys only: an eventType of "toString" or "__proto__" must not pick up Object.prototype's members.
      eventType:
        (Object.hasOwn(EVENT_TYPES, String(record.eventType)) ? EVENT_TYPES[String(record.eventType)] : undefined) ??
        (eventSource === "signin.amazonaws.com" ? "ConsoleSignin" : "ApiCall"),
      readOnly: bool(record.readOnly),
      sensitive: CLOUDTRAIL_SENSITIVE.has(eventName),
      accountId: str(record.recipientAccountId) ?? str(objOrNull(record.userIdentity)?.accountId),
      userIdentity: identity,
      sourceIpAddress: cleanIp(record.sourceIPAddress),
      userAgent: str(record.userAgent),
      region: str(record.awsRegion),
      resources: resourcesOf(record, eventSource, requestParameters),
      requestId: str(record.requestID),
      errorCode,
      errorMessage,
      requestParameters,
      responseElements,
      raw,
    },
  };
}

function eventTimeOf(record: Obj): { ok: true; date: Date } | { ok: false; reason: string } {
  if (record.eventTime !== undefined) {
    const date = parseIsoTime(record.eventTime);
    return date
      ? { ok: true, date }
      : { ok: false, reason: `eventTime: not an ISO-8601 date-time (${quote(record.eventTime)})` };
  }
  // Logstash moves eventTime into @timestamp (and adds @version). CloudTrail times are whole seconds, so a
  // whole-second @timestamp is the event time; one with milliseconds is Logstash's own ingestion time.
  const stamp = record["@timestamp"];
  if (record["@version"] !== undefined && typeof stamp === "string") {
    const date = parseIsoTime(stamp);
    if (date && date.getUTCMilliseconds() === 0) return { ok: true, date };
    return {
      ok: false,
      reason: `eventTime: missing, and Logstash @timestamp ${quote(stamp)} is not a whole-second CloudTrail time`,
    };
  }
  return { ok: false, reason: "eventTime: missing" };
}

function identityOf(record: Obj): UserIdentity {
  const ui = objOrNull(record.userIdentity) ?? {};
  const session = objOrNull(ui.sessionContext);
  const issuer = objOrNull(session?.sessionIssuer);
  const arn = str(ui.arn);
  const arnName = arn ? arn.split(":").slice(5).join(":").split("/").slice(1).join("/") : null;
  const invokedBy = str(ui.invokedBy);
  const type = str(ui.type) ?? (invokedBy ? "AWSService" : null);
  const mfa = objOrNull(session?.attributes)?.mfaAuthenticated;
  const onBehalfOf = objOrNull(ui.onBehalfOf);
  let userName = str(ui.userName);
  let roleName: string | null = null;
  switch (type) {
    case "Root":
      userName ??= "root";
      break;
    case "AssumedRole": {
      // "<role>/<session>" from the ARN, so both the role and the session name are searchable.
      roleName = str(issuer?.userName);
      const sessionName = str(ui.principalId)?.split(":")[1] ?? null;
      userName = arnName ?? (roleName && sessionName ? `${roleName}/${sessionName}` : roleName);
      break;
    }
    case "AWSService":
      userName ??= invokedBy;
      break;
    case "FederatedUser":
      userName ??= arnName;
      break;
    case "AWSAccount":
      userName ??= str(ui.accountId);
      break;
    case "IdentityCenterUser":
      userName ??= str(onBehalfOf?.userId);
      break;
  }
  return {
    type,
    principalId: str(ui.principalId) ?? (type === "IdentityCenterUser" ? str(onBehalfOf?.userId) : null),
    userName,
    accessKeyId: str(ui.accessKeyId),
    mfaUsed: bool(mfa),
    roleName,
  };
}

const SERVICE_NAMES: Record<string, string> = {
  ec2: "EC2",
  s3: "S3",
  iam: "IAM",
  kms: "KMS",
  ssm: "SSM",
  sts: "STS",
  rds: "RDS",
  sns: "SNS",
  sqs: "SQS",
  lambda: "Lambda",
  secretsmanager: "SecretsManager",
  cloudtrail: "CloudTrail",
  logs: "Logs",
  dynamodb: "DynamoDB",
};

const pascal = (text: string) =>
  text
    .split(/[-_]/)
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");

/** "arn:aws:ec2:us-east-1:1:instance/i-1" -> "AWS::EC2::Instance"; a bucket ARN -> "AWS::S3::Bucket". */
export function arnResourceType(arn: string): string | null {
  const parts = arn.split(":");
  if (parts.length < 6 || parts[0] !== "arn") return null;
  const service = parts[2];
  const resource = parts.slice(5).join(":");
  const kind = /^([A-Za-z0-9-_]+)[/:]/.exec(resource)?.[1];
  // Bucket and object ARNs have no region, account or resource type: "arn:aws:s3:::bucket[/key]".
  if (service === "s3" && !parts[4]) return resource.includes("/") ? "AWS::S3::Object" : "AWS::S3::Bucket";
  if (!kind) return null;
  return `AWS::${SERVICE_NAMES[service] ?? pascal(service)}::${pascal(kind)}`;
}

// requestParameters keys naming the resource acted on, when the record lists no resources itself.
const PARAMETER_RESOURCES: [key: string, type: string, service?: string][] = [
  ["bucketName", "AWS::S3::Bucket"],
  ["userName", "AWS::IAM::User", "iam"],
  ["roleName", "AWS::IAM::Role"],
  ["groupName", "AWS::IAM::Group", "iam"],
  ["groupName", "AWS::EC2::SecurityGroup", "ec2"],
  ["groupId", "AWS::EC2::SecurityGroup", "ec2"],
  ["policyArn", "AWS::IAM::Policy"],
  ["instanceProfileName", "AWS::IAM::InstanceProfile"],
  ["accessKeyId", "AWS::IAM::AccessKey", "iam"],
  ["instanceId", "AWS::EC2::Instance"],
  ["instanceIds", "AWS::EC2::Instance"],
  ["volumeId", "AWS::EC2::Volume"],
  ["snapshotId", "AWS::EC2::Snapshot"],
  ["imageId", "AWS::EC2::Image"],
  ["vpcId", "AWS::EC2::VPC"],
  ["subnetId", "AWS::EC2::Subnet"],
  ["keyId", "AWS::KMS::Key"],
  ["trailName", "AWS::CloudTrail::Trail"],
  ["name", "AWS::CloudTrail::Trail", "cloudtrail"],
  ["secretId", "AWS::SecretsManager::Secret"],
  ["name", "AWS::SecretsManager::Secret", "secretsmanager"],
  ["functionName", "AWS::Lambda::Function"],
  ["dBInstanceIdentifier", "AWS::RDS::DBInstance"],
  ["dBSnapshotIdentifier", "AWS::RDS::DBSnapshot"],
  ["logGroupName", "AWS::Logs::LogGroup"],
  ["detectorId", "AWS::GuardDuty::Detector"],
  ["trustAnchorId", "AWS::RolesAnywhere::TrustAnchor"],
];

const MAX_RESOURCES = 100;

function resourcesOf(record: Obj, eventSource: string, params: Obj | null): EventResource[] {
  const found: EventResource[] = [];
  const add = (type: string | null, name: unknown) => {
    if (typeof name !== "string" || name === "" || found.length >= MAX_RESOURCES) return;
    const t = type ?? "AWS::Resource";
    if (!found.some((r) => r.type === t && r.name === name)) found.push({ type: t, name });
  };
  if (Array.isArray(record.resources) && record.resources.length > 0) {
    for (const r of record.resources) {
      if (!isObj(r)) continue;
      const arn = str(r.ARN) ?? str(r.arn);
      if (arn) add(str(r.type) ?? arnResourceType(arn), arn);
    }
    return found;
  }
  if (!params) return found;
  const service = shortServiceName(eventSource);
  for (const [key, type, only] of PARAMETER_RESOURCES) {
    if (only && only !== service) continue;
    const value = params[key];
    if (Array.isArray(value)) value.forEach((v) => add(type, v));
    else add(type, value);
  }
  // EC2 lists instances as instancesSet.items[].instanceId.
  const items = objOrNull(params.instancesSet)?.items;
  if (Array.isArray(items)) for (const item of items) add("AWS::EC2::Instance", objOrNull(item)?.instanceId);
  return found;
}
