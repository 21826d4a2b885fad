"use server";
// The signed-in user changes their own password (/account/password), through the action door (./client.ts):
// required after an administrator's reset or when the policy's maximum age passed, available at any time, so
// the door lets a user who must change it through. The current password is checked, the new one must satisfy
// the policy; storing it ends the user's other sessions. Recorded as ChangePassword (no password in it).
import "server-only";
import { redirect } from "next/navigation";
import { z } from "zod";
import { verifyPassword } from "@/lib/auth/password";
import { storeNewPassword, validateNewPassword } from "@/lib/auth/password-policy";
import { userResource } from "@/lib/directory/directory-events";
import { ActionError, defineAction } from "./client";
import { text } from "./fields";

const input = z.object({
  currentPassword: text(256).pipe(z.string().min(1, "Enter your current password.")),
  newPassword: text(256).pipe(z.string().min(1, "Enter a new password.")),
  confirmPassword: text(256),
});

export const changePasswordAction = defineAction({
  name: "ChangePassword",
  permission: "signedIn",
  allowDuringPasswordChange: true,
  input,
  audit: { sensitive: true },
  run: async ({ database, user, input: { currentPassword, newPassword, confirmPassword } }) => {
    const event = { resources: [userResource(user.userName)], requestParameters: { UserName: user.userName } };
    const record = await database.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
    if (!(await verifyPassword(record.passwordHash, currentPassword)))
      throw new ActionError("The current password is not correct.", { code: "InvalidCurrentPassword", event });
    if (newPassword !== confirmPassword)
      throw new ActionError("The new passwords do not match.", { code: "PasswordMismatch", event });
    const problems = await validateNewPassword(database, {
      accountDbId: user.accountDbId,
      userId: user.id,
      userName: user.userName,
      password: newPassword,
    });
    if (newPassword === currentPassword && !problems.length)
      problems.push("The new password must differ from the current one.");
    if (problems.length) throw new ActionError(problems.join(" "), { code: "PasswordPolicyViolation", event });
    await storeNewPassword(database, user.id, newPassword, { mustChange: false, keepSessionId: user.sessionId });
    return { event };
  },
  afterSuccess: () => redirect("/account/security?passwordChanged=1"),
});
