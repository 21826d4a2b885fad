"use client";
import { useActionState, useTransition, useState } from "react";
import {
  confirmMfaAction, loginProtectionAction, startMfaAction, unbindMfaAction, type MfaState,
} from "@/lib/actions/account-security-actions";

const idle: MfaState = { status: "idle" };

export function AccountSecurity(props: { mfaEnabled: boolean; mfaBoundAt: string | null; loginProtection: boolean; operationProtection: boolean }) {
  const [started, setStarted] = useState<MfaState>(idle);
  const [starting, startTransition] = useTransition();
  const [confirmState, confirmAction, confirming] = useActionState(confirmMfaAction, idle);
  const [unbindState, unbindAction, unbinding] = useActionState(unbindMfaAction, idle);
  const [protectionState, protectionAction, saving] = useActionState(loginProtectionAction, idle);
  // The confirm form works on the enrolment the start button produced; its own answers replace it.
  const enrolling = started.status === "enrolling" && !(confirmState.status === "idle" && confirmState.message) ? started : null;
  const confirmError = confirmState.status === "idle" ? confirmState.error : undefined;
  // Each section shows its own outcome: the device's above, login protection's in its own panel.
  const message = [confirmState, unbindState, started].find((s) => s.status === "idle" && s.message);
  const error = [unbindState, started].find((s) => s.status === "idle" && s.error);

  return (
    <>
      <section className="panel" aria-label="Virtual MFA device">
        <h2>Virtual MFA device</h2>
        {message && message.status === "idle" && <p role="status">{message.message}</p>}
        {error && error.status === "idle" && <p className="form-error" role="alert">{error.error}</p>}
        {props.mfaEnabled ? (
          <>
            <p>
              A virtual MFA device is bound{props.mfaBoundAt ? ` since ${props.mfaBoundAt.replace("T", " ").slice(0, 16)} UTC` : ""}.
            </p>
            <form action={unbindAction} className="form">
              <label className="field">
                <span>Current MFA code to unbind</span>
                <input name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} required />
              </label>
              <button type="submit" className="button" disabled={unbinding}>Unbind MFA device</button>
            </form>
          </>
        ) : enrolling ? (
          <>
            <p>Scan this QR code with an authenticator app (or enter the secret key by hand), then enter the code it shows.</p>
            <img src={enrolling.enrolment.qrDataUrl} alt="QR code of the virtual MFA device" width={200} height={200} />
            <p>
              Secret key: <code aria-label="Secret key">{enrolling.enrolment.secret}</code>
            </p>
            <form action={confirmAction} className="form">
              <label className="field">
                <span>MFA code</span>
                <input name="code" inputMode="numeric" autoComplete="one-time-code" maxLength={6} required />
              </label>
              {confirmError && <p className="form-error" role="alert">{confirmError}</p>}
              <button type="submit" className="button button-primary" disabled={confirming}>Bind MFA device</button>
            </form>
          </>
        ) : (
          <>
            <p>No MFA device is bound. A virtual MFA device is an authenticator app that shows a new 6-digit code every 30 seconds.</p>
            <button
              type="button"
              className="button button-primary"
              disabled={starting}
              onClick={() => startTransition(async () => setStarted(await startMfaAction()))}
            >
              Set up a virtual MFA device
            </button>
          </>
        )}
      </section>
      <section className="panel" aria-label="Login protection">
        <h2>Login protection</h2>
        <p>When on, signing in asks for a code from your MFA device after your password. It needs a bound device.</p>
        {protectionState.status === "idle" && protectionState.message && <p role="status">{protectionState.message}</p>}
        {protectionState.status === "idle" && protectionState.error && <p className="form-error" role="alert">{protectionState.error}</p>}
        <form action={protectionAction} className="form">
          <label>
            <input type="checkbox" name="loginProtection" defaultChecked={props.loginProtection} disabled={!props.mfaEnabled} key={String(props.loginProtection)} />{" "}
            Ask for an MFA code at sign-in
          </label>
          <button type="submit" className="button" disabled={saving || !props.mfaEnabled}>Save login protection</button>
        </form>
        <p>
          Operation protection is <strong>{props.operationProtection ? "on" : "off"}</strong>: {props.operationProtection ? "sensitive operations ask for your MFA code (or password) first, valid 5 minutes." : "an administrator can turn it on."}
        </p>
      </section>
    </>
  );
}
