"use client";
// A tracking set's buttons: on/off and delete, "retry now" for a dead letter, and a historical delivery.
import { useActionState } from "react";
import {
  deleteTrackingSetAction, retryDeadLetterAction, setTrackingSetEnabledAction, startHistoricalDeliveryAction, type RetryState,
} from "@/lib/actions/tracking-set-actions";

const IDLE: RetryState = { error: null, message: null };

function Outcome({ state }: { state: RetryState }) {
  return (
    <>
      {state.error && <p className="form-error" role="alert">{state.error}</p>}
      {state.message && <p className="notice" role="status">{state.message}</p>}
    </>
  );
}

export function SetToggles({ id, name, enabled }: { id: number; name: string; enabled: boolean }) {
  return (
    <div className="policy-actions">
      <form action={setTrackingSetEnabledAction}>
        <input type="hidden" name="setId" value={id} />
        <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
        <button type="submit" className="button button-quiet button-small" aria-label={`${enabled ? "Stop" : "Start"} ${name}`}>{enabled ? "Stop delivery" : "Start delivery"}</button>
      </form>
      <form action={deleteTrackingSetAction} onSubmit={(e) => { if (!confirm(`Delete the tracking set "${name}"? Delivered files stay where they are.`)) e.preventDefault(); }}>
        <input type="hidden" name="setId" value={id} />
        <button type="submit" className="button button-quiet button-small" aria-label={`Delete ${name}`}>Delete</button>
      </form>
    </div>
  );
}

export function DeadLetterRetry({ id }: { id: number }) {
  const [state, action, pending] = useActionState(retryDeadLetterAction, IDLE);
  return (
    <form action={action}>
      <input type="hidden" name="deadLetterId" value={id} />
      <button type="submit" className="button button-small" disabled={pending}>{pending ? "Retrying…" : "Retry now"}</button>
      <Outcome state={state} />
    </form>
  );
}

/** `from` and `to` (YYYY-MM-DD) come from the server: the clouds' default is the last 90 days. */
export function HistoricalDeliveryForm({ id, name, from, to }: { id: number; name: string; from: string; to: string }) {
  const [state, action, pending] = useActionState(startHistoricalDeliveryAction, IDLE);
  return (
    <form action={action} className="inline-form" aria-label={`Historical delivery for ${name}`}>
      <input type="hidden" name="setId" value={id} />
      <span>Deliver past events from</span>
      <input type="date" name="from" defaultValue={from} aria-label="From" required />
      <span>to</span>
      <input type="date" name="to" defaultValue={to} aria-label="To" required />
      <button type="submit" className="button button-quiet button-small" disabled={pending}>{pending ? "Starting…" : "Deliver history"}</button>
      <Outcome state={state} />
    </form>
  );
}
