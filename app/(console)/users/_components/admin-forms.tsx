"use client";
// Administrators' forms and confirmations under /users. Each posts to a server action (lib/actions/
// directory-actions.ts) that checks the role again; errors come back per field and as one role="alert" line.
// Fields, outcome lines and confirmations come from the form kit (components/ui). Operation protection: when the
// server answers needsVerification, the form shows the verification field and the retry carries it.
import { useActionState, useEffect, useRef, useState } from "react";
import { VerificationField } from "@/components/admin/verification-field";
import { CopyButton } from "@/components/ui/copy-button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { CheckboxField, Field } from "@/components/ui/field";
import { FormStatus } from "@/components/ui/form-status";
import { accessKeyIngestAction } from "@/lib/actions/access-key-actions";
import { initialActionState as INITIAL, type ActionState } from "@/lib/actions/action-state";
import {
  createAccessKeyAction,
  createUserAction,
  groupAction,
  resetPasswordAction,
  updateUserAction,
  userOperationAction,
  userProtectionAction,
  type CreatedAccessKey,
  type GroupOperation,
  type UserOperation,
} from "@/lib/actions/directory-actions";

type AdminActionState = ActionState<unknown>;
const CONSOLE_ROLES = [
  ["", "None"],
  ["Administrator", "Administrator"],
  ["Auditor", "Auditor"],
  ["TeamLead", "Team lead"],
] as const;

/** The form's outcome line and its submit button (disabled, with `busyLabel`, while the action runs). */
function SubmitRow({
  state,
  busy,
  label,
  busyLabel,
}: {
  state: AdminActionState;
  busy: boolean;
  label: string;
  busyLabel: string;
}) {
  return (
    <>
      <FormStatus state={state} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? busyLabel : label}
        </button>
      </div>
    </>
  );
}

function ConsoleRoleField({ state, id, defaultValue }: { state: AdminActionState; id: string; defaultValue: string }) {
  return (
    <Field state={state} name="consoleRole" id={id} label="Console role">
      {(control) => (
        <select {...control} key={defaultValue} defaultValue={defaultValue}>
          {CONSOLE_ROLES.map(([value, label]) => (
            <option key={value} value={value}>
              {label}
            </option>
          ))}
        </select>
      )}
    </Field>
  );
}

/** Restore, or delete permanently, a user in the recycle bin: on their page and in the recycle bin list. */
export function RecycleBinActions({ userName }: { userName: string }) {
  return (
    <div className="row-actions">
      <UserOperationButton
        userName={userName}
        operation="restore"
        label="Restore"
        title={`Restore ${userName}?`}
        body="The user is listed again and can sign in and use their AccessKeys as before."
      />
      <UserOperationButton
        userName={userName}
        operation="purge"
        label="Delete permanently"
        danger
        title={`Delete ${userName} permanently?`}
        body="This cannot be undone: the user's groups, password and MFA device are removed and their AccessKeys deleted. Their operation records stay."
      />
    </div>
  );
}

/** A field's value after a refusal (the action sends back what was typed), else the form's default. */
const kept = (state: AdminActionState, name: string, fallback = "") => {
  const value = state.values?.[name];
  return typeof value === "string" ? value : fallback;
};

