// The database side of "Verify your identity", apart from cookies and request headers so it can be tested
// against a real database: the attempt limit (5 failures in 15 minutes block verification for the user, whatever
// the method), the check itself, a TOTP code used once only, and the VerifyIdentity event of every attempt.
import "server-only";
import type { Database } from "@/lib/db/client";
import { actorOf, consoleEvent, type RequestMeta } from "@/lib/domain/console-event";
import { recordConsoleEvent } from "@/lib/events/record-console-event";
import { releaseAttempt, reserveAttempt } from "./attempt-counters";
import { checkIdentity, verificationMethodOf, type VerificationMethod } from "./identity-verification";
import type { ConsoleUser } from "./session";
import { claimTotpStep } from "./totp-replay";

export const VERIFY_MAX_FAILURES = 5;
export const VERIFY_WINDOW_MINUTES = 15;
/** One message for both methods: a blocked user learns nothing about which answer would have worked. */
export const VERIFY_BLOCKED_MESSAGE = `Too many failed verifications: try again in ${VERIFY_WINDOW_MINUTES} minutes.`;

export type IdentityCheck =
  { ok: true; method: VerificationMethod } | { ok: false; method: VerificationMethod; error: string; blocked: boolean };

type Who = Pick<ConsoleUser, "id" | "accountId" | "userName" | "principalId" | "userType">;

export const verifyCounterKey = (userId: number) => `verify:${userId}`;

export async function checkIdentityAttempt(
  database: Database,
  user: Who,
  answer: string,
  purpose: string,
  meta: RequestMeta,
  encryptionKey: Buffer,
  now = new Date(),
): Promise<IdentityCheck> {
  const record = await database.db.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { id: true, passwordHash: true, mfaEnabled: true, mfaSecret: true },
  });
  const method = verificationMethodOf(record);
  const audit = (extra: { errorCode?: string; errorMessage?: string } = {}) =>
    recordConsoleEvent(
      (base) =>
        consoleEvent({
          ...base,
          eventTime: now,
          eventName: "VerifyIdentity",
          readOnly: true,
          accountId: user.accountId,
          actor: actorOf(user),
          meta,
          requestParameters: { method, purpose },
          errorCode: extra.errorCode ?? null,
          errorMessage: extra.errorMessage ?? null,
        }),
      database,
    );

  // The slot is reserved before the answer is checked: parallel guesses cannot get past the limit.
  const slot = await reserveAttempt(database, verifyCounterKey(user.id), VERIFY_WINDOW_MINUTES * 60_000, now);
  if (slot.count > VERIFY_MAX_FAILURES) {
    await releaseAttempt(database, slot);
    await audit({ errorCode: "IdentityVerificationBlocked", errorMessage: VERIFY_BLOCKED_MESSAGE });
    return { ok: false, method, error: VERIFY_BLOCKED_MESSAGE, blocked: true };
  }
  const step = answer.length > 0 ? await checkIdentity(record, answer, encryptionKey, now) : null;
  // A code is accepted once: a second use of it (or of an older one) fails like a wrong code.
  const ok = step !== null && (method === "password" || (await claimTotpStep(database, user.id, step)));
  if (!ok) {
    await audit({
      errorCode: "IdentityVerificationFailed",
      errorMessage: `The ${method === "mfa" ? "MFA code" : "password"} was not accepted.`,
    });
    const error =
      method === "mfa"
        ? "That MFA code is not valid: enter the current 6-digit code from your device."
        : "That password is not correct.";
    return { ok: false, method, error, blocked: false };
  }
  await releaseAttempt(database, slot);
  await audit();
  return { ok: true, method };
}
