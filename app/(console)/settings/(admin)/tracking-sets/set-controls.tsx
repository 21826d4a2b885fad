"use client";
// A tracking set's buttons: on/off and delete, "retry now" for a dead letter, and a historical delivery.
import { useActionState, useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { DataTable } from "@/components/data-table/data-table";
import { FormStatus as Outcome } from "@/components/ui/form-status";
import { formAction, initialActionState as IDLE } from "@/lib/actions/action-state";
import {
  deleteTrackingSetAction,
  retryDeadLetterAction,
  setTrackingSetEnabledAction,
  startHistoricalDeliveryAction,
} from "@/lib/actions/tracking-set-actions";
import { deadLetterColumns } from "./dead-letters-columns";

export function SetToggles({ id, name, enabled }: { id: number; name: string; enabled: boolean }) {
  const [confirming, setConfirming] = useState(false);
  return (
    <div className="policy-actions">
      <form action={formAction(setTrackingSetEnabledAction)}>
        <input type="hidden" name="setId" value={id} />
        <input type="hidden" name="enabled" value={enabled ? "false" : "true"} />
        <button
          type="submit"
          className="button button-quiet button-small"
          aria-label={`${enabled ? "Stop" : "Start"} ${name}`}
        >
          {enabled ? "Stop delivery" : "Start delivery"}
        </button>
      </form>
      <button
        type="button"
        className="button button-quiet button-small"
        aria-label={`Delete ${name}`}
        onClick={() => setConfirming(true)}
      >
        Delete
      </button>
      {confirming && (
        <ConfirmDialog
          title={`Delete the tracking set "${name}"?`}
          body="Delivered files stay where they are."
          submitLabel="Delete"
          danger
          action={deleteTrackingSetAction}
          fields={{ setId: id }}
          onClose={() => setConfirming(false)}
        />
      )}
    </div>
  );
}

export interface DeadLetterView {
  id: number;
  createdAt: string;
  eventCount: string;
  firstEventTime: string;
  lastEventTime: string;
  attempts: number;
  error: string;
}

/**
 * A set's undelivered batches with "Retry now". The outcome is shown above the table, not in the row: a batch that
 * is delivered leaves the table as the page refreshes, and its "Delivered." must not go with it.
 */
export function DeadLetters({ name, letters }: { name: string; letters: DeadLetterView[] }) {
  const [state, action, pending] = useActionState(retryDeadLetterAction, IDLE);
  const [retrying, setRetrying] = useState<number | null>(null);
  return (
    <>
      <Outcome state={state} />
      {letters.length > 0 && (
        <DataTable
          columns={deadLetterColumns({ action, pending, retrying, onRetry: setRetrying })}
          data={letters}
          caption={`Dead letters of ${name}`}
          captionVisible
          emptyMessage="No dead letters."
          getRowId={(letter) => String(letter.id)}
        />
      )}
    </>
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
      <button type="submit" className="button button-quiet button-small" disabled={pending}>
        {pending ? "Starting…" : "Deliver history"}
      </button>
      <Outcome state={state} />
    </form>
  );
}
