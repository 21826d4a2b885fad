"use client";
// Import AWS CloudTrail Sigma rules as alarm policies: files or a pasted rule; each file's outcome is listed, a
// refusal naming the Sigma feature Keytrail does not support.
import { useActionState } from "react";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { importSigmaAction } from "@/lib/actions/alarm-policy-actions";
import { initialActionState } from "@/lib/actions/action-state";

export function SigmaImportForm() {
  const [state, action, pending] = useActionState(importSigmaAction, initialActionState);
  return (
    <section className="panel" aria-labelledby="sigma-import">
      <h2 id="sigma-import">Import Sigma rules</h2>
      <p className="muted">
        AWS CloudTrail rules in Sigma YAML (logsource product aws, service cloudtrail): field matching, the contains,
        startswith, endswith, all, re and fieldref modifiers, and condition expressions. Aggregations and other log
        sources are refused.
      </p>
      <form action={action} className="form" aria-label="Import Sigma rules">
        <Field state={state} name="files" label="Rule files" type="file" accept=".yml,.yaml" multiple />
        <Field state={state} name="yaml" label="Or paste a rule">
          {(control) => <textarea {...control} rows={8} spellCheck={false} />}
        </Field>
        <FormStatus state={state} showSuccess={false} />
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? "Importing…" : "Import"}
        </button>
      </form>
      {(state.data?.length ?? 0) > 0 && (
        <ul aria-label="Import results">
          {state.data?.map((o, i) => (
            <li key={`${o.name}-${i}`} className={o.status === "refused" ? "form-error" : undefined}>
              {o.name}: {o.status === "refused" ? `refused: ${o.error}` : `${o.status} as "${o.title}"`}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
