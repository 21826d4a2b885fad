// Checking a console sign-in: user name + password against the argon2id hash, the user's standing (not deleted,
// console access, a console role), lockout and throttling, and the MFA code of login protection. Every attempt,
// good or bad, is recorded as a ConsoleSignin event; a success also opens a server-side session
// (./console-sessions.ts) and is flagged when abnormal (./abnormal-signin.ts). The caller never learns whether the
// user name exists: an unknown name is refused, and locked, exactly like a known one.
//
// Lockout: the account's password policy (N failed sign-ins in a row lock the user for M minutes; default 5 / 15).
// An unknown name "locks" after the same count of failures within M minutes. Throttling: SIGNIN_IP_MAX_FAILURES
// failures from one source IP within SIGNIN_IP_WINDOW_MINUTES of the first refuse every sign-in from that address
// until the window ends (KEYTRAIL_SIGNIN_IP_MAX_FAILURES overrides the count).
// Both are counted in the database, not from events (which a client could forge), and atomically: each attempt
// reserves its place (User.failedSignins + 1 with RETURNING, or ./attempt-counters.ts) before the password is
// checked, so N parallel guesses get exactly the limit's worth of password checks. A reservation that ends in a
// success, or in a refusal that is not a failure, is given back.
import "server-only";
import type { Env } from "@/lib/config/env";
import { encryptionKey } from "@/lib/config/local-secrets";
import type { Database } from "@/lib/db/client";
import { sqlOf } from "@/lib/db/sql";
import { consoleSigninEvent, type RequestMeta, type SigninOutcome } from "@/lib/domain/console-event";
import { SIGNIN_EVENT_NAMES, SIGNIN_HISTORY_DAYS } from "@/lib/domain/credential-report/abnormal-logins";
import { DAY_MS } from "@/lib/domain/time";
import { recordConsoleEvent } from "@/lib/events/record-console-event";
import { abnormalReasons } from "./abnormal-signin";
import { createSession } from "./console-sessions";
import {
  pruneAttemptCounters,
  releaseAttempt,
  reserveAttempt,
  restartWindow,
  type Reservation,
} from "./attempt-counters";
import { USER_NAME_PATTERN } from "@/lib/domain/directory-admin";
import { CONSOLE_ORIGIN } from "@/lib/domain/trusted-origins";
import { acceptTotp } from "./totp-replay";
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

export type SignInRefusal =
  "InvalidCredentials" | "NoConsoleAccess" | "Locked" | "Throttled" | "MfaRequired" | "InvalidMfaCode";
export type SignInResult = { ok: true; user: SignedInUser } | { ok: false; reason: SignInRefusal };

export const SIGNIN_IP_WINDOW_MINUTES = 15;
export const DEFAULT_SIGNIN_IP_MAX_FAILURES = 20;
/** What a failed sign-in records as the user name when the typed text names no user and is no possible user
 *  name: a password typed into the wrong field must not be written into the audit log. */
