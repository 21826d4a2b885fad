"use client";
// An administrator's controls on a connection's page: pause or resume, edit, backfill from a date, rotate a push
// receiver's secret (the new one shown once), and delete. Each posts to its server action, which checks the role
// again; auditors are never given these controls.
import { useActionState, useState } from "react";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { initialActionState, textValues, type ActionState } from "@/lib/actions/action-state";
import {
  backfillConnectionAction,
  deleteConnectionAction,
  rotateConnectionSecretAction,
  setConnectionPausedAction,
  updateConnectionAction,
  type PushCredentials,
} from "@/lib/actions/connection-actions";
import { KIND_LABELS } from "@/lib/domain/connections/connection-form";
import { ConnectionFields } from "../_components/connection-fields";
import { PushSecretOnce } from "../_components/push-secret-once";

type Dialog = "backfill" | "rotate" | "delete" | null;

export function ConnectionControls({
  id,
  name,
  kind,
  paused,
  settingsValues,
  backfillFrom,
}: {
  id: number;
  name: string;
  kind: string;
  paused: boolean;
  /** The stored settings as form values (no secret). */
  settingsValues: Record<string, string>;
  /** The date a backfill form suggests (YYYY-MM-DD). */
  backfillFrom: string;
}) {
  const [pauseState, pauseAction, pausing] = useActionState(setConnectionPausedAction, initialActionState);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [editing, setEditing] = useState(false);
  const [from, setFrom] = useState(backfillFrom);
  const [outcome, setOutcome] = useState<string | null>(null);
  const [rotated, setRotated] = useState<PushCredentials | null>(null);
  const close = () => setDialog(null);

  return (
    <section className="panel" aria-label={`Manage ${name}`}>
      <h2>Manage</h2>
      <div className="policy-actions">
        <form action={pauseAction}>
          <input type="hidden" name="connectionId" value={id} />
          <input type="hidden" name="paused" value={paused ? "false" : "true"} />
          <button type="submit" className="button button-small" disabled={pausing}>
            {paused ? "Resume" : "Pause"}
          </button>
        </form>
        <button
          type="button"
          className="button button-quiet button-small"
          aria-expanded={editing}
          onClick={() => setEditing(!editing)}
        >
          Edit
        </button>
        {kind !== "push" && (
          <span className="inline-form">
            <label htmlFor={`backfill-from-${id}`}>Backfill from</label>
            <input
              id={`backfill-from-${id}`}
              type="date"
              value={from}
              onChange={(e) => setFrom(e.target.value)}
              required
            />
            <button
              type="button"
              className="button button-quiet button-small"
              disabled={!from}
              onClick={() => setDialog("backfill")}
            >
              Backfill…
            </button>
          </span>
        )}
        {kind === "push" && (
          <button type="button" className="button button-quiet button-small" onClick={() => setDialog("rotate")}>
            Rotate secret…
          </button>
        )}
        <button
          type="button"
          className="button button-quiet button-small"
          aria-label={`Delete ${name}`}
          onClick={() => setDialog("delete")}
        >
          Delete…
        </button>
      </div>
      <FormStatus state={pauseState} />
      {outcome && <FormStatus state={{ ok: true, message: outcome, error: null }} />}
      {rotated && <PushSecretOnce title={`New secret for ${name}`} push={rotated} onDone={() => setRotated(null)} />}
      {editing && <EditConnectionForm id={id} name={name} kind={kind} settingsValues={settingsValues} />}
      {dialog === "backfill" && (
        <ConfirmDialog
          title={`Backfill "${name}" from ${from}?`}
          body="Older objects or pages are read from that date up to where the live position started, beside the live reading, which goes on. Events already stored are skipped as duplicates."
          submitLabel="Start backfill"
          action={backfillConnectionAction}
          fields={{ connectionId: id, from }}
          onClose={close}
          onDone={(message) => setOutcome(message)}
        />
      )}
      {dialog === "rotate" && (
        <ConfirmDialog<PushCredentials>
          title={`Rotate the secret of "${name}"?`}
          body="The current secret is refused from the moment the new one is made: update the event bus's target with the new secret at once."
          submitLabel="Rotate secret"
          danger
          action={rotateConnectionSecretAction}
          fields={{ connectionId: id }}
          onClose={close}
          onDone={(message, data) => {
            setOutcome(message);
            if (data) setRotated(data);
          }}
        />
      )}
      {dialog === "delete" && (
        <ConfirmDialog
          title={`Delete the connection "${name}"?`}
          body="It stops reading at once; the events it imported stay in the audit log. Its runs, problems and position go with it."
          submitLabel="Delete connection"
          danger
          action={deleteConnectionAction}
          fields={{ connectionId: id }}
          onClose={close}
        />
      )}
    </section>
  );
}

function EditConnectionForm({
  id,
  name,
  kind,
  settingsValues,
}: {
  id: number;
  name: string;
  kind: string;
  settingsValues: Record<string, string>;
}) {
  const [state, action, pending] = useActionState(updateConnectionAction, initialActionState as ActionState<undefined>);
  // A refused form shows what was typed; otherwise the stored settings. Never a secret.
  const values = state.values ? textValues(state.values) : { name, ...settingsValues };
  return (
    <form action={action} className="form" aria-label={`Edit ${name}`}>
      <input type="hidden" name="connectionId" value={id} />
      <Field state={state} name="name" label="Name" defaultValue={values.name ?? ""} />
      <fieldset>
        <legend>{KIND_LABELS[kind] ?? kind}</legend>
        <ConnectionFields kind={kind} state={state} values={values} editing />
      </fieldset>
      <FormStatus state={state} />
      <button type="submit" className="button button-primary" disabled={pending}>
        {pending ? "Saving…" : "Save"}
      </button>
    </form>
  );
}
