// Alarm conditions: a small boolean language over one event, shared by the built-in policies, the policies an
// administrator writes and the imported Sigma rules. Plain data (stored as JSON on the policy), evaluated here
// without a database. Fields name the normalised event ("eventName", "userIdentity.type", "requestParameters.x")
// or, with a "raw." prefix, the source record as received ("raw.additionalEventData.MFAUsed").
import { BlockList, isIPv4, isIPv6 } from "node:net";
import type { NormalisedEvent } from "@/lib/domain/event";

export type Scalar = string | number | boolean | null;

/** How a field's value is compared with the condition's values. */
export const OPERATORS = [
  "equals",
  "contains",
  "startswith",
  "endswith",
  "regex",
  "inCidr",
  "exists",
  "equalsField",
] as const;
export type Operator = (typeof OPERATORS)[number];

export interface FieldCondition {
  field: string;
  op: Operator;
  /** Any one of them matches (a list is OR), unless `matchAll`. For "exists": [true] or [false]. For
   *  "equalsField": the other field's name. For "inCidr": CIDR blocks or addresses. */
  values: Scalar[];
  matchAll?: boolean;
  /** Text comparisons ignore case unless this is set (Sigma's default is case-insensitive). */
  caseSensitive?: boolean;
}

export type Condition =
  | { all: Condition[] }
  | { any: Condition[] }
  | { not: Condition }
  | FieldCondition
  /** Needs the event history: the AccessKey has been used before, never from this source IP. Decided by the
   *  alarm engine (lib/alarms), which passes the answer in through `EvaluationContext.isNewAccessKeyIp`. */
  | { newAccessKeyIp: true };

export interface EvaluationContext {
  isNewAccessKeyIp?: (event: NormalisedEvent) => boolean;
}

/** The event as one condition sees it, with the raw record parsed once and only when a condition needs it. */
export class AlarmSubject {
  private parsedRaw: unknown = undefined;
  private parsed = false;
  constructor(readonly event: NormalisedEvent) {}

  get raw(): unknown {
    if (!this.parsed) {
      this.parsed = true;
      try {
        this.parsedRaw = JSON.parse(this.event.raw);
      } catch {
        this.parsedRaw = null;
      }
    }
    return this.parsedRaw;
  }

  /** The values at a dotted path. Arrays along the way fan out (every element is a candidate), so
   *  "resources.name" gives every resource's name. An absent field gives []. */
  values(field: string): unknown[] {
    const [root, rest] = field.startsWith("raw.") ? [this.raw, field.slice(4)] : [this.event as unknown, field];
    return valuesAt(root, rest === "" ? [] : rest.split("."));
  }
}

function valuesAt(value: unknown, path: string[]): unknown[] {
  if (path.length === 0) return value === undefined ? [] : Array.isArray(value) ? value : [value];
  if (Array.isArray(value)) return value.flatMap((element) => valuesAt(element, path));
  if (value === null || typeof value !== "object" || value instanceof Date) return [];
  const [head, ...tail] = path;
  if (!Object.prototype.hasOwnProperty.call(value, head)) return [];
  return valuesAt((value as Record<string, unknown>)[head], tail);
}

/** A value as text for comparison: dates as ISO, objects as their JSON (Sigma's "requestParameters|contains"). */
function asText(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === "object") return JSON.stringify(value);
  return String(value);
}

const regexCache = new Map<string, RegExp | null>();
function compiled(pattern: string, caseSensitive: boolean): RegExp | null {
  const key = `${caseSensitive ? "s" : "i"}${pattern}`;
  if (!regexCache.has(key)) {
    try {
      regexCache.set(key, new RegExp(pattern, caseSensitive ? "u" : "iu"));
    } catch {
      regexCache.set(key, null);
    }
  }
  return regexCache.get(key)!;
}

const cidrCache = new Map<string, BlockList>();
function blockList(values: Scalar[]): BlockList {
  const key = values.join(",");
  let list = cidrCache.get(key);
  if (!list) {
    list = new BlockList();
    for (const value of values) {
      // Stored data is not trusted: a malformed block is skipped, never widened to "every address" or thrown.
      const text = String(value);
      const slash = text.indexOf("/");
      const address = slash < 0 ? text : text.slice(0, slash);
      const bits = slash < 0 ? null : text.slice(slash + 1);
      const family = isIPv4(address) ? "ipv4" : isIPv6(address) ? "ipv6" : null;
      if (!family) continue;
      if (bits === null) list.addAddress(address, family);
      else if (/^\d{1,3}$/.test(bits) && Number(bits) <= (family === "ipv4" ? 32 : 128))
        list.addSubnet(address, Number(bits), family);
    }
    cidrCache.set(key, list);
  }
  return list;
}

function textMatches(op: Operator, actual: string, expected: string, caseSensitive: boolean): boolean {
  if (op === "regex") return compiled(expected, caseSensitive)?.test(actual) ?? false;
  const a = caseSensitive ? actual : actual.toLowerCase();
  const e = caseSensitive ? expected : expected.toLowerCase();
  switch (op) {
    case "equals":
      return a === e;
    case "contains":
      return a.includes(e);
    case "startswith":
      return a.startsWith(e);
    case "endswith":
      return a.endsWith(e);
    default:
      return false;
  }
}

function valueMatches(condition: FieldCondition, actual: unknown[], expected: Scalar, subject: AlarmSubject): boolean {
  const caseSensitive = condition.caseSensitive ?? false;
  if (condition.op === "equalsField") {
    const others = subject.values(String(expected)).map(asText);
    return actual.some((a) => others.includes(asText(a)));
  }
  if (condition.op === "inCidr") {
    const list = blockList([expected]);
    return actual.some((a) => {
      const ip = asText(a);
      if (!ip) return false;
      const family = isIPv4(ip) ? "ipv4" : isIPv6(ip) ? "ipv6" : null;
      return family !== null && list.check(ip, family);
    });
  }
  // A null expected value matches an absent or null field (Sigma's "field: null").
  if (expected === null) return actual.length === 0 || actual.every((a) => a === null);
  const expectedText = String(expected);
  return actual.some((a) => {
    const text = asText(a);
    return text !== null && textMatches(condition.op, text, expectedText, caseSensitive);
  });
}

export function fieldMatches(condition: FieldCondition, subject: AlarmSubject): boolean {
  const actual = subject.values(condition.field);
  if (condition.op === "exists") {
    const present = actual.some((a) => a !== null);
    return condition.values[0] === false ? !present : present;
  }
  if (condition.values.length === 0) return false;
  const test = (expected: Scalar) => valueMatches(condition, actual, expected, subject);
  return condition.matchAll ? condition.values.every(test) : condition.values.some(test);
}

export function matches(condition: Condition, subject: AlarmSubject, context: EvaluationContext = {}): boolean {
  // An empty "all" would match every event: treated as matching none (the schema refuses it anyway).
  if ("all" in condition) return condition.all.length > 0 && condition.all.every((c) => matches(c, subject, context));
  if ("any" in condition) return condition.any.some((c) => matches(c, subject, context));
  if ("not" in condition) return !matches(condition.not, subject, context);
  if ("newAccessKeyIp" in condition) return context.isNewAccessKeyIp?.(subject.event) ?? false;
  return fieldMatches(condition, subject);
}

/** Whether a condition needs the event history (and so the alarm engine's help). */
export function needsHistory(condition: Condition): boolean {
  if ("all" in condition) return condition.all.some(needsHistory);
  if ("any" in condition) return condition.any.some(needsHistory);
  if ("not" in condition) return needsHistory(condition.not);
  return "newAccessKeyIp" in condition;
}
