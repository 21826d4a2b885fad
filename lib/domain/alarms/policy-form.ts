// An administrator's policy form (FormData as a record of strings) <-> an AlarmPolicyDefinition. Every filled-in
// condition field must hold (AND); several values in one field are OR, as in the operation-records filters.
// Refusals are per field, naming the bad value, so the form can mark exactly what to correct.
import { isDeepStrictEqual } from "node:util";
import { SIGNIN_WITHOUT_MFA_CONDITION } from "./builtin-policies";
import type { Condition, FieldCondition } from "./condition";
import {
  MAX_POLICY_DESCRIPTION_LENGTH,
  MAX_POLICY_NAME_LENGTH,
  MAX_THRESHOLD_COUNT,
  MAX_THRESHOLD_WINDOW_MINUTES,
  MAX_VALUES_PER_FIELD,
  cidrProblem,
  parsePolicyDefinition,
} from "./condition-schema";
import {
  SEVERITIES,
  THRESHOLD_GROUPS,
  type AlarmPolicyDefinition,
  type AlarmThreshold,
  type Severity,
  type ThresholdGroup,
} from "./policy";

/** The form's fields. "services" takes short names (iam) and full event sources (iam.amazonaws.com) alike. */
export const POLICY_FORM_FIELDS = [
  "name",
  "description",
  "severity",
  "eventNames",
  "services",
  "userTypes",
  "errorCodes",
  "sourceIpNotIn",
  "sensitiveOnly",
  "readOnly",
  "consoleSigninWithoutMfa",
  "thresholdCount",
  "thresholdWindowMinutes",
  "thresholdPer",
] as const;
export type PolicyFormField = (typeof POLICY_FORM_FIELDS)[number];
export type PolicyFormValues = Record<PolicyFormField, string>;

export type PolicyFormResult =
  { ok: true; definition: AlarmPolicyDefinition } | { ok: false; errors: Partial<Record<PolicyFormField, string>> };

/** In "errorCodes", alone: any failed call. */
export const ANY_ERROR_WORDS = ["any", "*"];
export const READ_ONLY_CHOICES = ["any", "read", "write"] as const;

const MAX_TOKEN_LENGTH = 256;
const CHECKED = new Set(["on", "true", "1", "yes"]);

/** "a, b\nc" -> ["a", "b", "c"]: commas and line breaks separate, blanks and repeats go. */
export function splitList(text: string | undefined): string[] {
  const seen = new Set<string>();
  for (const token of (text ?? "").split(/[,\r\n]+/)) {
    const value = token.trim();
    if (value) seen.add(value);
  }
  return [...seen];
}

const quoteList = (values: string[]) => values.map((v) => JSON.stringify(v)).join(", ");
const is = (field: string, values: (string | boolean)[]): FieldCondition => ({ field, op: "equals", values });
const isAnyErrorWord = (value: string) => ANY_ERROR_WORDS.includes(value.toLowerCase());
/** "iam" names the short service; "iam.amazonaws.com" (with a dot) the source's own identifier. */
const isShortService = (value: string) => !value.includes(".");
const ANY_ERROR: FieldCondition = { field: "errorCode", op: "exists", values: [true] };

