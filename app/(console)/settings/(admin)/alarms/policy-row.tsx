"use client";
// One alarm policy: what it matches, on/off, notifications, a run over past events and (not for built-ins) delete.
import Link from "next/link";
import { useActionState } from "react";
import { CheckboxField, Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { formAction, initialActionState } from "@/lib/actions/action-state";
import {
  deletePolicyAction,
  runPolicyHistoryAction,
  setNotificationsAction,
  setPolicyEnabledAction,
} from "@/lib/actions/alarm-policy-actions";

export interface PolicyView {
  id: number;
  name: string;
  description: string;
  severity: string;
  source: string;
  enabled: boolean;
  condition: string;
  alarms: number;
  notifyConsole: boolean;
  webhookUrl: string | null;
  hasWebhookSecret: boolean;
  emailTo: string | null;
  author: string | null;
  references: string[];
}

const SOURCE_LABELS: Record<string, string> = { builtin: "Built-in", custom: "Custom", sigma: "Sigma rule" };

function HistoryRun({ policy }: { policy: PolicyView }) {
  const [state, action, pending] = useActionState(runPolicyHistoryAction, initialActionState);
  return (
    <form action={action} className="inline-form" aria-label={`Run ${policy.name} over past events`}>
      <input type="hidden" name="policyId" value={policy.id} />
      <label>
        Run over the last{" "}
        <input
          name="days"
          type="number"
          min={1}
          max={366}
          defaultValue={30}
          className="input-narrow"
          aria-label="Days"
          required
        />{" "}
        days
      </label>
      <button type="submit" className="button button-quiet button-small" disabled={pending}>
        {pending ? "Running…" : "Run over past events"}
      </button>
      <FormStatus state={state}>
        {state.data && state.data.alarmIds.length > 0 && (
          <>
            {" "}
            <Link href={`/alarms/${state.data.alarmIds[0]}`}>Open the alarm</Link>
          </>
        )}
      </FormStatus>
    </form>
  );
}

function Notifications({ policy }: { policy: PolicyView }) {
  const [state, action, pending] = useActionState(setNotificationsAction, initialActionState);
  return (
    <details>
      <summary>Notifications</summary>
      <form action={action} className="form" aria-label={`Notifications of ${policy.name}`}>
        <input type="hidden" name="policyId" value={policy.id} />
        <CheckboxField
          state={state}
          name="notifyConsole"
          label="Message center"
          defaultChecked={policy.notifyConsole}
        />
        <Field
          state={state}
          name="webhookUrl"
          label="Webhook URL"
          type="url"
          defaultValue={policy.webhookUrl ?? ""}
          placeholder="https://"
        />
        <Field
          state={state}
          name="webhookSecret"
          label={`Webhook signing secret ${policy.hasWebhookSecret ? "(set; leave empty to keep it)" : ""}`}
          type="password"
          autoComplete="off"
        />
        <Field state={state} name="emailTo" label="Email to (comma-separated)" defaultValue={policy.emailTo ?? ""} />
        <FormStatus state={state} />
        <button type="submit" className="button button-small" disabled={pending}>
          Save notifications
        </button>
      </form>
    </details>
  );
}

export function PolicyRow({ policy }: { policy: PolicyView }) {
  return (
    <li className="panel policy" aria-label={policy.name}>
      <div className="policy-head">
        <strong>{policy.name}</strong>
        <span className={`badge severity-${policy.severity}`}>{policy.severity}</span>
        <span className="badge">{SOURCE_LABELS[policy.source] ?? policy.source}</span>
        <span>{policy.enabled ? "On" : "Off"}</span>
        {policy.alarms > 0 && (
          <Link href={`/alarms?policy=${policy.id}`}>
            {policy.alarms} alarm{policy.alarms === 1 ? "" : "s"}
          </Link>
        )}
      </div>
      {policy.description && <p className="muted wrap">{policy.description}</p>}
      <p className="wrap">
        <span className="muted">Matches: </span>
        <code>{policy.condition}</code>
      </p>
      {(policy.author || policy.references.length > 0) && (
        <p className="muted wrap">
          Sigma rule{policy.author ? ` by ${policy.author}` : ""} (Detection Rule License 1.1)
          {policy.references.map((r) => (
            <span key={r}> · {r}</span>
          ))}
        </p>
      )}
      <div className="policy-actions">
        <form action={formAction(setPolicyEnabledAction)}>
          <input type="hidden" name="policyId" value={policy.id} />
          <input type="hidden" name="enabled" value={policy.enabled ? "false" : "true"} />
          <button
            type="submit"
            className="button button-quiet button-small"
            aria-label={`${policy.enabled ? "Turn off" : "Turn on"} ${policy.name}`}
          >
            {policy.enabled ? "Turn off" : "Turn on"}
          </button>
        </form>
        {policy.source !== "builtin" && (
          <form action={formAction(deletePolicyAction)}>
            <input type="hidden" name="policyId" value={policy.id} />
            <button type="submit" className="button button-quiet button-small" aria-label={`Delete ${policy.name}`}>
              Delete
            </button>
          </form>
        )}
      </div>
      <HistoryRun policy={policy} />
      <Notifications policy={policy} />
    </li>
  );
}
