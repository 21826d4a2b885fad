// Administration of the directory against a real database: users (create, edit, console access, password reset,
// recycle bin, restore, permanent delete), groups and team leads, AccessKey creation (two at most, the secret
// encrypted at rest and in no event), a user's login / operation protection, unlock and MFA unbind, and a
// non-administrator refused, each change recorded as its event.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { decryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { createAccessKey, KEY_LIMIT_MESSAGE } from "@/lib/access-keys/access-key-create";
import { changeAccessKey } from "@/lib/access-keys/access-key-changes";
import type { DirectoryActor } from "@/lib/directory/directory-events";
import {
  addUserToGroup,
  createGroup,
  deleteGroup,
  removeUserFromGroup,
  setTeamLead,
  updateGroup,
} from "@/lib/directory/group-changes";
import {
  createUser,
  deleteUser,
  disableConsoleAccess,
  purgeUser,
  resetPassword,
  restoreUser,
  setUserProtection,
  unbindUserMfa,
  unlockUserAccount,
  updateUser,
} from "@/lib/directory/user-changes";
import { createUserInput, PURGED_PREFIX } from "@/lib/domain/directory-admin";
import { listUsers } from "@/lib/queries/users";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const meta = { sourceIpAddress: "192.0.2.20", userAgent: "integration-test/1.0" };
const key = randomBytes(32);
let admin: DirectoryActor;
let auditor: DirectoryActor;

const input = (over: Record<string, unknown>) =>
  createUserInput.parse({
    displayName: "Someone",
    email: "",
    userType: "SubUser",
    consoleRole: "",
    consoleAccess: false,
    password: "",
    groupIds: [],
    ...over,
  });

async function lastEvent(eventName: string) {
  return db.event.findFirstOrThrow({ where: { eventName }, orderBy: { seq: "desc" } });
}

beforeAll(async () => {
  await resetDatabase(database);
  const account = await db.account.create({ data: { accountId: "1234567890123", name: "Test Org" } });
  const base = { accountId: account.id, userType: "SubUser", consoleAccess: true };
  const a = await db.user.create({
    data: {
      ...base,
      userName: "root-admin",
      principalId: "p-admin",
      displayName: "Admin",
      consoleRole: "Administrator",
    },
  });
  const b = await db.user.create({
    data: {
      ...base,
      userName: "eve-auditor",
      principalId: "p-auditor",
      displayName: "Auditor",
      consoleRole: "Auditor",
    },
  });
  const actor = (u: typeof a, role: DirectoryActor["role"]): DirectoryActor => ({
    id: u.id,
    role,
    userName: u.userName,
    principalId: u.principalId,
    userType: u.userType,
    accountId: account.accountId,
    accountDbId: account.id,
  });
  admin = actor(a, "Administrator");
  auditor = actor(b, "Auditor");
});

afterAll(async () => {
  await db.$disconnect();
});

