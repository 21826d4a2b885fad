"use client";
import { useActionState, useState } from "react";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { initialActionState } from "@/lib/actions/action-state";
import { signInAction } from "@/lib/actions/sign-in-action";

export function LoginForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, formAction, pending] = useActionState(signInAction, initialActionState);
  const step = state.data ?? { userName: "", step: "password", attempt: 0 };
  // Controlled, so the MFA step can send the same user name and password again with the code.
  const [userName, setUserName] = useState("");
  const [password, setPassword] = useState("");
  const [seenAttempt, setSeenAttempt] = useState(0);
  const mfaStep = step.step === "mfa";
  if (step.attempt !== seenAttempt) {
    setSeenAttempt(step.attempt);
    setUserName(step.userName);
    if (!mfaStep) setPassword(""); // a refused password is not kept
  }
  return (
    <form action={formAction} className="form" noValidate>
      {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
      <input type="hidden" name="attempt" value={step.attempt} />
      {mfaStep ? (
        <>
          <input type="hidden" name="userName" value={userName} />
          <input type="hidden" name="password" value={password} />
          <p>
            Login protection is on for <strong>{userName}</strong>: enter the 6-digit code from your MFA device.
          </p>
          <Field
            key={step.attempt}
            name="code"
            label="MFA code"
            inputMode="numeric"
            autoComplete="one-time-code"
            pattern="[0-9]{6}"
            maxLength={6}
            autoFocus
            required
          />
        </>
      ) : (
        <>
          <Field
            name="userName"
            label="User name"
            autoComplete="username"
            autoFocus
            required
            value={userName}
            onChange={(e) => setUserName(e.target.value)}
          />
          <Field
            name="password"
            label="Password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
        </>
      )}
      <FormStatus state={state} showSuccess={false} />
      <button type="submit" className="button button-primary" disabled={pending}>
        {pending ? "Signing in…" : mfaStep ? "Verify" : "Sign in"}
      </button>
    </form>
  );
}
