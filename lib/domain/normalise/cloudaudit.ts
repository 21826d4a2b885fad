// Tencent Cloud CloudAudit event -> NormalisedEvent. Accepts the LookUpEvents / DescribeEvents response's event
// object (capitalised summary fields + `CloudAuditEvent`, the full record as a JSON string) or the full record itself.
import type { EventResource, EventType } from "../event";
import { parseIsoTime, quote } from "./cloudtrail";
import { cleanIp } from "./ip";
import { shortServiceName } from "./own-shape";
import type { NormaliseResult } from "./result";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null =>
  typeof v === "string" && v.trim() !== "" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : null;

/** Used only when a record has no `sensitiveAction` flag of its own. */
const CLOUDAUDIT_SENSITIVE = new Set([
  "StopLogging",
  "DeleteAuditTrack",
  "ModifyAuditTrack",
  "DeleteAudit",
  "UpdateAudit",
  "AddUser",
  "DeleteUser",
  "CreateAccessKey",
  "DeleteAccessKey",
  "UpdateAccessKey",
  "AttachUserPolicy",
  "AttachRolePolicy",
  "AttachGroupPolicy",
  "UpdateUser",
  "SetMfaFlag",
  "UnbindMfaToken",
  "AddUserToGroup",
  "UpdateAssumeRolePolicy",
  "CreateRole",
  "AuthorizeSecurityGroupPolicies",
  "ModifySecurityGroupPolicies",
]);

const CHINA_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/**
 * CloudAudit times: unix seconds (number or digit string), "YYYY-MM-DD HH:mm:ss" in China Standard Time (UTC+8,
 * the console's zone: the LookUpEvents example's 12:36:27 matches its request's unix Timestamp 04:36:23 UTC),
 * or ISO-8601 with an offset.
 */
export function parseCloudAuditTime(value: unknown): Date | null {
  if (
    (typeof value === "number" && Number.isInteger(value)) ||
    (typeof value === "string" && /^\d{9,13}$/.test(value))
  ) {
    const n = Number(value);
    const date = new Date(n >= 1e12 ? n : n * 1000); // 13 digits are milliseconds
    return Number.isNaN(date.getTime()) ? null : date; // beyond the Date range (e.g. 1e20): no real time
  }
  const m = typeof value === "string" ? CHINA_TIME.exec(value) : null;
  if (!m) return parseIsoTime(value);
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h - 8, mi, s));
  // Reject impossible dates ("2019-02-30") rather than letting Date roll them over.
  const check = new Date(date.getTime() + 8 * 3600_000);
  return check.getUTCDate() === d && check.getUTCMonth() === mo - 1 && h < 24 && mi < 60 && s < 60 ? date : null;
}

