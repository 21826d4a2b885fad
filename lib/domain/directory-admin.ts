// Administration of the directory (users, groups, AccessKeys): the form inputs as zod schemas, the recycle-bin
// rule and the AccessKey ID / secret generators. Pure (the random source is passed in), so unit tests cover it.
import { randomBytes } from "node:crypto";
import { z } from "zod";
import { DAY_MS } from "./time";

export const USER_NAME_PATTERN = /^[A-Za-z0-9._@-]{1,64}$/;
/** Paths under /users that a user name must not shadow. */
export const RESERVED_USER_NAMES = ["new", "groups", "recycle-bin"] as const;
/** The user types an administrator may create (the root user comes with the account). */
export const CREATABLE_USER_TYPES = ["SubUser", "Collaborator", "MessageReceiver"] as const;
export const CONSOLE_ROLE_CHOICES = ["Administrator", "Auditor", "TeamLead"] as const;
export const MAX_ACCESS_KEYS_PER_USER = 2;
export const RECYCLE_BIN_DAYS = 30;

/**
 * Marks a user row kept after a permanent delete ("purged"): AccessKey.userId is required, so a user whose keys
 * must stay auditable keeps a row, with every credential removed, out of every list and the recycle bin. A display
 * name may not start with it, so no live user can look purged.
 */
export const PURGED_PREFIX = "[permanently deleted] ";

const displayName = z
  .string()
  .trim()
  .min(1, "Enter a display name.")
  .max(128, "The display name must be at most 128 characters.")
  .refine((v) => !v.startsWith(PURGED_PREFIX.trim()), "This display name is reserved.");
const email = z
  .string()
  .trim()
  .max(254)
  .transform((v) => (v === "" ? null : v))
  .refine(
    (v) => v === null || /^[^\s@]+@[^\s@]+$/.test(v),
    "Enter an email address like name@example.com, or leave it empty.",
  );
const consoleRole = z.enum(["", ...CONSOLE_ROLE_CHOICES]).transform((v) => (v === "" ? null : v));
const groupIds = z.array(z.coerce.number().int().positive()).max(100);

export const userNameInput = z
  .string()
  .trim()
  .regex(USER_NAME_PATTERN, "The user name: 1-64 letters, digits, '.', '_', '@' or '-'.")
  .refine((v) => !(RESERVED_USER_NAMES as readonly string[]).includes(v.toLowerCase()), "This user name is reserved.");

export const createUserInput = z
  .object({
    userName: userNameInput,
    displayName,
    email,
    userType: z.enum(CREATABLE_USER_TYPES),
    consoleRole,
    consoleAccess: z.boolean(),
    /** Only with console access; validated against the password policy by the change, never recorded. */
    password: z.string().max(256),
    groupIds,
  })
  .superRefine((v, ctx) => {
    if (v.userType === "MessageReceiver" && (v.consoleAccess || v.consoleRole)) {
      ctx.addIssue({
        code: "custom",
        path: ["consoleAccess"],
        message: "A message receiver cannot sign in to the console.",
      });
    }
    if (v.consoleAccess && !v.consoleRole) {
      ctx.addIssue({
        code: "custom",
        path: ["consoleRole"],
        message: "Choose a console role for a user with console access.",
      });
    }
    if (v.consoleAccess && v.password === "") {
      ctx.addIssue({
        code: "custom",
        path: ["password"],
        message: "Enter an initial password: the user must change it at first sign-in.",
      });
    }
  });
export type CreateUserInput = z.infer<typeof createUserInput>;

export const updateUserInput = z.object({ userName: userNameInput, displayName, email, consoleRole });
export type UpdateUserInput = z.infer<typeof updateUserInput>;

export const groupNameInput = z
  .string()
  .trim()
  .regex(/^[A-Za-z0-9._-]{1,64}$/, "The group name: 1-64 letters, digits, '.', '_' or '-'.");
export const groupDescriptionInput = z.string().trim().max(256, "The description must be at most 256 characters.");

/** The first issue per field, for a form; plus all of them as one sentence. */
export function formErrors(error: z.ZodError): { fieldErrors: Record<string, string>; message: string } {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    fieldErrors[key] ??= issue.message;
  }
  return { fieldErrors, message: Object.values(fieldErrors).join(" ") };
}

/** Whether a user deleted at `deletedAt` can still be restored at `now`. */
export function isRestorable(deletedAt: Date, now: Date): boolean {
  return now.getTime() - deletedAt.getTime() < RECYCLE_BIN_DAYS * DAY_MS;
}

/** The oldest deletion time still in the recycle bin at `now`. */
export function recycleBinCutoff(now: Date): Date {
  return new Date(now.getTime() - RECYCLE_BIN_DAYS * DAY_MS);
}

export function isPurged(user: { displayName: string; deletedAt: Date | null }): boolean {
  return user.deletedAt !== null && user.displayName.startsWith(PURGED_PREFIX);
}

const ALNUM_UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/** Uniform characters from `alphabet` (rejection sampling: no modulo bias). */
export function randomString(length: number, alphabet: string, random: (n: number) => Buffer = randomBytes): string {
  const limit = 256 - (256 % alphabet.length);
  let out = "";
  while (out.length < length) {
    for (const byte of random(length * 2)) {
      if (byte < limit) out += alphabet[byte % alphabet.length];
      if (out.length === length) break;
    }
  }
  return out;
}

/** `LTAI` + 20 uppercase letters and digits, as the demo's (and Alibaba's) AccessKey IDs. */
export function newAccessKeyId(random?: (n: number) => Buffer): string {
  return `LTAI${randomString(20, ALNUM_UPPER, random)}`;
}

/** 30 letters and digits: about 178 bits. */
export function newAccessKeySecret(random?: (n: number) => Buffer): string {
  return randomString(30, ALNUM, random);
}
