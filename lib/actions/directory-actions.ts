"use server";
// Administration of users, groups and AccessKeys from /users. Thin: the database-fresh session user, zod
// validation, operation protection for the sensitive operations, then the change module (lib/db/*-changes.ts),
// which checks the Administrator role again and records the event. A hidden button proves nothing.
import { revalidatePath } from "next/cache";
import { headers } from "next/headers";
import { z } from "zod";
import type { VerificationMethod } from "@/lib/auth/identity-verification";
import { operationGate, type ProtectedOperation } from "@/lib/auth/operation-protection";
import { currentUser, type ConsoleUser } from "@/lib/auth/session";
import { verifyIdentity } from "@/lib/auth/verify-identity";
import { encryptionKey } from "@/lib/config/local-secrets";
import { createAccessKey } from "@/lib/db/access-key-create";
import { getDatabase } from "@/lib/db/client";
import type { ChangeResult } from "@/lib/db/directory-events";
import { addUserToGroup, createGroup, deleteGroup, removeUserFromGroup, setTeamLead, updateGroup } from "@/lib/db/group-changes";
import {
  createUser, deleteUser, disableConsoleAccess, purgeUser, resetPassword, restoreUser, setUserProtection, unbindUserMfa, unlockUserAccount, updateUser,
} from "@/lib/db/user-changes";
import { createUserInput, formErrors, groupDescriptionInput, groupNameInput, updateUserInput, userNameInput } from "@/lib/domain/directory-admin";
import { requestMetaFrom } from "@/lib/events/request-meta";

export interface AdminActionState {
  ok: boolean;
  message: string | null;
  error: string | null;
  fieldErrors?: Record<string, string>;
  /** Operation protection: the user must verify with this method first (the form then shows the field). */
  needsVerification?: VerificationMethod | null;
  /** A new AccessKey: the only time its secret leaves the server. */
  created?: { accessKeyId: string; secret: string } | null;
  /** After a refusal, what was typed (never a password), so the form shows it again instead of emptying. */
  values?: Record<string, string | string[]>;
}

const fail = (error: string, fieldErrors?: Record<string, string>): AdminActionState => ({ ok: false, message: null, error, fieldErrors });
const SESSION_ENDED = fail("Your session has ended: sign in again.");
const text = (formData: FormData, name: string) => {
  const value = formData.get(name);
  return typeof value === "string" ? value : "";
};

/** A refused state keeps the named fields' submitted values. */
function keepingValues(state: AdminActionState, formData: FormData, names: readonly string[]): AdminActionState {
  if (state.ok) return state;
  const values: Record<string, string | string[]> = {};
  for (const name of names) {
    const all = formData.getAll(name).filter((v): v is string => typeof v === "string");
    values[name] = all.length > 1 || name === "groupIds" ? all : (all[0] ?? "");
  }
  return { ...state, values };
}

function done(result: ChangeResult, extra: Partial<AdminActionState> = {}): AdminActionState {
  if (!result.ok) return fail(result.error, result.fieldErrors);
  revalidatePath("/users", "layout");
  revalidatePath("/access-keys");
  return { ok: true, message: result.message, error: null, ...extra };
}

/** null: go ahead. Otherwise the answer that asks for (or refuses) the identity verification. */
async function protect(user: ConsoleUser, formData: FormData, operation: ProtectedOperation): Promise<AdminActionState | null> {
  const method = await operationGate(user);
  if (!method) return null;
  const answer = text(formData, "verification").trim();
  if (answer) {
    const verified = await verifyIdentity(user, answer, operation);
    return verified.ok ? null : { ...fail(verified.error, { verification: verified.error }), needsVerification: verified.method };
  }
  return { ...fail(`Verify your identity first: enter your ${method === "mfa" ? "MFA code" : "password"} to continue.`), needsVerification: method };
}

async function session() {
  const user = await currentUser();
  return user ? { user, database: getDatabase(), meta: requestMetaFrom(await headers()) } : null;
}

function userNameOf(formData: FormData): string | null {
  const parsed = userNameInput.safeParse(text(formData, "userName"));
  return parsed.success ? parsed.data : null;
}

const CREATE_USER_FIELDS = ["userName", "displayName", "email", "userType", "consoleRole", "consoleAccess", "groupIds"] as const;

export async function createUserAction(_previous: AdminActionState, formData: FormData): Promise<AdminActionState> {
  const s = await session();
  if (!s) return SESSION_ENDED;
  const parsed = createUserInput.safeParse({
    userName: text(formData, "userName"),
    displayName: text(formData, "displayName"),
    email: text(formData, "email"),
    userType: text(formData, "userType"),
    consoleRole: text(formData, "consoleRole"),
    consoleAccess: formData.get("consoleAccess") === "on",
    password: text(formData, "password"),
    groupIds: formData.getAll("groupIds").map(String),
  });
  const keep = (state: AdminActionState) => keepingValues(state, formData, CREATE_USER_FIELDS);
  if (!parsed.success) {
    const { fieldErrors, message } = formErrors(parsed.error);
    return keep(fail(message, fieldErrors));
  }
  return keep(done(await createUser(s.database, s.user, parsed.data, s.meta)));
}

