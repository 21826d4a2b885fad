"use client";
import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { initialActionState } from "@/lib/actions/action-state";
import { changePasswordAction } from "@/lib/actions/change-password-action";

export function ChangePasswordForm() {
  const [state, action, pending] = useActionState(changePasswordAction, initialActionState);
  return (
    <form action={action} className="form" noValidate>
      <Field
        state={state}
        name="currentPassword"
        label="Current password"
        type="password"
        autoComplete="current-password"
        required
      />
      <Field
        state={state}
        name="newPassword"
        label="New password"
        type="password"
        autoComplete="new-password"
        required
      />
      <Field
        state={state}
        name="confirmPassword"
        label="Confirm new password"
        type="password"
        autoComplete="new-password"
        required
      />
      <FormStatus state={state} />
      <button type="submit" className="button button-primary" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
