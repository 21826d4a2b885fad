// Sigma search identifiers ("selections") -> alarm conditions. A Sigma field becomes "raw.<field>": the rules are
// written against the CloudTrail record as AWS delivers it, not against our normalised event.
import { isIPv4, isIPv6 } from "node:net";
import type { Condition, FieldCondition, Operator, Scalar } from "./condition";
import { SigmaRuleError, unsupported } from "./sigma-refusal";

export const sigmaField = (name: string): string => `raw.${name}`;

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/** AND of the parts; one part is returned as it is, nested ANDs are flattened. */
export function allOf(parts: Condition[]): Condition {
  const flat = parts.flatMap((part) => ("all" in part ? part.all : [part]));
  return flat.length === 1 ? flat[0] : { all: flat };
}

/** OR of the parts; one part is returned as it is, nested ORs are flattened. */
export function anyOf(parts: Condition[]): Condition {
  const flat = parts.flatMap((part) => ("any" in part ? part.any : [part]));
  return flat.length === 1 ? flat[0] : { any: flat };
}

/** One selection: a map is the AND of its fields, a list of maps the OR of the maps. */
export function selectionCondition(name: string, value: unknown): Condition {
  if (isMap(value)) return mapCondition(name, value);
  if (Array.isArray(value) && value.length > 0) {
    if (value.every(isMap)) return anyOf(value.map((map) => mapCondition(name, map)));
    throw unsupported("keyword search (a list of values without a field)");
  }
  if (value === null || Array.isArray(value)) throw new SigmaRuleError(`selection "${name}" is empty`);
  throw unsupported("keyword search (a value without a field)");
}

function mapCondition(selection: string, map: Record<string, unknown>): Condition {
  const entries = Object.entries(map);
  if (entries.length === 0) throw new SigmaRuleError(`selection "${selection}" is empty`);
  return allOf(entries.map(([key, value]) => fieldCondition(key, value)));
}

/** Modifiers that decide how a value is compared; a field takes at most one of them. */
const COMPARISONS = new Set(["contains", "startswith", "endswith", "re", "fieldref", "cidr", "exists"]);

interface Modifiers {
  comparison: string | null;
  all: boolean;
  cased: boolean;
  /** re|i: Sigma regular expressions are case-sensitive unless this is given. */
  regexIgnoreCase: boolean;
}

function modifiersOf(key: string, names: string[]): Modifiers {
  const modifiers: Modifiers = { comparison: null, all: false, cased: false, regexIgnoreCase: false };
  for (const name of names) {
    if (COMPARISONS.has(name)) {
      if (modifiers.comparison !== null && modifiers.comparison !== name) {
        throw unsupported(`modifiers "${modifiers.comparison}" and "${name}" together`);
      }
      modifiers.comparison = name;
    } else if (name === "all") modifiers.all = true;
    else if (name === "cased") modifiers.cased = true;
    else if (name === "i" && modifiers.comparison === "re") modifiers.regexIgnoreCase = true;
    else if (name === "") throw new SigmaRuleError(`field "${key}": empty modifier`);
    else throw unsupported(`modifier "${name}"`);
  }
  return modifiers;
}

type Atom = { op: Operator; value: Scalar };

/** One "field|modifiers: value(s)" entry. A list of values is an OR, or an AND with "all". */
function fieldCondition(key: string, value: unknown): Condition {
  const [name, ...modifierNames] = key.split("|");
  if (name.trim() === "") throw unsupported("keyword search (a list of values without a field)");
  const field = sigmaField(name);
  const modifiers = modifiersOf(key, modifierNames);
  const values = Array.isArray(value) ? value : [value];
  if (values.length === 0) throw new SigmaRuleError(`field "${key}" has an empty list of values`);
  for (const v of values) {
    if (typeof v === "object" && v !== null)
      throw new SigmaRuleError(`field "${key}": a value must be a string, number, boolean or null`);
  }
  const scalars = values as Scalar[];
  const { comparison } = modifiers;
  if (comparison !== null && scalars.includes(null)) {
    throw new SigmaRuleError(`field "${key}": a null value cannot take the modifier "${comparison}"`);
  }

  switch (comparison) {
    case "exists":
      if (scalars.length !== 1 || typeof scalars[0] !== "boolean") {
        throw new SigmaRuleError(`field "${key}": "exists" takes true or false`);
      }
      return { field, op: "exists", values: [scalars[0]] };
    case "fieldref":
      return grouped(
        field,
        scalars.map((v) => ({ op: "equalsField", value: sigmaField(String(v)) })),
        modifiers,
      );
    case "cidr":
      for (const v of scalars) {
        if (!validCidr(String(v))) throw new SigmaRuleError(`field "${key}": invalid CIDR "${String(v)}"`);
      }
      return grouped(
        field,
        scalars.map((v) => ({ op: "inCidr", value: String(v) })),
        modifiers,
      );
    case "re":
      for (const v of scalars) {
        try {
          new RegExp(String(v), "u");
        } catch (error) {
          throw new SigmaRuleError(
            `field "${key}": invalid regular expression "${String(v)}" (${(error as Error).message})`,
          );
        }
      }
      return grouped(
        field,
        scalars.map((v) => ({ op: "regex", value: String(v) })),
        {
          ...modifiers,
          cased: !modifiers.regexIgnoreCase,
        },
      );
    default:
      return grouped(
        field,
        scalars.map((v) => plainAtom(v, comparison)),
        modifiers,
      );
  }
}

