"use client";
import { useActionState } from "react";
import { VerificationField } from "@/components/admin/verification-field";
import { CheckboxField, Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { initialActionState, textValues } from "@/lib/actions/action-state";
import { setPasswordPolicyAction } from "@/lib/actions/password-policy-action";
import type { PasswordPolicySettings, POLICY_BOUNDS } from "@/lib/auth/password-policy";

const NUMBERS: { key: keyof typeof POLICY_BOUNDS; label: string }[] = [
  { key: "minLength", label: "Minimum length" },
  { key: "maxAgeDays", label: "Maximum age in days (0: never expires)" },
  { key: "reuseCount", label: "Not one of the last N passwords (0: no check)" },
  { key: "lockoutAttempts", label: "Failed sign-ins before lockout" },
  { key: "lockoutMinutes", label: "Lockout minutes" },
];
const CLASSES: { key: "requireLower" | "requireUpper" | "requireDigit" | "requireSymbol"; label: string }[] = [
  { key: "requireLower", label: "Require a lowercase letter" },
  { key: "requireUpper", label: "Require an uppercase letter" },
  { key: "requireDigit", label: "Require a digit" },
  { key: "requireSymbol", label: "Require a symbol" },
];

export function PolicyForm({ policy, bounds }: { policy: PasswordPolicySettings; bounds: typeof POLICY_BOUNDS }) {
  const [state, action, pending] = useActionState(setPasswordPolicyAction, initialActionState);
  const sent = state.ok ? null : state.values ? textValues(state.values) : null;
  // React resets the form after each submission: the defaults are then what was submitted (a refusal or the
  // verification step keeps the edits) and, once saved, the page's new policy.
  return (
    <form action={action} className="form panel" aria-label="Password policy">
      {NUMBERS.map(({ key, label }) => (
        <Field
          key={`${key}-${sent?.[key] ?? policy[key]}`}
          state={state}
          name={key}
          label={label}
          type="number"
          min={bounds[key][0]}
          max={bounds[key][1]}
          defaultValue={sent?.[key] ?? String(policy[key])}
          required
        />
      ))}
      {CLASSES.map(({ key, label }) => (
        <CheckboxField
          key={`${key}-${sent ? sent[key] === "on" : policy[key]}`}
          state={state}
          name={key}
          label={label}
          defaultChecked={sent ? sent[key] === "on" : policy[key]}
        />
      ))}
      <VerificationField method={state.needsVerification} id="policy-verification" />
      <FormStatus state={state} successClass="" />
      <button type="submit" className="button button-primary" disabled={pending}>
        {state.needsVerification ? "Verify and save" : "Save policy"}
      </button>
    </form>
  );
}
