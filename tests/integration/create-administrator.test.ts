// Starting without demo data: the first administrator, their account, and clear refusals.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { checkSignIn } from "@/lib/auth/sign-in";
import { createAdministrator } from "@/lib/directory/create-administrator";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const meta = { sourceIpAddress: null, userAgent: null };

beforeAll(async () => {
  await resetDatabase(database);
});

afterAll(async () => {
  await db.$disconnect();
});

describe("createAdministrator", () => {
  it("needs an account name while there is no account, and creates nothing without it", async () => {
    const result = await createAdministrator(database, {
      userName: "alice",
      password: "long-enough-pass",
      mustChangePassword: true,
    });
    expect(result).toEqual({
      ok: false,
      message: "There is no account yet: give its name with --account-name <organisation>.",
    });
    expect(await db.account.count()).toBe(0);
    expect(await db.user.count()).toBe(0);
  });

  it("creates the account and an Administrator who can sign in, recorded as CreateUser", async () => {
    const result = await createAdministrator(database, {
      userName: "alice",
      password: "long-enough-pass",
      accountName: "Example Corp",
      mustChangePassword: true,
    });
    expect(result).toEqual({
      ok: true,
      accountName: "Example Corp",
      accountId: expect.stringMatching(/^[1-9]\d{12}$/),
    });
    const alice = await db.user.findUniqueOrThrow({ where: { userName: "alice" } });
    expect(alice).toMatchObject({
      consoleRole: "Administrator",
      consoleAccess: true,
      userType: "SubUser",
      mustChangePassword: true,
    });
    expect(alice.principalId).toMatch(/^[1-9]\d{15}$/);
    expect(await verifyPassword(alice.passwordHash, "long-enough-pass")).toBe(true);
    expect((await checkSignIn(database, { userName: "alice", password: "long-enough-pass" }, meta)).ok).toBe(true);
    const created = await db.event.findFirstOrThrow({ where: { eventName: "CreateUser" } });
    expect(created).toMatchObject({
      service: "keytrail",
      sensitive: true,
      accountId: result.ok ? result.accountId : "",
    });
    expect(created.requestParameters).not.toContain("long-enough-pass");
  });

  it("adds a second administrator to the same account and refuses duplicates, bad names and short passwords", async () => {
    expect(
      await createAdministrator(database, { userName: "bob", password: "another-long-one", mustChangePassword: false }),
    ).toMatchObject({
      ok: true,
      accountName: "Example Corp",
    });
    expect(await db.account.count()).toBe(1);
    expect(
      await createAdministrator(database, { userName: "bob", password: "another-long-one", mustChangePassword: false }),
    ).toEqual({
      ok: false,
      message: 'A user named "bob" already exists.',
    });
    expect(
      (
        await createAdministrator(database, {
          userName: "bad name!",
          password: "another-long-one",
          mustChangePassword: false,
        })
      ).ok,
    ).toBe(false);
    expect(
      await createAdministrator(database, { userName: "carol", password: "short", mustChangePassword: false }),
    ).toEqual({
      ok: false,
      message: "The password must be at least 12 characters.",
    });
    expect(await db.user.count()).toBe(2);
  });
});
