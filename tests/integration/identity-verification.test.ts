// "Verify your identity" against a real database: 5 failures in 15 minutes block verification for the user
// (one message for password and code, its own errorCode on the VerifyIdentity event), parallel guesses included;
// and a TOTP code once accepted is refused again, at verification, at sign-in and when binding or unbinding MFA.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Secret, TOTP } from "otpauth";
import { VERIFY_BLOCKED_MESSAGE, checkIdentityAttempt, type IdentityCheck } from "@/lib/auth/identity-check";
import { confirmMfaEnrolment, startMfaEnrolment, unbindOwnMfa } from "@/lib/auth/mfa";
import { hashPassword } from "@/lib/auth/password";
import { checkSignIn } from "@/lib/auth/sign-in";
import { encryptionKey } from "@/lib/config/local-secrets";
import { encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const ACCOUNT = "4234567890123";
const PASSWORD = "correct horse battery";
const meta = { sourceIpAddress: "192.0.2.40", userAgent: "integration-test/1.0" };
let accountDbId = 0;
const secret = new Secret({ size: 20 }).base32;
const codeAt = (at: Date, s = secret) => new TOTP({ secret: s }).generate({ timestamp: at.getTime() });

/** `mfaSecret`: a base32 seed, stored encrypted for the new row (its associated data names the row's id). */
async function createUser(userName: string, extra: Record<string, unknown> = {}, mfaSecret?: string) {
  const u = await db.user.create({
    data: {
      accountId: accountDbId,
      userName,
      principalId: `p-${userName}`,
      displayName: userName,
      userType: "SubUser",
      consoleAccess: true,
      consoleRole: "Administrator",
      passwordHash: await hashPassword(PASSWORD),
      ...extra,
    },
  });
  if (mfaSecret)
    await db.user.update({
      where: { id: u.id },
      data: { mfaSecret: encryptSecret(mfaSecret, encryptionKey(), secretContext.userMfa(u.id)) },
    });
  return { id: u.id, accountId: ACCOUNT, userName, principalId: u.principalId, userType: u.userType };
}

const verifyEvents = async (userName: string) =>
  (
    await db.event.findMany({
      where: { eventName: "VerifyIdentity", userName },
      orderBy: { seq: "asc" },
      select: { errorCode: true },
    })
  ).map((e) => e.errorCode);

beforeAll(async () => {
  await resetDatabase(database);
  accountDbId = (await db.account.create({ data: { accountId: ACCOUNT, name: "Verify Org" } })).id;
});

afterAll(async () => {
  await db.$disconnect();
});

describe("the attempt limit", () => {
  it("blocks verification after 5 wrong MFA codes, even the right code, for 15 minutes", async () => {
    const user = await createUser("coder", { mfaEnabled: true }, secret);
    const t0 = new Date();
    const check = (answer: string, at = t0) =>
      checkIdentityAttempt(database, user, answer, "DeleteUser", meta, encryptionKey(), at);
    for (let i = 0; i < 5; i++)
      expect(await check("000000")).toMatchObject({ ok: false, blocked: false, method: "mfa" });
    expect(await check("000000")).toEqual({ ok: false, method: "mfa", error: VERIFY_BLOCKED_MESSAGE, blocked: true });
    expect(await check(codeAt(t0))).toEqual({ ok: false, method: "mfa", error: VERIFY_BLOCKED_MESSAGE, blocked: true });
    expect(await verifyEvents("coder")).toEqual([
      ...Array(5).fill("IdentityVerificationFailed"),
      "IdentityVerificationBlocked",
      "IdentityVerificationBlocked",
    ]);
    const blocked = await db.event.findFirstOrThrow({
      where: { userName: "coder", errorCode: "IdentityVerificationBlocked" },
    });
    expect(blocked).toMatchObject({
      origin: "keytrail",
      errorMessage: VERIFY_BLOCKED_MESSAGE,
      sourceIpAddress: "192.0.2.40",
    });
    expect(JSON.parse(blocked.requestParameters!)).toEqual({ method: "mfa", purpose: "DeleteUser" });

    const later = new Date(t0.getTime() + 15 * 60_000 + 1000);
    expect(await check(codeAt(later), later)).toEqual({ ok: true, method: "mfa" });
  });

  it("gives a password user the same message, and 30 parallel guesses exactly 5 checks", async () => {
    const user = await createUser("typist");
    const t0 = new Date();
    const results = await Promise.all(
      Array.from({ length: 30 }, () =>
        checkIdentityAttempt(database, user, "wrong", "SetPasswordPolicy", meta, encryptionKey(), t0),
      ),
    );
    const blocked = results.filter((r): r is Extract<IdentityCheck, { ok: false }> => !r.ok && r.blocked);
    expect(blocked).toHaveLength(25);
    expect(blocked.every((r) => r.error === VERIFY_BLOCKED_MESSAGE)).toBe(true);
    expect(results.filter((r) => !r.ok && !r.blocked && r.error === "That password is not correct.")).toHaveLength(5);
    const events = await verifyEvents("typist");
    expect(events.filter((e) => e === "IdentityVerificationFailed")).toHaveLength(5);
    expect(events.filter((e) => e === "IdentityVerificationBlocked")).toHaveLength(25);
    expect(
      await checkIdentityAttempt(database, user, PASSWORD, "SetPasswordPolicy", meta, encryptionKey(), t0),
    ).toMatchObject({ ok: false, blocked: true });
  });

  it("does not count successes", async () => {
    const user = await createUser("steady");
    for (let i = 0; i < 8; i++)
      expect(
        await checkIdentityAttempt(database, user, PASSWORD, "DownloadCredentialReport", meta, encryptionKey()),
      ).toEqual({ ok: true, method: "password" });
    expect(await verifyEvents("steady")).toEqual(Array(8).fill(null));
  });
});

describe("a TOTP code serves once", () => {
  it("at verification", async () => {
    const s = new Secret({ size: 20 }).base32;
    const user = await createUser("replayer", { mfaEnabled: true }, s);
    const now = new Date();
    const code = codeAt(now, s);
    expect(await checkIdentityAttempt(database, user, code, "DeleteUser", meta, encryptionKey(), now)).toEqual({
      ok: true,
      method: "mfa",
    });
    expect(await checkIdentityAttempt(database, user, code, "DeleteUser", meta, encryptionKey(), now)).toMatchObject({
      ok: false,
      blocked: false,
    });
    // An older code of the window is refused too; the next step's code is fresh.
    expect(
      await checkIdentityAttempt(
        database,
        user,
        codeAt(new Date(now.getTime() - 30_000), s),
        "DeleteUser",
        meta,
        encryptionKey(),
        now,
      ),
    ).toMatchObject({ ok: false });
    const next = new Date(now.getTime() + 30_000);
    expect(
      await checkIdentityAttempt(database, user, codeAt(next, s), "DeleteUser", meta, encryptionKey(), next),
    ).toEqual({ ok: true, method: "mfa" });
    expect(await verifyEvents("replayer")).toEqual([
      null,
      "IdentityVerificationFailed",
      "IdentityVerificationFailed",
      null,
    ]);
  });

  it("when two requests carry the same code at once: one is accepted", async () => {
    const s = new Secret({ size: 20 }).base32;
    const user = await createUser("twin", { mfaEnabled: true }, s);
    const now = new Date();
    const code = codeAt(now, s);
    const results = await Promise.all(
      Array.from({ length: 4 }, () =>
        checkIdentityAttempt(database, user, code, "DeleteUser", meta, encryptionKey(), now),
      ),
    );
    expect(results.filter((r) => r.ok)).toHaveLength(1);
  });

  it("at sign-in with login protection, and after it at verification", async () => {
    const s = new Secret({ size: 20 }).base32;
    const user = await createUser("guarded", { mfaEnabled: true, loginProtection: true }, s);
    const now = new Date();
    const code = codeAt(now, s);
    expect((await checkSignIn(database, { userName: "guarded", password: PASSWORD, code }, meta, now)).ok).toBe(true);
    expect(await checkSignIn(database, { userName: "guarded", password: PASSWORD, code }, meta, now)).toEqual({
      ok: false,
      reason: "InvalidMfaCode",
    });
    expect(await checkIdentityAttempt(database, user, code, "DeleteUser", meta, encryptionKey(), now)).toMatchObject({
      ok: false,
    });
  });

  it("when binding and unbinding a device", async () => {
    const user = await createUser("binder");
    const enrolment = (await startMfaEnrolment(database, user.id))!;
    const now = new Date();
    const code = codeAt(now, enrolment.secret);
    const actor = { ...user };
    expect(await confirmMfaEnrolment(database, actor, code, meta, now)).toBe(true);
    expect(await unbindOwnMfa(database, actor, code, meta, now)).toBe(false);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).mfaEnabled).toBe(true);
    const next = new Date(now.getTime() + 30_000);
    expect(await unbindOwnMfa(database, actor, codeAt(next, enrolment.secret), meta, next)).toBe(true);
  });
});
