"use server";
// Administration of users, groups and AccessKeys from /users, through the action door (./client.ts): the
// database-fresh user, the permission, zod validation, identity verification (operation protection for the
// sensitive operations; always when a protection is turned off), then the change module (lib/db/*-changes.ts),
// which checks the Administrator role again and records the event. A hidden button proves nothing.
import "server-only";
import { z } from "zod";
import { encryptionKey } from "@/lib/config/local-secrets";
import { createAccessKey } from "@/lib/access-keys/access-key-create";
import type { ChangeResult } from "@/lib/directory/directory-events";
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
import {
  createUserInput,
  groupDescriptionInput,
  groupNameInput,
  updateUserInput,
  userNameInput,
} from "@/lib/domain/directory-admin";
import { ActionError, defineAction } from "./client";
import { checkbox, texts, ticked } from "./fields";

const REVALIDATE = [["/users", "layout"], "/access-keys"] as const;

/** A change module's answer as the door's: its refusal (already recorded there) as an ActionError. */
function done(result: ChangeResult) {
  if (!result.ok) throw new ActionError(result.error, { fieldErrors: result.fieldErrors });
  return { message: result.message };
}

const userNameField = z.preprocess((v) => (typeof v === "string" ? v : ""), userNameInput);

export const createUserAction = defineAction({
  name: "CreateUser",
  permission: "manageDirectory",
  input: z.preprocess(
    (raw) => ({
      ...texts(raw, ["userName", "displayName", "email", "userType", "consoleRole", "password"]),
      consoleAccess: ticked((raw as Record<string, unknown>).consoleAccess),
      groupIds: (raw as Record<string, unknown>).groupIds,
    }),
    createUserInput,
  ),
  lists: ["groupIds"],
  audit: "domain",
  revalidate: REVALIDATE,
  run: async ({ database, user, input, meta }) => done(await createUser(database, user, input, meta)),
});

export const updateUserAction = defineAction({
  name: "UpdateUser",
  permission: "manageDirectory",
  input: z.preprocess((raw) => texts(raw, ["userName", "displayName", "email", "consoleRole"]), updateUserInput),
  audit: "domain",
  revalidate: REVALIDATE,
  run: async ({ database, user, input, meta }) => done(await updateUser(database, user, input, meta)),
});

export const resetPasswordAction = defineAction({
  name: "UpdateLoginProfile",
  permission: "manageDirectory",
  input: z.object({
    userName: userNameField,
    password: z.preprocess((v) => (typeof v === "string" ? v : ""), z.string().max(256)),
  }),
  audit: "domain",
  revalidate: REVALIDATE,
  run: async ({ database, user, input, meta }) =>
    done(await resetPassword(database, user, input.userName, input.password, meta)),
});

const USER_OPERATIONS = {
  disableConsoleAccess: "DeleteLoginProfile",
  delete: "DeleteUser",
  restore: "RestoreUserFromRecycleBin",
  purge: "DeleteUserInRecycleBin",
  unlock: "UnlockUser",
  unbindMfa: "UnbindMFADevice",
} as const;
export type UserOperation = keyof typeof USER_OPERATIONS;
const USER_OPERATION_NAMES = Object.keys(USER_OPERATIONS) as [UserOperation, ...UserOperation[]];

/** The one-click user operations, each confirmed in a dialog. Deleting asks for operation protection's
 *  verification; unbinding an MFA device turns a protection off, so it always asks. */
export const userOperationAction = defineAction({
  name: (raw) => USER_OPERATIONS[raw.operation as UserOperation] ?? "UserOperation",
  permission: "manageDirectory",
  input: z.object({
    userName: userNameField,
    operation: z.enum(USER_OPERATION_NAMES, "This request is not valid: unknown operation."),
  }),
  stepUp: ({ input }) =>
    input.operation === "unbindMfa"
      ? "always"
      : input.operation === "delete" || input.operation === "purge"
        ? "protected"
        : "none",
  audit: "domain",
  revalidate: REVALIDATE,
  run: async ({ database, user, input: { userName, operation }, meta }) => {
    switch (operation) {
      case "disableConsoleAccess":
        return done(await disableConsoleAccess(database, user, userName, meta));
      case "delete":
        return done(await deleteUser(database, user, userName, meta));
      case "restore":
        return done(await restoreUser(database, user, userName, meta));
      case "purge":
        return done(await purgeUser(database, user, userName, meta));
      case "unlock":
        return done(await unlockUserAccount(database, user, userName, meta));
      case "unbindMfa":
        return done(await unbindUserMfa(database, user, userName, meta));
    }
  },
});