export function parsePolicyForm(form: Partial<Record<string, string>>): PolicyFormResult {
  const errors: Partial<Record<PolicyFormField, string>> = {};
  const text = (field: PolicyFormField) => (form[field] ?? "").trim();
  const checked = (field: PolicyFormField) => CHECKED.has(text(field).toLowerCase());

  const name = text("name");
  if (!name) errors.name = "Give the policy a name.";
  else if (name.length > MAX_POLICY_NAME_LENGTH) errors.name = `At most ${MAX_POLICY_NAME_LENGTH} characters.`;
  const description = text("description");
  if (description.length > MAX_POLICY_DESCRIPTION_LENGTH)
    errors.description = `At most ${MAX_POLICY_DESCRIPTION_LENGTH} characters.`;
  const severity = text("severity").toLowerCase();
  if (!(SEVERITIES as readonly string[]).includes(severity)) {
    errors.severity = `${severity ? `Unknown severity ${JSON.stringify(text("severity"))}: choose` : "Choose"} ${SEVERITIES.join(", ")}.`;
  }

  /** A list field's values, or null (with the field's error) when one is unusable. */
  const list = (field: PolicyFormField): string[] | null => {
    const values = splitList(form[field]);
    const long = values.filter((v) => v.length > MAX_TOKEN_LENGTH);
    if (values.length > MAX_VALUES_PER_FIELD) errors[field] = `At most ${MAX_VALUES_PER_FIELD} values.`;
    else if (long.length)
      errors[field] =
        `A value is at most ${MAX_TOKEN_LENGTH} characters: ${quoteList(long.map((v) => `${v.slice(0, 20)}...`))}.`;
    else return values;
    return null;
  };

  const clauses: Condition[] = [];
  const eventNames = list("eventNames");
  if (eventNames?.length) clauses.push(is("eventName", eventNames));

  const services = list("services");
  if (services?.length) {
    const short = services.filter(isShortService);
    const sources = services.filter((s) => !isShortService(s));
    const parts = [
      ...(short.length ? [is("service", short)] : []),
      ...(sources.length ? [is("eventSource", sources)] : []),
    ];
    clauses.push(parts.length === 1 ? parts[0] : { any: parts });
  }

  const userTypes = list("userTypes");
  if (userTypes?.length) clauses.push(is("userIdentity.type", userTypes));

  const errorCodes = list("errorCodes");
  if (errorCodes?.length) {
    const anyError = errorCodes.find(isAnyErrorWord);
    if (anyError && errorCodes.length > 1)
      errors.errorCodes = `"${anyError}" stands alone: it already matches every error code.`;
    else clauses.push(anyError ? ANY_ERROR : is("errorCode", errorCodes));
  }

  const networks = list("sourceIpNotIn");
  if (networks?.length) {
    const bad = networks.filter((n) => cidrProblem(n) !== null);
    if (bad.length)
      errors.sourceIpNotIn = `Not an IP address or CIDR block: ${quoteList(bad)} (e.g. 10.0.0.0/8, 2001:db8::/32).`;
    // An event without a source IP is outside every listed network: an address nobody can check is not trusted.
    else clauses.push({ not: { field: "sourceIpAddress", op: "inCidr", values: networks } });
  }

  if (checked("sensitiveOnly")) clauses.push(is("sensitive", [true]));

  const readOnly = text("readOnly").toLowerCase() || "any";
  if (readOnly === "read" || readOnly === "write") clauses.push(is("readOnly", [readOnly === "read"]));
  else if (readOnly !== "any") errors.readOnly = "Choose any, read or write.";

  if (checked("consoleSigninWithoutMfa")) {
    if (errorCodes?.length)
      errors.errorCodes ??= "Console sign-in without MFA matches successful sign-ins only: leave error codes empty.";
    clauses.push(SIGNIN_WITHOUT_MFA_CONDITION);
  }

  const conditionFields: PolicyFormField[] = [
    "eventNames",
    "services",
    "userTypes",
    "errorCodes",
    "sourceIpNotIn",
    "readOnly",
  ];
  if (clauses.length === 0 && !conditionFields.some((f) => errors[f])) {
    errors.eventNames =
      "Give at least one condition: event names, services, user types, error codes, source IPs, read or write, " +
      "sensitive operations or console sign-in without MFA.";
  }

  const threshold = parseThresholdFields(
    text("thresholdCount"),
    text("thresholdWindowMinutes"),
    text("thresholdPer"),
    errors,
  );

  if (Object.keys(errors).length > 0) return { ok: false, errors };
  const definition: AlarmPolicyDefinition = {
    name,
    description,
    severity: severity as Severity,
    condition: clauses.length === 1 ? clauses[0] : { all: clauses },
    threshold,
  };
  // Everything above keeps within the schema; checked again so a stored policy always passes it.
  const parsed = parsePolicyDefinition(definition);
  return parsed.ok
    ? { ok: true, definition: parsed.definition }
    : { ok: false, errors: { eventNames: parsed.errors.join("; ") } };
}

function parseThresholdFields(
  countText: string,
  windowText: string,
  perText: string,
  errors: Partial<Record<PolicyFormField, string>>,
): AlarmThreshold | null {
  // "Counted per" is a select that always sends a value: without N and M there is no threshold.
  if (!countText && !windowText) return null;
  const whole = (value: string, max: number, field: PolicyFormField, what: string) => {
    if (!value) errors[field] = "Give both N and M, or neither.";
    else if (!/^\d{1,9}$/.test(value) || Number(value) < 1 || Number(value) > max)
      errors[field] = `${what} from 1 to ${max}.`;
    return Number(value);
  };
  const count = whole(countText, MAX_THRESHOLD_COUNT, "thresholdCount", "A whole number");
  const windowMinutes = whole(
    windowText,
    MAX_THRESHOLD_WINDOW_MINUTES,
    "thresholdWindowMinutes",
    "A whole number of minutes",
  );
  const per = perText || "user";
  if (!(THRESHOLD_GROUPS as readonly string[]).includes(per))
    errors.thresholdPer = `Choose ${THRESHOLD_GROUPS.join(", ")}.`;
  return { count, windowMinutes, per: per as ThresholdGroup };
}

