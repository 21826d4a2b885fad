// A call to the ingest API as an audited PutEvents event of the key that signed (or was named by) it: the one
// shape shared by accepted calls, refused ones and the aggregate of refused signatures.
import { randomUUID } from "node:crypto";
import { withOwnRaw, type NormalisedEvent } from "@/lib/domain/event";
import { SIGNING_SERVICE } from "./sign-request";
import type { SigningKey } from "./verify-signature";

export type PutEventsKey = Pick<SigningKey, "accessKeyId" | "accountId" | "userName" | "principalId" | "userType">;

export type PutEventsFields = Partial<
  Pick<
    NormalisedEvent,
    "sourceIpAddress" | "userAgent" | "region" | "errorCode" | "errorMessage" | "requestParameters" | "responseElements"
  >
>;

export function putEventsRecord(key: PutEventsKey, eventTime: Date, fields: PutEventsFields): NormalisedEvent {
  const eventId = randomUUID();
  return withOwnRaw({
    eventId,
    eventTime,
    origin: "keytrail",
    eventName: "PutEvents",
    eventSource: SIGNING_SERVICE,
    service: SIGNING_SERVICE,
    eventType: "ApiCall",
    readOnly: false,
    sensitive: false,
    accountId: key.accountId,
    userIdentity: {
      type: key.userType,
      principalId: key.principalId,
      userName: key.userName,
      accessKeyId: key.accessKeyId,
      mfaUsed: null,
      roleName: null,
    },
    sourceIpAddress: null,
    userAgent: null,
    region: null,
    resources: [],
    requestId: eventId,
    errorCode: null,
    errorMessage: null,
    requestParameters: null,
    responseElements: null,
    ...fields,
  });
}
