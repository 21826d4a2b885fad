// Validation of a condition and threshold as stored on a policy or submitted by an administrator or an importer:
// the evaluator (condition.ts) trusts its input, so everything it would trip over is refused here with a message
// that names the place ("all[1].values[0]: ...") and the bad value.
import { isIPv4, isIPv6 } from "node:net";
import { z } from "zod";
import { OPERATORS, type Condition, type FieldCondition, type Scalar } from "./condition";
import { SEVERITIES, THRESHOLD_GROUPS, type AlarmPolicyDefinition, type AlarmThreshold } from "./policy";

/** Nesting levels of all / any / not (the top condition is level 1): enough for any hand-written or Sigma policy. */
export const MAX_CONDITION_DEPTH = 10;
/** Conditions in one tree, bounding the work per event. */
export const MAX_CONDITION_NODES = 200;
export const MAX_VALUES_PER_FIELD = 500;
export const MAX_VALUE_LENGTH = 4096;
export const FIELD_NAME_PATTERN = /^(raw\.)?[A-Za-z0-9_.\-]{1,200}$/;
export const MAX_THRESHOLD_COUNT = 100_000;
/** One week. */
export const MAX_THRESHOLD_WINDOW_MINUTES = 10_080;

type Path = (string | number)[];

/** Why a value is not an IP address or CIDR block the evaluator can use, or null when it is. */
export function cidrProblem(value: unknown): string | null {
  const bad = `${JSON.stringify(value)} is not an IPv4/IPv6 address or CIDR block`;
  if (typeof value !== "string") return bad;
  const parts = value.split("/");
  // A zone ("%eth0") means nothing in a network list.
  if (parts.length > 2 || value.includes("%")) return bad;
  const [address, bits] = parts;
  const max = isIPv4(address) ? 32 : isIPv6(address) ? 128 : null;
  if (max === null) return bad;
  // Digits only: the evaluator's Number("") is 0 (every address) and Number("1e1") is 10.
  if (bits !== undefined && (!/^\d{1,3}$/.test(bits) || Number(bits) > max)) return `${bad} (prefix length 0-${max})`;
  return null;
}

/** Why a pattern does not compile as the evaluator compiles it (Unicode mode), or null. */
export function regexProblem(pattern: string): string | null {
  try {
    new RegExp(pattern, "u");
    return null;
  } catch (error) {
    return `${JSON.stringify(pattern)} is not a valid regular expression (${(error as Error).message})`;
  }
}

const scalarSchema = z.union(
  [
    z.string().max(MAX_VALUE_LENGTH, `a value is at most ${MAX_VALUE_LENGTH} characters`),
    z.number(),
    z.boolean(),
    z.null(),
  ],
  { error: "a value is text, a number, true, false or null" },
);

const fieldNameSchema = z
  .string({ error: "field is the name of a field" })
  .regex(FIELD_NAME_PATTERN, 'field is letters, digits and _ . - (up to 200), optionally after "raw."');

const fieldConditionSchema = z
  .strictObject({
    field: fieldNameSchema,
    op: z.enum(OPERATORS, { error: `op is one of ${OPERATORS.join(", ")}` }),
    values: z
      .array(scalarSchema, { error: "values is a list" })
      .min(1, "values needs at least one value")
      .max(MAX_VALUES_PER_FIELD, `values holds at most ${MAX_VALUES_PER_FIELD} values`),
    matchAll: z.boolean({ error: "matchAll is true or false" }).optional(),
    caseSensitive: z.boolean({ error: "caseSensitive is true or false" }).optional(),
  })
  .superRefine((condition, ctx) => {
    const each = (problem: (value: Scalar) => string | null) =>
      condition.values.forEach((value, i) => {
        const message = problem(value);
        if (message) ctx.addIssue({ code: "custom", message, path: ["values", i] });
      });
    switch (condition.op) {
      case "exists":
        if (condition.values.length !== 1 || typeof condition.values[0] !== "boolean")
          ctx.addIssue({ code: "custom", message: "exists takes values [true] or [false]", path: ["values"] });
        break;
      case "equalsField":
        each((v) =>
          typeof v === "string" && FIELD_NAME_PATTERN.test(v) ? null : `${JSON.stringify(v)} is not a field name`,
        );
        break;
      case "inCidr":
        each(cidrProblem);
        break;
      case "regex":
        each((v) =>
          typeof v === "string" ? regexProblem(v) : `${JSON.stringify(v)} is not a regular expression (text)`,
        );
        break;
    }
  });

const COMPOSITES = ["all", "any", "not", "newAccessKeyIp"] as const;

interface WalkState {
  nodes: number;
  tooMany: boolean;
}

const show = (path: Path) =>
  path.reduce<string>(
    (text, part) => (typeof part === "number" ? `${text}[${part}]` : text ? `${text}.${part}` : part),
    "",
  );