/** Login protection and operation protection of one user (UpdateUser); login protection needs a bound MFA
 *  device. Turning either off, for another user or oneself, asks for identity verification first. */
export const userProtectionAction = defineAction({
  name: "UpdateUser",
  permission: "manageDirectory",
  input: z.object({ userName: userNameField, loginProtection: checkbox, operationProtection: checkbox }),
  stepUp: async ({ user, input, database }) => {
    const target = await database.db.user.findFirst({
      where: { userName: input.userName, accountId: user.accountDbId },
      select: { loginProtection: true, operationProtection: true },
    });
    const turnsOff =
      !!target &&
      ((target.loginProtection && !input.loginProtection) ||
        (target.operationProtection && !input.operationProtection));
    return turnsOff ? "always" : "none";
  },
  audit: "domain",
  revalidate: REVALIDATE,
  run: async ({ database, user, input, meta }) => done(await setUserProtection(database, user, input, meta)),
});

export interface CreatedAccessKey {
  accessKeyId: string;
  /** The only time the secret leaves the server. */
  secret: string;
}

export const createAccessKeyAction = defineAction({
  name: "CreateAccessKey",
  permission: "manageKeys",
  input: z.object({ userName: userNameField }),
  stepUp: "protected",
  audit: "domain",
  revalidate: REVALIDATE,
  run: async ({ database, user, input, meta }) => {
    const result = await createAccessKey(database, user, input.userName, meta, encryptionKey());
    if (!result.ok) throw new ActionError(result.error);
    return {
      message: result.message,
      data: { accessKeyId: result.accessKeyId, secret: result.secret } satisfies CreatedAccessKey,
    };
  },
});

const GROUP_OPERATIONS = {
  create: "CreateGroup",
  update: "UpdateGroup",
  delete: "DeleteGroup",
  addMember: "AddUserToGroup",
  removeMember: "RemoveUserFromGroup",
  markLead: "UpdateGroupMember",
  unmarkLead: "UpdateGroupMember",
} as const;
export type GroupOperation = keyof typeof GROUP_OPERATIONS;
const GROUP_OPERATION_NAMES = Object.keys(GROUP_OPERATIONS) as [GroupOperation, ...GroupOperation[]];
const MEMBER_REQUIRED = "Enter the user name of a user.";

const groupInput = z
  .preprocess(
    (raw) => texts(raw, ["operation", "groupName", "newGroupName", "description", "userName"]),
    z.object({
      operation: z.enum(GROUP_OPERATION_NAMES, "This request is not valid: unknown operation."),
      groupName: groupNameInput,
      newGroupName: z.string(),
      description: z.string(),
      userName: z.string(),
    }),
  )
  .superRefine((v, ctx) => {
    // Each operation's own fields: a description to create or update, a new name to update, a member otherwise.
    if (v.operation === "create" || v.operation === "update") {
      const description = groupDescriptionInput.safeParse(v.description);
      if (!description.success)
        ctx.addIssue({ code: "custom", path: ["description"], message: description.error.issues[0]!.message });
      if (v.operation === "update") {
        const newName = groupNameInput.safeParse(v.newGroupName);
        if (!newName.success)
          ctx.addIssue({ code: "custom", path: ["newGroupName"], message: newName.error.issues[0]!.message });
      }
    } else if (v.operation !== "delete" && !userNameInput.safeParse(v.userName).success) {
      ctx.addIssue({ code: "custom", path: ["userName"], message: MEMBER_REQUIRED });
    }
  })
  .transform((v) => ({
    ...v,
    description: v.description.trim(),
    newGroupName: v.newGroupName.trim(),
    userName: v.userName.trim(),
  }));

export const groupAction = defineAction({
  name: (raw) => GROUP_OPERATIONS[raw.operation as GroupOperation] ?? "UpdateGroup",
  permission: "manageDirectory",
  input: groupInput,
  audit: "domain",
  revalidate: REVALIDATE,
  run: async ({ database, user, input, meta }) => {
    const { operation, groupName, userName } = input;
    switch (operation) {
      case "create":
        return done(await createGroup(database, user, { groupName, description: input.description }, meta));
      case "update":
        return done(
          await updateGroup(
            database,
            user,
            { groupName, newGroupName: input.newGroupName, description: input.description },
            meta,
          ),
        );
      case "delete":
        return done(await deleteGroup(database, user, groupName, meta));
      case "addMember":
        return done(await addUserToGroup(database, user, groupName, userName, meta));
      case "removeMember":
        return done(await removeUserFromGroup(database, user, groupName, userName, meta));
      case "markLead":
      case "unmarkLead":
        return done(await setTeamLead(database, user, groupName, userName, operation === "markLead", meta));
    }
  },
});
