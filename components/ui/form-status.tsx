// The outcome lines every form shows, read from the one ActionState shape (lib/actions/action-state.ts): the
// refusal as role="alert", the success message as role="status". Forms render these, never their own alert.
import type { ReactNode } from "react";
import type { ActionState } from "@/lib/actions/action-state";

/** A refusal line (role="alert"); nothing when there is no message. */
export function FormError({ children }: { children: ReactNode }) {
  if (children === null || children === undefined || children === false || children === "") return null;
  return (
    <p className="form-error" role="alert">
      {children}
    </p>
  );
}

/** The answer's refusal, or its success message (`successClass` styles the latter; `showSuccess={false}` when the
 *  form shows success some other way, e.g. a dialog that closes; `children` follow the message, e.g. a link). */
export function FormStatus({
  state,
  successClass = "notice",
  showSuccess = true,
  children,
}: {
  state: Pick<ActionState<unknown>, "ok" | "message" | "error">;
  successClass?: string;
  showSuccess?: boolean;
  children?: ReactNode;
}) {
  if (state.error) return <FormError>{state.error}</FormError>;
  if (showSuccess && state.ok && state.message)
    return (
      <p className={successClass || undefined} role="status">
        {state.message}
        {children}
      </p>
    );
  return null;
}

/** The message of one field, when the action refused it. */
export function FieldError({
  state,
  name,
  id,
}: {
  state: Pick<ActionState<unknown>, "fieldErrors">;
  name: string;
  id?: string;
}) {
  const error = state.fieldErrors?.[name];
  return error ? (
    <span className="field-error" id={id}>
      {error}
    </span>
  ) : null;
}
