"use client";
// A new alarm policy: conditions on the normalised fields (all that are filled in must hold), an optional
// threshold, and notifications. A refusal keeps what was typed and marks the fields. React resets the form after
// the action and a select or checkbox ignores a changed default once mounted: each is keyed by the kept value, so
// it is mounted afresh with it.
import { ReadWriteSelect, SensitiveOnlyCheckbox } from "@/components/ui/event-scope-fields";
import { Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { useActionState } from "react";
import { createPolicyAction } from "@/lib/actions/alarm-policy-actions";
import { initialActionState, textValues, type ActionState } from "@/lib/actions/action-state";

/** A text field of the policy, showing again what was typed after a refusal. */
function TextField({ state, ...props }: { name: string; label: string; state: ActionState<unknown>; hint?: string }) {
  return <Field state={state} defaultValue={textValues(state.values)[props.name] ?? ""} {...props} />;
}

export function NewPolicyForm() {
  const [state, action, pending] = useActionState(createPolicyAction, initialActionState);
  const v = textValues(state.values);
  return (
    <section className="panel" aria-labelledby="new-policy">
      <h2 id="new-policy">New policy</h2>
      <form action={action} className="form" aria-label="New alarm policy">
        <TextField name="name" label="Name" state={state} />
        <TextField name="description" label="Description" state={state} />
        <Field name="severity" label="Severity" state={state}>
          {(control) => (
            <select {...control} key={`severity-${v.severity}`} defaultValue={v.severity ?? "medium"}>
              <option value="low">Low</option>
              <option value="medium">Medium</option>
              <option value="high">High</option>
              <option value="critical">Critical</option>
            </select>
          )}
        </Field>
        <TextField
          name="eventNames"
          label="Event name is one of"
          state={state}
          hint="Comma-separated, e.g. StopLogging, DeleteTrail"
        />
        <TextField
          name="services"
          label="Service is one of"
          state={state}
          hint="Short names: iam, ecs, ram, keytrail, …"
        />
        <TextField
          name="userTypes"
          label="User type is one of"
          state={state}
          hint="Root, IAMUser, AssumedRole, ram-user, …"
        />
        <TextField name="errorCodes" label="Error code is one of" state={state} hint='Or "any" for every failed call' />
        <TextField
          name="sourceIpNotIn"
          label="Source IP not in"
          state={state}
          hint="CIDR blocks or addresses, comma-separated"
        />
        <Field name="readOnly" label="Read or write" state={state}>
          {(control) => <ReadWriteSelect value={v.readOnly} {...control} />}
        </Field>
        <SensitiveOnlyCheckbox value={v.sensitiveOnly} />
        <label>
          <input
            type="checkbox"
            name="consoleSigninWithoutMfa"
            key={`mfa-${v.consoleSigninWithoutMfa}`}
            defaultChecked={v.consoleSigninWithoutMfa === "on"}
          />{" "}
          Console sign-in without MFA
        </label>
        <fieldset>
          <legend>Threshold (optional): more than N matching events in M minutes</legend>
          <TextField name="thresholdCount" label="More than (N)" state={state} />
          <TextField name="thresholdWindowMinutes" label="Within minutes (M)" state={state} />
          <Field name="thresholdPer" label="Counted per" state={state}>
            {(control) => (
              <select {...control} key={`thresholdPer-${v.thresholdPer}`} defaultValue={v.thresholdPer ?? "user"}>
                <option value="user">User</option>
                <option value="sourceIp">Source IP</option>
                <option value="accessKey">AccessKey</option>
                <option value="account">Account</option>
              </select>
            )}
          </Field>
        </fieldset>
        <fieldset>
          <legend>Notify</legend>
          <label>
            <input
              type="checkbox"
              name="notifyConsole"
              key={`notifyConsole-${state.values ? v.notifyConsole : "default"}`}
              defaultChecked={state.values ? v.notifyConsole === "on" : true}
            />{" "}
            Message center
          </label>
          <TextField name="webhookUrl" label="Webhook URL" state={state} />
          <Field name="webhookSecret" label="Webhook signing secret" state={state} type="password" autoComplete="off" />
          <TextField name="emailTo" label="Email to (sent when SMTP is configured)" state={state} />
        </fieldset>
        <FormStatus state={state} />
        <button type="submit" className="button button-primary" disabled={pending}>
          {pending ? "Saving…" : "Create policy"}
        </button>
      </form>
    </section>
  );
}