describe("users", () => {
  it("creates a user with console access and groups; the initial password must be changed and is in no event", async () => {
    expect((await createGroup(database, admin, { groupName: "ops", description: "Operations" }, meta)).ok).toBe(true);
    const ops = await db.group.findFirstOrThrow({ where: { name: "ops" } });
    const result = await createUser(
      database,
      admin,
      input({
        userName: "carol",
        displayName: "Carol",
        consoleAccess: true,
        consoleRole: "Auditor",
        password: "initial-Secret-42",
        groupIds: [String(ops.id)],
      }),
      meta,
    );
    expect(result).toMatchObject({ ok: true });
    const carol = await db.user.findUniqueOrThrow({ where: { userName: "carol" }, include: { memberships: true } });
    expect(carol).toMatchObject({
      consoleAccess: true,
      mustChangePassword: true,
      consoleRole: "Auditor",
      deletedAt: null,
    });
    expect(await verifyPassword(carol.passwordHash, "initial-Secret-42")).toBe(true);
    expect(carol.memberships.map((m) => m.groupId)).toEqual([ops.id]);
    const created = await lastEvent("CreateUser");
    expect(created).toMatchObject({
      userName: "root-admin",
      service: "keytrail",
      readOnly: false,
      errorCode: null,
      sourceIpAddress: "192.0.2.20",
    });
    expect(JSON.parse(created.requestParameters!)).toMatchObject({
      UserName: "carol",
      UserType: "SubUser",
      ConsoleAccess: true,
    });
    expect(JSON.parse(created.resources)).toEqual([{ type: "ACS::RAM::User", name: "carol" }]);
    expect(JSON.parse((await lastEvent("CreateLoginProfile")).requestParameters!)).toEqual({
      UserName: "carol",
      PasswordResetRequired: true,
    });
    expect(JSON.parse((await lastEvent("AddUserToGroup")).requestParameters!)).toEqual({
      UserName: "carol",
      GroupName: "ops",
    });
  });

  it("refuses a taken name, a short password, and console access without a role", async () => {
    expect(await createUser(database, admin, input({ userName: "carol" }), meta)).toMatchObject({
      ok: false,
      fieldErrors: { userName: expect.any(String) },
    });
    expect(
      await createUser(
        database,
        admin,
        input({ userName: "dan", consoleAccess: true, consoleRole: "Auditor", password: "short" }),
        meta,
      ),
    ).toMatchObject({
      ok: false,
      fieldErrors: { password: expect.stringContaining("at least") },
    });
    expect(
      createUserInput.safeParse({
        userName: "dan",
        displayName: "D",
        email: "",
        userType: "SubUser",
        consoleRole: "",
        consoleAccess: true,
        password: "x".repeat(12),
        groupIds: [],
      }).success,
    ).toBe(false);
    expect(await db.user.findUnique({ where: { userName: "dan" } })).toBeNull();
  });

  it("edits a user, and refuses an administrator's own demotion", async () => {
    expect(
      await updateUser(
        database,
        admin,
        { userName: "carol", displayName: "Carol C.", email: "carol@example.com", consoleRole: "Administrator" },
        meta,
      ),
    ).toMatchObject({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { userName: "carol" } })).toMatchObject({
      displayName: "Carol C.",
      email: "carol@example.com",
      consoleRole: "Administrator",
    });
    expect(JSON.parse((await lastEvent("UpdateUser")).requestParameters!)).toEqual({
      UserName: "carol",
      NewDisplayName: "Carol C.",
      NewEmail: "carol@example.com",
      NewConsoleRole: "Administrator",
    });
    expect(
      await updateUser(
        database,
        admin,
        { userName: "root-admin", displayName: "Admin", email: null, consoleRole: "Auditor" },
        meta,
      ),
    ).toMatchObject({ ok: false });
  });

  it("disables console access, and a password reset gives it back with a forced change", async () => {
    expect(await disableConsoleAccess(database, admin, "carol", meta)).toMatchObject({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { userName: "carol" } })).toMatchObject({
      consoleAccess: false,
      passwordHash: null,
    });
    expect((await lastEvent("DeleteLoginProfile")).requestParameters).toBe(JSON.stringify({ UserName: "carol" }));
    expect(await disableConsoleAccess(database, admin, "root-admin", meta)).toMatchObject({ ok: false });

    expect(await resetPassword(database, admin, "carol", "reset-Secret-77", meta)).toMatchObject({ ok: true });
    const carol = await db.user.findUniqueOrThrow({ where: { userName: "carol" } });
    expect(carol).toMatchObject({ consoleAccess: true, mustChangePassword: true });
    expect(await verifyPassword(carol.passwordHash, "reset-Secret-77")).toBe(true);
    await db.user.update({ where: { id: carol.id }, data: { mustChangePassword: false } });
    expect(await resetPassword(database, admin, "carol", "again-Secret-88", meta)).toMatchObject({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { userName: "carol" } })).toMatchObject({
      mustChangePassword: true,
    });
    expect(JSON.parse((await lastEvent("UpdateLoginProfile")).requestParameters!)).toEqual({
      UserName: "carol",
      PasswordResetRequired: true,
    });
  });

  it("deletes to the recycle bin, restores within 30 days, not after", async () => {
    expect(await deleteUser(database, admin, "carol", meta)).toMatchObject({ ok: true });
    expect((await listUsers(database, admin.accountDbId)).map((u) => u.userName)).not.toContain("carol");
    expect(await lastEvent("DeleteUser")).toMatchObject({ sensitive: true, errorCode: null });
    expect(await resetPassword(database, admin, "carol", "whatever-Secret-1", meta)).toMatchObject({ ok: false });

    expect(await restoreUser(database, admin, "carol", meta)).toMatchObject({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { userName: "carol" } })).toMatchObject({ deletedAt: null });
    expect(JSON.parse((await lastEvent("RestoreUserFromRecycleBin")).requestParameters!)).toEqual({
      UserName: "carol",
    });
    expect((await listUsers(database, admin.accountDbId)).map((u) => u.userName)).toContain("carol");

    const long = new Date(Date.now() - 31 * 86_400_000);
    expect(await deleteUser(database, admin, "carol", meta, long)).toMatchObject({ ok: true });
    expect(await restoreUser(database, admin, "carol", meta)).toMatchObject({
      ok: false,
      error: expect.stringContaining("more than 30 days"),
    });
    await db.user.update({ where: { userName: "carol" }, data: { deletedAt: new Date() } });
    expect(await restoreUser(database, admin, "carol", meta)).toMatchObject({ ok: true });
    expect(await deleteUser(database, admin, "root-admin", meta)).toMatchObject({ ok: false });
  });

  it("permanently deletes: the row goes when it never had keys; otherwise a tombstone keeps the keys auditable", async () => {
    expect((await createUser(database, admin, input({ userName: "tmp" }), meta)).ok).toBe(true);
    expect(await purgeUser(database, admin, "tmp", meta)).toMatchObject({
      ok: false,
      error: expect.stringContaining("delete it first"),
    });
    await deleteUser(database, admin, "tmp", meta);
    expect(await purgeUser(database, admin, "tmp", meta)).toMatchObject({ ok: true });
    expect(await db.user.findUnique({ where: { userName: "tmp" } })).toBeNull();
    expect(await db.event.count({ where: { requestParameters: { contains: '"tmp"' } } })).toBeGreaterThan(0);

    expect((await createUser(database, admin, input({ userName: "keyed" }), meta)).ok).toBe(true);
    const made = await createAccessKey(database, admin, "keyed", meta, key);
    expect(made.ok).toBe(true);
    await deleteUser(database, admin, "keyed", meta);
    expect(await purgeUser(database, admin, "keyed", meta)).toMatchObject({ ok: true });
    const tomb = await db.user.findUniqueOrThrow({ where: { userName: "keyed" }, include: { accessKeys: true } });
    expect(tomb.displayName.startsWith(PURGED_PREFIX)).toBe(true);
    expect(tomb).toMatchObject({ consoleAccess: false, passwordHash: null });
    expect(tomb.accessKeys.every((k) => k.deletedAt !== null && k.status === "Disabled")).toBe(true);
    expect(await restoreUser(database, admin, "keyed", meta)).toMatchObject({ ok: false });
    expect(await purgeUser(database, admin, "keyed", meta)).toMatchObject({ ok: false });
    expect(await lastEvent("DeleteUserInRecycleBin")).toMatchObject({ sensitive: true, errorCode: null });
  });
});

