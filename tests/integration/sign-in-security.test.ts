// Sign-in security against a real database: lockout (per user, and identically for unknown names), throttling
// per source IP, login protection's MFA step, unlock, abnormal flags, password policy and session revocation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Secret, TOTP } from "otpauth";
import { touchSession } from "@/lib/auth/console-sessions";
import { hashPassword } from "@/lib/auth/password";
import {
  savePasswordPolicy,
  storeNewPassword,
  validateNewPassword,
  DEFAULT_PASSWORD_POLICY,
} from "@/lib/auth/password-policy";
import { checkSignIn } from "@/lib/auth/sign-in";
import { encryptionKey } from "@/lib/config/local-secrets";
import { encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { unlockUserAccount } from "@/lib/directory/user-changes";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const PASSWORD = "correct horse battery";
let accountDbId = 0;
let ipCounter = 0;
/** A fresh source address per test, so the per-IP throttle does not mix tests. */
const freshMeta = () => ({ sourceIpAddress: `198.51.100.${++ipCounter}`, userAgent: "integration-test/1.0" });
const mfaSecret = new Secret({ size: 20 }).base32;

async function createUser(userName: string, extra: Record<string, unknown> = {}) {
  return db.user.create({
    data: {
      accountId: accountDbId,
      userName,
      principalId: `p-${userName}`,
      displayName: userName,
      userType: "SubUser",
      consoleAccess: true,
      consoleRole: "Auditor",
      passwordHash: await hashPassword(PASSWORD),
      ...extra,
    },
  });
}

beforeAll(async () => {
  await resetDatabase(database);
  accountDbId = (await db.account.create({ data: { accountId: "2234567890123", name: "Sec Org" } })).id;
  await createUser("locky");
  const mfaUser = await createUser("mfa-user", { mfaEnabled: true, loginProtection: true });
  await db.user.update({
    where: { id: mfaUser.id },
    data: { mfaSecret: encryptSecret(mfaSecret, encryptionKey(), secretContext.userMfa(mfaUser.id)) },
  });
  await createUser("rotator");
});

afterAll(async () => {
  await db.$disconnect();
});

describe("lockout", () => {
  it("locks a user after 5 failures for 15 minutes, even with the right password, and an unknown name alike", async () => {
    const meta = freshMeta();
    const t0 = new Date();
    for (let i = 0; i < 4; i++)
      expect(await checkSignIn(database, { userName: "locky", password: "wrong" }, meta, t0)).toEqual({
        ok: false,
        reason: "InvalidCredentials",
      });
    expect(await checkSignIn(database, { userName: "locky", password: "wrong" }, meta, t0)).toEqual({
      ok: false,
      reason: "Locked",
    });
    expect(await checkSignIn(database, { userName: "locky", password: PASSWORD }, meta, t0)).toEqual({
      ok: false,
      reason: "Locked",
    });
    const user = await db.user.findUniqueOrThrow({ where: { userName: "locky" } });
    expect(user.lockedUntil!.getTime()).toBe(t0.getTime() + 15 * 60_000);
    const events = await db.event.findMany({
      where: { userName: "locky", eventName: "ConsoleSignin" },
      orderBy: { seq: "asc" },
    });
    expect(events.map((e) => e.errorCode)).toEqual([...Array(5).fill("InvalidCredentials"), "AccountLocked"]);
    expect(JSON.parse(events[4].responseElements!)).toEqual({ ConsoleSignin: "Failure", accountLocked: true });

    const ghost = freshMeta();
    for (let i = 0; i < 4; i++)
      expect((await checkSignIn(database, { userName: "ghost", password: "x" }, ghost, t0)).ok).toBe(false);
    expect(await checkSignIn(database, { userName: "ghost", password: "x" }, ghost, t0)).toEqual({
      ok: false,
      reason: "Locked",
    });
    expect(await checkSignIn(database, { userName: "ghost", password: "x" }, ghost, t0)).toEqual({
      ok: false,
      reason: "Locked",
    });

    // After the lock period the right password works again.
    const later = new Date(t0.getTime() + 16 * 60_000);
    expect((await checkSignIn(database, { userName: "locky", password: PASSWORD }, freshMeta(), later)).ok).toBe(true);
  });

  it("lets an administrator unlock, recorded as UnlockUser", async () => {
    const meta = freshMeta();
    for (let i = 0; i < 5; i++) await checkSignIn(database, { userName: "locky", password: "wrong" }, meta);
    expect((await checkSignIn(database, { userName: "locky", password: PASSWORD }, meta)).ok).toBe(false);
    const locky = await db.user.findUniqueOrThrow({ where: { userName: "locky" } });
    const admin = {
      id: 0,
      role: "Administrator" as const,
      userName: "admin",
      principalId: "p-admin",
      userType: "SubUser",
      accountId: "2234567890123",
      accountDbId,
    };
    expect(await unlockUserAccount(database, admin, "locky", meta)).toEqual({
      ok: true,
      message: "locky was unlocked.",
    });
    expect(await db.user.findUniqueOrThrow({ where: { id: locky.id } })).toMatchObject({
      failedSignins: 0,
      lockedUntil: null,
    });
    expect((await checkSignIn(database, { userName: "locky", password: PASSWORD }, meta)).ok).toBe(true);
    const unlock = await db.event.findFirstOrThrow({ where: { eventName: "UnlockUser" } });
    expect(JSON.parse(unlock.requestParameters!)).toEqual({ UserName: "locky" });
    expect(JSON.parse(unlock.resources!)).toEqual([{ type: "ACS::RAM::User", name: "locky" }]);
    expect(await db.event.count({ where: { eventName: "UnlockUser" } })).toBe(1);
  });

  it("throttles a source address after 20 failures in 15 minutes, for every user", async () => {
    const meta = freshMeta();
    for (let i = 0; i < 20; i++) await checkSignIn(database, { userName: `nobody-${i}`, password: "x" }, meta);
    expect(await checkSignIn(database, { userName: "rotator", password: PASSWORD }, meta)).toEqual({
      ok: false,
      reason: "Throttled",
    });
    expect((await db.event.findFirstOrThrow({ orderBy: { seq: "desc" } })).errorCode).toBe("SigninThrottled");
    expect((await checkSignIn(database, { userName: "rotator", password: PASSWORD }, freshMeta())).ok).toBe(true);
  });
});

describe("login protection", () => {
  it("asks for the code after the password, refuses a wrong one, and accepts the current one", async () => {
    const meta = freshMeta();
    expect(await checkSignIn(database, { userName: "mfa-user", password: PASSWORD }, meta)).toEqual({
      ok: false,
      reason: "MfaRequired",
    });
    expect(await db.consoleSession.count({ where: { user: { userName: "mfa-user" } } })).toBe(0);
    expect(await checkSignIn(database, { userName: "mfa-user", password: PASSWORD, code: "000000" }, meta)).toEqual({
      ok: false,
      reason: "InvalidMfaCode",
    });
    expect(
      await checkSignIn(
        database,
        { userName: "mfa-user", password: "wrong", code: new TOTP({ secret: mfaSecret }).generate() },
        meta,
      ),
    ).toEqual({ ok: false, reason: "InvalidCredentials" });
    const result = await checkSignIn(
      database,
      { userName: "mfa-user", password: PASSWORD, code: new TOTP({ secret: mfaSecret }).generate() },
      meta,
    );
    expect(result.ok).toBe(true);
    const event = await db.event.findFirstOrThrow({ orderBy: { seq: "desc" } });
    expect(event).toMatchObject({ userName: "mfa-user", errorCode: null, mfaUsed: true });
  });
});

describe("abnormal sign-ins", () => {
  it("flags a new network and a failure burst on the event", async () => {
    await createUser("roamer");
    const t = Date.now() - 3_600_000;
    const home = { sourceIpAddress: "203.0.113.5", userAgent: "t" };
    expect((await checkSignIn(database, { userName: "roamer", password: PASSWORD }, home, new Date(t))).ok).toBe(true);
    expect(JSON.parse((await db.event.findFirstOrThrow({ orderBy: { seq: "desc" } })).responseElements!)).toEqual({
      ConsoleSignin: "Success",
    });
    for (let i = 0; i < 4; i++)
      await checkSignIn(database, { userName: "roamer", password: "wrong" }, home, new Date(t + 60_000 + i));
    await db.user.update({ where: { userName: "roamer" }, data: { failedSignins: 0 } });
    await checkSignIn(database, { userName: "roamer", password: "wrong" }, home, new Date(t + 61_000));
    await db.user.update({ where: { userName: "roamer" }, data: { failedSignins: 0, lockedUntil: null } });
    const away = { sourceIpAddress: "192.0.2.77", userAgent: "t" };
    expect(
      (await checkSignIn(database, { userName: "roamer", password: PASSWORD }, away, new Date(t + 120_000))).ok,
    ).toBe(true);
    const flagged = await db.event.findFirstOrThrow({
      where: { userName: "roamer", errorCode: null },
      orderBy: { seq: "desc" },
    });
    expect(JSON.parse(flagged.responseElements!).abnormal).toEqual(["NewNetwork", "FailedBurst"]);
  });
});

describe("password policy and sessions", () => {
  it("checks length, classes and reuse, and ends other sessions when a password is stored", async () => {
    const rotator = await db.user.findUniqueOrThrow({ where: { userName: "rotator" } });
    await savePasswordPolicy(database, accountDbId, {
      ...DEFAULT_PASSWORD_POLICY,
      minLength: 12,
      requireUpper: true,
      requireDigit: true,
      reuseCount: 2,
    });
    const check = (password: string) =>
      validateNewPassword(database, { accountDbId, userId: rotator.id, userName: "rotator", password });
    expect(await check("short")).toEqual(expect.arrayContaining(["The password must be at least 12 characters long."]));
    expect(await check("longenoughpassword")).toEqual([
      "The password must contain an uppercase letter.",
      "The password must contain a digit.",
    ]);
    expect(await check("Longenough1pass")).toEqual([]);

    const a = await checkSignIn(database, { userName: "rotator", password: PASSWORD }, freshMeta());
    const b = await checkSignIn(database, { userName: "rotator", password: PASSWORD }, freshMeta());
    if (!a.ok || !b.ok) throw new Error("sign-in failed");
    await storeNewPassword(database, rotator.id, "Longenough1pass", {
      mustChange: false,
      keepSessionId: a.user.sessionId,
    });
    expect(await touchSession(database, a.user.sessionId, rotator.id)).toBe(true);
    expect(await touchSession(database, b.user.sessionId, rotator.id)).toBe(false);
    expect(await check("Longenough1pass")).toEqual(["The password must not be one of the last 2 passwords."]);
    await storeNewPassword(database, rotator.id, "Second2password", { mustChange: false });
    expect(await touchSession(database, a.user.sessionId, rotator.id)).toBe(false);
    expect(await check("Longenough1pass")).toEqual(["The password must not be one of the last 2 passwords."]);
    await storeNewPassword(database, rotator.id, "Third3password!", { mustChange: false });
    expect(await check("Longenough1pass")).toEqual([]);
  });

  it("expires an idle session and forces a change of a password older than the policy allows", async () => {
    const r = await checkSignIn(database, { userName: "roamer", password: PASSWORD }, freshMeta());
    if (!r.ok) throw new Error("sign-in failed");
    const eightHours = 8 * 3_600_000;
    expect(
      await touchSession(
        database,
        r.user.sessionId,
        r.user.id,
        new Date(Date.now() + eightHours - 120_000),
        eightHours,
      ),
    ).toBe(true);
    expect(
      await touchSession(
        database,
        r.user.sessionId,
        r.user.id,
        new Date(Date.now() + 2 * eightHours - 60_000),
        eightHours,
      ),
    ).toBe(false);

    await savePasswordPolicy(database, accountDbId, { ...DEFAULT_PASSWORD_POLICY, maxAgeDays: 30 });
    await db.user.update({
      where: { id: r.user.id },
      data: { passwordChangedAt: new Date(Date.now() - 31 * 86_400_000) },
    });
    expect((await checkSignIn(database, { userName: "roamer", password: PASSWORD }, freshMeta())).ok).toBe(true);
    expect((await db.user.findUniqueOrThrow({ where: { id: r.user.id } })).mustChangePassword).toBe(true);
    await savePasswordPolicy(database, accountDbId, DEFAULT_PASSWORD_POLICY);
  });
});