/** Values with the same operator share one field condition; the groups are OR-ed (AND-ed with "all"). */
function grouped(field: string, atoms: Atom[], modifiers: Modifiers): Condition {
  const byOp = new Map<Operator, Scalar[]>();
  for (const { op, value } of atoms) {
    const list = byOp.get(op) ?? [];
    if (!list.includes(value)) list.push(value);
    byOp.set(op, list);
  }
  const conditions = [...byOp].map(([op, values]): FieldCondition => {
    const condition: FieldCondition = { field, op, values };
    if (modifiers.all && values.length > 1) condition.matchAll = true;
    if (modifiers.cased && op !== "exists" && op !== "inCidr" && op !== "equalsField") condition.caseSensitive = true;
    return condition;
  });
  return modifiers.all ? allOf(conditions) : anyOf(conditions);
}

type Token = { text: string } | "*" | "?";

/** A Sigma string as literal text and wildcards: "*" any run, "?" one character; "\*", "\?" and "\\" are the
 *  literal characters, and a backslash before anything else is itself (Sigma's escaping rules). */
export function sigmaPattern(value: string): Token[] {
  const tokens: Token[] = [];
  const literal = (c: string) => {
    const last = tokens.at(-1);
    if (typeof last === "object") last.text += c;
    else tokens.push({ text: c });
  };
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    const next = value[i + 1];
    if (c === "\\" && (next === "*" || next === "?" || next === "\\")) {
      literal(next);
      i++;
    } else if (c === "*") {
      if (tokens.at(-1) !== "*") tokens.push("*");
    } else if (c === "?") tokens.push("?");
    else literal(c);
  }
  return tokens;
}

const ANY_VALUE = "^[\\s\\S]*$";
const escapeRegex = (text: string) => text.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&");

/** A plain, contains, startswith or endswith value as the simplest operator that means the same. */
function plainAtom(value: Scalar, comparison: string | null): Atom {
  if (value === null || (typeof value === "boolean" && comparison === null)) return { op: "equals", value };
  let tokens = sigmaPattern(String(value));
  if (comparison === "contains" || comparison === "endswith") tokens = ["*", ...tokens];
  if (comparison === "contains" || comparison === "startswith") tokens = [...tokens, "*"];
  tokens = tokens.filter((token, i) => !(token === "*" && tokens[i - 1] === "*"));

  const literals = tokens.filter((token): token is { text: string } => typeof token === "object");
  if (literals.length === tokens.length) return { op: "equals", value: literals[0]?.text ?? "" };
  // "*" alone: any value that is not null (Sigma's "field: '*'"); a regex rather than "exists", which is about
  // the field's presence and so a different question.
  if (tokens.length === 1 && tokens[0] === "*") return { op: "regex", value: ANY_VALUE };
  if (literals.length === 1 && !tokens.includes("?")) {
    const text = literals[0].text;
    if (tokens.length === 3) return { op: "contains", value: text };
    if (tokens[0] === "*") return { op: "endswith", value: text };
    return { op: "startswith", value: text };
  }
  const body = tokens.map((token) =>
    token === "*" ? "[\\s\\S]*" : token === "?" ? "[\\s\\S]" : escapeRegex(token.text),
  );
  return { op: "regex", value: `^${body.join("")}$` };
}

function validCidr(value: string): boolean {
  const [address, bits, extra] = value.split("/");
  if (extra !== undefined) return false;
  const max = isIPv4(address) ? 32 : isIPv6(address) ? 128 : -1;
  if (max < 0) return false;
  return bits === undefined || (/^\d{1,3}$/.test(bits) && Number(bits) <= max);
}
