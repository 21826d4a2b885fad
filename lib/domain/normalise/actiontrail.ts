// Alibaba Cloud ActionTrail event -> NormalisedEvent, plus the wrappers it arrives in: Log Service (SLS) entries
// whose `contents.event` is the event as a JSON string, and Sentinel rows that flatten it into `contents_event_s`.
import type { EventResource, EventType } from "../event";
import { parseIsoTime, quote } from "./cloudtrail";
import { cleanIp } from "./ip";
import { shortServiceName } from "./own-shape";
import type { NormaliseResult } from "./result";

type Obj = Record<string, unknown>;

const isObj = (v: unknown): v is Obj => typeof v === "object" && v !== null && !Array.isArray(v);
const str = (v: unknown): string | null =>
  typeof v === "string" && v.trim() !== "" ? v : typeof v === "number" && Number.isFinite(v) ? String(v) : null;

const EVENT_TYPES: Record<string, EventType> = {
  ApiCall: "ApiCall",
  ConsoleOperation: "ConsoleOperation",
  ConsoleSignin: "ConsoleSignin",
  ConsoleSignout: "ConsoleSignin",
  PasswordReset: "ConsoleSignin",
  AliyunServiceEvent: "ServiceEvent",
};

/** Security-sensitive RAM / IMS / ActionTrail / ECS operations (the Alibaba names). */
export const ACTIONTRAIL_SENSITIVE = new Set([
  "CreateAccessKey",
  "DeleteAccessKey",
  "UpdateAccessKey",
  "CreateUser",
  "DeleteUser",
  "CreateLoginProfile",
  "UpdateLoginProfile",
  "DeleteLoginProfile",
  "UnbindMFADevice",
  "DisableVirtualMFA",
  "DeleteVirtualMFADevice",
  "AttachPolicyToUser",
  "AttachPolicyToRole",
  "AttachPolicyToGroup",
  "CreatePolicyVersion",
  "SetDefaultPolicyVersion",
  "UpdateRole",
  "AddUserToGroup",
  "SetSecurityPreference",
  "SetPasswordPolicy",
  "ChangePassword",
  "DeleteTrail",
  "StopLogging",
  "UpdateTrail",
  "AuthorizeSecurityGroup",
  "AuthorizeSecurityGroupEgress",
  "ModifySnapshotAttribute",
  "ModifyImageSharePermission",
  "DeleteBucketPolicy",
  "PutBucketPolicy",
  "PutBucketAcl",
]);

export type Unwrapped = { ok: true; event: unknown } | { ok: false; reason: string };

/**
 * The event inside a Log Service entry (`contents.event`, or a top-level `event`) or a Sentinel row
 * (`contents_event_s`), parsed when it is a JSON string. null when the record is not such a wrapper.
 */
export function actionTrailEntryEvent(entry: unknown): Unwrapped | null {
  if (!isObj(entry)) return null;
  const contents = isObj(entry.contents) ? entry.contents : null;
  if (contents && "event" in contents) return decodeEvent("event", contents.event);
  if ("contents_event_s" in entry) return decodeEvent("contents_event_s", entry.contents_event_s);
  if ("event" in entry && !("eventId" in entry)) return decodeEvent("event", entry.event);
  return null;
}

function decodeEvent(field: string, value: unknown): Unwrapped {
  if (isObj(value)) return { ok: true, event: value };
  if (typeof value !== "string") return { ok: false, reason: `${field}: not a JSON object` };
  try {
    return { ok: true, event: JSON.parse(value) };
  } catch (error) {
    return { ok: false, reason: `${field}: invalid JSON (${(error as Error).message})` };
  }
}

/** A wrapped entry: unwrap, normalise the inner event, keep the entry's own text as raw. */
export function normaliseActionTrailEntry(entry: unknown, raw: string): NormaliseResult {
  const inner = actionTrailEntryEvent(entry);
  if (!inner) return normaliseActionTrail(entry, raw);
  return inner.ok ? normaliseActionTrail(inner.event, raw) : inner;
}

