"use client";
import { useActionState } from "react";
import { FormError, FormStatus } from "@/components/ui/form-status";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";
import { verifyIntegrityAction, writeDigestAction, type IntegrityReport } from "@/lib/actions/integrity-actions";

/** A verification that found problems is shown as an alert, with one line per finding. */
function Outcome({ state }: { state: ActionState<IntegrityReport | undefined> }) {
  const findings = state.data?.findings ?? [];
  return (
    <>
      {findings.length > 0 ? <FormError>{state.message}</FormError> : <FormStatus state={state} />}
      {findings.length > 0 && (
        <ul aria-label="Integrity findings">
          {findings.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </>
  );
}

export function IntegrityActions() {
  const [verified, verify, verifying] = useActionState(verifyIntegrityAction, initialActionState);
  const [written, write, writing] = useActionState(writeDigestAction, initialActionState);
  return (
    <section className="panel" aria-labelledby="integrity-actions">
      <h2 id="integrity-actions">Check now</h2>
      <form action={verify} aria-label="Verify events">
        <p className="muted">Reads every stored event: allow a few seconds per 100,000 events.</p>
        <button type="submit" className="button button-primary" disabled={verifying}>
          {verifying ? "Verifying…" : "Verify every event"}
        </button>
        <Outcome state={verified} />
      </form>
      <form action={write} aria-label="Write a digest">
        <button type="submit" className="button" disabled={writing}>
          {writing ? "Writing…" : "Write a signed digest now"}
        </button>
        <Outcome state={written} />
      </form>
    </section>
  );
}
