// An administrator creates, edits, deletes and restores users and manages their console access, each change
// recorded as its IMS-style event (CreateUser, CreateLoginProfile, AddUserToGroup, UpdateUser, DeleteLoginProfile,
// UpdateLoginProfile, DeleteUser, RestoreUserFromRecycleBin, DeleteUserInRecycleBin; login / operation protection
// as UpdateUser; an administrator's UnlockUser and UnbindMFADevice). Testable without Next: the
// server actions (lib/actions/directory-actions.ts) add the session, the request meta and operation protection.
//
// Delete puts the user in the recycle bin (deletedAt): hidden from lists, unable to sign in or sign API calls, and
// restorable for 30 days. A permanent delete removes the user's groups and credentials and deletes every
// AccessKey they still have (keys keep their rows, so their history stays auditable). The user row itself is
// deleted when no AccessKey ever belonged to the user; otherwise AccessKey.userId (required) needs it, so it
// stays as a tombstone: the same user name (events and the key audit still name the owner), the display name
// prefixed with PURGED_PREFIX, no password, MFA seed or console access, out of every list and the recycle bin.
// Events are never touched: they keep their text.
import { randomInt } from "node:crypto";
import { revokeUserSessions } from "@/lib/auth/console-sessions";
import { adminUnbindMfa } from "@/lib/auth/mfa";
import { storeNewPassword, validateNewPassword } from "@/lib/auth/password-policy";
import type { RequestMeta } from "@/lib/domain/console-event";
import {
  PURGED_PREFIX,
  isPurged,
  isRestorable,
  type CreateUserInput,
  type UpdateUserInput,
} from "@/lib/domain/directory-admin";
import type { Database } from "@/lib/db/client";
import {
  recordDirectoryChange,
  refuseNonAdministrator,
  groupResource,
  userResource,
  type ChangeResult,
  type DirectoryActor,
} from "./directory-events";

function randomDigits(length: number): string {
  let digits = String(randomInt(1, 10));
  while (digits.length < length) digits += String(randomInt(0, 10));
  return digits;
}

async function findUser(database: Database, actor: DirectoryActor, userName: string) {
  const user = await database.db.user.findUnique({ where: { userName } });
  return user && user.accountId === actor.accountDbId && !isPurged(user) ? user : null;
}

const notFound = (userName: string): ChangeResult => ({ ok: false, error: `User ${userName} was not found.` });
const inRecycleBin = (userName: string): ChangeResult => ({
  ok: false,
  error: `User ${userName} is in the recycle bin: restore it first.`,
});

export async function createUser(
  database: Database,
  actor: DirectoryActor,
  input: CreateUserInput,
  meta: RequestMeta,
  now = new Date(),
): Promise<ChangeResult> {
  const { db } = database;
  const requestParameters = {
    UserName: input.userName,
    DisplayName: input.displayName,
    Email: input.email,
    UserType: input.userType,
    ConsoleRole: input.consoleRole,
    ConsoleAccess: input.consoleAccess,
  };
  const change = { eventName: "CreateUser", resources: [userResource(input.userName)], requestParameters };
  const refused = await refuseNonAdministrator(database, actor, meta, change);
  if (refused) return refused;

  const existing = await db.user.findUnique({ where: { userName: input.userName }, select: { deletedAt: true } });
  if (existing) {
    const where = existing.deletedAt
      ? " (it is in the recycle bin, or was permanently deleted and its keys' history is kept)"
      : "";
    return {
      ok: false,
      error: `A user named ${input.userName} already exists${where}.`,
      fieldErrors: { userName: "This user name is taken." },
    };
  }
  const groups = input.groupIds.length
    ? await db.group.findMany({
        where: { id: { in: input.groupIds }, accountId: actor.accountDbId },
        select: { id: true, name: true },
      })
    : [];
  if (groups.length !== new Set(input.groupIds).size)
    return { ok: false, error: "One of the chosen groups no longer exists: reload the page." };
  if (input.consoleAccess) {
    const problems = await validateNewPassword(database, {
      accountDbId: actor.accountDbId,
      userId: null,
      userName: input.userName,
      password: input.password,
    });
    if (problems.length) return { ok: false, error: problems.join(" "), fieldErrors: { password: problems.join(" ") } };
  }

  const user = await db.user.create({
    data: {
      accountId: actor.accountDbId,
      userName: input.userName,
      principalId: randomDigits(16),
      displayName: input.displayName,
      email: input.email,
      userType: input.userType,
      consoleRole: input.consoleRole,
      // Console access only once the password is stored, so a half-done creation cannot sign in without one.
      consoleAccess: false,
      createdAt: now,
      memberships: { create: groups.map((g) => ({ groupId: g.id, addedAt: now })) },
    },
  });
  await recordDirectoryChange(database, actor, meta, {
    ...change,
    responseElements: { User: { UserName: user.userName, UserId: user.principalId } },
  });
  if (input.consoleAccess) {
    await storeNewPassword(database, user.id, input.password, { mustChange: true, now });
    await db.user.update({ where: { id: user.id }, data: { consoleAccess: true } });
    await recordDirectoryChange(database, actor, meta, {
      eventName: "CreateLoginProfile",
      resources: [userResource(user.userName)],
      requestParameters: { UserName: user.userName, PasswordResetRequired: true },
    });
  }
  for (const group of groups) {
    await recordDirectoryChange(database, actor, meta, {
      eventName: "AddUserToGroup",
      resources: [userResource(user.userName), groupResource(group.name)],
      requestParameters: { UserName: user.userName, GroupName: group.name },
    });
  }
  return {
    ok: true,
    message: `User ${user.userName} was created${input.consoleAccess ? "; they must change the password at first sign-in" : ""}.`,
  };
}