describe("groups", () => {
  it("creates, renames, adds and removes members, marks leads, deletes", async () => {
    expect((await createGroup(database, admin, { groupName: "platform", description: "" }, meta)).ok).toBe(true);
    expect(await createGroup(database, admin, { groupName: "platform", description: "" }, meta)).toMatchObject({
      ok: false,
    });
    expect(
      await updateGroup(
        database,
        admin,
        { groupName: "platform", newGroupName: "platform-team", description: "Platform" },
        meta,
      ),
    ).toMatchObject({ ok: true });
    expect(JSON.parse((await lastEvent("UpdateGroup")).requestParameters!)).toEqual({
      GroupName: "platform",
      NewGroupName: "platform-team",
      NewComments: "Platform",
    });
    expect(await addUserToGroup(database, admin, "platform-team", "carol", meta)).toMatchObject({ ok: true });
    expect(await addUserToGroup(database, admin, "platform-team", "carol", meta)).toMatchObject({ ok: false });
    expect(await setTeamLead(database, admin, "platform-team", "carol", true, meta)).toMatchObject({ ok: true });
    const group = await db.group.findFirstOrThrow({ where: { name: "platform-team" }, include: { memberships: true } });
    expect(group.memberships).toEqual([expect.objectContaining({ isLead: true })]);
    expect(JSON.parse((await lastEvent("UpdateGroupMember")).requestParameters!)).toEqual({
      UserName: "carol",
      GroupName: "platform-team",
      IsLead: true,
    });
    expect(await removeUserFromGroup(database, admin, "platform-team", "carol", meta)).toMatchObject({ ok: true });
    expect(await removeUserFromGroup(database, admin, "platform-team", "carol", meta)).toMatchObject({ ok: false });
    expect(await deleteGroup(database, admin, "platform-team", meta)).toMatchObject({ ok: true });
    expect(await db.group.findFirst({ where: { name: "platform-team" } })).toBeNull();
    expect((await lastEvent("DeleteGroup")).requestParameters).toBe(JSON.stringify({ GroupName: "platform-team" }));
  });
});

