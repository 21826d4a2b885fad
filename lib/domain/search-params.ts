// URL state, one way for every list: a list declares its parameters once, as a zod schema over the raw query
// (every value of every parameter), and parseSearchParams runs it for the page, the API route and the tests.
// A bad value is one error that names its parameter, so a page can show it and the API can answer
// {error, parameter}. The client side of the same state is queryFromForm (below) and useFilterSubmit.
import { z } from "zod";

// Filter forms import these modules in the browser, where the console's CSP forbids eval. Zod's object schemas
// otherwise probe for eval when built (a caught `new Function`, still reported as a CSP violation) to compile a
// fast parser; URL parameters are a handful of keys, so the plain parser is as good. Every list schema module
// imports this one, so this runs before any of them builds a schema.
z.config({ jitless: true });

/** The one result of reading a list's URL parameters. */
export type SearchParamsResult<T> = { ok: true; value: T } | { ok: false; param: string; message: string };

/** What a schema receives: each parameter's values, in order, as URLSearchParams.getAll gives them. */
export type RawSearchParams = Record<string, string[]>;

export interface ParseSearchParamsOptions {
  /** When given, only these parameters may appear; any other is refused as "unknown parameter" (the API). */
  allow?: readonly string[];
}

export function parseSearchParams<T>(
  schema: z.ZodType<T, RawSearchParams>,
  params: URLSearchParams,
  options: ParseSearchParamsOptions = {},
): SearchParamsResult<T> {
  if (options.allow) {
    for (const key of params.keys()) if (!options.allow.includes(key)) return failure(key, "unknown parameter");
  }
  // No prototype: a parameter named "__proto__" or "toString" is a parameter like any other, and an absent
  // one is absent (not Object.prototype's member).
  const raw: RawSearchParams = Object.create(null);
  for (const key of params.keys()) raw[key] = params.getAll(key);
  const result = schema.safeParse(raw);
  if (result.success) return { ok: true, value: result.data };
  const issue = result.error.issues[0];
  return failure(String(issue.path[0] ?? ""), issue.message);
}

/** For state read leniently (a schema that refuses nothing): the value itself. */
export function readSearchParams<T>(schema: z.ZodType<T, RawSearchParams>, params: URLSearchParams): T {
  const result = parseSearchParams(schema, params);
  if (!result.ok) throw new Error(result.message);
  return result.value;
}

/** A refusal, worded as every list words it: "param: message". */
export function failure(param: string, message: string): { ok: false; param: string; message: string } {
  return { ok: false, param, message: `${param}: ${message}` };
}

const INVALID = Symbol("invalid");
/** A rule's refusal: the message, and for a rule over several parameters, the parameter it names. */
export interface Invalid {
  [INVALID]: { message: string; param?: string };
}
export const invalid = (message: string, param?: string): Invalid => ({ [INVALID]: { message, param } });
const isInvalid = (value: unknown): value is Invalid => typeof value === "object" && value !== null && INVALID in value;

/**
 * A transform from a rule that returns the value or invalid(message). On one parameter the issue is that
 * parameter's; on the whole object (rules over several parameters) invalid(message, param) names it.
 */
export function rule<I, O>(fn: (value: I) => O | Invalid) {
  return (value: I, ctx: z.core.$RefinementCtx<I>): O => {
    const out = fn(value);
    if (!isInvalid(out)) return out;
    const { message, param } = out[INVALID];
    ctx.addIssue({ code: "custom", message, ...(param === undefined ? {} : { path: [param] }) });
    return z.NEVER;
  };
}

const values = z
  .array(z.string())
  .optional()
  .transform((v) => v ?? []);

/** How a list reads one parameter's raw values. */
export const param = {
  /** Every value, comma-separated ones split, trimmed, blanks and repeats dropped. */
  list: () =>
    values.transform((v) => [
      ...new Set(
        v
          .flatMap((s) => s.split(","))
          .map((s) => s.trim())
          .filter(Boolean),
      ),
    ]),
  /** The last non-blank value, trimmed; null when there is none. */
  last: () =>
    values.transform((v) => {
      const given = v.map((s) => s.trim()).filter(Boolean);
      return given.length ? given[given.length - 1] : null;
    }),
  /** The first value exactly as given (blank included); null when the parameter is absent. */
  first: () => values.transform((v) => v[0] ?? null),
  /** The first value trimmed; null when absent or blank. */
  firstTrimmed: () => values.transform((v) => v[0]?.trim() || null),
};

/** Own keys only: `in` would also find Object.prototype's names ("toString", "__proto__"). */
export const isOneOf = <T extends string>(choices: readonly T[], value: string): value is T =>
  (choices as readonly string[]).includes(value);

/**
 * A filter form's fields as the URL query: non-blank values, trimmed, in form order; a field left at its
 * default (e.g. range=7d) is left out so the URL stays short.
 */
export function queryFromForm(
  entries: Iterable<[string, unknown]>,
  defaults: Readonly<Record<string, string>> = {},
): URLSearchParams {
  const query = new URLSearchParams();
  for (const [key, value] of entries) {
    if (typeof value !== "string" || !value.trim()) continue;
    if (Object.hasOwn(defaults, key) && defaults[key] === value) continue;
    query.append(key, value.trim());
  }
  return query;
}

/** `path?query`, or the bare path when the query is empty. */
export function hrefOf(path: string, query: URLSearchParams): string {
  return query.size ? `${path}?${query}` : path;
}
