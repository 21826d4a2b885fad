// What both ingest paths share: the Event columns and a row's values, owner attribution, which events count as
// a use of an AccessKey, and input-order bookkeeping.
import type { ChainedFields, ChainLink } from "@/lib/domain/event-chain";
import type { NormalisedEvent } from "@/lib/domain/event";
import { isAuthenticationFailure, type OwnedUsageEvent } from "@/lib/domain/key-usage";
import { isTrustedOrigin } from "@/lib/domain/trusted-origins";

/** A use that may set an inventory key's last-used fields: only the console's own record of a signed call or an
 *  imported cloud trail (lib/domain/trusted-origins.ts); an event a client sent naming the key may not. */
function countsAsKeyUse(event: NormalisedEvent): boolean {
  return !!event.userIdentity.accessKeyId && !isAuthenticationFailure(event.errorCode) && isTrustedOrigin(event.origin);
}

/** A newly stored event that carried an AccessKey, as the AccessKey audit counts it; null for the others. */
export function keyUsageOf(event: NormalisedEvent, userId: number | null): OwnedUsageEvent | null {
  const { accessKeyId, userName } = event.userIdentity;
  if (!accessKeyId) return null;
  return {
    eventId: event.eventId,
    eventTime: event.eventTime,
    accessKeyId,
    service: event.service,
    eventName: event.eventName,
    sourceIpAddress: event.sourceIpAddress,
    region: event.region,
    resources: event.resources,
    errorCode: event.errorCode,
    accountId: event.accountId,
    userName,
    userId,
  };
}

/** For each AccessKey used by a newly stored event: its newest such event. */
export function latestKeyUses(events: NormalisedEvent[], inserted: Set<string>): Map<string, NormalisedEvent> {
  const latest = new Map<string, NormalisedEvent>();
  for (const event of events) {
    if (!inserted.has(event.eventId) || !countsAsKeyUse(event)) continue;
    const keyId = event.userIdentity.accessKeyId!;
    const current = latest.get(keyId);
    if (!current || current.eventTime < event.eventTime) latest.set(keyId, event);
  }
  return latest;
}

export function uniqueValues(values: (string | null)[]): string[] {
  return [...new Set(values.filter((v): v is string => !!v))];
}

/** The key under which an inventory user is found by name: account ID + user name. */
export const ownerKey = (accountId: string, userName: string) => `${accountId}\u0000${userName}`;

export function ownerOf(
  event: NormalisedEvent,
  byKey: Map<string, number>,
  byName: Map<string, number>,
): number | null {
  const { accessKeyId, userName } = event.userIdentity;
  if (accessKeyId && byKey.has(accessKeyId)) return byKey.get(accessKeyId)!;
  if (userName && event.accountId) return byName.get(ownerKey(event.accountId, userName)) ?? null;
  return null;
}

/** Input order, each stored eventId once (a batch may hold the same eventId twice). */
export function inInputOrder(events: NormalisedEvent[], stored: Set<string>): string[] {
  const ids: string[] = [];
  for (const event of events) if (stored.delete(event.eventId)) ids.push(event.eventId);
  return ids;
}

export const EVENT_COLUMNS = [
  "eventId",
  "eventTime",
  "receivedAt",
  "origin",
  "eventName",
  "eventSource",
  "service",
  "eventType",
  "readOnly",
  "sensitive",
  "accountId",
  "identityType",
  "principalId",
  "userName",
  "accessKeyId",
  "mfaUsed",
  "roleName",
  "sourceIpAddress",
  "userAgent",
  "region",
  "resources",
  "requestId",
  "errorCode",
  "errorMessage",
  "requestParameters",
  "responseElements",
  "raw",
  "userId",
  "chainIndex",
  "prevHash",
  "hash",
] as const;

const json = (value: unknown) => (value == null ? null : JSON.stringify(value));

/** The event as it will be stored and read back: what its chain hash covers. */
export function chainedFieldsOf(event: NormalisedEvent, receivedAt: Date): ChainedFields {
  const id = event.userIdentity;
  return {
    eventId: event.eventId,
    eventTime: event.eventTime,
    receivedAt,
    origin: event.origin,
    eventName: event.eventName,
    eventSource: event.eventSource,
    service: event.service,
    eventType: event.eventType,
    readOnly: event.readOnly,
    sensitive: event.sensitive,
    accountId: event.accountId,
    identityType: id.type,
    principalId: id.principalId,
    userName: id.userName,
    accessKeyId: id.accessKeyId,
    mfaUsed: id.mfaUsed,
    roleName: id.roleName,
    sourceIpAddress: event.sourceIpAddress,
    userAgent: event.userAgent,
    region: event.region,
    resources: JSON.stringify(event.resources),
    requestId: event.requestId,
    errorCode: event.errorCode,
    errorMessage: event.errorMessage,
    requestParameters: json(event.requestParameters),
    responseElements: json(event.responseElements),
    raw: event.raw,
  };
}

/** One row's values in EVENT_COLUMNS order; dates and booleans are converted by the caller's `date`/`bool`. */
export function eventRowValues<D, B>(
  row: ChainedFields,
  userId: number | null,
  link: ChainLink | null,
  date: (d: Date) => D,
  bool: (b: boolean | null) => B,
): unknown[] {
  return [
    row.eventId,
    date(row.eventTime),
    date(row.receivedAt),
    row.origin,
    row.eventName,
    row.eventSource,
    row.service,
    row.eventType,
    bool(row.readOnly),
    bool(row.sensitive),
    row.accountId,
    row.identityType,
    row.principalId,
    row.userName,
    row.accessKeyId,
    bool(row.mfaUsed),
    row.roleName,
    row.sourceIpAddress,
    row.userAgent,
    row.region,
    row.resources,
    row.requestId,
    row.errorCode,
    row.errorMessage,
    row.requestParameters,
    row.responseElements,
    row.raw,
    userId,
    link?.chainIndex ?? null,
    link?.prevHash ?? null,
    link?.hash ?? null,
  ];
}
