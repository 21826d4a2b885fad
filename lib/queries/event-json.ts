// A stored event in Keytrail's own JSON shape (what the query API answers and JSON Lines exports carry),
// with the verbatim raw record.
import type { EventRecord } from "./events";

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function eventToJson(event: EventRecord): Record<string, unknown> {
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
    resources: parseJson(event.resources),
    requestId: event.requestId,
    errorCode: event.errorCode,
    errorMessage: event.errorMessage,
    requestParameters: parseJson(event.requestParameters),
    responseElements: parseJson(event.responseElements),
    raw: event.raw,
  };
}
