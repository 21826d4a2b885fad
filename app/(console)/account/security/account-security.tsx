"use client";
import { useActionState, useTransition, useState } from "react";
import { VerificationField } from "@/components/admin/verification-field";
import { CheckboxField, Field } from "@/components/ui/field";
import { FormError, FormStatus } from "@/components/ui/form-status";
import {
  confirmMfaAction,
  loginProtectionAction,
  startMfaAction,
  unbindMfaAction,
} from "@/lib/actions/account-security-actions";
import { initialActionState as idle, type ActionState } from "@/lib/actions/action-state";
import type { MfaEnrolment } from "@/lib/auth/mfa";

export function AccountSecurity(props: {
  mfaEnabled: boolean;
  mfaBoundAt: string | null;
  loginProtection: boolean;
  operationProtection: boolean;
}) {
  const [started, setStarted] = useState<ActionState<MfaEnrolment>>(idle);
  const [starting, startTransition] = useTransition();
  const [confirmState, confirmAction, confirming] = useActionState(confirmMfaAction, idle);
  const [unbindState, unbindAction, unbinding] = useActionState(unbindMfaAction, idle);
  const [protectionState, protectionAction, saving] = useActionState(loginProtectionAction, idle);
  // The confirm form works on the enrolment the start button produced; its own answers replace it.
  const enrolling = started.data && !confirmState.ok ? started.data : null;
  // Each section shows its own outcome: the device's above, login protection's in its own panel.
  const message = [confirmState, unbindState].find((s) => s.ok && s.message);
  const error = [unbindState, started].find((s) => s.error);
  // After a refusal (verification asked for) the box shows what was sent, else the saved setting.
  const loginChecked =
    protectionState.values && !protectionState.ok
      ? protectionState.values.loginProtection === "on"
      : props.loginProtection;

  return (
    <>
      <section className="panel" aria-label="Virtual MFA device">
        <h2>Virtual MFA device</h2>
        {message && <FormStatus state={message} successClass="" />}
        <FormError>{error?.error}</FormError>
        {props.mfaEnabled ? (
          <>
            <p>
              A virtual MFA device is bound
              {props.mfaBoundAt ? ` since ${props.mfaBoundAt.replace("T", " ").slice(0, 16)} UTC` : ""}.
            </p>
            <form action={unbindAction} className="form">
              <Field
                name="code"
                label="Current MFA code to unbind"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                required
              />
              <button type="submit" className="button" disabled={unbinding}>
                Unbind MFA device
              </button>
            </form>
          </>
        ) : enrolling ? (
          <>
            <p>
              Scan this QR code with an authenticator app (or enter the secret key by hand), then enter the code it
              shows.
            </p>
            <img src={enrolling.qrDataUrl} alt="QR code of the virtual MFA device" width={200} height={200} />
            <p>
              Secret key: <code aria-label="Secret key">{enrolling.secret}</code>
            </p>
            <form action={confirmAction} className="form">
              <Field
                name="code"
                label="MFA code"
                inputMode="numeric"
                autoComplete="one-time-code"
                maxLength={6}
                required
              />
              <FormStatus state={confirmState} showSuccess={false} />
              <button type="submit" className="button button-primary" disabled={confirming}>
                Bind MFA device
              </button>
            </form>
          </>
        ) : (
          <>
            <p>
              No MFA device is bound. A virtual MFA device is an authenticator app that shows a new 6-digit code every
              30 seconds.
            </p>
            <button
              type="button"
              className="button button-primary"
              disabled={starting}
              onClick={() => startTransition(async () => setStarted(await startMfaAction({})))}
            >
              Set up a virtual MFA device
            </button>
          </>
        )}
      </section>
      <section className="panel" aria-label="Login protection">
        <h2>Login protection</h2>
        <p>When on, signing in asks for a code from your MFA device after your password. It needs a bound device.</p>
        <FormStatus state={protectionState} successClass="" />
        <form action={protectionAction} className="form">
          <CheckboxField
            key={String(loginChecked)}
            state={protectionState}
            name="loginProtection"
            label="Ask for an MFA code at sign-in"
            defaultChecked={loginChecked}
            disabled={!props.mfaEnabled}
          />
          <VerificationField method={protectionState.needsVerification} id="login-protection-verification" />
          <button type="submit" className="button" disabled={saving || !props.mfaEnabled}>
            Save login protection
          </button>
        </form>
        <p>
          Operation protection is <strong>{props.operationProtection ? "on" : "off"}</strong>:{" "}
          {props.operationProtection
            ? "sensitive operations ask for your MFA code (or password) first, valid 5 minutes."
            : "an administrator can turn it on."}
        </p>
      </section>
    </>
  );
}
