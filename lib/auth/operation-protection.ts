// Operation protection: a user who has it must verify their identity (an MFA code, or their password when they
// have no MFA device) before a sensitive operation; a verification lasts 5 minutes. Server actions of those
// operations ask `operationGate` first and, when it names a method, answer "verify first" instead of acting.
import "server-only";
import { getDatabase } from "@/lib/db/client";
import type { VerificationMethod } from "./identity-verification";
import type { ConsoleUser } from "./session";
import { hasFreshVerification, verificationMethodFor } from "./verify-identity";

/** The operations operation protection guards (IMS-style names, as their events). */
export const PROTECTED_OPERATIONS = [
  "CreateAccessKey",
  "DeleteAccessKey",
  "DeleteUser",
  "DeleteUserInRecycleBin",
  "SetPasswordPolicy",
  "GetCredentialReport",
] as const;
export type ProtectedOperation = (typeof PROTECTED_OPERATIONS)[number];

/** null: go ahead. Otherwise the method the user must verify with first. */
export async function operationGate(user: Pick<ConsoleUser, "id">): Promise<VerificationMethod | null> {
  const { operationProtection } = await getDatabase().db.user.findUniqueOrThrow({
    where: { id: user.id },
    select: { operationProtection: true },
  });
  if (!operationProtection || (await hasFreshVerification(user))) return null;
  return verificationMethodFor(user);
}
