"use server";
// Administrators set the account's password policy. Operation protection comes first (an MFA code or the
// password, valid 5 minutes); the change is recorded as SetPasswordPolicy with the new settings.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import type { VerificationMethod } from "@/lib/auth/identity-verification";
import { operationGate } from "@/lib/auth/operation-protection";
import { POLICY_BOUNDS, savePasswordPolicy } from "@/lib/auth/password-policy";
import { canOpen } from "@/lib/auth/roles";
import { currentUser } from "@/lib/auth/session";
import { verifyIdentity } from "@/lib/auth/verify-identity";
import { getDatabase } from "@/lib/db/client";
import { recordUserOperation } from "@/lib/events/record-user-operation";

/** `values`: what was submitted, so a refused or to-be-verified form shows it again instead of the saved policy. */
type Submitted = { values?: Record<string, string | boolean> };
export type PolicyState = ({ status: "idle" | "saved"; error?: string } | { status: "verify"; method: VerificationMethod; error?: string }) & Submitted;

const NUMBER_FIELDS = ["minLength", "maxAgeDays", "reuseCount", "lockoutAttempts", "lockoutMinutes"] as const;
const CLASS_FIELDS = ["requireLower", "requireUpper", "requireDigit", "requireSymbol"] as const;

const bounded = (key: keyof typeof POLICY_BOUNDS, label: string) =>
  z.coerce.number().int(`${label}: a whole number.`).min(POLICY_BOUNDS[key][0], `${label}: at least ${POLICY_BOUNDS[key][0]}.`).max(POLICY_BOUNDS[key][1], `${label}: at most ${POLICY_BOUNDS[key][1]}.`);

const schema = z.object({
  minLength: bounded("minLength", "Minimum length"),
  requireLower: z.boolean(),
  requireUpper: z.boolean(),
  requireDigit: z.boolean(),
  requireSymbol: z.boolean(),
  maxAgeDays: bounded("maxAgeDays", "Maximum age"),
  reuseCount: bounded("reuseCount", "Reuse check"),
  lockoutAttempts: bounded("lockoutAttempts", "Lockout attempts"),
  lockoutMinutes: bounded("lockoutMinutes", "Lockout minutes"),
});

export async function setPasswordPolicyAction(_previous: PolicyState, formData: FormData): Promise<PolicyState> {
  const user = await currentUser();
  if (!user || !canOpen(user.role, "settings")) return { status: "idle", error: "Only administrators may change the password policy." };
  const values = {
    ...Object.fromEntries(NUMBER_FIELDS.map((k) => [k, String(formData.get(k) ?? "")])),
    ...Object.fromEntries(CLASS_FIELDS.map((k) => [k, formData.get(k) === "on"])),
  };
  const parsed = schema.safeParse(values);
  if (!parsed.success) return { status: "idle", error: parsed.error.issues[0].message, values };

  const method = await operationGate(user);
  if (method) {
    const answer = String(formData.get("answer") ?? "");
    if (!answer) return { status: "verify", method, values };
    const result = await verifyIdentity(user, answer, "SetPasswordPolicy");
    if (!result.ok) return { status: "verify", method: result.method, error: result.error, values };
  }
  await savePasswordPolicy(getDatabase(), user.accountDbId, parsed.data);
  await recordUserOperation(user, { eventName: "SetPasswordPolicy", readOnly: false, sensitive: true, requestParameters: parsed.data });
  revalidatePath("/settings/password-policy");
  return { status: "saved" };
}
