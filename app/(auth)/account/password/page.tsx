// Outside the console shell on purpose: a user who must change their password sees only this page.
import type { Metadata } from "next";
import { passwordPolicyOf, describePolicy } from "@/lib/auth/password-policy";
import { requireUserAllowingPasswordChange } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { ChangePasswordForm } from "./change-password-form";

export const metadata: Metadata = { title: "Change password" };

export default async function ChangePasswordPage() {
  const user = await requireUserAllowingPasswordChange();
  const rules = describePolicy(await passwordPolicyOf(getDatabase(), user.accountDbId)).slice(0, -2);
  return (
    <main className="login">
      <div className="login-card">
        <h1>Change your password</h1>
        {user.mustChangePassword && <p role="status">You must choose a new password before you continue.</p>}
        <ul>
          {rules.map((rule) => (
            <li key={rule}>{rule}</li>
          ))}
        </ul>
        <ChangePasswordForm />
      </div>
    </main>
  );
}
