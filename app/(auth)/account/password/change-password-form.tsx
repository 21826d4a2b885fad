"use client";
import { useActionState } from "react";
import { changePasswordAction, type ChangePasswordState } from "@/lib/actions/change-password-action";

export function ChangePasswordForm() {
  const [state, action, pending] = useActionState(changePasswordAction, { errors: [] } as ChangePasswordState);
  return (
    <form action={action} className="form" noValidate>
      <label className="field"><span>Current password</span><input name="currentPassword" type="password" autoComplete="current-password" required /></label>
      <label className="field"><span>New password</span><input name="newPassword" type="password" autoComplete="new-password" required /></label>
      <label className="field"><span>Confirm new password</span><input name="confirmPassword" type="password" autoComplete="new-password" required /></label>
      {state.errors.length > 0 && (
        <div className="form-error" role="alert">{state.errors.map((e) => <p key={e}>{e}</p>)}</div>
      )}
      <button type="submit" className="button button-primary" disabled={pending}>{pending ? "Changing…" : "Change password"}</button>
    </form>
  );
}
