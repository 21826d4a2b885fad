// The one field of every form: a label tied to its control (htmlFor / id), an optional hint, and the action's
// message for this field, both named by the control's aria-describedby; a refused field is aria-invalid.
// The hint and message sit beside the label, not in it, so the control's accessible name is the label alone.
import { useId, type InputHTMLAttributes, type ReactNode } from "react";
import type { ActionState } from "@/lib/actions/action-state";

/** What a control needs to be wired to its label, hint and message. */
export interface ControlProps {
  id: string;
  name: string;
  "aria-invalid"?: true;
  "aria-describedby"?: string;
}

/** The wiring of control `id`: pure, so a checkbox or a custom control can use it too. */
export function controlProps(id: string, name: string, { hint, error }: { hint?: boolean; error?: boolean }) {
  const describedBy = [hint ? `${id}-hint` : null, error ? `${id}-error` : null].filter(Boolean).join(" ");
  const props: ControlProps = { id, name };
  if (error) props["aria-invalid"] = true;
  if (describedBy) props["aria-describedby"] = describedBy;
  return props;
}

/** The action's message for field `name`, or the one given. */
function messageOf(name: string, state: FieldSource | undefined, error: string | null | undefined) {
  return error ?? state?.fieldErrors?.[name] ?? null;
}

type FieldSource = Pick<ActionState<unknown>, "fieldErrors">;

interface FieldBase {
  label: ReactNode;
  name: string;
  /** The control's id; a generated one when left out. */
  id?: string;
  /** The form's last answer: its message for `name` is shown. */
  state?: FieldSource;
  /** A message given directly (overrides the answer's). */
  error?: string | null;
  hint?: ReactNode;
}

export type FieldProps = FieldBase &
  Omit<InputHTMLAttributes<HTMLInputElement>, "children" | "name" | "id"> & {
    /** A control other than a text input (select, textarea...): spread the given props onto it. */
    children?: (control: ControlProps) => ReactNode;
  };

function HintAndError({ id, hint, error }: { id: string; hint?: ReactNode; error: string | null }) {
  return (
    <>
      {hint && (
        <span className="muted" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field-error" id={`${id}-error`}>
          {error}
        </span>
      )}
    </>
  );
}

/** A labelled control; without children, an <input> taking the remaining props. */
export function Field({ label, name, id, state, error, hint, children, ...input }: FieldProps) {
  const generated = useId();
  const controlId = id ?? `field${generated}`;
  const message = messageOf(name, state, error);
  const control = controlProps(controlId, name, { hint: Boolean(hint), error: Boolean(message) });
  return (
    <div className="field">
      <label htmlFor={controlId}>{label}</label>
      {children ? children(control) : <input {...input} {...control} />}
      <HintAndError id={controlId} hint={hint} error={message} />
    </div>
  );
}

export type CheckboxFieldProps = FieldBase & Omit<InputHTMLAttributes<HTMLInputElement>, "children" | "name" | "id">;

/** A checkbox with its label after it, wired like `Field`. */
export function CheckboxField({ label, name, id, state, error, hint, ...input }: CheckboxFieldProps) {
  const generated = useId();
  const controlId = id ?? `field${generated}`;
  const message = messageOf(name, state, error);
  const control = controlProps(controlId, name, { hint: Boolean(hint), error: Boolean(message) });
  return (
    <>
      <label className="checkbox" htmlFor={controlId}>
        <input type="checkbox" {...input} {...control} /> {label}
      </label>
      <HintAndError id={controlId} hint={hint} error={message} />
    </>
  );
}