export async function updateUser(
  database: Database,
  actor: DirectoryActor,
  input: UpdateUserInput,
  meta: RequestMeta,
): Promise<ChangeResult> {
  const change = {
    eventName: "UpdateUser",
    resources: [userResource(input.userName)],
    requestParameters: { UserName: input.userName } as Record<string, unknown>,
  };
  const refused = await refuseNonAdministrator(database, actor, meta, change);
  if (refused) return refused;
  const user = await findUser(database, actor, input.userName);
  if (!user) return notFound(input.userName);
  if (user.deletedAt) return inRecycleBin(input.userName);
  if (user.userType === "MessageReceiver" && input.consoleRole)
    return {
      ok: false,
      error: "A message receiver cannot have a console role.",
      fieldErrors: { consoleRole: "A message receiver cannot have a console role." },
    };
  if (user.id === actor.id && input.consoleRole !== "Administrator") {
    return {
      ok: false,
      error: "You cannot take away your own Administrator role: ask another administrator.",
      fieldErrors: { consoleRole: "You cannot change your own role." },
    };
  }
  const data: { displayName?: string; email?: string | null; consoleRole?: string | null } = {};
  if (input.displayName !== user.displayName)
    data.displayName = change.requestParameters.NewDisplayName = input.displayName;
  if (input.email !== user.email) data.email = change.requestParameters.NewEmail = input.email;
  if (input.consoleRole !== user.consoleRole)
    data.consoleRole = change.requestParameters.NewConsoleRole = input.consoleRole;
  if (Object.keys(data).length === 0) return { ok: true, message: `Nothing changed for ${user.userName}.` };
  const { count } = await database.db.user.updateMany({
    where: { id: user.id, deletedAt: null, updatedAt: user.updatedAt },
    data,
  });
  if (count !== 1)
    return { ok: false, error: `User ${user.userName} changed meanwhile; reload the page and try again.` };
  await recordDirectoryChange(database, actor, meta, change);
  return { ok: true, message: `User ${user.userName} was updated.` };
}

/** Removes the console password: the user can no longer sign in (DeleteLoginProfile). */
export async function disableConsoleAccess(
  database: Database,
  actor: DirectoryActor,
  userName: string,
  meta: RequestMeta,
): Promise<ChangeResult> {
  const change = {
    eventName: "DeleteLoginProfile",
    resources: [userResource(userName)],
    requestParameters: { UserName: userName },
  };
  const refused = await refuseNonAdministrator(database, actor, meta, change);
  if (refused) return refused;
  const user = await findUser(database, actor, userName);
  if (!user) return notFound(userName);
  if (user.deletedAt) return inRecycleBin(userName);
  if (user.id === actor.id) return { ok: false, error: "You cannot disable your own console access." };
  if (!user.consoleAccess) return { ok: false, error: `${userName} has no console access.` };
  const { count } = await database.db.user.updateMany({
    where: { id: user.id, consoleAccess: true, deletedAt: null },
    data: { consoleAccess: false, passwordHash: null, mustChangePassword: false },
  });
  if (count !== 1) return { ok: false, error: `User ${userName} changed meanwhile; reload the page and try again.` };
  await recordDirectoryChange(database, actor, meta, change);
  return { ok: true, message: `Console access of ${userName} was disabled.` };
}

/**
 * Sets a new console password the user must change at their next sign-in: UpdateLoginProfile, or
 * CreateLoginProfile when it also gives console access back. The password is never recorded.
 */
