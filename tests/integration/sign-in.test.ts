// Sign-in checks against a real database: argon2id hashes, the generic refusal, and a ConsoleSignin event
// for every attempt with its outcome, source IP and user agent.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hashPassword } from "@/lib/auth/password";
import { checkSignIn } from "@/lib/auth/sign-in";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const meta = { sourceIpAddress: "192.0.2.10", userAgent: "integration-test/1.0" };

beforeAll(async () => {
  await resetDatabase(database);
  const account = await db.account.create({ data: { accountId: "1234567890123", name: "Test Org" } });
  const passwordHash = await hashPassword("correct horse battery");
  const base = { accountId: account.id, userType: "SubUser", consoleAccess: true, passwordHash };
  await db.user.create({
    data: { ...base, userName: "ada", principalId: "p-ada", displayName: "Ada", consoleRole: "Auditor" },
  });
  await db.user.create({ data: { ...base, userName: "norole", principalId: "p-norole", displayName: "No Role" } });
  await db.user.create({
    data: {
      ...base,
      userName: "gone",
      principalId: "p-gone",
      displayName: "Gone",
      consoleRole: "Administrator",
      deletedAt: new Date(),
    },
  });
});

afterAll(async () => {
  await db.$disconnect();
});

async function lastSigninEvent() {
  return db.event.findFirstOrThrow({ where: { eventName: "ConsoleSignin" }, orderBy: { seq: "desc" } });
}

describe("checkSignIn", () => {
  it("signs in with the right password and records a successful ConsoleSignin", async () => {
    const result = await checkSignIn(database, { userName: "ada", password: "correct horse battery" }, meta);
    expect(result).toEqual({ ok: true, user: expect.objectContaining({ userName: "ada", role: "Auditor" }) });
    const event = await lastSigninEvent();
    expect(event).toMatchObject({
      eventType: "ConsoleSignin",
      service: "keytrail",
      userName: "ada",
      principalId: "p-ada",
      accountId: "1234567890123",
      sourceIpAddress: "192.0.2.10",
      userAgent: "integration-test/1.0",
      errorCode: null,
    });
    expect(JSON.parse(event.responseElements!)).toEqual({ ConsoleSignin: "Success" });
    expect((await db.user.findUniqueOrThrow({ where: { userName: "ada" } })).passwordLastUsedAt).not.toBeNull();
  });

  it("refuses a wrong password and an unknown user alike, recording each failure", async () => {
    const before = await db.event.count({ where: { eventName: "ConsoleSignin", errorCode: "InvalidCredentials" } });
    expect(await checkSignIn(database, { userName: "ada", password: "wrong" }, meta)).toEqual({
      ok: false,
      reason: "InvalidCredentials",
    });
    expect(await checkSignIn(database, { userName: "nobody", password: "wrong" }, meta)).toEqual({
      ok: false,
      reason: "InvalidCredentials",
    });
    expect(await checkSignIn(database, { userName: "gone", password: "correct horse battery" }, meta)).toEqual({
      ok: false,
      reason: "InvalidCredentials",
    });
    expect(await db.event.count({ where: { eventName: "ConsoleSignin", errorCode: "InvalidCredentials" } })).toBe(
      before + 3,
    );
    const unknown = await lastSigninEvent();
    expect(unknown).toMatchObject({ userName: "gone", accountId: null, userId: null });
    expect(JSON.parse(unknown.responseElements!)).toEqual({ ConsoleSignin: "Failure" });
  });

  it("refuses a user with the right password but no console role", async () => {
    expect(await checkSignIn(database, { userName: "norole", password: "correct horse battery" }, meta)).toEqual({
      ok: false,
      reason: "NoConsoleAccess",
    });
    expect((await lastSigninEvent()).errorCode).toBe("NoConsoleAccess");
  });
});