export function CreateUserForm({ groups }: { groups: { id: number; name: string }[] }) {
  const [state, formAction, busy] = useActionState(createUserAction, INITIAL);
  const [consoleAccess, setConsoleAccess] = useState(false);
  // Each answer sets the checkbox's state to what the form will show: unticked after a creation, as sent after a
  // refusal (adjusted while rendering, React's pattern for state that follows a new value).
  const [answered, setAnswered] = useState(state);
  if (answered !== state) {
    setAnswered(state);
    setConsoleAccess(state.values?.consoleAccess === "on");
  }
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.ok) formRef.current?.reset();
  }, [state]);
  const keptGroups = new Set(state.values?.groupIds ?? []);
  // React resets a form after its action; the fields' defaults are then what was typed before a refusal.
  return (
    <form ref={formRef} action={formAction} className="admin-form" aria-label="Create user">
      <Field
        state={state}
        name="userName"
        id="new-user-name"
        label="User name"
        required
        autoComplete="off"
        defaultValue={kept(state, "userName")}
      />
      <Field
        state={state}
        name="displayName"
        id="new-display-name"
        label="Display name"
        required
        autoComplete="off"
        defaultValue={kept(state, "displayName")}
      />
      <Field
        state={state}
        name="email"
        id="new-email"
        label="Email (optional)"
        type="email"
        autoComplete="off"
        defaultValue={kept(state, "email")}
      />
      <Field state={state} name="userType" id="new-user-type" label="User type">
        {(control) => (
          <select
            {...control}
            key={`type-${kept(state, "userType", "SubUser")}`}
            defaultValue={kept(state, "userType", "SubUser")}
          >
            <option value="SubUser">Sub-user</option>
            <option value="Collaborator">Collaborator</option>
            <option value="MessageReceiver">Message receiver</option>
          </select>
        )}
      </Field>
      <ConsoleRoleField state={state} id="new-console-role" defaultValue={kept(state, "consoleRole")} />
      <fieldset className="field">
        <legend>Groups</legend>
        {groups.length === 0 ? <p className="muted">No groups yet.</p> : null}
        {groups.map((g) => (
          <label key={g.id} className="checkbox" htmlFor={`new-group-${g.id}`}>
            <input
              type="checkbox"
              id={`new-group-${g.id}`}
              name="groupIds"
              value={g.id}
              defaultChecked={keptGroups.has(String(g.id))}
            />{" "}
            {g.name}
          </label>
        ))}
      </fieldset>
      <CheckboxField
        state={state}
        name="consoleAccess"
        id="new-console-access"
        label="Console access"
        defaultChecked={state.values?.consoleAccess === "on"}
        onChange={(e) => setConsoleAccess(e.target.checked)}
      />
      {consoleAccess && (
        <Field
          state={state}
          name="password"
          id="new-password"
          label="Initial password (must be changed at first sign-in)"
          type="password"
          autoComplete="new-password"
          required
        />
      )}
      <SubmitRow state={state} busy={busy} busyLabel="Creating…" label="Create user" />
    </form>
  );
}

export function EditUserForm({
  user,
}: {
  user: { userName: string; displayName: string; email: string | null; consoleRole: string | null };
}) {
  const [state, formAction, busy] = useActionState(updateUserAction, INITIAL);
  return (
    <form action={formAction} className="admin-form" aria-label="Edit user">
      <input type="hidden" name="userName" value={user.userName} />
      <Field
        state={state}
        name="displayName"
        id="edit-display-name"
        label="Display name"
        defaultValue={kept(state, "displayName", user.displayName)}
        required
      />
      <Field
        state={state}
        name="email"
        id="edit-email"
        label="Email"
        type="email"
        defaultValue={kept(state, "email", user.email ?? "")}
      />
      <ConsoleRoleField
        state={state}
        id="edit-console-role"
        defaultValue={kept(state, "consoleRole", user.consoleRole ?? "")}
      />
      <SubmitRow state={state} busy={busy} busyLabel="Saving…" label="Save changes" />
    </form>
  );
}

export function ResetPasswordForm({ userName, hasConsoleAccess }: { userName: string; hasConsoleAccess: boolean }) {
  const [state, formAction, busy] = useActionState(resetPasswordAction, INITIAL);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.ok) formRef.current?.reset();
  }, [state]);
  return (
    <form
      ref={formRef}
      action={formAction}
      className="admin-form"
      aria-label={hasConsoleAccess ? "Reset password" : "Enable console access"}
    >
      <input type="hidden" name="userName" value={userName} />
      <Field
        state={state}
        name="password"
        id="reset-password"
        label={
          hasConsoleAccess
            ? "New password (must be changed at next sign-in)"
            : "Initial password (gives console access; must be changed at first sign-in)"
        }
        type="password"
        autoComplete="new-password"
        required
      />
      <SubmitRow
        state={state}
        busy={busy}
        busyLabel="Saving…"
        label={hasConsoleAccess ? "Reset password" : "Enable console access"}
      />
    </form>
  );
}

/** Login protection (needs a bound MFA device) and operation protection of one user. Turning either off asks
 *  for identity verification first: the form then shows the field and keeps the boxes as they were sent. */
