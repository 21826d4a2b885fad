// Virtual MFA devices (TOTP, RFC 6238: SHA-1, 6 digits, 30 s, via otpauth). Binding is two steps: a new secret is
// stored encrypted (lib/crypto/secret-box.ts) with mfaEnabled still false, shown as a QR code and as text, and the
// device is bound once the user confirms a current code. Unbinding needs a current code, or an administrator.
// A code is accepted once (./totp-replay.ts): the one that bound a device cannot unbind it, nor sign in.
// Events (BindMFADevice, UnbindMFADevice) never carry the secret or a code.
import "server-only";
import { Secret, TOTP } from "otpauth";
import QRCode from "qrcode";
import { encryptionKey } from "@/lib/config/local-secrets";
import { encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import type { Database } from "@/lib/db/client";
import { userResource } from "@/lib/directory/directory-events";
import { actorOf, consoleEvent, type RequestMeta } from "@/lib/domain/console-event";
import { recordConsoleEvent } from "@/lib/events/record-console-event";
import { acceptTotp } from "./totp-replay";

export const MFA_ISSUER = "Keytrail";

export interface MfaEnrolment {
  /** Base32, for manual entry. */
  secret: string;
  otpauthUri: string;
  qrDataUrl: string;
}

type Actor = { accountId: string; userName: string; principalId: string | null; userType: string | null };

function record(
  database: Database,
  actor: Actor,
  meta: RequestMeta,
  eventName: string,
  target: string,
  extra: { requestParameters?: Record<string, unknown>; errorCode?: string; errorMessage?: string } = {},
) {
  return recordConsoleEvent(
    (base) =>
      consoleEvent({
        ...base,
        eventName,
        readOnly: false,
        sensitive: true,
        accountId: actor.accountId,
        actor: actorOf(actor),
        meta,
        resources: [userResource(target)],
        requestParameters: { UserName: target, ...extra.requestParameters },
        errorCode: extra.errorCode ?? null,
        errorMessage: extra.errorMessage ?? null,
      }),
    database,
  );
}

/** Starts binding: a new pending secret (replacing any earlier pending one). Refused when a device is bound. */
export async function startMfaEnrolment(database: Database, userId: number): Promise<MfaEnrolment | null> {
  const user = await database.db.user.findUniqueOrThrow({ where: { id: userId }, include: { account: true } });
  if (user.mfaEnabled) return null;
  const secret = new Secret({ size: 20 }).base32;
  await database.db.user.update({
    where: { id: userId },
    data: { mfaSecret: encryptSecret(secret, encryptionKey(), secretContext.userMfa(userId)) },
  });
  const otpauthUri = new TOTP({
    issuer: MFA_ISSUER,
    label: `${user.userName}@${user.account.accountId}`,
    secret,
    algorithm: "SHA1",
    digits: 6,
    period: 30,
  }).toString();
  return { secret, otpauthUri, qrDataUrl: await QRCode.toDataURL(otpauthUri, { margin: 1, width: 200 }) };
}

/** Confirms the pending secret with a current code and binds the device. */
export async function confirmMfaEnrolment(
  database: Database,
  actor: Actor & { id: number },
  code: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<boolean> {
  const user = await database.db.user.findUniqueOrThrow({ where: { id: actor.id } });
  const ok =
    !user.mfaEnabled &&
    !!user.mfaSecret &&
    (await acceptTotp(database, actor.id, user.mfaSecret, code, encryptionKey(), now));
  if (ok) await database.db.user.update({ where: { id: actor.id }, data: { mfaEnabled: true, mfaBoundAt: now } });
  await record(database, actor, meta, "BindMFADevice", user.userName, {
    requestParameters: { DeviceType: "VirtualMFA" },
    ...(ok ? {} : { errorCode: "InvalidMfaCode", errorMessage: "The MFA code was not accepted." }),
  });
  return ok;
}

/** Unbinds the user's own device with a current code; login protection goes with it. */
export async function unbindOwnMfa(
  database: Database,
  actor: Actor & { id: number },
  code: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<boolean> {
  const user = await database.db.user.findUniqueOrThrow({ where: { id: actor.id } });
  const ok =
    user.mfaEnabled &&
    !!user.mfaSecret &&
    (await acceptTotp(database, actor.id, user.mfaSecret, code, encryptionKey(), now));
  if (ok) await clearMfa(database, actor.id);
  await record(database, actor, meta, "UnbindMFADevice", user.userName, {
    requestParameters: { DeviceType: "VirtualMFA" },
    ...(ok ? {} : { errorCode: "InvalidMfaCode", errorMessage: "The MFA code was not accepted." }),
  });
  return ok;
}

/** An administrator unbinds another user's device (no code needed), recorded as UnbindMFADevice. */
export async function adminUnbindMfa(
  database: Database,
  actor: Actor,
  userId: number,
  meta: RequestMeta = { sourceIpAddress: null, userAgent: null },
): Promise<boolean> {
  const user = await database.db.user.findUnique({ where: { id: userId } });
  if (!user || user.deletedAt) return false;
  await clearMfa(database, userId);
  await record(database, actor, meta, "UnbindMFADevice", user.userName, {
    requestParameters: { DeviceType: "VirtualMFA", byAdministrator: true },
  });
  return true;
}

function clearMfa(database: Database, userId: number) {
  return database.db.user.update({
    where: { id: userId },
    data: { mfaEnabled: false, mfaSecret: null, mfaBoundAt: null, loginProtection: false },
  });
}

/** Login protection on or off (on needs a bound device), recorded as SetSecurityPreference. */
export async function setLoginProtection(
  database: Database,
  actor: Actor & { id: number },
  on: boolean,
  meta: RequestMeta,
): Promise<boolean> {
  const user = await database.db.user.findUniqueOrThrow({ where: { id: actor.id } });
  if (on && !user.mfaEnabled) return false;
  await database.db.user.update({ where: { id: actor.id }, data: { loginProtection: on } });
  await record(database, actor, meta, "SetSecurityPreference", user.userName, {
    requestParameters: { LoginProtection: on },
  });
  return true;
}
