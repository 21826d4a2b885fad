// A stored event in Keytrail's own JSON shape (what the query API answers and JSON Lines exports carry),
// with the verbatim raw record: the same shape `toOwnShape` gives an event before it is stored.
import { toOwnShape, type EventType, type EventOrigin, type NormalisedEvent } from "@/lib/domain/event";
import type { EventRecord } from "./events";

function parseObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const value = JSON.parse(text);
    return value && typeof value === "object" && !Array.isArray(value) ? value : null;
  } catch {
    return null;
  }
}

/** A stored event's resources ([{ type, name }] as JSON text); empty when unreadable. */
export function parseResources(text: string): { type: string; name: string }[] {
  try {
    const value = JSON.parse(text);
    return Array.isArray(value) ? value : [];
  } catch {
    return [];
  }
}

/** A stored row back as the normalised event it was stored from (what alarms and tracking sets evaluate). */
export function eventFromRecord(event: EventRecord): NormalisedEvent {
  return {
    eventId: event.eventId,
    eventTime: event.eventTime,
    origin: event.origin as EventOrigin,
    eventName: event.eventName,
    eventSource: event.eventSource,
    service: event.service,
    eventType: event.eventType as EventType,
    readOnly: event.readOnly,
    sensitive: event.sensitive,
    accountId: event.accountId,
    userIdentity: {
      type: event.identityType,
      principalId: event.principalId,
      userName: event.userName,
      accessKeyId: event.accessKeyId,
      mfaUsed: event.mfaUsed,
      roleName: event.roleName,
    },
    sourceIpAddress: event.sourceIpAddress,
    userAgent: event.userAgent,
    region: event.region,
    resources: parseResources(event.resources),
    requestId: event.requestId,
    errorCode: event.errorCode,
    errorMessage: event.errorMessage,
    requestParameters: parseObject(event.requestParameters),
    responseElements: parseObject(event.responseElements),
    raw: event.raw,
  };
}

export function eventToJson(event: EventRecord): Record<string, unknown> {
  return { ...toOwnShape(eventFromRecord(event)), raw: event.raw };
}