function jsonObject(value: unknown): Obj | null {
  if (isObj(value)) return value;
  if (typeof value !== "string") return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return isObj(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

const isSuccess = (code: unknown) => code === undefined || code === null || code === "" || Number(code) === 0;

export function normaliseCloudAudit(record: unknown, raw: string): NormaliseResult {
  if (!isObj(record)) return { ok: false, reason: "record: not a JSON object" };
  // outer: the API's summary object; inner: the full CloudAudit record.
  const summary = "CloudAuditEvent" in record || "EventId" in record || "EventName" in record;
  const outer: Obj = summary ? record : {};
  let inner: Obj = summary ? {} : record;
  if (typeof record.CloudAuditEvent === "string") {
    try {
      const parsed: unknown = JSON.parse(record.CloudAuditEvent);
      if (!isObj(parsed)) return { ok: false, reason: "CloudAuditEvent: not a JSON object" };
      inner = parsed;
    } catch (error) {
      return { ok: false, reason: `CloudAuditEvent: invalid JSON (${(error as Error).message})` };
    }
  } else if (isObj(record.CloudAuditEvent)) inner = record.CloudAuditEvent;

  const field = (upper: string, lower: string) => (summary ? upper : lower);
  const eventId = str(outer.EventId) ?? str(inner.eventID);
  if (!eventId) return { ok: false, reason: `${field("EventId", "eventID")}: missing` };
  const timeValue = outer.EventTime ?? inner.eventTime;
  if (timeValue === undefined || timeValue === null || timeValue === "")
    return { ok: false, reason: `${field("EventTime", "eventTime")}: missing` };
  const eventTime = parseCloudAuditTime(timeValue);
  if (!eventTime)
    return { ok: false, reason: `${field("EventTime", "eventTime")}: not a CloudAudit time (${quote(timeValue)})` };
  const eventName = str(outer.EventName) ?? str(inner.eventName);
  if (!eventName) return { ok: false, reason: `${field("EventName", "eventName")}: missing` };
  const eventSource = str(outer.EventSource) ?? str(inner.eventSource);
  if (!eventSource) return { ok: false, reason: `${field("EventSource", "eventSource")}: missing` };

  const ui = isObj(inner.userIdentity) ? inner.userIdentity : {};
  const session = jsonObject(ui.sessionContext);
  const code = outer.ErrorCode ?? inner.errorCode;
  const failed = !isSuccess(code);
  const flag = inner.sensitiveAction;
  const eventType: EventType =
    eventName === "ConsoleLogin" || inner.eventType === "ConsoleLogin"
      ? "ConsoleSignin"
      : inner.eventType === "ConsoleCall"
        ? "ConsoleOperation"
        : "ApiCall";
  return {
    ok: true,
    event: {
      eventId,
      eventTime,
      origin: "cloudaudit",
      eventName,
      eventSource,
      service: shortServiceName(eventSource),
      eventType,
      readOnly: inner.actionType === "Read" ? true : inner.actionType === "Write" ? false : null,
      sensitive:
        flag === undefined || flag === null || flag === ""
          ? CLOUDAUDIT_SENSITIVE.has(eventName)
          : flag === true || Number(flag) === 1,
      accountId: str(outer.AccountID) ?? str(ui.accountId),
      userIdentity: {
        type: str(ui.type),
        principalId: str(ui.principalId),
        userName: str(outer.Username) ?? str(ui.userName),
        accessKeyId: str(outer.SecretId) ?? str(ui.secretId),
        mfaUsed: session && session.mfa !== undefined ? Number(session.mfa) === 1 : null,
        roleName: str(ui.roleName),
      },
      sourceIpAddress: cleanIp(outer.SourceIPAddress ?? inner.sourceIPAddress),
      userAgent: str(inner.userAgent),
      region: str(outer.EventRegion) ?? str(inner.eventRegion),
      resources: resourcesOf(outer, inner),
      requestId: str(outer.RequestID) ?? str(inner.requestID),
      // ErrorCode 0 is success; on failure the API error code names it better than the HTTP-ish number.
      errorCode: failed ? (str(inner.apiErrorCode) ?? str(code)) : null,
      errorMessage: failed ? (str(inner.apiErrorMessage) ?? str(inner.errorMessage)) : null,
      requestParameters: jsonObject(inner.requestParameters),
      responseElements: jsonObject(inner.responseElements),
      raw,
    },
  };
}

function resourcesOf(outer: Obj, inner: Obj): EventResource[] {
  const found: EventResource[] = [];
  const add = (type: string | null, name: unknown) => {
    if (typeof name !== "string" || name.trim() === "" || found.length >= 100) return;
    const t = type ?? "resource";
    if (!found.some((r) => r.type === t && r.name === name)) found.push({ type: t, name });
  };
  const summary = isObj(outer.Resources) ? outer.Resources : null;
  const summaryType = str(summary?.ResourceType) ?? str(outer.ResourceTypeCn);
  if (summary) add(summaryType, summary.ResourceName);
  const innerType = str(inner.resourceType) ?? summaryType;
  add(innerType, inner.resourceName);
  if (Array.isArray(inner.resourceSet)) {
    for (const item of inner.resourceSet) {
      if (isObj(item))
        add(str(item.resourceType) ?? str(item.ResourceType) ?? innerType, item.resourceName ?? item.ResourceName);
      else add(innerType, item);
    }
  }
  return found;
}