/** A checked copy of one condition node and its children, or null after reporting what is wrong. */
function checked(node: unknown, path: Path, depth: number, state: WalkState, ctx: z.RefinementCtx): Condition | null {
  const issue = (message: string, at: Path = path) => ctx.addIssue({ code: "custom", message, path: at });
  if (depth > MAX_CONDITION_DEPTH) {
    issue(`conditions nest at most ${MAX_CONDITION_DEPTH} levels deep`);
    return null;
  }
  if (++state.nodes > MAX_CONDITION_NODES) {
    if (!state.tooMany) issue(`a policy has at most ${MAX_CONDITION_NODES} conditions`, []);
    state.tooMany = true;
    return null;
  }
  if (typeof node !== "object" || node === null || Array.isArray(node)) {
    issue("expected a condition: an object with all, any, not, newAccessKeyIp or field");
    return null;
  }
  const record = node as Record<string, unknown>;
  const keys = Object.keys(record);
  const kinds = COMPOSITES.filter((k) => keys.includes(k));
  if (kinds.length > 1 || (kinds.length === 1 && keys.length > 1)) {
    issue(`a condition with "${kinds[0]}" has no other keys (found ${keys.join(", ")})`);
    return null;
  }
  const kind = kinds[0];
  if (kind === "all" || kind === "any") {
    const list = record[kind];
    if (!Array.isArray(list)) {
      issue("expected a list of conditions", [...path, kind]);
      return null;
    }
    // The evaluator would take an empty "all" as always true and an empty "any" as never.
    if (list.length === 0) {
      issue(`${kind} needs at least one condition`, [...path, kind]);
      return null;
    }
    const children: (Condition | null)[] = [];
    for (let i = 0; i < list.length && !state.tooMany; i++)
      children.push(checked(list[i], [...path, kind, i], depth + 1, state, ctx));
    if (state.tooMany || children.some((c) => c === null)) return null;
    return kind === "all" ? { all: children as Condition[] } : { any: children as Condition[] };
  }
  if (kind === "not") {
    const child = checked(record.not, [...path, "not"], depth + 1, state, ctx);
    return child && { not: child };
  }
  if (kind === "newAccessKeyIp") {
    if (record.newAccessKeyIp !== true) {
      issue("newAccessKeyIp is true", [...path, "newAccessKeyIp"]);
      return null;
    }
    return { newAccessKeyIp: true };
  }
  const parsed = fieldConditionSchema.safeParse(record);
  if (!parsed.success) {
    for (const i of parsed.error.issues) issue(i.message, [...path, ...(i.path as Path)]);
    return null;
  }
  const { field, op, values, matchAll, caseSensitive } = parsed.data;
  const copy: FieldCondition = { field, op, values };
  if (matchAll !== undefined) copy.matchAll = matchAll;
  if (caseSensitive !== undefined) copy.caseSensitive = caseSensitive;
  return copy;
}

/** A condition tree: the checked copy (only the keys the evaluator knows), or issues naming each bad place. */
export const conditionSchema: z.ZodType<Condition, unknown> = z.unknown().transform((value, ctx) => {
  const condition = checked(value, [], 1, { nodes: 0, tooMany: false }, ctx);
  return condition ?? z.NEVER;
});

export const thresholdSchema: z.ZodType<AlarmThreshold | null, unknown> = z
  .strictObject({
    count: z
      .number({ error: "count is a number" })
      .int("count is a whole number")
      .min(1, "count is at least 1")
      .max(MAX_THRESHOLD_COUNT, `count is at most ${MAX_THRESHOLD_COUNT}`),
    windowMinutes: z
      .number({ error: "windowMinutes is a number" })
      .int("windowMinutes is a whole number of minutes")
      .min(1, "windowMinutes is at least 1")
      .max(MAX_THRESHOLD_WINDOW_MINUTES, `windowMinutes is at most ${MAX_THRESHOLD_WINDOW_MINUTES} (one week)`),
    per: z.enum(THRESHOLD_GROUPS, { error: `per is one of ${THRESHOLD_GROUPS.join(", ")}` }),
  })
  .nullable();

export const MAX_POLICY_NAME_LENGTH = 100;
export const MAX_POLICY_DESCRIPTION_LENGTH = 1000;

export const policyDefinitionSchema: z.ZodType<AlarmPolicyDefinition, unknown> = z.object({
  name: z
    .string({ error: "name is text" })
    .trim()
    .min(1, "name is empty")
    .max(MAX_POLICY_NAME_LENGTH, `name is at most ${MAX_POLICY_NAME_LENGTH} characters`),
  description: z
    .string({ error: "description is text" })
    .max(MAX_POLICY_DESCRIPTION_LENGTH, `description is at most ${MAX_POLICY_DESCRIPTION_LENGTH} characters`),
  severity: z.enum(SEVERITIES, { error: `severity is one of ${SEVERITIES.join(", ")}` }),
  condition: conditionSchema,
  threshold: thresholdSchema,
});

/** Each issue as "where: what", e.g. "all[1].values[0]: \"10.0.0.0/33\" is not an IPv4/IPv6 address or CIDR block". */
export function issueMessages(error: z.ZodError): string[] {
  return error.issues.map((i) => {
    const where = show(i.path as Path);
    return where ? `${where}: ${i.message}` : i.message;
  });
}

export type Parsed<K extends string, T> = ({ ok: true } & Record<K, T>) | { ok: false; errors: string[] };

export function parseCondition(input: unknown): Parsed<"condition", Condition> {
  const result = conditionSchema.safeParse(input);
  return result.success ? { ok: true, condition: result.data } : { ok: false, errors: issueMessages(result.error) };
}

export function parseThreshold(input: unknown): Parsed<"threshold", AlarmThreshold | null> {
  const result = thresholdSchema.safeParse(input);
  return result.success ? { ok: true, threshold: result.data } : { ok: false, errors: issueMessages(result.error) };
}

export function parsePolicyDefinition(input: unknown): Parsed<"definition", AlarmPolicyDefinition> {
  const result = policyDefinitionSchema.safeParse(input);
  return result.success ? { ok: true, definition: result.data } : { ok: false, errors: issueMessages(result.error) };
}
