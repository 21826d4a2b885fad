// Setting a console password: the account's password policy decides what is acceptable, and storing one goes
// through here so every password change (create user, reset, change at sign-in, self-service) is checked and
// recorded the same way: minimum length, character classes, not one of the last N, and storing records the
// hash in the history and ends the user's other sessions. The policy also sets rotation (maxAgeDays) and the
// sign-in lockout (lib/auth/sign-in.ts). Without a stored policy the defaults below apply; they accept the demo
// password, and a policy applies to changes only, never to passwords already set.
import "server-only";
import type { Database } from "@/lib/db/client";
import { revokeUserSessions } from "./console-sessions";
import { hashPassword, verifyPassword } from "./password";
import { DAY_MS } from "@/lib/domain/time";

export const MIN_PASSWORD_LENGTH = 8;
export const MAX_PASSWORD_LENGTH = 256;
/** History kept per user: the policy's reuse count can be at most this. */
export const MAX_REUSE_COUNT = 24;

export interface PasswordPolicySettings {
  minLength: number;
  requireLower: boolean;
  requireUpper: boolean;
  requireDigit: boolean;
  requireSymbol: boolean;
  /** 0: passwords never expire. */
  maxAgeDays: number;
  /** 0: no reuse check. */
  reuseCount: number;
  lockoutAttempts: number;
  lockoutMinutes: number;
}

export const DEFAULT_PASSWORD_POLICY: PasswordPolicySettings = {
  minLength: MIN_PASSWORD_LENGTH,
  requireLower: false,
  requireUpper: false,
  requireDigit: false,
  requireSymbol: false,
  maxAgeDays: 0,
  reuseCount: 0,
  lockoutAttempts: 5,
  lockoutMinutes: 15,
};

/** Inclusive bounds of the numeric settings (the policy form and its action use these). */
export const POLICY_BOUNDS = {
  minLength: [MIN_PASSWORD_LENGTH, 128],
  maxAgeDays: [0, 1095],
  reuseCount: [0, MAX_REUSE_COUNT],
  lockoutAttempts: [3, 100],
  lockoutMinutes: [1, 1440],
} as const;

export async function passwordPolicyOf(
  database: Database,
  accountDbId: number | null | undefined,
): Promise<PasswordPolicySettings> {
  if (!accountDbId) return DEFAULT_PASSWORD_POLICY;
  const row = await database.db.passwordPolicy.findUnique({ where: { accountId: accountDbId } });
  if (!row) return DEFAULT_PASSWORD_POLICY;
  const {
    minLength,
    requireLower,
    requireUpper,
    requireDigit,
    requireSymbol,
    maxAgeDays,
    reuseCount,
    lockoutAttempts,
    lockoutMinutes,
  } = row;
  return {
    minLength,
    requireLower,
    requireUpper,
    requireDigit,
    requireSymbol,
    maxAgeDays,
    reuseCount,
    lockoutAttempts,
    lockoutMinutes,
  };
}

export async function savePasswordPolicy(
  database: Database,
  accountDbId: number,
  policy: PasswordPolicySettings,
): Promise<void> {
  await database.db.passwordPolicy.upsert({
    where: { accountId: accountDbId },
    create: { accountId: accountDbId, ...policy },
    update: policy,
  });
}

/** The policy in sentences (the policy page and the change-password form show them). */
export function describePolicy(policy: PasswordPolicySettings): string[] {
  const classes = [
    policy.requireLower && "a lowercase letter",
    policy.requireUpper && "an uppercase letter",
    policy.requireDigit && "a digit",
    policy.requireSymbol && "a symbol",
  ].filter(Boolean);
  return [
    `At least ${policy.minLength} characters.`,
    ...(classes.length ? [`Contains ${classes.join(", ")}.`] : []),
    ...(policy.reuseCount ? [`Not one of the user's last ${policy.reuseCount} passwords.`] : []),
    policy.maxAgeDays ? `Must be changed every ${policy.maxAgeDays} days.` : "Never expires.",
    `${policy.lockoutAttempts} failed sign-ins in a row lock the user for ${policy.lockoutMinutes} minutes.`,
  ];
}

