// Setting a console password: the account's password policy decides what is acceptable, and storing one goes
// through here so every password change (create user, reset, change at first sign-in, self-service) is checked
// and recorded the same way. (The full policy, with classes, rotation, reuse and lockout, is issue 6's.)
import type { Database } from "@/lib/db/client";
import { hashPassword } from "./password";

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;

export interface NewPassword {
  accountDbId: number;
  /** null for a user being created. */
  userId: number | null;
  userName: string;
  password: string;
}

/** What is wrong with the password, as sentences for the form; empty when it is acceptable. */
export async function validateNewPassword(_database: Database, input: NewPassword): Promise<string[]> {
  const problems: string[] = [];
  if (input.password.length < MIN_PASSWORD_LENGTH) problems.push(`The password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  if (input.password.length > MAX_PASSWORD_LENGTH) problems.push(`The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`);
  if (input.password.toLowerCase() === input.userName.toLowerCase()) problems.push("The password must not be the user name.");
  return problems;
}

/** Stores a validated password. `mustChange`: the user must choose a new one at their next sign-in. */
export async function storeNewPassword(database: Database, userId: number, password: string, options: { mustChange: boolean; now?: Date }): Promise<void> {
  await database.db.user.update({
    where: { id: userId },
    data: { passwordHash: await hashPassword(password), passwordChangedAt: options.now ?? new Date(), mustChangePassword: options.mustChange },
  });
}
