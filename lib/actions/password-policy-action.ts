"use server";
// Administrators set the account's password policy, through the action door (./client.ts). Operation
// protection comes first (an MFA code or the password, valid 5 minutes); the change is recorded as
// SetPasswordPolicy with the new settings.
import "server-only";
import { z } from "zod";
import { POLICY_BOUNDS, savePasswordPolicy } from "@/lib/auth/password-policy";
import { defineAction } from "./client";
import { checkbox } from "./fields";

const bounded = (key: keyof typeof POLICY_BOUNDS, label: string) =>
  z.coerce
    .number()
    .int(`${label}: a whole number.`)
    .min(POLICY_BOUNDS[key][0], `${label}: at least ${POLICY_BOUNDS[key][0]}.`)
    .max(POLICY_BOUNDS[key][1], `${label}: at most ${POLICY_BOUNDS[key][1]}.`);

const schema = z.object({
  minLength: bounded("minLength", "Minimum length"),
  requireLower: checkbox,
  requireUpper: checkbox,
  requireDigit: checkbox,
  requireSymbol: checkbox,
  maxAgeDays: bounded("maxAgeDays", "Maximum age"),
  reuseCount: bounded("reuseCount", "Reuse check"),
  lockoutAttempts: bounded("lockoutAttempts", "Lockout attempts"),
  lockoutMinutes: bounded("lockoutMinutes", "Lockout minutes"),
});

export const setPasswordPolicyAction = defineAction({
  name: "SetPasswordPolicy",
  permission: "manageSettings",
  input: schema,
  stepUp: "protected",
  audit: { sensitive: true },
  revalidate: ["/settings/password-policy"],
  run: async ({ database, user, input }) => {
    await savePasswordPolicy(database, user.accountDbId, input);
    return { message: "The password policy is saved.", event: { requestParameters: input } };
  },
});
