"use client";
import { useActionState } from "react";
import { FormStatus } from "@/components/ui/form-status";
import { initialActionState } from "@/lib/actions/action-state";
import { changePasswordAction } from "@/lib/actions/change-password-action";

export function ChangePasswordForm() {
  const [state, action, pending] = useActionState(changePasswordAction, initialActionState);
  return (
    <form action={action} className="form" noValidate>
      <label className="field">
        <span>Current password</span>
        <input name="currentPassword" type="password" autoComplete="current-password" required />
      </label>
      <label className="field">
        <span>New password</span>
        <input name="newPassword" type="password" autoComplete="new-password" required />
      </label>
      <label className="field">
        <span>Confirm new password</span>
        <input name="confirmPassword" type="password" autoComplete="new-password" required />
      </label>
      <FormStatus state={state} />
      <button type="submit" className="button button-primary" disabled={pending}>
        {pending ? "Changing…" : "Change password"}
      </button>
    </form>
  );
}
