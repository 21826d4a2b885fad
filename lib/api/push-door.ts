// The door of the push receiver (POST /api/v1/push/<token>), beside the route door (./route-door.ts) that every
// other route handler under app/api/v1 goes through. A cloud's event bus has no console session and cannot sign
// with SigV4: it proves itself with the connection's own secret, which it sends in a header.
//
// 1. The token in the URL names the connection (Connection.pushToken, unguessable). An unknown token, or one of a
//    connection that is not a push receiver, answers 404 with nothing that says why.
// 2. X-Keytrail-Secret must equal the connection's secret, compared in constant time (both sides hashed first, so
//    neither the length nor the content leaks through timing). EventBridge API destinations send it as the
//    connection's API-key header; Alibaba and Tencent EventBridge HTTP targets add it as a header.
// 3. The body is read up to MAX_PUSH_BODY_BYTES and no further (413, also at once when Content-Length says so).
// 4. Optionally signed: when X-Keytrail-Signature is present it must be `sha256=<hex HMAC-SHA256(secret,
//    timestamp + "." + body)>` with X-Keytrail-Timestamp (Unix seconds) within 5 minutes of the server's clock,
//    exactly as Keytrail's own webhooks sign (lib/delivery/webhook-destination.ts), for a relay that can sign.
// A wrong or missing secret, or a bad signature, answers 401 and is counted (Connection.pushRefused); nothing of it
// is stored. The answers never echo the secret or the token, and nothing here logs. No other request header is
// trusted for anything (the console may run behind a proxy that passes client headers through).
import { createHash, timingSafeEqual } from "node:crypto";
import { encryptionKey as configuredKey } from "@/lib/config/local-secrets";
import { decryptSecret, secretContext } from "@/lib/crypto/secret-box";
import type { Database } from "@/lib/db/client";
import { verifyWebhookSignature } from "@/lib/delivery/webhook-destination";
import { settingsOf, type ConnectionSecrets, type PushSettings } from "@/lib/domain/connections/settings";
import { PUSH_SECRET_HEADER } from "@/lib/connections/manage-connections";
import { readBody } from "./ingest-request";
import { errorResponse } from "./route-door";

export { PUSH_SECRET_HEADER };
export const PUSH_SIGNATURE_HEADER = "X-Keytrail-Signature";
export const PUSH_TIMESTAMP_HEADER = "X-Keytrail-Timestamp";
export const MAX_PUSH_BODY_BYTES = 5 * 1024 * 1024;
/** How far X-Keytrail-Timestamp may be from the server's clock. */
export const SIGNATURE_TOLERANCE_SECONDS = 300;
/** What a push token looks like (lib/connections/manage-connections.ts makes them); anything else is unknown. */
const TOKEN = /^[A-Za-z0-9_-]{16,128}$/;

export const PUSH_DOOR_ERRORS = {
  notFound: "Not found",
  secret: `Wrong or missing ${PUSH_SECRET_HEADER}: send the secret shown when the push connection was created or its secret last rotated`,
  signature: `${PUSH_SIGNATURE_HEADER} does not match the body, or ${PUSH_TIMESTAMP_HEADER} is missing or more than 5 minutes from the server's clock`,
  tooLarge: "Body larger than 5 MB: send smaller batches",
} as const;

export interface PushConnection {
  id: number;
  name: string;
  paused: boolean;
  settings: PushSettings;
}

export type PushDoorResult =
  { ok: true; connection: PushConnection; body: Uint8Array } | { ok: false; response: Response; status: number };

export interface PushDoorOptions {
  now?: Date;
  /** The AES-256 key of stored connection secrets; defaults to the configured one. */
  encryptionKey?: Buffer;
}

export async function openPushDoor(
  request: Request,
  database: Database,
  token: string,
  options: PushDoorOptions = {},
): Promise<PushDoorResult> {
  const notFound = () => refuse(404, PUSH_DOOR_ERRORS.notFound);
  if (!TOKEN.test(token)) return notFound();
  const row = await database.db.connection.findUnique({
    where: { pushToken: token },
    select: { id: true, name: true, kind: true, paused: true, settings: true, secretEncrypted: true },
  });
  if (!row || row.kind !== "push" || !row.secretEncrypted) return notFound();

  const refused = async (error: string) => {
    await database.db.connection.update({ where: { id: row.id }, data: { pushRefused: { increment: 1 } } });
    return refuse(401, error);
  };
  const sent = request.headers.get(PUSH_SECRET_HEADER);
  if (sent === null) return refused(PUSH_DOOR_ERRORS.secret);
  const secrets = JSON.parse(
    decryptSecret(row.secretEncrypted, options.encryptionKey ?? configuredKey(), secretContext.connection(row.id)),
  ) as ConnectionSecrets;
  const expected = secrets.pushSecret;
  if (!expected || !sameSecret(sent, expected)) return refused(PUSH_DOOR_ERRORS.secret);

  const body = await readBody(request, MAX_PUSH_BODY_BYTES);
  if (!body) return refuse(413, PUSH_DOOR_ERRORS.tooLarge);

  const signature = request.headers.get(PUSH_SIGNATURE_HEADER);
  if (signature !== null) {
    const timestamp = request.headers.get(PUSH_TIMESTAMP_HEADER) ?? "";
    const valid = verifyWebhookSignature(expected, timestamp, body, signature, {
      toleranceSeconds: SIGNATURE_TOLERANCE_SECONDS,
      now: options.now,
    });
    if (!valid) return refused(PUSH_DOOR_ERRORS.signature);
  }
  return {
    ok: true,
    connection: {
      id: row.id,
      name: row.name,
      paused: row.paused,
      settings: settingsOf("push", row.settings) as PushSettings,
    },
    body,
  };
}

/** Constant time in both the length and the content of what was sent. */
function sameSecret(sent: string, expected: string): boolean {
  const digest = (value: string) => createHash("sha256").update(value, "utf8").digest();
  return timingSafeEqual(digest(sent), digest(expected));
}

function refuse(status: number, error: string): { ok: false; response: Response; status: number } {
  return { ok: false, response: errorResponse(status, error), status };
}
