"use client";
// A new tracking set: name, filter (every filled-in part must hold), and one destination. A refusal keeps what was
// typed: React resets the form after the action and a select or checkbox ignores a changed default once mounted, so
// each is keyed by the kept value and mounted afresh with it.
import { ReadWriteSelect, SensitiveOnlyCheckbox } from "@/components/ui/event-scope-fields";
import { CheckboxField, Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { useActionState, useState } from "react";
import { initialActionState, textValues } from "@/lib/actions/action-state";
import { createTrackingSetAction } from "@/lib/actions/tracking-set-actions";

export function NewTrackingSetForm({ groups }: { groups: { id: number; name: string }[] }) {
  const [state, action, pending] = useActionState(createTrackingSetAction, initialActionState);
  const v = textValues(state.values);
  const keptGroups = Array.isArray(state.values?.groupIds) ? state.values.groupIds : [];
  const [kind, setKind] = useState(v.kind ?? "directory");
  const input = (name: string, label: string, hint?: string, type = "text") => (
    <Field state={state} name={name} label={label} hint={hint} type={type} defaultValue={v[name] ?? ""} />
  );
  return (
    <section className="panel" aria-labelledby="new-tracking-set">
      <h2 id="new-tracking-set">New tracking set</h2>
      <form action={action} className="form" aria-label="New tracking set">
        {input("name", "Name")}
        <fieldset>
          <legend>Events to deliver (empty: every event)</legend>
          {input("services", "Services", "Short names, comma-separated: iam, ecs, ram, keytrail, …")}
          {input("eventNames", "Event names", "Comma-separated")}
          <Field state={state} name="readOnly" label="Read or write">
            {(control) => <ReadWriteSelect value={v.readOnly} {...control} />}
          </Field>
          <SensitiveOnlyCheckbox value={v.sensitiveOnly} />
          {input("userNames", "Users", "User names, comma-separated")}
          {groups.length > 0 && (
            <Field state={state} name="groupIds" label="Or members of groups">
              {(control) => (
                <select
                  {...control}
                  multiple
                  size={Math.min(groups.length, 5)}
                  key={`groupIds-${keptGroups.join(",")}`}
                  defaultValue={keptGroups}
                >
                  {groups.map((g) => (
                    <option key={g.id} value={g.id}>
                      {g.name}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          )}
        </fieldset>
        <fieldset>
          <legend>Destination</legend>
          <Field state={state} name="kind" label="Kind">
            {(control) => (
              <select {...control} value={kind} onChange={(e) => setKind(e.target.value)}>
                <option value="directory">Directory (hourly .jsonl.gz files)</option>
                <option value="webhook">Webhook (HTTPS or HTTP, HMAC-signed)</option>
                <option value="syslog">Syslog (RFC 5424 over TCP)</option>
              </select>
            )}
          </Field>
          {kind === "directory" && input("path", "Directory (absolute path on the server)")}
          {kind === "webhook" && (
            <>
              {input("url", "URL", undefined, "url")}
              <Field
                state={state}
                name="secret"
                label="Signing secret (16 characters or more; shown never again)"
                type="password"
                autoComplete="off"
              />
            </>
          )}
          {kind === "syslog" && (
            <>
              {input("host", "Host")}
              {input("port", "Port", undefined, "number")}
            </>
          )}
          {kind !== "syslog" && (
            <CheckboxField
              state={state}
              name="deliverDigests"
              label="Also deliver the signed digests (a copy off this machine)"
              key={`deliverDigests-${v.deliverDigests}`}
              defaultChecked={v.deliverDigests === "on"}
            />
          )}
        </fieldset>
        <FormStatus state={state} />
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? "Creating…" : "Create tracking set"}
        </button>
      </form>
    </section>
  );
}