export async function resetPassword(
  database: Database,
  actor: DirectoryActor,
  userName: string,
  password: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<ChangeResult> {
  const refused = await refuseNonAdministrator(database, actor, meta, {
    eventName: "UpdateLoginProfile",
    resources: [userResource(userName)],
    requestParameters: { UserName: userName },
  });
  if (refused) return refused;
  const user = await findUser(database, actor, userName);
  if (!user) return notFound(userName);
  if (user.deletedAt) return inRecycleBin(userName);
  if (user.userType === "MessageReceiver")
    return { ok: false, error: "A message receiver cannot sign in to the console." };
  if (!user.consoleRole)
    return { ok: false, error: `Give ${userName} a console role first (Edit), then set a password.` };
  const problems = await validateNewPassword(database, {
    accountDbId: actor.accountDbId,
    userId: user.id,
    userName,
    password,
  });
  if (problems.length) return { ok: false, error: problems.join(" "), fieldErrors: { password: problems.join(" ") } };
  await storeNewPassword(database, user.id, password, { mustChange: true, now });
  const eventName = user.consoleAccess ? "UpdateLoginProfile" : "CreateLoginProfile";
  if (!user.consoleAccess) await database.db.user.update({ where: { id: user.id }, data: { consoleAccess: true } });
  await recordDirectoryChange(database, actor, meta, {
    eventName,
    resources: [userResource(userName)],
    requestParameters: { UserName: userName, PasswordResetRequired: true },
  });
  return {
    ok: true,
    message: user.consoleAccess
      ? `The password of ${userName} was reset; they must change it at their next sign-in.`
      : `${userName} has console access again; they must change the password at their next sign-in.`,
  };
}

/** Moves the user to the recycle bin. */
export async function deleteUser(
  database: Database,
  actor: DirectoryActor,
  userName: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<ChangeResult> {
  const change = {
    eventName: "DeleteUser",
    sensitive: true,
    resources: [userResource(userName)],
    requestParameters: { UserName: userName },
  };
  const refused = await refuseNonAdministrator(database, actor, meta, change);
  if (refused) return refused;
  const user = await findUser(database, actor, userName);
  if (!user) return notFound(userName);
  if (user.deletedAt) return { ok: false, error: `User ${userName} is already in the recycle bin.` };
  if (user.id === actor.id) return { ok: false, error: "You cannot delete yourself." };
  if (user.userType === "Root") return { ok: false, error: "The root user cannot be deleted." };
  const { count } = await database.db.user.updateMany({
    where: { id: user.id, deletedAt: null },
    data: { deletedAt: now },
  });
  if (count !== 1) return { ok: false, error: `User ${userName} changed meanwhile; reload the page and try again.` };
  await recordDirectoryChange(database, actor, meta, change);
  return { ok: true, message: `User ${userName} was moved to the recycle bin; it can be restored for 30 days.` };
}

export async function restoreUser(
  database: Database,
  actor: DirectoryActor,
  userName: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<ChangeResult> {
  const change = {
    eventName: "RestoreUserFromRecycleBin",
    resources: [userResource(userName)],
    requestParameters: { UserName: userName },
  };
  const refused = await refuseNonAdministrator(database, actor, meta, change);
  if (refused) return refused;
  const user = await findUser(database, actor, userName);
  if (!user) return notFound(userName);
  if (!user.deletedAt) return { ok: false, error: `User ${userName} is not in the recycle bin.` };
  if (!isRestorable(user.deletedAt, now))
    return { ok: false, error: `User ${userName} was deleted more than 30 days ago and can no longer be restored.` };
  // Sessions opened before the deletion end first: the restored user signs in anew, and a token kept from before
  // (a stolen one included) never comes back to life. No session can open while the user is deleted.
  await revokeUserSessions(database, user.id, now);
  const { count } = await database.db.user.updateMany({
    where: { id: user.id, deletedAt: user.deletedAt },
    data: { deletedAt: null },
  });
  if (count !== 1) return { ok: false, error: `User ${userName} changed meanwhile; reload the page and try again.` };
  await recordDirectoryChange(database, actor, meta, change);
  return { ok: true, message: `User ${userName} was restored.` };
}

/** Permanently deletes a user from the recycle bin (see the comment at the top for what stays). */
export async function purgeUser(
  database: Database,
  actor: DirectoryActor,
  userName: string,
  meta: RequestMeta,
  now = new Date(),
): Promise<ChangeResult> {
  const change = {
    eventName: "DeleteUserInRecycleBin",
    sensitive: true,
    resources: [userResource(userName)],
    requestParameters: { UserName: userName },
  };
  const refused = await refuseNonAdministrator(database, actor, meta, change);
  if (refused) return refused;
  const user = await findUser(database, actor, userName);
  if (!user) return notFound(userName);
  if (!user.deletedAt) return { ok: false, error: `User ${userName} is not in the recycle bin: delete it first.` };
  const done = await database.db.$transaction(async (tx) => {
    // Claim the row first (conditional on what was read), so two administrators purge once.
    const claim = await tx.user.updateMany({
      where: { id: user.id, deletedAt: user.deletedAt, displayName: user.displayName },
      data: {
        displayName: `${PURGED_PREFIX}${user.displayName}`.slice(0, 256),
        email: null,
        consoleAccess: false,
        consoleRole: null,
        passwordHash: null,
        mustChangePassword: false,
        mfaSecret: null,
        mfaEnabled: false,
        mfaBoundAt: null,
        loginProtection: false,
        operationProtection: false,
      },
    });
    if (claim.count !== 1) return false;
    await tx.accessKey.updateMany({
      where: { userId: user.id, deletedAt: null, status: "Active" },
      data: { deletedAt: now, status: "Disabled", disabledAt: now },
    });
    await tx.accessKey.updateMany({ where: { userId: user.id, deletedAt: null }, data: { deletedAt: now } });
    await tx.groupMembership.deleteMany({ where: { userId: user.id } });
    if ((await tx.accessKey.count({ where: { userId: user.id } })) === 0)
      await tx.user.delete({ where: { id: user.id } });
    return true;
  });
  if (!done) return { ok: false, error: `User ${userName} changed meanwhile; reload the page and try again.` };
  await recordDirectoryChange(database, actor, meta, change);
  return { ok: true, message: `User ${userName} was permanently deleted.` };
}

/**
 * Login protection (asks for the MFA code at sign-in: needs a bound device) and operation protection on or off,
 * recorded as UpdateUser with both settings. Unbinding the device turns login protection off (lib/auth/mfa.ts).
 */
export async function setUserProtection(
  database: Database,
  actor: DirectoryActor,
  input: { userName: string; loginProtection: boolean; operationProtection: boolean },
  meta: RequestMeta,
): Promise<ChangeResult> {
  const change = {
    eventName: "UpdateUser",
    resources: [userResource(input.userName)],
    requestParameters: {
      UserName: input.userName,
      LoginProtection: input.loginProtection,
      OperationProtection: input.operationProtection,
    },
  };
  const refused = await refuseNonAdministrator(database, actor, meta, change);
  if (refused) return refused;
  const user = await findUser(database, actor, input.userName);
  if (!user) return notFound(input.userName);
  if (user.deletedAt) return inRecycleBin(input.userName);
  if (input.loginProtection && !user.mfaEnabled) {
    const error = `${input.userName} has no MFA device bound: login protection needs one.`;
    return { ok: false, error, fieldErrors: { loginProtection: error } };
  }
  if (user.loginProtection === input.loginProtection && user.operationProtection === input.operationProtection) {
    return { ok: true, message: `Nothing changed for ${user.userName}.` };
  }
  const { count } = await database.db.user.updateMany({
    where: { id: user.id, deletedAt: null, mfaEnabled: input.loginProtection ? true : undefined },
    data: { loginProtection: input.loginProtection, operationProtection: input.operationProtection },
  });
  if (count !== 1)
    return { ok: false, error: `User ${user.userName} changed meanwhile; reload the page and try again.` };
  await recordDirectoryChange(database, actor, meta, change);
  return { ok: true, message: `Protection settings of ${user.userName} were saved.` };
}

/** Clears a sign-in lockout and the failure count (UnlockUser). */
export async function unlockUserAccount(
  database: Database,
  actor: DirectoryActor,
  userName: string,
  meta: RequestMeta,
): Promise<ChangeResult> {
  const refused = await refuseNonAdministrator(database, actor, meta, {
    eventName: "UnlockUser",
    resources: [userResource(userName)],
    requestParameters: { UserName: userName },
  });
  if (refused) return refused;
  const user = await findUser(database, actor, userName);
  if (!user) return notFound(userName);
  if (user.deletedAt) return inRecycleBin(userName);
  await database.db.user.update({ where: { id: user.id }, data: { failedSignins: 0, lockedUntil: null } });
  await recordDirectoryChange(database, actor, meta, {
    eventName: "UnlockUser",
    resources: [userResource(userName)],
    requestParameters: { UserName: userName },
  });
  return { ok: true, message: `${userName} was unlocked.` };
}

/** Removes the user's MFA device (UnbindMFADevice with byAdministrator, recorded by lib/auth/mfa.ts). */
export async function unbindUserMfa(
  database: Database,
  actor: DirectoryActor,
  userName: string,
  meta: RequestMeta,
): Promise<ChangeResult> {
  const refused = await refuseNonAdministrator(database, actor, meta, {
    eventName: "UnbindMFADevice",
    resources: [userResource(userName)],
    requestParameters: { UserName: userName, byAdministrator: true },
  });
  if (refused) return refused;
  const user = await findUser(database, actor, userName);
  if (!user) return notFound(userName);
  if (user.deletedAt) return inRecycleBin(userName);
  if (!user.mfaEnabled) return { ok: false, error: `${userName} has no MFA device bound.` };
  if (!(await adminUnbindMfa(database, actor, user.id, meta))) return notFound(userName);
  return { ok: true, message: `The MFA device of ${userName} was unbound; login protection is off.` };
}
