"use client";
import { useActionState } from "react";
import { verifyIntegrityAction, writeDigestAction, type IntegrityState } from "@/lib/actions/integrity-actions";

const INITIAL: IntegrityState = { message: null, error: null };

function Outcome({ state }: { state: IntegrityState }) {
  return (
    <>
      {state.error && (
        <p className="form-error" role="alert">
          {state.error}
        </p>
      )}
      {state.message && (
        <p className="notice" role="status">
          {state.message}
        </p>
      )}
      {state.findings && state.findings.length > 0 && (
        <ul aria-label="Integrity findings">
          {state.findings.map((line) => (
            <li key={line}>{line}</li>
          ))}
        </ul>
      )}
    </>
  );
}

export function IntegrityActions() {
  const [verified, verify, verifying] = useActionState(verifyIntegrityAction, INITIAL);
  const [written, write, writing] = useActionState(writeDigestAction, INITIAL);
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