describe("AccessKeys", () => {
  it("creates two, refuses a third, stores the secret encrypted and records it nowhere", async () => {
    const secrets: string[] = [];
    for (let i = 0; i < 2; i++) {
      const result = await createAccessKey(database, admin, "carol", meta, key);
      if (!result.ok) throw new Error(result.error);
      expect(result.accessKeyId).toMatch(/^LTAI[A-Z0-9]{20}$/);
      expect(result.secret).toMatch(/^[A-Za-z0-9]{30}$/);
      secrets.push(result.secret);
      const row = await db.accessKey.findUniqueOrThrow({ where: { accessKeyId: result.accessKeyId } });
      expect(row.secretEncrypted).not.toContain(result.secret);
      expect(decryptSecret(row.secretEncrypted, key, secretContext.accessKey(row.accessKeyId))).toBe(result.secret);
      const event = await lastEvent("CreateAccessKey");
      expect(JSON.parse(event.responseElements!)).toMatchObject({
        AccessKey: { AccessKeyId: result.accessKeyId, Status: "Active" },
      });
    }
    const third = await createAccessKey(database, admin, "carol", meta, key);
    expect(third).toEqual({ ok: false, error: KEY_LIMIT_MESSAGE("carol") });
    expect(await lastEvent("CreateAccessKey")).toMatchObject({ errorCode: "LimitExceeded.AccessKey" });
    expect(await db.accessKey.count({ where: { user: { userName: "carol" }, deletedAt: null } })).toBe(2);

    // A deleted key frees a place.
    const first = await db.accessKey.findFirstOrThrow({
      where: { user: { userName: "carol" } },
      orderBy: { createdAt: "asc" },
    });
    expect(
      (await changeAccessKey(database, admin, { accessKeyId: first.accessKeyId, operation: "delete" }, meta)).ok,
    ).toBe(true);
    const again = await createAccessKey(database, admin, "carol", meta, key);
    if (!again.ok) throw new Error(again.error);
    secrets.push(again.secret);

    const events = await db.event.findMany({
      select: { raw: true, requestParameters: true, responseElements: true, errorMessage: true },
    });
    expect(events.length).toBeGreaterThan(10);
    for (const event of events) {
      const text = [event.raw, event.requestParameters, event.responseElements, event.errorMessage].join("\n");
      for (const secret of [...secrets, "initial-Secret-42", "reset-Secret-77", "again-Secret-88"])
        expect(text).not.toContain(secret);
    }
  });
});