/** Length, classes and the user name: the checks that need no database. */
export function passwordProblems(policy: PasswordPolicySettings, password: string, userName: string): string[] {
  const problems: string[] = [];
  const length = Math.max(policy.minLength, MIN_PASSWORD_LENGTH);
  if (password.length < length) problems.push(`The password must be at least ${length} characters long.`);
  if (password.length > MAX_PASSWORD_LENGTH)
    problems.push(`The password must be at most ${MAX_PASSWORD_LENGTH} characters long.`);
  if (policy.requireLower && !/\p{Ll}/u.test(password)) problems.push("The password must contain a lowercase letter.");
  if (policy.requireUpper && !/\p{Lu}/u.test(password)) problems.push("The password must contain an uppercase letter.");
  if (policy.requireDigit && !/\d/.test(password)) problems.push("The password must contain a digit.");
  if (policy.requireSymbol && !/[^\p{L}\p{N}\s]/u.test(password)) problems.push("The password must contain a symbol.");
  if (password.toLowerCase() === userName.toLowerCase()) problems.push("The password must not be the user name.");
  return problems;
}

/** Whether a password set at `changedAt` has outlived the policy's maximum age. */
export function passwordExpired(policy: PasswordPolicySettings, changedAt: Date | null, now: Date): boolean {
  if (!policy.maxAgeDays || !changedAt) return false;
  return changedAt.getTime() + policy.maxAgeDays * DAY_MS <= now.getTime();
}

export interface NewPassword {
  accountDbId: number;
  /** null for a user being created. */
  userId: number | null;
  userName: string;
  password: string;
}

/** What is wrong with the password, as sentences for the form; empty when it is acceptable. */
export async function validateNewPassword(database: Database, input: NewPassword): Promise<string[]> {
  const policy = await passwordPolicyOf(database, input.accountDbId);
  const problems = passwordProblems(policy, input.password, input.userName);
  if (problems.length || input.userId === null || policy.reuseCount === 0) return problems;
  const user = await database.db.user.findUnique({ where: { id: input.userId }, select: { passwordHash: true } });
  const history = await database.db.passwordHistory.findMany({
    where: { userId: input.userId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: policy.reuseCount,
    select: { passwordHash: true },
  });
  // The current password is always one of the last N (a user from before the history has no row for it).
  const hashes = new Set([...(user?.passwordHash ? [user.passwordHash] : []), ...history.map((h) => h.passwordHash)]);
  for (const hash of hashes) {
    if (await verifyPassword(hash, input.password)) {
      problems.push(`The password must not be one of the last ${policy.reuseCount} passwords.`);
      break;
    }
  }
  return problems;
}

/** Stores a validated password, keeps it in the history, and ends the user's sessions (all but `keepSessionId`,
 *  the one that changed its own password). `mustChange`: the user must choose a new one at their next sign-in. */
export async function storeNewPassword(
  database: Database,
  userId: number,
  password: string,
  options: { mustChange: boolean; now?: Date; keepSessionId?: string },
): Promise<void> {
  const now = options.now ?? new Date();
  const passwordHash = await hashPassword(password);
  await database.db.$transaction(async (tx) => {
    await tx.user.update({
      where: { id: userId },
      data: { passwordHash, passwordChangedAt: now, mustChangePassword: options.mustChange },
    });
    await tx.passwordHistory.create({ data: { userId, passwordHash, createdAt: now } });
    const old = await tx.passwordHistory.findMany({
      where: { userId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: MAX_REUSE_COUNT,
      select: { id: true },
    });
    if (old.length) await tx.passwordHistory.deleteMany({ where: { id: { in: old.map((h) => h.id) } } });
  });
  await revokeUserSessions(database, userId, now, options.keepSessionId);
}
