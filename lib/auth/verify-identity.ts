// Server side of identity verification (see ./identity-verification.ts): check the signed-in user's answer
// against the database, record the attempt as a VerifyIdentity event, and on success set the 5-minute cookie.
// Used by the credential report download and by operation protection (lib/auth/operation-protection.ts).
import "server-only";
import { cookies, headers } from "next/headers";
import { authSecret, encryptionKey } from "@/lib/config/local-secrets";
import { getDatabase } from "@/lib/db/client";
import { requestMetaFrom } from "@/lib/events/request-meta";
import { checkIdentityAttempt } from "./identity-check";
import {
  isVerified,
  VERIFICATION_COOKIE,
  VERIFICATION_TTL_MS,
  verificationMethodOf,
  verificationToken,
  type VerificationMethod,
} from "./identity-verification";
import type { ConsoleUser } from "./session";

/** How this user verifies: an MFA code when a device is bound, else the password. */
export async function verificationMethodFor(user: Pick<ConsoleUser, "id">): Promise<VerificationMethod> {
  const { mfaEnabled, mfaSecret } = await getDatabase().db.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { mfaEnabled: true, mfaSecret: true },
  });
  return verificationMethodOf({ mfaEnabled, mfaSecret });
}

/** Whether this browser verified this user's identity within the last 5 minutes. */
export async function hasFreshVerification(user: Pick<ConsoleUser, "id">): Promise<boolean> {
  return isVerified((await cookies()).get(VERIFICATION_COOKIE)?.value, user.id, new Date(), authSecret());
}

export type VerifyResult = { ok: true } | { ok: false; method: VerificationMethod; error: string; blocked?: boolean };

/** Checks the answer; records it; on success remembers it for 5 minutes. `purpose` names the operation. After 5
 *  failures in 15 minutes verification is blocked for the user (`blocked`), and a code is accepted once only
 *  (./identity-check.ts). */
export async function verifyIdentity(user: ConsoleUser, answer: string, purpose: string): Promise<VerifyResult> {
  const result = await checkIdentityAttempt(
    getDatabase(),
    user,
    answer,
    purpose,
    requestMetaFrom(await headers()),
    encryptionKey(),
  );
  if (!result.ok) return { ok: false, method: result.method, error: result.error, blocked: result.blocked };
  // Secure when the console is reached over HTTPS (directly or through a proxy that says so), like the session.
  const https = (await headers()).get("x-forwarded-proto")?.split(",")[0].trim() === "https";
  (await cookies()).set(VERIFICATION_COOKIE, verificationToken(user.id, new Date(), authSecret()), {
    httpOnly: true,
    sameSite: "strict",
    secure: https,
    path: "/",
    maxAge: VERIFICATION_TTL_MS / 1000,
  });
  return { ok: true };
}
