"use client";
// "Add connection": a name, the kind, and the kind's fields. A push receiver's URL, header and secret are shown
// once in the answer, with copy buttons and a warning; any other kind links to its page, where it is seen reading.
import Link from "next/link";
import { useActionState, useState } from "react";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { initialActionState, textValues, type ActionState } from "@/lib/actions/action-state";
import { createConnectionAction, type CreatedConnection } from "@/lib/actions/connection-actions";
import { KIND_LABELS } from "@/lib/domain/connections/connection-form";
import { CONNECTION_KINDS } from "@/lib/domain/connections/settings";
import { ConnectionFields } from "../_components/connection-fields";
import { PushSecretOnce } from "../_components/push-secret-once";

const INITIAL = initialActionState as ActionState<CreatedConnection>;

export function AddConnectionForm() {
  const [state, action, pending] = useActionState(createConnectionAction, INITIAL);
  // The answer that carried the push secret once "Done" was clicked: from then on it is not rendered.
  const [dismissed, setDismissed] = useState<ActionState<CreatedConnection> | null>(null);
  const v = textValues(state.values);
  const [kind, setKind] = useState(v.kind || "bucket");
  const created = state.ok ? state.data : undefined;

  if (created?.push && dismissed !== state)
    return (
      <>
        <FormStatus state={state} />
        <PushSecretOnce
          title={`Push receiver ${created.name}`}
          push={created.push}
          onDone={() => setDismissed(state)}
        />
      </>
    );

  return (
    <section className="panel" aria-labelledby="add-connection">
      <h2 id="add-connection">Connection</h2>
      <form action={action} className="form" aria-label="Add connection" key={created ? `after-${created.id}` : "form"}>
        <Field
          state={state}
          name="name"
          label="Name"
          hint="1 to 64 letters, digits, spaces, _ . or -"
          defaultValue={v.name ?? ""}
        />
        <Field state={state} name="kind" label="Kind">
          {(control) => (
            <select {...control} value={kind} onChange={(e) => setKind(e.target.value)}>
              {CONNECTION_KINDS.map((k) => (
                <option key={k} value={k}>
                  {KIND_LABELS[k]}
                </option>
              ))}
            </select>
          )}
        </Field>
        <fieldset>
          <legend>{KIND_LABELS[kind]}</legend>
          <ConnectionFields key={kind} kind={kind} state={state} values={v} />
        </fieldset>
        <FormStatus state={state}>
          {created && (
            <>
              {" "}
              <Link href={`/settings/connections/${created.id}`}>Open {created.name}</Link>
            </>
          )}
        </FormStatus>
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? "Adding…" : "Add connection"}
        </button>
      </form>
    </section>
  );
}