export function ProtectionForm({
  userName,
  mfaEnabled,
  loginProtection,
  operationProtection,
}: {
  userName: string;
  mfaEnabled: boolean;
  loginProtection: boolean;
  operationProtection: boolean;
}) {
  const [state, formAction, busy] = useActionState(userProtectionAction, INITIAL);
  // After a refusal the boxes show what was sent (React resets a form after its action), else the saved settings.
  const sent = state.ok ? undefined : state.values;
  const loginChecked = sent ? sent.loginProtection === "on" : loginProtection;
  const operationChecked = sent ? sent.operationProtection === "on" : operationProtection;
  return (
    <form action={formAction} className="admin-form" aria-label="Protection">
      <input type="hidden" name="userName" value={userName} />
      <CheckboxField
        state={state}
        name="loginProtection"
        id="protection-login"
        label="Login protection (MFA code at sign-in)"
        hint={mfaEnabled ? undefined : "Needs a bound MFA device."}
        key={`login-${loginChecked}`}
        defaultChecked={loginChecked}
        disabled={!mfaEnabled && !loginProtection}
      />
      <CheckboxField
        state={state}
        name="operationProtection"
        id="protection-operation"
        label="Operation protection (verify before sensitive operations)"
        key={`operation-${operationChecked}`}
        defaultChecked={operationChecked}
      />
      <VerificationField method={state.needsVerification} id="protection-verification" />
      <SubmitRow state={state} busy={busy} busyLabel="Saving…" label="Save protection" />
    </form>
  );
}

