// The one answer every server action gives its form (lib/actions/client.ts shapes it), and the pure steps of
// reading a request: FormData or a plain object in, a plain object out; the submitted values a refused form
// shows again (never a password, secret or code). No server imports: forms import this file too.
import type { VerificationMethod } from "@/lib/auth/identity-verification";

export interface ActionState<T = undefined> {
  ok: boolean;
  /** What happened, for a role="status" line. */
  message: string | null;
  /** Why nothing happened, for a role="alert" line. */
  error: string | null;
  /** Per field, when the input was refused. */
  fieldErrors?: Record<string, string>;
  /** Identity verification is needed first: the form shows a `verification` field for this method. */
  needsVerification?: VerificationMethod | null;
  /** After a refusal, what was typed (never a secret), so the form shows it again instead of emptying. */
  values?: Record<string, string | string[]>;
  /** The action's own result (a new key's secret, a report's URL...). */
  data?: T;
}

export const initialActionState: ActionState<never> = { ok: false, message: null, error: null };

export type RawInput = Record<string, unknown>;

/** Fields never sent back to the browser in `values`. */
export const SECRET_FIELDS: readonly string[] = [
  "password",
  "currentPassword",
  "newPassword",
  "confirmPassword",
  "verification",
  "secret",
  "webhookSecret",
  "secretAccessKey",
  "code",
];

/** FormData as a plain object: one value per name, an array when a name repeats or is listed in `lists`.
 *  React's own fields (`$ACTION_...`) are dropped. */
export function formToObject(form: FormData, lists: readonly string[] = []): RawInput {
  const out: RawInput = {};
  for (const name of new Set(form.keys())) {
    if (name.startsWith("$")) continue;
    const all = form.getAll(name);
    out[name] = all.length > 1 || lists.includes(name) ? all : all[0];
  }
  for (const name of lists) out[name] ??= [];
  return out;
}

/** The input of a call: FormData, or a plain object (an action called directly). Anything else is empty. */
export function rawInputOf(value: unknown, lists: readonly string[] = []): RawInput {
  if (value instanceof FormData) return formToObject(value, lists);
  if (value && typeof value === "object" && !Array.isArray(value)) {
    const out: RawInput = { ...(value as RawInput) };
    for (const name of lists)
      out[name] = out[name] === undefined ? [] : Array.isArray(out[name]) ? out[name] : [out[name]];
    return out;
  }
  return {};
}

/** The arguments of a call: `(previousState, input)` from useActionState, or `(input)` from a form or a caller. */
export function inputArgument(args: readonly unknown[]): unknown {
  return args.length >= 2 ? args[1] : args[0];
}

/** The typed text values to show again after a refusal: strings and lists of strings, no secrets. */
export function keptValues(
  raw: RawInput,
  hidden: readonly string[] = SECRET_FIELDS,
): Record<string, string | string[]> {
  const values: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(raw)) {
    if (hidden.includes(name)) continue;
    if (typeof value === "string") values[name] = value;
    else if (Array.isArray(value) && value.every((v) => typeof v === "string")) values[name] = value as string[];
  }
  return values;
}

export interface InputIssue {
  path: readonly PropertyKey[];
  message: string;
}

/** Refused input as one message and one message per field (the first for each). */
export function issuesToErrors(issues: readonly InputIssue[]): { error: string; fieldErrors: Record<string, string> } {
  const fieldErrors: Record<string, string> = {};
  for (const issue of issues) fieldErrors[String(issue.path[0] ?? "form")] ??= issue.message;
  const error = Object.values(fieldErrors).join(" ") || "This request is not valid.";
  return { error, fieldErrors };
}

export function succeeded<T>(message: string | null, data?: T): ActionState<T> {
  return { ok: true, message, error: null, ...(data === undefined ? {} : { data }) };
}

export function refused<T = undefined>(
  error: string,
  extra: Omit<ActionState<T>, "ok" | "message" | "error"> = {},
): ActionState<T> {
  const state: ActionState<T> = { ok: false, message: null, error };
  for (const [key, value] of Object.entries(extra))
    if (value !== undefined) (state as unknown as Record<string, unknown>)[key] = value;
  return state;
}

export function verifyFirstMessage(method: VerificationMethod): string {
  return `Verify your identity first: enter your ${method === "mfa" ? "MFA code" : "password"} to continue.`;
}

/** An action used as a plain `<form action>` whose answer the page does not show (it revalidates instead):
 *  the same function, typed as React expects a form action. */
export function formAction<T>(
  action: (input: FormData) => Promise<ActionState<T>>,
): (formData: FormData) => Promise<void> {
  return action as unknown as (formData: FormData) => Promise<void>;
}

/** The single-text values a refused form sent back (lists left out), for fields that hold one value. */
export function textValues(values: ActionState<unknown>["values"]): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values ?? {}).filter((e): e is [string, string] => typeof e[1] === "string"),
  );
}
