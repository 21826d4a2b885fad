// The normalised Event: one audited operation from any source, in one shape.
// Plain TypeScript: no database, no Next.js.

export const EVENT_TYPES = ["ApiCall", "ConsoleSignin", "ConsoleOperation", "ServiceEvent"] as const;
export type EventType = (typeof EVENT_TYPES)[number];

/** Where a record came from. */
export type EventOrigin = "keytrail" | "api" | "cloudtrail" | "actiontrail" | "cloudaudit" | "jsonl" | "demo";

export interface EventResource {
  type: string;
  name: string;
}

export interface UserIdentity {
  /** Root, IAMUser, AssumedRole, AWSService, ram-user, SubUser, ... as the source gives it. */
  type: string | null;
  principalId: string | null;
  userName: string | null;
  accessKeyId: string | null;
  mfaUsed: boolean | null;
  /** For a role session: the role (session issuer) name. */
  roleName: string | null;
}

export interface NormalisedEvent {
  eventId: string;
  eventTime: Date;
  origin: EventOrigin;
  eventName: string;
  /** The source's own service identifier, e.g. iam.amazonaws.com, ecs.aliyuncs.com, keytrail. */
  eventSource: string;
  /** Short service name: iam, ecs, ram, keytrail, ... */
  service: string;
  eventType: EventType;
  /** true for reads, false for writes, null when the source does not say. */
  readOnly: boolean | null;
  sensitive: boolean;
  accountId: string | null;
  userIdentity: UserIdentity;
  sourceIpAddress: string | null;
  userAgent: string | null;
  region: string | null;
  resources: EventResource[];
  requestId: string | null;
  errorCode: string | null;
  errorMessage: string | null;
  requestParameters: Record<string, unknown> | null;
  responseElements: Record<string, unknown> | null;
  /** The source record, verbatim (exact text as received). */
  raw: string;
}

/** Our own JSON shape of an event (what JSON Lines exports and the ingest API speak), without `raw`. */
export function toOwnShape(event: Omit<NormalisedEvent, "raw">): Record<string, unknown> {
  return {
    eventId: event.eventId,
    eventTime: event.eventTime.toISOString(),
    eventName: event.eventName,
    eventSource: event.eventSource,
    serviceName: event.service,
    eventType: event.eventType,
    readOnly: event.readOnly,
    sensitive: event.sensitive,
    accountId: event.accountId,
    userIdentity: event.userIdentity,
    sourceIpAddress: event.sourceIpAddress,
    userAgent: event.userAgent,
    region: event.region,
    resources: event.resources,
    requestId: event.requestId,
    errorCode: event.errorCode,
    errorMessage: event.errorMessage,
    requestParameters: event.requestParameters,
    responseElements: event.responseElements,
  };
}

/** Build an event whose raw record is its own JSON shape (the console's own events and demo data). */
export function withOwnRaw(event: Omit<NormalisedEvent, "raw">): NormalisedEvent {
  return { ...event, raw: JSON.stringify(toOwnShape(event)) };
}
