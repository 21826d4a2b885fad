"use client";
import { useActionState } from "react";
import { signInAction, type SignInState } from "@/lib/actions/sign-in-action";

const initialState: SignInState = { message: null, userName: "" };

export function LoginForm({ callbackUrl }: { callbackUrl?: string }) {
  const [state, formAction, pending] = useActionState(signInAction, initialState);
  return (
    <form action={formAction} className="form" noValidate>
      {callbackUrl && <input type="hidden" name="callbackUrl" value={callbackUrl} />}
      <label className="field">
        <span>User name</span>
        <input name="userName" autoComplete="username" autoFocus required defaultValue={state.userName} key={state.userName} />
      </label>
      <label className="field">
        <span>Password</span>
        <input name="password" type="password" autoComplete="current-password" required />
      </label>
      {state.message && (
        <p className="form-error" role="alert">
          {state.message}
        </p>
      )}
      <button type="submit" className="button button-primary" disabled={pending}>
        {pending ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
