"use client";
// A new tracking set: name, filter (every filled-in part must hold), and one destination. A refusal keeps what was
// typed: React resets the form after the action and a select or checkbox ignores a changed default once mounted, so
// each is keyed by the kept value and mounted afresh with it.
import { ReadWriteSelect, SensitiveOnlyCheckbox } from "@/components/ui/event-scope-fields";
import { useActionState, useState } from "react";
import { initialActionState, textValues } from "@/lib/actions/action-state";
import { createTrackingSetAction } from "@/lib/actions/tracking-set-actions";

export function NewTrackingSetForm({ groups }: { groups: { id: number; name: string }[] }) {
  const [state, action, pending] = useActionState(createTrackingSetAction, initialActionState);
  const v = textValues(state.values);
  const keptGroups = Array.isArray(state.values?.groupIds) ? state.values.groupIds : [];
  const [kind, setKind] = useState(v.kind ?? "directory");
  const input = (name: string, label: string, hint?: string, type = "text") => (
    <label className="field">
      <span>{label}</span>
      <input name={name} type={type} defaultValue={v[name] ?? ""} />
      {hint && <span className="muted">{hint}</span>}
    </label>
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
          <label className="field">
            <span>Read or write</span>
            <ReadWriteSelect value={v.readOnly} />
          </label>
          <SensitiveOnlyCheckbox value={v.sensitiveOnly} />
          {input("userNames", "Users", "User names, comma-separated")}
          {groups.length > 0 && (
            <label className="field">
              <span>Or members of groups</span>
              <select
                name="groupIds"
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
            </label>
          )}
        </fieldset>
        <fieldset>
          <legend>Destination</legend>
          <label className="field">
            <span>Kind</span>
            <select name="kind" value={kind} onChange={(e) => setKind(e.target.value)}>
              <option value="directory">Directory (hourly .jsonl.gz files)</option>
              <option value="webhook">Webhook (HTTPS or HTTP, HMAC-signed)</option>
              <option value="syslog">Syslog (RFC 5424 over TCP)</option>
            </select>
          </label>
          {kind === "directory" && input("path", "Directory (absolute path on the server)")}
          {kind === "webhook" && (
            <>
              {input("url", "URL", undefined, "url")}
              <label className="field">
                <span>Signing secret (16 characters or more; shown never again)</span>
                <input name="secret" type="password" autoComplete="off" />
              </label>
            </>
          )}
          {kind === "syslog" && (
            <>
              {input("host", "Host")}
              {input("port", "Port", undefined, "number")}
            </>
          )}
          {kind !== "syslog" && (
            <label className="field checkbox">
              <input
                type="checkbox"
                name="deliverDigests"
                key={`deliverDigests-${v.deliverDigests}`}
                defaultChecked={v.deliverDigests === "on"}
              />
              <span>Also deliver the signed digests (a copy off this machine)</span>
            </label>
          )}
        </fieldset>
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
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? "Creating…" : "Create tracking set"}
        </button>
      </form>
    </section>
  );
}
