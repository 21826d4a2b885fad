// Checking a console sign-in: user name + password against the argon2id hash, the user's standing (not deleted,
// console access, a console role), lockout and throttling, and the MFA code of login protection. Every attempt,
// good or bad, is recorded as a ConsoleSignin event; a success also opens a server-side session
// (./console-sessions.ts) and is flagged when abnormal (./abnormal-signin.ts). The caller never learns whether the
// user name exists: an unknown name is refused, and locked, exactly like a known one.
//
// Lockout: the account's password policy (N failed sign-ins in a row lock the user for M minutes; default 5 / 15).
// An unknown name "locks" after the same count of failures within M minutes, counted from the events.
// Throttling: SIGNIN_IP_MAX_FAILURES failures from one source IP within SIGNIN_IP_WINDOW_MINUTES refuse every
// sign-in from that address until the window has fewer (KEYTRAIL_SIGNIN_IP_MAX_FAILURES overrides the count).
import type { Env } from "@/lib/config/env";
import { encryptionKey } from "@/lib/config/local-secrets";
import { decryptSecret, secretContext } from "@/lib/crypto/secret-box";
import type { Database } from "@/lib/db/client";
import { consoleSigninEvent, type RequestMeta, type SigninOutcome } from "@/lib/domain/console-event";
import { DAY_MS, SIGNIN_EVENT_NAMES, SIGNIN_HISTORY_DAYS } from "@/lib/domain/credential-report/abnormal-logins";
import { recordConsoleEvent } from "@/lib/events/record-console-event";
import { abnormalReasons } from "./abnormal-signin";
import { createSession } from "./console-sessions";
import { checkTotp } from "./identity-verification";
import { verifyPassword } from "./password";
import { passwordExpired, passwordPolicyOf } from "./password-policy";
import { isConsoleRole, type ConsoleRole } from "./roles";

export interface SignedInUser {
  id: number;
  userName: string;
  displayName: string;
  role: ConsoleRole;
  sessionId: string;
}

export type SignInRefusal = "InvalidCredentials" | "NoConsoleAccess" | "Locked" | "Throttled" | "MfaRequired" | "InvalidMfaCode";
export type SignInResult = { ok: true; user: SignedInUser } | { ok: false; reason: SignInRefusal };

export const SIGNIN_IP_WINDOW_MINUTES = 15;
export const DEFAULT_SIGNIN_IP_MAX_FAILURES = 20;
/** Failures that count toward lockout and throttling (refusals of a locked or throttled attempt do not). */
const COUNTED_FAILURES = ["InvalidCredentials", "InvalidMfaCode"];

export function signinIpMaxFailures(env: Env = process.env): number {
  const n = Number(env.KEYTRAIL_SIGNIN_IP_MAX_FAILURES);
  return Number.isInteger(n) && n > 0 ? n : DEFAULT_SIGNIN_IP_MAX_FAILURES;
}

const MAX_FIELD = 256;