/** A button that opens a confirmation dialog posting one user operation. */
export function UserOperationButton({
  userName,
  operation,
  label,
  title,
  body,
  danger = false,
}: {
  userName: string;
  operation: UserOperation;
  label: string;
  title: string;
  body: string;
  danger?: boolean;
}) {
  const [open, setOpen] = useState(false);
  return (
    <>
      <button
        type="button"
        className={danger ? "button button-danger button-small" : "button button-quiet button-small"}
        onClick={() => setOpen(true)}
        aria-label={`${label} ${userName}`}
      >
        {label}
      </button>
      {open && (
        <ConfirmDialog
          title={title}
          body={body}
          submitLabel={label}
          danger={danger}
          action={userOperationAction}
          fields={{ userName, operation }}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}

/** Allow or forbid one AccessKey to send events to the ingest API, after a confirmation. */
export function AccessKeyIngestButton({ accessKeyId, allowed }: { accessKeyId: string; allowed: boolean }) {
  const [open, setOpen] = useState(false);
  const label = allowed ? "Stop sending events" : "Allow sending events";
  return (
    <>
      <button
        type="button"
        className="button button-quiet button-small"
        onClick={() => setOpen(true)}
        aria-label={`${label}: ${accessKeyId}`}
      >
        {label}
      </button>
      {open && (
        <ConfirmDialog
          title={`${label}: ${accessKeyId}?`}
          body={
            allowed
              ? "Events this key sends to POST /api/v1/events will be refused (403). Its other uses are not affected."
              : "Requests signed with this key may then write events into the record through POST /api/v1/events."
          }
          submitLabel={label}
          danger={allowed}
          action={accessKeyIngestAction}
          fields={{ accessKeyId, allowed: allowed ? "false" : "true" }}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}

/**
 * Creates an AccessKey and shows its secret once: it lives only in this component's state until "Done", and is
 * never sent again (a reload shows the key without it).
 */
export function CreateAccessKeyPanel({ userName, atLimit }: { userName: string; atLimit: boolean }) {
  const [state, formAction, busy] = useActionState(createAccessKeyAction, INITIAL);
  // The answer that carried the secret once "Done" was clicked: from then on it is not rendered.
  const [dismissed, setDismissed] = useState<ActionState<CreatedAccessKey> | null>(null);
  const shown = state.ok && state.data && dismissed !== state ? state.data : null;
  if (shown)
    return (
      <section className="secret-once" aria-labelledby="secret-once-title" role="region">
        <h3 id="secret-once-title">New AccessKey {shown.accessKeyId}</h3>
        <p>
          This is the only time the secret is shown: copy it now and store it safely. It cannot be shown again; if it is
          lost, create a new key and delete this one.
        </p>
        <dl className="details">
          <dt>AccessKey ID</dt>
          <dd>
            <code>{shown.accessKeyId}</code>
          </dd>
          <dt>AccessKey secret</dt>
          <dd>
            <code data-testid="new-secret">{shown.secret}</code> <CopyButton text={shown.secret} label="Copy secret" />
          </dd>
        </dl>
        <div className="form-actions">
          <button type="button" className="button button-primary" onClick={() => setDismissed(state)}>
            Done: I have stored the secret
          </button>
        </div>
      </section>
    );
  return (
    <form action={formAction} aria-label="Create AccessKey">
      <input type="hidden" name="userName" value={userName} />
      {atLimit && (
        <p className="muted">{userName} has two AccessKeys, the most a user may have: delete one to create another.</p>
      )}
      <VerificationField method={state.needsVerification} id="create-key-verification" />
      <FormStatus state={state} showSuccess={false} />
      <div className="form-actions">
        <button type="submit" className="button button-primary" disabled={busy}>
          {busy ? "Creating…" : "Create AccessKey"}
        </button>
      </div>
    </form>
  );
}

/** One group form: create, rename, add member; the hidden fields name the group and the operation. */
export function GroupForm({
  operation,
  groupName,
  label,
  submitLabel,
  children,
  idPrefix,
}: {
  operation: GroupOperation;
  groupName?: string;
  label: string;
  submitLabel: string;
  idPrefix: string;
  children: (state: AdminActionState, id: (name: string) => string) => React.ReactNode;
}) {
  const [state, formAction, busy] = useActionState(groupAction, INITIAL);
  const formRef = useRef<HTMLFormElement>(null);
  useEffect(() => {
    if (state.ok && operation !== "update") formRef.current?.reset();
  }, [state, operation]);
  return (
    <form ref={formRef} action={formAction} className="admin-form admin-form-inline" aria-label={label}>
      <input type="hidden" name="operation" value={operation} />
      {groupName !== undefined && <input type="hidden" name="groupName" value={groupName} />}
      {children(state, (name) => `${idPrefix}-${name}`)}
      <FormStatus state={state} />
      <div className="form-actions">
        <button type="submit" className="button button-primary button-small" disabled={busy}>
          {busy ? "Working…" : submitLabel}
        </button>
      </div>
    </form>
  );
}

export function CreateGroupForm() {
  return (
    <GroupForm operation="create" label="Create group" submitLabel="Create group" idPrefix="new-group">
      {(state, id) => (
        <>
          <Field state={state} name="groupName" id={id("name")} label="Group name" required autoComplete="off" />
          <Field state={state} name="description" id={id("description")} label="Description" autoComplete="off" />
        </>
      )}
    </GroupForm>
  );
}

export function RenameGroupForm({
  groupName,
  description,
  idPrefix,
}: {
  groupName: string;
  description: string;
  idPrefix: string;
}) {
  return (
    <GroupForm
      operation="update"
      groupName={groupName}
      label={`Rename ${groupName}`}
      submitLabel="Save"
      idPrefix={idPrefix}
    >
      {(state, id) => (
        <>
          <Field
            state={state}
            name="newGroupName"
            id={id("name")}
            label="Name"
            defaultValue={groupName}
            required
            autoComplete="off"
          />
          <Field
            state={state}
            name="description"
            id={id("description")}
            label="Description"
            defaultValue={description}
            autoComplete="off"
          />
        </>
      )}
    </GroupForm>
  );
}

export function AddMemberForm({
  groupName,
  idPrefix,
  candidates,
}: {
  groupName: string;
  idPrefix: string;
  candidates: string[];
}) {
  return (
    <GroupForm
      operation="addMember"
      groupName={groupName}
      label={`Add member to ${groupName}`}
      submitLabel="Add member"
      idPrefix={idPrefix}
    >
      {(state, id) => (
        <>
          <Field
            state={state}
            name="userName"
            id={id("user")}
            label="User name"
            list={id("candidates")}
            required
            autoComplete="off"
          />
          <datalist id={id("candidates")}>
            {candidates.map((c) => (
              <option key={c} value={c} />
            ))}
          </datalist>
        </>
      )}
    </GroupForm>
  );
}

/** A one-click group operation (remove member, mark / unmark lead, delete group) confirmed in a dialog. */
export function GroupOperationButton({
  groupName,
  userName,
  operation,
  label,
  title,
  body,
  danger = false,
}: {
  groupName: string;
  userName?: string;
  operation: GroupOperation;
  label: string;
  title: string;
  body: string;
  danger?: boolean;
}) {
  const [open, setOpen] = useState(false);
  const fields: Record<string, string> = { groupName, operation, ...(userName ? { userName } : {}) };
  return (
    <>
      <button
        type="button"
        className={danger ? "button button-danger button-small" : "button button-quiet button-small"}
        onClick={() => setOpen(true)}
        aria-label={title.replace(/\?$/, "")}
      >
        {label}
      </button>
      {open && (
        <ConfirmDialog
          title={title}
          body={body}
          submitLabel={label}
          danger={danger}
          action={groupAction}
          fields={fields}
          onClose={() => setOpen(false)}
        />
      )}
    </>
  );
}
