// A condition and threshold as one short line for the policy list and the alarm page, e.g.
// "eventName is one of StopLogging, DeleteTrail and sourceIpAddress not in 10.0.0.0/8; more than 5 in 10 minutes
// per user". Field names stay as written (they are what an administrator types and filters on). Stored JSON is
// described defensively: an unknown shape reads "(unrecognised condition)" instead of failing the page.
import { isDeepStrictEqual } from "node:util";
import { SIGNIN_WITHOUT_MFA_CONDITION } from "./builtin-policies";
import type { Condition, FieldCondition, Scalar } from "./condition";
import type { AlarmThreshold, ThresholdGroup } from "./policy";

/** Values listed before "and N more". */
export const MAX_LISTED_VALUES = 6;
/** The condition part is cut here (a Sigma rule can have 200 conditions); the threshold is always shown. */
export const MAX_DESCRIPTION_LENGTH = 400;

const UNRECOGNISED = "(unrecognised condition)";

const PER: Record<ThresholdGroup, string> = {
  user: "user",
  sourceIp: "source IP",
  accessKey: "AccessKey",
  account: "account",
};

export function describeCondition(condition: Condition, threshold?: AlarmThreshold | null): string {
  let text = describe(condition, false);
  if (text.length > MAX_DESCRIPTION_LENGTH) text = `${text.slice(0, MAX_DESCRIPTION_LENGTH - 1).trimEnd()}…`;
  return threshold ? `${text}; ${describeThreshold(threshold)}` : text;
}

export function describeThreshold(threshold: AlarmThreshold): string {
  const { count, windowMinutes, per } = threshold;
  const plural = (n: number, unit: string) => `${n} ${unit}${n === 1 ? "" : "s"}`;
  const window =
    windowMinutes % 1440 === 0
      ? plural(windowMinutes / 1440, "day")
      : windowMinutes % 60 === 0
        ? plural(windowMinutes / 60, "hour")
        : plural(windowMinutes, "minute");
  return `more than ${count} in ${window} per ${PER[per] ?? per}`;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** The text of a condition; `negated` asks for its negation ("not in", "is absent"). */
function describe(condition: unknown, negated: boolean): string {
  if (!isObject(condition)) return UNRECOGNISED;
  // The form offers this built-in condition as one checkbox: say it the way the form does.
  if (isDeepStrictEqual(condition, SIGNIN_WITHOUT_MFA_CONDITION))
    return `${negated ? "not " : ""}console sign-in without MFA`;
  if (Array.isArray(condition.all) || Array.isArray(condition.any)) {
    const kind = Array.isArray(condition.all) ? "all" : "any";
    const children = condition[kind] as unknown[];
    if (children.length === 1) return describe(children[0], negated);
    const joined = children.map((c) => grouped(c, kind)).join(kind === "all" ? " and " : " or ");
    return negated ? `not (${joined})` : joined;
  }
  if ("not" in condition) return describe(condition.not, !negated);
  if (condition.newAccessKeyIp === true)
    return negated ? "not (AccessKey used from a new source IP)" : "AccessKey used from a new source IP";
  if (typeof condition.field === "string" && typeof condition.op === "string" && Array.isArray(condition.values)) {
    return describeField(condition as unknown as FieldCondition, negated);
  }
  return UNRECOGNISED;
}

/** A one-element all / any is its element. */
function unwrapped(condition: unknown): unknown {
  let c = condition;
  while (
    isObject(c) &&
    ((Array.isArray(c.all) && c.all.length === 1) || (Array.isArray(c.any) && c.any.length === 1))
  ) {
    c = ((c.all ?? c.any) as unknown[])[0];
  }
  return c;
}

/** A child of an all / any, in parentheses when it is a list of the other kind ("a and (b or c)"). */
function grouped(child: unknown, parent: "all" | "any"): string {
  const text = describe(child, false);
  const inner = unwrapped(child);
  const other = isObject(inner) ? (parent === "all" ? inner.any : inner.all) : undefined;
  return Array.isArray(other) && other.length > 1 && !isDeepStrictEqual(inner, SIGNIN_WITHOUT_MFA_CONDITION)
    ? `(${text})`
    : text;
}

function valueText(value: Scalar): string {
  if (value === null) return "empty";
  if (typeof value !== "string") return String(value);
  return /^[^\s,"]+$/.test(value) ? value : JSON.stringify(value);
}

function listed(values: Scalar[], show: (v: Scalar) => string = valueText): string {
  const shown = values
    .slice(0, values.length > MAX_LISTED_VALUES ? MAX_LISTED_VALUES - 1 : MAX_LISTED_VALUES)
    .map(show);
  const rest = values.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${rest} more` : shown.join(", ");
}

// op -> [positive, negative] verb; "{n}" is "one of"/"any of"/"all of" before a list of several values.
const VERBS: Record<string, [string, string]> = {
  equals: ["is", "is not"],
  contains: ["contains", "does not contain"],
  startswith: ["starts with", "does not start with"],
  endswith: ["ends with", "does not end with"],
  regex: ["matches", "does not match"],
  equalsField: ["equals field", "does not equal field"],
  inCidr: ["in", "not in"],
};

function describeField(condition: FieldCondition, negated: boolean): string {
  const { field, op, values, matchAll } = condition;
  const suffix = condition.caseSensitive ? " (case-sensitive)" : "";
  if (op === "exists") return `${field} is ${(values[0] === false) !== negated ? "absent" : "present"}`;
  const verbs = VERBS[op];
  if (!verbs) return UNRECOGNISED;
  const verb = verbs[negated ? 1 : 0];
  if (op === "inCidr") return `${field} ${verb} ${listed(values)}`;
  const show = op === "regex" ? (v: Scalar) => `/${String(v)}/` : valueText;
  if (values.length === 1) return `${field} ${verb} ${show(values[0])}${suffix}`;
  const quantifier = matchAll ? "all of" : op === "equals" || op === "equalsField" ? "one of" : "any of";
  const plural = op === "equalsField" ? `${verb.replace(/field$/, "")}${quantifier} fields` : `${verb} ${quantifier}`;
  return `${field} ${plural} ${listed(values, show)}${suffix}`;
}
