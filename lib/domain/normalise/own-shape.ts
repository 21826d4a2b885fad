// Our own JSON shape of an event (what `toOwnShape` in lib/domain/event.ts writes, JSON Lines exports carry and the
// ingest API accepts), validated with zod. Missing optional fields become null; a record without the
// essentials (eventId, eventTime, eventName, eventSource) is rejected with the field named.
import { z } from "zod";
import { EVENT_TYPES, type EventOrigin } from "../event";
import { cleanIp } from "./ip";
import type { NormaliseResult } from "./result";

const text = (max: number) => z.string().max(max);
const optionalText = (max: number) =>
  text(max)
    .nullish()
    .transform((v) => (v === undefined || v === "" ? null : v));
const jsonObject = z
  .record(z.string(), z.unknown())
  .nullish()
  .transform((v) => v ?? null);

export const ownShapeEventSchema = z.object({
  eventId: text(128).min(1, "eventId is empty"),
  eventTime: z.iso.datetime({ offset: true, message: "eventTime must be an ISO-8601 date-time" }),
  eventName: text(128).min(1, "eventName is empty"),
  eventSource: text(256).min(1, "eventSource is empty"),
  serviceName: optionalText(64),
  eventType: z.enum(EVENT_TYPES).default("ApiCall"),
  readOnly: z
    .boolean()
    .nullish()
    .transform((v) => v ?? null),
  sensitive: z.boolean().default(false),
  accountId: optionalText(64),
  userIdentity: z
    .object({
      type: optionalText(64),
      principalId: optionalText(256),
      userName: optionalText(256),
      accessKeyId: optionalText(128),
      mfaUsed: z
        .boolean()
        .nullish()
        .transform((v) => v ?? null),
      roleName: optionalText(256),
    })
    .nullish()
    .transform(
      (v) => v ?? { type: null, principalId: null, userName: null, accessKeyId: null, mfaUsed: null, roleName: null },
    ),
  sourceIpAddress: z.string().max(256).nullish(),
  userAgent: optionalText(1024),
  region: optionalText(64),
  resources: z
    .array(z.object({ type: text(256), name: text(1024) }))
    .max(100)
    .nullish()
    .transform((v) => v ?? []),
  requestId: optionalText(256),
  errorCode: optionalText(256),
  errorMessage: optionalText(4096),
  requestParameters: jsonObject,
  responseElements: jsonObject,
});

/** The short service name of an event source: "iam.amazonaws.com" -> "iam", "ecs.aliyuncs.com" -> "ecs". */
export function shortServiceName(eventSource: string): string {
  return eventSource.split(".")[0].toLowerCase();
}

export function normaliseOwnShape(record: unknown, raw: string, origin: EventOrigin = "jsonl"): NormaliseResult {
  const parsed = ownShapeEventSchema.safeParse(record);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue.path.join(".") || "record";
    return { ok: false, reason: `${field}: ${issue.message}` };
  }
  const e = parsed.data;
  return {
    ok: true,
    event: {
      eventId: e.eventId,
      eventTime: new Date(e.eventTime),
      origin,
      eventName: e.eventName,
      eventSource: e.eventSource,
      service: e.serviceName?.toLowerCase() ?? shortServiceName(e.eventSource),
      eventType: e.eventType,
      readOnly: e.readOnly,
      sensitive: e.sensitive,
      accountId: e.accountId,
      userIdentity: e.userIdentity,
      sourceIpAddress: cleanIp(e.sourceIpAddress),
      userAgent: e.userAgent,
      region: e.region,
      resources: e.resources,
      requestId: e.requestId,
      errorCode: e.errorCode,
      errorMessage: e.errorMessage,
      requestParameters: e.requestParameters,
      responseElements: e.responseElements,
      raw,
    },
  };
}