export const INVALID_USER_NAME = "(invalid user name)";

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
  const policy = await passwordPolicyOf(
    database,
    live?.accountId ?? (await db.account.findFirst({ orderBy: { id: "asc" }, select: { id: true } }))?.id,
  );
  const recordedName = !userName ? null : user || USER_NAME_PATTERN.test(userName) ? userName : INVALID_USER_NAME;

  const record = (outcome: SigninOutcome, mfaUsed = false) =>
    recordConsoleEvent(
      (base) =>
        consoleSigninEvent(
          {
            ...base,
            eventTime: now,
            accountId: live?.account.accountId ?? null,
            actor: {
              userName: recordedName,
              principalId: live?.principalId ?? null,
              userType: live?.userType ?? null,
              mfaUsed: live ? mfaUsed : null,
            },
            meta,
          },
          outcome,
        ),
      database,
    );
  const held: Reservation[] = [];
  const releaseAll = () => Promise.all(held.map((r) => releaseAttempt(database, r)));

  // 1. Throttling by source address: a place is reserved before any password is checked.
  if (meta.sourceIpAddress) {
    await pruneAttemptCounters(database, now);
    const slot = await reserveAttempt(database, `ip:${meta.sourceIpAddress}`, SIGNIN_IP_WINDOW_MINUTES * 60_000, now);
    if (slot.count > signinIpMaxFailures()) {
      await releaseAttempt(database, slot);
      await record({
        ok: false,
        errorCode: "SigninThrottled",
        errorMessage: "Too many failed sign-ins from this address.",
      });
      return { ok: false, reason: "Throttled" };
    }
    held.push(slot);
  }

  // 2. Lockout: a locked user is refused even with the right password; an unknown name the same way. A known
  // user's place is one more failed sign-in, taken only while fewer than the limit are counted (and so never
  // while locked: the count stays at the limit until the lock has run out).
  const lockMs = policy.lockoutMinutes * 60_000;
  let userSlot = 0;
  let nameSlot: Reservation | null = null;
  if (live && live.lockedUntil && live.lockedUntil > now) {
    userSlot = 0;
  } else if (live) {
    if (live.lockedUntil) {
      // The lock ran out: start counting afresh (once, whichever attempt gets here first).
      await db.user.updateMany({
        where: { id: live.id, lockedUntil: live.lockedUntil },
        data: { failedSignins: 0, lockedUntil: null },
      });
    }
    const row = await sqlOf(database)
      .updateTable("User")
      .set((eb) => ({ failedSignins: eb("failedSignins", "+", 1) }))
      .where("id", "=", live.id)
      .where("failedSignins", "<", policy.lockoutAttempts)
      .returning("failedSignins")
      .executeTakeFirst();
    userSlot = row ? Number(row.failedSignins) : 0;
  } else if (userName) {
    nameSlot = await reserveAttempt(database, `name:${userName}`, lockMs, now);
    if (nameSlot.count > policy.lockoutAttempts) await releaseAttempt(database, nameSlot);
    else held.push(nameSlot);
  }
  const locked = live ? userSlot === 0 : !!nameSlot && nameSlot.count > policy.lockoutAttempts;
  if (locked) {
    await releaseAll();
    await record({
      ok: false,
      errorCode: "AccountLocked",
      errorMessage: "The user is locked after too many failed sign-ins.",
    });
    return { ok: false, reason: "Locked" };
  }

  // Always verify (against a dummy hash if need be): equal time whether or not the user exists.
  const passwordOk = await verifyPassword(live?.passwordHash ?? null, password);

  // A failure keeps its places; the one that reaches the limit locks.
  const fail = async (errorCode: "InvalidCredentials" | "InvalidMfaCode"): Promise<SignInResult> => {
    let lockedNow = false;
    if (live) {
      lockedNow = userSlot >= policy.lockoutAttempts;
      if (lockedNow)
        await db.user.update({ where: { id: live.id }, data: { lockedUntil: new Date(now.getTime() + lockMs) } });
    } else if (nameSlot) {
      lockedNow = nameSlot.count >= policy.lockoutAttempts;
      // The lock lasts a full period from this failure, as a known user's does.
      if (lockedNow) await restartWindow(database, nameSlot, now);
    }
    const errorMessage =
      errorCode === "InvalidMfaCode" ? "The MFA code was not accepted." : "Incorrect user name or password.";
    await record({ ok: false, errorCode, errorMessage, locked: lockedNow });
    return { ok: false, reason: lockedNow ? "Locked" : errorCode };
  };
  // Not a failure: the places go back (a known user's count to what it was).
  const notCounted = async () => {
    await releaseAll();
    if (live)
      await db.user.updateMany({
        where: { id: live.id, failedSignins: { gt: 0 } },
        data: { failedSignins: { decrement: 1 } },
      });
  };

  if (!live || !passwordOk || !live.consoleAccess) return fail("InvalidCredentials");
  if (!isConsoleRole(live.consoleRole)) {
    await notCounted();
    await record({ ok: false, errorCode: "NoConsoleAccess", errorMessage: "The user has no Keytrail console role." });
    return { ok: false, reason: "NoConsoleAccess" };
  }

  // 3. Login protection: the code of the bound MFA device, checked before any session exists; each code once.
  const needsCode = live.loginProtection && live.mfaEnabled && !!live.mfaSecret;
  if (needsCode) {
    if (!code) {
      await notCounted();
      return { ok: false, reason: "MfaRequired" }; // not a failure: the password step passed
    }
    if (!(await acceptTotp(database, live.id, live.mfaSecret!, code, encryptionKey(), now)))
      return fail("InvalidMfaCode");
  }

  // 4. Success: flag it when abnormal (judged from the console's own sign-in records only), open a session.
  const history = await db.event.findMany({
    where: {
      userName: live.userName,
      eventName: { in: SIGNIN_EVENT_NAMES },
      eventType: "ConsoleSignin",
      origin: CONSOLE_ORIGIN,
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
  await releaseAll();
  await record({ ok: true, abnormal }, needsCode);
  await db.user.update({
    where: { id: live.id },
    data: {
      passwordLastUsedAt: now,
      failedSignins: 0,
      lockedUntil: null,
      ...(passwordExpired(policy, live.passwordChangedAt, now) ? { mustChangePassword: true } : {}),
    },
  });
  const sessionId = await createSession(database, live.id, now);
  return {
    ok: true,
    user: { id: live.id, userName: live.userName, displayName: live.displayName, role: live.consoleRole, sessionId },
  };
}