/**
 * The form's values for editing a policy, or null when its condition is not one the form writes (a Sigma rule, a
 * built-in): such a policy is shown, not edited in the form.
 */
export function policyFormValues(definition: AlarmPolicyDefinition): PolicyFormValues | null {
  const values: PolicyFormValues = {
    name: definition.name,
    description: definition.description,
    severity: definition.severity,
    eventNames: "",
    services: "",
    userTypes: "",
    errorCodes: "",
    sourceIpNotIn: "",
    sensitiveOnly: "",
    readOnly: "any",
    consoleSigninWithoutMfa: "",
    thresholdCount: definition.threshold ? String(definition.threshold.count) : "",
    thresholdWindowMinutes: definition.threshold ? String(definition.threshold.windowMinutes) : "",
    thresholdPer: definition.threshold?.per ?? "user",
  };
  const top = definition.condition;
  const clauses = isDeepStrictEqual(top, SIGNIN_WITHOUT_MFA_CONDITION) ? [top] : "all" in top ? top.all : [top];
  const filled = new Set<PolicyFormField>();
  const set = (field: PolicyFormField, value: string) => {
    if (filled.has(field)) return false;
    filled.add(field);
    values[field] = value;
    return true;
  };
  for (const clause of clauses) {
    const field = formFieldOf(clause);
    if (!field || !set(field[0], field[1])) return null;
  }
  return values;
}

/** The values of an `op` condition on `field`, when they are plain text the form splits back the same way (no
 *  separators inside, no repeats, within the limits) and no option the form cannot set is on; else null. */
function plainValues(condition: Condition, field: string, op: FieldCondition["op"] = "equals"): string[] | null {
  if (!("field" in condition) || condition.field !== field || condition.op !== op) return null;
  if (condition.matchAll !== undefined || condition.caseSensitive !== undefined) return null;
  const { values } = condition;
  if (values.length === 0 || values.length > MAX_VALUES_PER_FIELD || new Set(values).size !== values.length)
    return null;
  const plain = (v: unknown): v is string =>
    typeof v === "string" && v !== "" && v === v.trim() && v.length <= MAX_TOKEN_LENGTH && !/[,\r\n]/.test(v);
  return values.every(plain) ? values : null;
}

/** The form field (and its text) that writes this clause, or null when none does. */
function formFieldOf(clause: Condition): [PolicyFormField, string] | null {
  const same = (other: Condition) => isDeepStrictEqual(clause, other);
  if (same(SIGNIN_WITHOUT_MFA_CONDITION)) return ["consoleSigninWithoutMfa", "on"];
  if (same(is("sensitive", [true]))) return ["sensitiveOnly", "on"];
  if (same(is("readOnly", [true]))) return ["readOnly", "read"];
  if (same(is("readOnly", [false]))) return ["readOnly", "write"];
  if (same(ANY_ERROR)) return ["errorCodes", "any"];
  if ("not" in clause) {
    const networks = plainValues(clause.not, "sourceIpAddress", "inCidr");
    return networks?.every((n) => cidrProblem(n) === null) ? ["sourceIpNotIn", networks.join(", ")] : null;
  }
  if ("any" in clause) {
    // Services of both kinds: the short names, then the event sources.
    const [short, sources] =
      clause.any.length === 2 ? [plainValues(clause.any[0], "service"), plainValues(clause.any[1], "eventSource")] : [];
    return short?.every(isShortService) && sources && !sources.some(isShortService)
      ? ["services", [...short, ...sources].join(", ")]
      : null;
  }
  if (!("field" in clause)) return null;
  const values = plainValues(clause, clause.field);
  if (!values) return null;
  switch (clause.field) {
    case "eventName":
      return ["eventNames", values.join(", ")];
    case "userIdentity.type":
      return ["userTypes", values.join(", ")];
    case "errorCode": // a code literally named "any" would come back as "any error"
      return values.some(isAnyErrorWord) ? null : ["errorCodes", values.join(", ")];
    case "service":
      return values.every(isShortService) ? ["services", values.join(", ")] : null;
    case "eventSource":
      return values.some(isShortService) ? null : ["services", values.join(", ")];
    default:
      return null;
  }
}
