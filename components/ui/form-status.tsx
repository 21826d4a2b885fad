// The outcome line every action form shows, read from the one ActionState shape (lib/actions/action-state.ts):
// the refusal as role="alert", the success message as role="status".
import type { ActionState } from "@/lib/actions/action-state";

export function FormStatus({
  state,
  successClass = "notice",
}: {
  state: Pick<ActionState<unknown>, "ok" | "message" | "error">;
  successClass?: string;
}) {
  if (state.error)
    return (
      <p className="form-error" role="alert">
        {state.error}
      </p>
    );
  if (state.ok && state.message)
    return (
      <p className={successClass} role="status">
        {state.message}
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
