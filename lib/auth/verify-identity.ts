// Server side of identity verification (see ./identity-verification.ts): check the signed-in user's answer
// against the database, record the attempt as a VerifyIdentity event, and on success set the 5-minute cookie.
// Used by the credential report download and by operation protection (lib/auth/operation-protection.ts).
import { cookies, headers } from "next/headers";
import { authSecret, encryptionKey } from "@/lib/config/local-secrets";
import { getDatabase } from "@/lib/db/client";
import { recordUserOperation } from "@/lib/events/record-user-operation";
import {
  checkIdentity, isVerified, VERIFICATION_COOKIE, VERIFICATION_TTL_MS, verificationMethodOf, verificationToken, type VerificationMethod,
} from "./identity-verification";
import type { ConsoleUser } from "./session";

/** How this user verifies: an MFA code when a device is bound, else the password. */
export async function verificationMethodFor(user: Pick<ConsoleUser, "id">): Promise<VerificationMethod> {
  const { mfaEnabled, mfaSecret } = await getDatabase().db.user.findUniqueOrThrow({ where: { id: user.id }, select: { mfaEnabled: true, mfaSecret: true } });
  return verificationMethodOf({ mfaEnabled, mfaSecret });
}

/** Whether this browser verified this user's identity within the last 5 minutes. */
export async function hasFreshVerification(user: Pick<ConsoleUser, "id">): Promise<boolean> {
  return isVerified((await cookies()).get(VERIFICATION_COOKIE)?.value, user.id, new Date(), authSecret());
}

export type VerifyResult = { ok: true } | { ok: false; method: VerificationMethod; error: string };

/** Checks the answer; records it; on success remembers it for 5 minutes. `purpose` names the operation. */
export async function verifyIdentity(user: ConsoleUser, answer: string, purpose: string): Promise<VerifyResult> {
  const record = await getDatabase().db.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { id: true, passwordHash: true, mfaEnabled: true, mfaSecret: true },
  });
  const method = verificationMethodOf(record);
  const ok = answer.length > 0 && (await checkIdentity(record, answer, encryptionKey(), new Date()));
  await recordUserOperation(user, {
    eventName: "VerifyIdentity",
    readOnly: true,
    requestParameters: { method, purpose },
    ...(ok ? {} : { errorCode: "IdentityVerificationFailed", errorMessage: `The ${method === "mfa" ? "MFA code" : "password"} was not accepted.` }),
  });
  if (!ok) {
    const error = method === "mfa" ? "That MFA code is not valid: enter the current 6-digit code from your device." : "That password is not correct.";
    return { ok: false, method, error };
  }
  // Secure when the console is reached over HTTPS (directly or through a proxy that says so), like the session.
  const https = (await headers()).get("x-forwarded-proto")?.split(",")[0].trim() === "https";
  (await cookies()).set(VERIFICATION_COOKIE, verificationToken(user.id, new Date(), authSecret()), {
    httpOnly: true, sameSite: "strict", secure: https, path: "/", maxAge: VERIFICATION_TTL_MS / 1000,
  });
  return { ok: true };
}