export async function checkSignIn(
  database: Database,
  input: { userName: string; password: string; code?: string },
  meta: RequestMeta,
  now = new Date(),
): Promise<SignInResult> {
  const { db } = database;
  const userName = input.userName.trim().slice(0, MAX_FIELD);
  const password = input.password.slice(0, MAX_FIELD);
  const code = input.code?.trim().slice(0, 16) ?? "";
  const user = userName ? await db.user.findUnique({ where: { userName }, include: { account: true } }) : null;
  const live = user && !user.deletedAt ? user : null;
  const policy = await passwordPolicyOf(database, live?.accountId ?? (await db.account.findFirst({ orderBy: { id: "asc" }, select: { id: true } }))?.id);

  const record = (outcome: SigninOutcome, mfaUsed = false) =>
    recordConsoleEvent(
      (base) =>
        consoleSigninEvent(
          {
            ...base,
            eventTime: now,
            accountId: live?.account.accountId ?? null,
            actor: { userName: userName || null, principalId: live?.principalId ?? null, userType: live?.userType ?? null, mfaUsed: live ? mfaUsed : null },
            meta,
          },
          outcome,
        ),
      database,
    );

  // 1. Throttling by source address: decided before any password is checked.
  if (meta.sourceIpAddress) {
    const recent = await db.event.count({
      where: {
        sourceIpAddress: meta.sourceIpAddress, eventName: "ConsoleSignin", errorCode: { in: COUNTED_FAILURES },
        eventTime: { gt: new Date(now.getTime() - SIGNIN_IP_WINDOW_MINUTES * 60_000), lte: now },
      },
    });
    if (recent >= signinIpMaxFailures()) {
      await record({ ok: false, errorCode: "SigninThrottled", errorMessage: "Too many failed sign-ins from this address." });
      return { ok: false, reason: "Throttled" };
    }
  }

  // Always verify (against a dummy hash if need be): equal time whether or not the user exists.
  const passwordOk = await verifyPassword(live?.passwordHash ?? null, password);

  // 2. Lockout: a locked user is refused even with the right password; an unknown name the same way.
  const lockWindowStart = new Date(now.getTime() - policy.lockoutMinutes * 60_000);
  const unknownFailures = live
    ? 0
    : userName
      ? await db.event.count({ where: { userName, eventName: "ConsoleSignin", errorCode: { in: COUNTED_FAILURES }, eventTime: { gt: lockWindowStart, lte: now } } })
      : 0;
  const locked = live ? !!live.lockedUntil && live.lockedUntil > now : unknownFailures >= policy.lockoutAttempts;
  if (locked) {
    await record({ ok: false, errorCode: "AccountLocked", errorMessage: "The user is locked after too many failed sign-ins." });
    return { ok: false, reason: "Locked" };
  }

  const fail = async (errorCode: "InvalidCredentials" | "InvalidMfaCode"): Promise<SignInResult> => {
    let lockedNow: boolean;
    if (live) {
      const failures = live.failedSignins + 1;
      lockedNow = failures >= policy.lockoutAttempts;
      await db.user.update({
        where: { id: live.id },
        data: lockedNow ? { failedSignins: 0, lockedUntil: new Date(now.getTime() + policy.lockoutMinutes * 60_000) } : { failedSignins: failures },
      });
    } else {
      lockedNow = !!userName && unknownFailures + 1 >= policy.lockoutAttempts;
    }
    const errorMessage = errorCode === "InvalidMfaCode" ? "The MFA code was not accepted." : "Incorrect user name or password.";
    await record({ ok: false, errorCode, errorMessage, locked: lockedNow });
    return { ok: false, reason: lockedNow ? "Locked" : errorCode };
  };

  if (!live || !passwordOk || !live.consoleAccess) return fail("InvalidCredentials");
  if (!isConsoleRole(live.consoleRole)) {
    await record({ ok: false, errorCode: "NoConsoleAccess", errorMessage: "The user has no Keytrail console role." });
    return { ok: false, reason: "NoConsoleAccess" };
  }

  // 3. Login protection: the code of the bound MFA device, checked before any session exists.
  const needsCode = live.loginProtection && live.mfaEnabled && !!live.mfaSecret;
  if (needsCode) {
    if (!code) return { ok: false, reason: "MfaRequired" }; // not a failure: the password step passed
    if (!checkTotp(decryptSecret(live.mfaSecret!, encryptionKey(), secretContext.userMfa(live.id)), code, now)) return fail("InvalidMfaCode");
  }

  // 4. Success: flag it when abnormal, open a session.
  const history = await db.event.findMany({
    where: {
      userName: live.userName, eventName: { in: SIGNIN_EVENT_NAMES }, eventType: "ConsoleSignin",
      eventTime: { gt: new Date(now.getTime() - SIGNIN_HISTORY_DAYS * DAY_MS), lt: now },
    },
    select: { eventTime: true, sourceIpAddress: true, errorCode: true },
    orderBy: { eventTime: "desc" },
    take: 2000,
  });
  const abnormal = abnormalReasons(
    history.map((e) => ({ time: e.eventTime, sourceIp: e.sourceIpAddress, success: e.errorCode === null })),
    { time: now, sourceIp: meta.sourceIpAddress },
  );
  await record({ ok: true, abnormal }, needsCode);
  await db.user.update({
    where: { id: live.id },
    data: {
      passwordLastUsedAt: now, failedSignins: 0, lockedUntil: null,
      ...(passwordExpired(policy, live.passwordChangedAt, now) ? { mustChangePassword: true } : {}),
    },
  });
  const sessionId = await createSession(database, live.id, now);
  return { ok: true, user: { id: live.id, userName: live.userName, displayName: live.displayName, role: live.consoleRole, sessionId } };
}