/** Parse a field that ActionTrail sometimes sends as a JSON string (requestParameterJson, responseElements). */
function jsonObject(value: unknown): Obj | null {
  if (isObj(value)) return value;
  if (typeof value !== "string" || !value.trim().startsWith("{")) return null;
  try {
    const parsed: unknown = JSON.parse(value);
    return isObj(parsed) ? parsed : null;
  } catch {
    return null;
  }
}

const bool = (v: unknown): boolean | null =>
  v === true || v === "true" ? true : v === false || v === "false" ? false : null;

export function normaliseActionTrail(record: unknown, raw: string): NormaliseResult {
  if (!isObj(record)) return { ok: false, reason: "record: not a JSON object" };
  const eventId = str(record.eventId);
  if (!eventId) return { ok: false, reason: "eventId: missing" };
  if (record.eventTime === undefined) return { ok: false, reason: "eventTime: missing" };
  const eventTime = parseIsoTime(record.eventTime);
  if (!eventTime) return { ok: false, reason: `eventTime: not an ISO-8601 date-time (${quote(record.eventTime)})` };
  const eventName = str(record.eventName);
  if (!eventName) return { ok: false, reason: "eventName: missing" };
  const eventSource = str(record.eventSource);
  if (!eventSource) return { ok: false, reason: "eventSource: missing" };

  const ui = isObj(record.userIdentity) ? record.userIdentity : {};
  const session = isObj(ui.sessionContext) ? ui.sessionContext : {};
  const extra = isObj(record.additionalEventData) ? record.additionalEventData : {};
  const type = str(ui.type);
  const userName = str(ui.userName) ?? str(extra.loginAccount);
  // Own keys only: an eventType of "toString" or "__proto__" must not pick up Object.prototype's members.
  const eventType =
    (Object.hasOwn(EVENT_TYPES, String(record.eventType)) ? EVENT_TYPES[String(record.eventType)] : undefined) ??
    "ApiCall";
  // For a console sign-in, isMFAChecked says whether MFA was used; otherwise the session's attribute does.
  const mfaUsed =
    (eventType === "ConsoleSignin" ? (bool(extra.isMFAChecked) ?? bool(extra.mfaChecked)) : null) ??
    bool(isObj(session.attributes) ? session.attributes.mfaAuthenticated : undefined);
  const serviceName = str(record.serviceName);
  return {
    ok: true,
    event: {
      eventId,
      eventTime,
      origin: "actiontrail",
      eventName,
      eventSource,
      service: serviceName ? serviceName.toLowerCase() : shortServiceName(eventSource),
      eventType,
      readOnly: record.eventRW === "Read" ? true : record.eventRW === "Write" ? false : null,
      sensitive: ACTIONTRAIL_SENSITIVE.has(eventName),
      accountId: str(ui.accountId) ?? str(record.recipientAccountId),
      userIdentity: {
        type,
        principalId: str(ui.principalId),
        userName,
        accessKeyId: str(ui.accessKeyId),
        mfaUsed,
        // An assumed-role userName is "<role>:<session>".
        roleName: type === "assumed-role" && userName ? userName.split(":")[0] : null,
      },
      sourceIpAddress: cleanIp(record.sourceIpAddress),
      userAgent: str(record.userAgent),
      region: str(record.acsRegion),
      resources: resourcesOf(record),
      requestId: str(record.requestId),
      errorCode: str(record.errorCode),
      errorMessage: str(record.errorMessage),
      requestParameters: jsonObject(record.requestParameters) ?? jsonObject(record.requestParameterJson),
      responseElements: jsonObject(record.responseElements),
      raw,
    },
  };
}

function resourcesOf(record: Obj): EventResource[] {
  const found: EventResource[] = [];
  const add = (type: string, name: unknown) => {
    if (typeof name !== "string" || name === "" || found.length >= 100) return;
    if (!found.some((r) => r.type === type && r.name === name)) found.push({ type, name });
  };
  const referenced = record.referencedResources;
  if (isObj(referenced)) {
    for (const [type, names] of Object.entries(referenced)) {
      if (Array.isArray(names)) names.forEach((n) => add(type, n));
      else add(type, names);
    }
  }
  const type = str(record.resourceType);
  const names = str(record.resourceName);
  if (type && names) for (const name of names.split(";")) add(type, name.trim());
  return found;
}
