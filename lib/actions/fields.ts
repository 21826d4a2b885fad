// zod pieces for form fields, shared by the actions' input schemas: a form sends strings (or nothing for an
// unchecked box), a direct call may send the typed value.
import "server-only";
import { z } from "zod";

/** A checkbox: "on" (or true) when ticked, absent (or false) when not; anything else is not a checkbox's value. */
export const checkbox = z
  .union(
    [z.literal("on"), z.literal("true"), z.literal("false"), z.literal(""), z.boolean()],
    "This request is not valid: a checkbox is on or off.",
  )
  .optional()
  .transform((v) => v === "on" || v === "true" || v === true);

/** Text of a field, "" when absent. */
export const text = (max = 1024) => z.preprocess((v) => (v === undefined || v === null ? "" : v), z.string().max(max));

/** A positive whole number, as a form's string or a number. */
export const id = (message = "This request is not valid: no such item.") =>
  z.coerce.number({ error: message }).int(message).positive(message);

/** A repeated field (several checkboxes or a multiple select), as a list of strings. */
export const list = z.preprocess(
  (v) => (v === undefined || v === null ? [] : Array.isArray(v) ? v : [v]),
  z.array(z.string().max(1024)).max(1000),
);

/** A "true"/"false" field of a button, or a boolean. */
export const flag = z.preprocess((v) => v === true || v === "true", z.boolean());

/** The named fields of a request as text ("" when absent or not text), for schemas written for strings. */
export function texts(raw: unknown, names: readonly string[]): Record<string, string> {
  const source = (raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>;
  return Object.fromEntries(
    names.map((name) => [name, typeof source[name] === "string" ? (source[name] as string) : ""]),
  );
}

/** A ticked checkbox as a form or a direct call sends it. */
export const ticked = (value: unknown) => value === "on" || value === true || value === "true";

/** Every text field of a request, for the domain's own form parsers (they take strings and name the fields). */
export const textFields = z.preprocess(
  (raw) =>
    Object.fromEntries(
      Object.entries((raw && typeof raw === "object" ? raw : {}) as Record<string, unknown>).filter(
        ([, v]) => typeof v === "string",
      ),
    ),
  z.record(z.string(), z.string().max(100_000)),
);