describe("AccessKeys created at the same moment", () => {
  it("never gives a user a third key: of six simultaneous creations exactly two succeed", async () => {
    await db.user.create({
      data: {
        accountId: admin.accountDbId,
        userName: "racer",
        principalId: "p-racer",
        displayName: "Racer",
        userType: "SubUser",
      },
    });
    // PostgreSQL: six clients, as six server processes would be; SQLite: the one client of the one process.
    const clients = Array.from({ length: 6 }, () =>
      database.provider === "postgresql" ? openTestDatabase() : database,
    );
    // Connected beforehand, so the six really overlap.
    await Promise.all(clients.map((c) => c.db.user.count()));
    const results = await Promise.all(clients.map((client) => createAccessKey(client, admin, "racer", meta, key)));
    await Promise.all(clients.filter((c) => c !== database).map((c) => c.db.$disconnect()));
    expect(results.filter((r) => r.ok)).toHaveLength(2);
    expect(results.filter((r) => !r.ok)).toEqual(Array(4).fill({ ok: false, error: KEY_LIMIT_MESSAGE("racer") }));
    const keys = await db.accessKey.findMany({ where: { user: { userName: "racer" } } });
    expect(keys.map((k) => k.accessKeyId).sort()).toEqual(results.flatMap((r) => (r.ok ? [r.accessKeyId] : [])).sort());
    const events = await db.event.findMany({
      where: { eventName: "CreateAccessKey", requestParameters: { contains: "racer" } },
    });
    expect(events.map((e) => e.errorCode ?? "ok").sort()).toEqual([
      "LimitExceeded.AccessKey",
      "LimitExceeded.AccessKey",
      "LimitExceeded.AccessKey",
      "LimitExceeded.AccessKey",
      "ok",
      "ok",
    ]);
  });
});

describe("a non-administrator", () => {
  it("is refused every change, and the refusal is recorded", async () => {
    const refusals = [
      await createUser(database, auditor, input({ userName: "mallory" }), meta),
      await updateUser(
        database,
        auditor,
        { userName: "carol", displayName: "X", email: null, consoleRole: null },
        meta,
      ),
      await disableConsoleAccess(database, auditor, "carol", meta),
      await resetPassword(database, auditor, "carol", "takeover-Secret-1", meta),
      await deleteUser(database, auditor, "carol", meta),
      await restoreUser(database, auditor, "carol", meta),
      await purgeUser(database, auditor, "carol", meta),
      await createGroup(database, auditor, { groupName: "evil", description: "" }, meta),
      await addUserToGroup(database, auditor, "ops", "eve-auditor", meta),
      await setTeamLead(database, auditor, "ops", "carol", false, meta),
      await createAccessKey(database, auditor, "carol", meta, key),
    ];
    for (const result of refusals)
      expect(result).toMatchObject({ ok: false, error: expect.stringContaining("Only administrators") });
    expect(await db.user.findUnique({ where: { userName: "mallory" } })).toBeNull();
    expect(await db.user.findUniqueOrThrow({ where: { userName: "carol" } })).toMatchObject({
      displayName: "Carol C.",
      deletedAt: null,
    });
    expect(await db.event.count({ where: { userName: "eve-auditor", errorCode: "NoPermission" } })).toBe(
      refusals.length,
    );
    expect(await db.accessKey.count({ where: { user: { userName: "carol" }, deletedAt: null } })).toBe(2);
  });
});