export async function updateUserAction(_previous: AdminActionState, formData: FormData): Promise<AdminActionState> {
  const s = await session();
  if (!s) return SESSION_ENDED;
  const parsed = updateUserInput.safeParse({
    userName: text(formData, "userName"),
    displayName: text(formData, "displayName"),
    email: text(formData, "email"),
    consoleRole: text(formData, "consoleRole"),
  });
  const keep = (state: AdminActionState) => keepingValues(state, formData, ["displayName", "email", "consoleRole"]);
  if (!parsed.success) {
    const { fieldErrors, message } = formErrors(parsed.error);
    return keep(fail(message, fieldErrors));
  }
  return keep(done(await updateUser(s.database, s.user, parsed.data, s.meta)));
}

export async function resetPasswordAction(_previous: AdminActionState, formData: FormData): Promise<AdminActionState> {
  const s = await session();
  if (!s) return SESSION_ENDED;
  const userName = userNameOf(formData);
  if (!userName) return fail("This request is not valid: no user name.");
  return done(await resetPassword(s.database, s.user, userName, text(formData, "password"), s.meta));
}

export type UserOperation = "disableConsoleAccess" | "delete" | "restore" | "purge" | "unlock" | "unbindMfa";

/** The one-click user operations, each confirmed in a dialog: disable console access, delete, restore, delete permanently. */
export async function userOperationAction(_previous: AdminActionState, formData: FormData): Promise<AdminActionState> {
  const s = await session();
  if (!s) return SESSION_ENDED;
  const userName = userNameOf(formData);
  if (!userName) return fail("This request is not valid: no user name.");
  const operation = text(formData, "operation") as UserOperation;
  switch (operation) {
    case "disableConsoleAccess":
      return done(await disableConsoleAccess(s.database, s.user, userName, s.meta));
    case "delete":
      return (await protect(s.user, formData, "DeleteUser")) ?? done(await deleteUser(s.database, s.user, userName, s.meta));
    case "restore":
      return done(await restoreUser(s.database, s.user, userName, s.meta));
    case "purge":
      return (await protect(s.user, formData, "DeleteUserInRecycleBin")) ?? done(await purgeUser(s.database, s.user, userName, s.meta));
    case "unlock":
      return done(await unlockUserAccount(s.database, s.user, userName, s.meta));
    case "unbindMfa":
      return done(await unbindUserMfa(s.database, s.user, userName, s.meta));
    default:
      return fail("This request is not valid: unknown operation.");
  }
}

const protectionInput = z.object({ loginProtection: z.boolean(), operationProtection: z.boolean() });

/** Login protection and operation protection of one user (UpdateUser); login protection needs a bound MFA device. */
export async function userProtectionAction(_previous: AdminActionState, formData: FormData): Promise<AdminActionState> {
  const s = await session();
  if (!s) return SESSION_ENDED;
  const userName = userNameOf(formData);
  if (!userName) return fail("This request is not valid: no user name.");
  const parsed = protectionInput.safeParse({ loginProtection: formData.get("loginProtection") === "on", operationProtection: formData.get("operationProtection") === "on" });
  if (!parsed.success) return fail("This request is not valid.");
  return done(await setUserProtection(s.database, s.user, { userName, ...parsed.data }, s.meta));
}

export async function createAccessKeyAction(_previous: AdminActionState, formData: FormData): Promise<AdminActionState> {
  const s = await session();
  if (!s) return SESSION_ENDED;
  const userName = userNameOf(formData);
  if (!userName) return fail("This request is not valid: no user name.");
  const gate = await protect(s.user, formData, "CreateAccessKey");
  if (gate) return gate;
  const result = await createAccessKey(s.database, s.user, userName, s.meta, encryptionKey());
  return result.ok ? done(result, { created: { accessKeyId: result.accessKeyId, secret: result.secret } }) : fail(result.error);
}

export type GroupOperation = "create" | "update" | "delete" | "addMember" | "removeMember" | "markLead" | "unmarkLead";

export async function groupAction(_previous: AdminActionState, formData: FormData): Promise<AdminActionState> {
  const s = await session();
  if (!s) return SESSION_ENDED;
  const operation = text(formData, "operation") as GroupOperation;
  const name = groupNameInput.safeParse(text(formData, "groupName"));
  if (!name.success) return fail(name.error.issues[0]!.message, { groupName: name.error.issues[0]!.message });
  const groupName = name.data;
  const member = () => userNameOf(formData);
  switch (operation) {
    case "create":
    case "update": {
      const description = groupDescriptionInput.safeParse(text(formData, "description"));
      if (!description.success) return fail(description.error.issues[0]!.message, { description: description.error.issues[0]!.message });
      if (operation === "create") return done(await createGroup(s.database, s.user, { groupName, description: description.data }, s.meta));
      const newName = groupNameInput.safeParse(text(formData, "newGroupName"));
      if (!newName.success) return fail(newName.error.issues[0]!.message, { newGroupName: newName.error.issues[0]!.message });
      return done(await updateGroup(s.database, s.user, { groupName, newGroupName: newName.data, description: description.data }, s.meta));
    }
    case "delete":
      return done(await deleteGroup(s.database, s.user, groupName, s.meta));
    case "addMember":
    case "removeMember":
    case "markLead":
    case "unmarkLead": {
      const userName = member();
      if (!userName) return fail("Enter the user name of a user.", { userName: "Enter the user name of a user." });
      if (operation === "addMember") return done(await addUserToGroup(s.database, s.user, groupName, userName, s.meta));
      if (operation === "removeMember") return done(await removeUserFromGroup(s.database, s.user, groupName, userName, s.meta));
      return done(await setTeamLead(s.database, s.user, groupName, userName, operation === "markLead", s.meta));
    }
    default:
      return fail("This request is not valid: unknown operation.");
  }
}
