// Identity verification before a sensitive operation (downloading the credential report; later, operation
// protection): the signed-in user re-enters their password, or a 6-digit code from their MFA device when they
// have one bound. A success is remembered for 5 minutes in an HttpOnly cookie holding the user's id and an
// expiry, signed with HMAC-SHA256 under the console's secret: stateless, per browser, and unforgeable.
import { createHmac, timingSafeEqual } from "node:crypto";
import { TOTP } from "otpauth";
import { decryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { verifyPassword } from "./password";

export const VERIFICATION_COOKIE = "keytrail-verified";
export const VERIFICATION_TTL_MS = 5 * 60_000;

export type VerificationMethod = "password" | "mfa";

export interface VerifiableUser {
  id: number;
  passwordHash: string | null;
  mfaEnabled: boolean;
  /** The TOTP secret (base32), AES-256-GCM encrypted at rest. */
  mfaSecret: string | null;
}

/** An MFA code when the user has a bound device, else their password. */
export function verificationMethodOf(user: Pick<VerifiableUser, "mfaEnabled" | "mfaSecret">): VerificationMethod {
  return user.mfaEnabled && user.mfaSecret ? "mfa" : "password";
}

export const TOTP_PERIOD_S = 30;

/** RFC 6238 defaults (SHA-1, 6 digits, 30 s), one step of clock drift either way: the time step (Unix time / 30 s)
 *  the code belongs to, or null when it is not valid now. The step is what makes a code single-use
 *  (./totp-replay.ts). */
export function totpStep(base32Secret: string, code: string, now: Date): number | null {
  if (!/^\d{6}$/.test(code)) return null;
  const totp = new TOTP({ secret: base32Secret, algorithm: "SHA1", digits: 6, period: TOTP_PERIOD_S });
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: 1 });
  return delta === null ? null : Math.floor(now.getTime() / 1000 / TOTP_PERIOD_S) + delta;
}

export function checkTotp(base32Secret: string, code: string, now: Date): boolean {
  return totpStep(base32Secret, code, now) !== null;
}

/** The answer's check: for an MFA code, its time step (the caller claims it once); for a password, 0. Null: wrong. */
export async function checkIdentity(
  user: VerifiableUser,
  answer: string,
  encryptionKey: Buffer,
  now: Date,
): Promise<number | null> {
  if (verificationMethodOf(user) === "mfa")
    return totpStep(decryptSecret(user.mfaSecret!, encryptionKey, secretContext.userMfa(user.id)), answer.trim(), now);
  return (await verifyPassword(user.passwordHash, answer)) ? 0 : null;
}

const sign = (payload: string, secret: string) =>
  createHmac("sha256", secret).update(`identity-verification:${payload}`).digest("base64url");

export function verificationToken(userId: number, now: Date, secret: string): string {
  const payload = `${userId}.${now.getTime() + VERIFICATION_TTL_MS}`;
  return `${payload}.${sign(payload, secret)}`;
}

/** Whether the cookie proves this user verified within the last 5 minutes. */
export function isVerified(token: string | undefined, userId: number, now: Date, secret: string): boolean {
  if (!token) return false;
  const [id, expires, mac] = token.split(".");
  if (!id || !expires || !mac) return false;
  const expected = Buffer.from(sign(`${id}.${expires}`, secret));
  const given = Buffer.from(mac);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  return Number(id) === userId && Number(expires) > now.getTime();
}