describe("sign-in security of a user", () => {
  it("sets login and operation protection: administrators only, login protection only with MFA bound, recorded as UpdateUser", async () => {
    await createUser(database, admin, input({ userName: "grace" }), meta);
    const refusedNoMfa = await setUserProtection(
      database,
      admin,
      { userName: "grace", loginProtection: true, operationProtection: true },
      meta,
    );
    expect(refusedNoMfa).toMatchObject({ ok: false, fieldErrors: { loginProtection: expect.stringContaining("MFA") } });
    expect(await db.user.findUniqueOrThrow({ where: { userName: "grace" } })).toMatchObject({
      loginProtection: false,
      operationProtection: false,
    });

    expect(
      await setUserProtection(
        database,
        admin,
        { userName: "grace", loginProtection: false, operationProtection: true },
        meta,
      ),
    ).toMatchObject({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { userName: "grace" } })).toMatchObject({
      loginProtection: false,
      operationProtection: true,
    });
    const updated = await lastEvent("UpdateUser");
    expect(updated).toMatchObject({ userName: "root-admin", readOnly: false, errorCode: null });
    expect(JSON.parse(updated.requestParameters!)).toEqual({
      UserName: "grace",
      LoginProtection: false,
      OperationProtection: true,
    });

    await db.user.update({ where: { userName: "grace" }, data: { mfaEnabled: true, mfaBoundAt: new Date() } });
    expect(
      await setUserProtection(
        database,
        admin,
        { userName: "grace", loginProtection: true, operationProtection: true },
        meta,
      ),
    ).toMatchObject({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { userName: "grace" } })).toMatchObject({
      loginProtection: true,
      operationProtection: true,
    });
    expect(JSON.parse((await lastEvent("UpdateUser")).requestParameters!)).toEqual({
      UserName: "grace",
      LoginProtection: true,
      OperationProtection: true,
    });

    expect(
      await setUserProtection(
        database,
        auditor,
        { userName: "grace", loginProtection: false, operationProtection: false },
        meta,
      ),
    ).toMatchObject({
      ok: false,
      error: expect.stringContaining("Only administrators"),
    });
    expect(await db.user.findUniqueOrThrow({ where: { userName: "grace" } })).toMatchObject({
      loginProtection: true,
      operationProtection: true,
    });
    const refusal = await lastEvent("UpdateUser");
    expect(refusal).toMatchObject({ userName: "eve-auditor", errorCode: "NoPermission" });

    // Unbinding the device (administrator) turns login protection off too.
    expect(await unbindUserMfa(database, auditor, "grace", meta)).toMatchObject({ ok: false });
    expect(await unbindUserMfa(database, admin, "grace", meta)).toMatchObject({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { userName: "grace" } })).toMatchObject({
      mfaEnabled: false,
      mfaBoundAt: null,
      loginProtection: false,
    });
    expect(JSON.parse((await lastEvent("UnbindMFADevice")).requestParameters!)).toEqual({
      UserName: "grace",
      DeviceType: "VirtualMFA",
      byAdministrator: true,
    });
  });

  it("unlocks a locked user: lockedUntil cleared, failed sign-ins back to 0, recorded as UnlockUser", async () => {
    await db.user.update({
      where: { userName: "grace" },
      data: { failedSignins: 5, lockedUntil: new Date(Date.now() + 15 * 60_000) },
    });
    expect(await unlockUserAccount(database, auditor, "grace", meta)).toMatchObject({
      ok: false,
      error: expect.stringContaining("Only administrators"),
    });
    expect(await db.user.findUniqueOrThrow({ where: { userName: "grace" } })).toMatchObject({ failedSignins: 5 });
    expect(await unlockUserAccount(database, admin, "grace", meta)).toMatchObject({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { userName: "grace" } })).toMatchObject({
      failedSignins: 0,
      lockedUntil: null,
    });
    expect(await lastEvent("UnlockUser")).toMatchObject({ userName: "root-admin", errorCode: null });
    expect(await unlockUserAccount(database, admin, "nobody-here", meta)).toMatchObject({ ok: false });
  });
});
