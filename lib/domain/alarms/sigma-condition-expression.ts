// Sigma's condition expression ("selection and not 1 of filter_*") -> one alarm condition over the selections.
// Precedence, tightest first: not, and, or; parentheses group. Aggregations ("| count() > 5") need many events,
// not one, so they are refused.
import type { Condition } from "./condition";
import { allOf, anyOf } from "./sigma-detection";
import { SigmaRuleError, unsupported } from "./sigma-refusal";

/** Deeper nesting than any real rule; keeps a hostile expression from exhausting the stack. */
const MAX_DEPTH = 50;
const KEYWORDS = new Set(["and", "or", "not", "of", "them"]);

export function parseSigmaCondition(expression: string, selections: ReadonlyMap<string, Condition>): Condition {
  const pipe = expression.indexOf("|");
  if (pipe >= 0) throw unsupported(`aggregation "${expression.slice(pipe).trim()}"`);
  const tokens = expression.match(/\(|\)|[^\s()]+/g) ?? [];
  if (tokens.length === 0) throw new SigmaRuleError("missing detection condition");
  let position = 0;
  const keyword = () => tokens[position]?.toLowerCase();
  const fail = (why: string) => new SigmaRuleError(`condition "${expression}": ${why}`);

  const or = (depth: number): Condition => {
    const parts = [and(depth)];
    while (keyword() === "or") {
      position++;
      parts.push(and(depth));
    }
    return anyOf(parts);
  };
  const and = (depth: number): Condition => {
    const parts = [not(depth)];
    while (keyword() === "and") {
      position++;
      parts.push(not(depth));
    }
    return allOf(parts);
  };
  const not = (depth: number): Condition => {
    if (keyword() !== "not") return primary(depth);
    position++;
    if (depth >= MAX_DEPTH) throw fail("nested too deeply");
    return { not: not(depth + 1) };
  };
  const primary = (depth: number): Condition => {
    const token = tokens[position];
    if (token === undefined) throw fail("ends where a selection is expected");
    if (token === "(") {
      if (depth >= MAX_DEPTH) throw fail("nested too deeply");
      position++;
      const inner = or(depth + 1);
      if (tokens[position] !== ")") throw fail(`missing ")"`);
      position++;
      return inner;
    }
    const lower = token.toLowerCase();
    if (tokens[position + 1]?.toLowerCase() === "of") {
      if (lower !== "1" && lower !== "all") throw unsupported(`"${token} of" (only "1 of" and "all of")`);
      const target = tokens[position + 2];
      if (target === undefined || target === "(" || target === ")")
        throw fail(`"${token} of" needs a name pattern or "them"`);
      position += 3;
      // "them" leaves out identifiers starting with "_", as the Sigma specification says.
      const names =
        target.toLowerCase() === "them"
          ? [...selections.keys()].filter((name) => !name.startsWith("_"))
          : namesMatching(target, selections);
      if (names.length === 0) throw fail(`"${token} of ${target}" matches no selection`);
      const parts = names.map((name) => selections.get(name)!);
      return lower === "1" ? anyOf(parts) : allOf(parts);
    }
    if (token === ")" || KEYWORDS.has(lower)) throw fail(`unexpected "${token}"`);
    if (token.includes("*")) throw fail(`"${token}" has a wildcard without "1 of" or "all of"`);
    const selection = selections.get(token);
    if (!selection) throw new SigmaRuleError(`condition names unknown selection "${token}"`);
    position++;
    return selection;
  };

  const condition = or(0);
  if (position < tokens.length) throw fail(`unexpected "${tokens[position]}"`);
  return condition;
}

/** Selection names matching a pattern where "*" stands for any run of characters ("selection_*"). */
function namesMatching(pattern: string, selections: ReadonlyMap<string, Condition>): string[] {
  const body = pattern
    .split("*")
    .map((part) => part.replace(/[\\^$.+?()[\]{}|/]/g, "\\$&"))
    .join(".*");
  const regex = new RegExp(`^${body}$`, "u");
  return [...selections.keys()].filter((name) => regex.test(name));
}
