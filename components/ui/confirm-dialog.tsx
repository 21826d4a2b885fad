"use client";
// The one confirmation of every operation: a modal <dialog> (Esc or Cancel closes it) whose form posts `fields`
// to a server action. When the action asks for identity verification the dialog shows the field and the retry
// carries it; a refusal stays in the dialog, a success closes it and hands its message to `onDone`.
import { useActionState, useEffect, useEffectEvent, useId, useRef, type ReactNode } from "react";
import { VerificationField } from "@/components/admin/verification-field";
import { FormStatus } from "@/components/ui/form-status";
import { initialActionState, type ActionState } from "@/lib/actions/action-state";

export function ConfirmDialog<T>({
  title,
  body,
  submitLabel,
  danger = false,
  action,
  fields,
  onClose,
  onDone,
}: {
  title: ReactNode;
  body: ReactNode;
  submitLabel: string;
  danger?: boolean;
  action: (previous: ActionState<T>, formData: FormData) => Promise<ActionState<T>>;
  fields: Record<string, string | number>;
  /** The dialog closed (cancelled or done): the caller unmounts it. */
  onClose: () => void;
  /** A success's message and data (e.g. a new secret to show once). */
  onDone?: (message: string | null, data?: T) => void;
}) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  const [state, formAction, busy] = useActionState(action, initialActionState as ActionState<T>);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
  }, []);
  // Only a new answer closes the dialog, whatever the caller's onDone is this render.
  const done = useEffectEvent((message: string | null, data?: T) => onDone?.(message, data));
  useEffect(() => {
    if (!state.ok) return;
    done(state.message, state.data);
    ref.current?.close();
  }, [state]);
  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      onClose={onClose}
    >
      <form action={formAction}>
        <h2 id={`${id}-title`}>{title}</h2>
        <p id={`${id}-body`}>{body}</p>
        {Object.entries(fields).map(([name, value]) => (
          <input key={name} type="hidden" name={name} value={value} />
        ))}
        <VerificationField method={state.needsVerification} id={`${id}-verification`} />
        <FormStatus state={state} showSuccess={false} />
        <div className="form-actions">
          <button type="submit" className={danger ? "button button-danger" : "button button-primary"} disabled={busy}>
            {busy ? "Working…" : submitLabel}
          </button>
          <button type="button" className="button button-quiet" onClick={() => ref.current?.close()}>
            Cancel
          </button>
        </div>
      </form>
    </dialog>
  );
}
