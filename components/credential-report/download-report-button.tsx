"use client";
// "Download credential report": asks for identity verification (password, or an MFA code) unless it was given
// within 5 minutes, then the browser downloads the CSV. The dialog is a native <dialog>: Esc cancels, focus
// stays inside it.
import { useActionState, useEffect, useRef, useState } from "react";
import { Field } from "@/components/ui/field";
import { FormError, FormStatus } from "@/components/ui/form-status";
import { initialActionState } from "@/lib/actions/action-state";
import { downloadReportAction } from "@/lib/actions/credential-report-actions";

export function DownloadReportButton({ format = "tencent" }: { accountId?: string; format?: "tencent" | "aws" }) {
  const [state, action, pending] = useActionState(downloadReportAction, initialActionState);
  const verifying = Boolean(state.needsVerification);
  const dialog = useRef<HTMLDialogElement>(null);
  const [answer, setAnswer] = useState("");

  useEffect(() => {
    if (state.needsVerification) {
      if (!dialog.current?.open) dialog.current?.showModal();
    } else if (state.ok && state.data) {
      dialog.current?.close();
      window.location.assign(state.data.url);
    }
  }, [state]);

  const mfa = state.needsVerification === "mfa";
  return (
    <>
      <form action={action} className="inline-form">
        <input type="hidden" name="format" value={format} />
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending && !verifying ? "Preparing the report…" : "Download credential report"}
        </button>
      </form>
      {!verifying && <FormStatus state={state} showSuccess={false} />}
      {state.ok && state.data && (
        <p className="muted" role="status">
          Report generated at {state.data.generatedAt.slice(0, 19).replace("T", " ")} UTC: the download has started.
        </p>
      )}
      <dialog ref={dialog} className="confirm-dialog" aria-labelledby="verify-title" onClose={() => setAnswer("")}>
        <form action={action} className="form">
          <h2 id="verify-title">Verify your identity</h2>
          <p className="muted">
            The credential report lists every user&rsquo;s credentials.{" "}
            {mfa ? "Enter the 6-digit code from your MFA device." : "Enter your password."} You will not be asked again
            for 5 minutes.
          </p>
          <input type="hidden" name="format" value={format} />
          <Field
            id="verify-answer"
            name="verification"
            label={mfa ? "MFA code" : "Password"}
            type={mfa ? "text" : "password"}
            inputMode={mfa ? "numeric" : undefined}
            pattern={mfa ? "\\d{6}" : undefined}
            autoComplete={mfa ? "one-time-code" : "current-password"}
            required
            autoFocus
            value={answer}
            onChange={(e) => setAnswer(e.target.value)}
          />
          <FormError>{state.fieldErrors?.verification}</FormError>
          <div className="form-actions">
            <button type="submit" className="button button-primary" disabled={pending}>
              {pending ? "Verifying…" : "Verify and download"}
            </button>
            <button type="button" className="button button-quiet" onClick={() => dialog.current?.close()}>
              Cancel
            </button>
          </div>
        </form>
      </dialog>
    </>
  );
}
