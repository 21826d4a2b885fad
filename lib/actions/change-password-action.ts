"use server";
// The signed-in user changes their own password (/account/password): required after an administrator's reset or
// when the policy's maximum age passed, available at any time. The current password is checked, the new one must
// satisfy the policy; storing it ends the user's other sessions. Recorded as ChangePassword (no password in it).
import { redirect } from "next/navigation";
import { z } from "zod";
import { verifyPassword } from "@/lib/auth/password";
import { storeNewPassword, validateNewPassword } from "@/lib/auth/password-policy";
import { currentUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { userResource } from "@/lib/db/directory-events";
import { recordUserOperation } from "@/lib/events/record-user-operation";

export interface ChangePasswordState {
  errors: string[];
}

const input = z.object({
  currentPassword: z.string().min(1, "Enter your current password.").max(256),
  newPassword: z.string().min(1, "Enter a new password.").max(256),
  confirmPassword: z.string().max(256),
});

export async function changePasswordAction(_previous: ChangePasswordState, formData: FormData): Promise<ChangePasswordState> {
  const user = await currentUser();
  if (!user) redirect("/login");
  const parsed = input.safeParse(Object.fromEntries(["currentPassword", "newPassword", "confirmPassword"].map((k) => [k, formData.get(k) ?? ""])));
  if (!parsed.success) return { errors: [parsed.error.issues[0].message] };
  const { currentPassword, newPassword, confirmPassword } = parsed.data;
  const database = getDatabase();
  const record = await database.db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  const fail = async (errors: string[], errorCode: string) => {
    await recordUserOperation(user, {
      eventName: "ChangePassword", readOnly: false, sensitive: true, resources: [userResource(user.userName)],
      requestParameters: { UserName: user.userName }, errorCode, errorMessage: errors[0],
    });
    return { errors };
  };
  if (!(await verifyPassword(record.passwordHash, currentPassword))) return fail(["The current password is not correct."], "InvalidCurrentPassword");
  if (newPassword !== confirmPassword) return { errors: ["The new passwords do not match."] };
  const problems = await validateNewPassword(database, { accountDbId: user.accountDbId, userId: user.id, userName: user.userName, password: newPassword });
  if (newPassword === currentPassword && !problems.length) problems.push("The new password must differ from the current one.");
  if (problems.length) return fail(problems, "PasswordPolicyViolation");
  await storeNewPassword(database, user.id, newPassword, { mustChange: false, keepSessionId: user.sessionId });
  await recordUserOperation(user, {
    eventName: "ChangePassword", readOnly: false, sensitive: true, resources: [userResource(user.userName)],
    requestParameters: { UserName: user.userName },
  });
  redirect("/account/security?passwordChanged=1");
}
