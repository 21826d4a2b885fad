// Import of Sigma rules for AWS CloudTrail (https://github.com/SigmaHQ/sigma-specification) as alarm policies.
// Only what can be decided on one event is accepted: selections, value modifiers and the boolean condition
// expression. Anything else (aggregations, correlations, keyword searches, other log sources, encoding modifiers)
// is refused with the name of the feature, so nothing is imported that would silently match differently.
import { FAILSAFE_SCHEMA, Type, loadAll } from "js-yaml";
import type { Condition } from "./condition";
import type { AlarmPolicyDefinition, Severity } from "./policy";
import { parseSigmaCondition } from "./sigma-condition-expression";
import { selectionCondition } from "./sigma-detection";
import { SigmaRuleError, unsupported } from "./sigma-refusal";

export { SigmaRuleError } from "./sigma-refusal";

export const SIGMA_MAX_BYTES = 64 * 1024;

export const SIGMA_LEVELS = ["informational", "low", "medium", "high", "critical"] as const;
export type SigmaLevel = (typeof SIGMA_LEVELS)[number];

const SEVERITY_OF_LEVEL: Record<SigmaLevel, Severity> = {
  informational: "low",
  low: "low",
  medium: "medium",
  high: "high",
  critical: "critical",
};

/** A Sigma rule as an alarm policy. `author` and `references` are kept because the Detection Rule License
 *  (DRL 1.1) of the SigmaHQ rules requires that attribution wherever a rule is shown. */
export interface SigmaPolicy {
  sigmaId: string | null;
  title: string;
  description: string;
  author: string | null;
  references: string[];
  /** null when the rule gives none (Sigma makes it optional); the policy is then "medium". */
  level: SigmaLevel | null;
  status: string | null;
  tags: string[];
  definition: AlarmPolicyDefinition;
}

export type SigmaParseResult = { ok: true; rule: SigmaPolicy } | { ok: false; error: string };

// Scalars stay strings except null and true/false: a "date: 2020-01-21" or "eventID: 0x10" keeps its text, and
// Sigma compares values as text anyway. No other YAML types (timestamps, binary, merge keys) are recognised.
const nullType = new Type("tag:yaml.org,2002:null", {
  kind: "scalar",
  resolve: (data: string | null) => data === null || /^(?:~|null|Null|NULL)?$/.test(data),
  construct: () => null,
});
const boolType = new Type("tag:yaml.org,2002:bool", {
  kind: "scalar",
  resolve: (data: string | null) => data !== null && /^(?:true|True|TRUE|false|False|FALSE)$/.test(data),
  construct: (data: string) => data.toLowerCase() === "true",
});
const SIGMA_SCHEMA = FAILSAFE_SCHEMA.extend({ implicit: [nullType, boolType] });

const isMap = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);
const has = (map: Record<string, unknown>, key: string) => Object.prototype.hasOwnProperty.call(map, key);

export function parseSigmaRule(yamlText: string): SigmaParseResult {
  try {
    return { ok: true, rule: ruleOf(loadRule(yamlText)) };
  } catch (error) {
    if (error instanceof SigmaRuleError) return { ok: false, error: error.message };
    throw error;
  }
}

function loadRule(yamlText: string): Record<string, unknown> {
  // UTF-16 length never exceeds the UTF-8 byte count, so the cheap check first.
  const bytes = yamlText.length > SIGMA_MAX_BYTES ? yamlText.length : new TextEncoder().encode(yamlText).length;
  if (bytes > SIGMA_MAX_BYTES) {
    throw new SigmaRuleError(`Sigma rule too large: ${bytes} bytes, at most ${SIGMA_MAX_BYTES} (64 KiB)`);
  }
  let documents: unknown[];
  try {
    documents = loadAll(yamlText, null, { schema: SIGMA_SCHEMA }).filter(
      (document) => document !== null && document !== undefined,
    );
  } catch (error) {
    throw new SigmaRuleError(`invalid YAML: ${yamlErrorText(error)}`);
  }
  if (documents.length === 0) throw new SigmaRuleError("empty Sigma rule: the YAML holds no document");
  if (documents.length > 1) throw unsupported("several YAML documents in one file (a rule collection)");
  const [rule] = documents;
  if (!isMap(rule)) throw new SigmaRuleError("a Sigma rule must be a YAML map (title, logsource, detection, ...)");
  return rule;
}

function yamlErrorText(error: unknown): string {
  const { reason, mark } = error as { reason?: unknown; mark?: { line?: unknown; column?: unknown } };
  if (typeof reason === "string" && typeof mark?.line === "number" && typeof mark.column === "number") {
    return `${reason} (line ${mark.line + 1}, column ${mark.column + 1})`;
  }
  // A stack overflow on absurd nesting, for instance.
  return error instanceof Error ? error.message : String(error);
}

function ruleOf(rule: Record<string, unknown>): SigmaPolicy {
  if (has(rule, "correlation")) throw unsupported("correlation rule");
  if (has(rule, "action")) throw unsupported(`action "${String(rule.action)}" (a rule collection)`);
  if (has(rule, "filter") && !has(rule, "detection")) throw unsupported("filter rule");

  const title = text(rule, "title");
  if (title === null || title.trim() === "") throw new SigmaRuleError("missing title");
  checkLogsource(rule.logsource);
  const level = levelOf(rule.level);
  const condition = detectionCondition(rule.detection);
  const description = text(rule, "description") ?? "";
  return {
    sigmaId: text(rule, "id"),
    title,
    description,
    author: text(rule, "author"),
    references: textList(rule, "references"),
    level,
    status: text(rule, "status"),
    tags: textList(rule, "tags"),
    definition: {
      name: title,
      description,
      severity: level ? SEVERITY_OF_LEVEL[level] : "medium",
      condition,
      threshold: null,
    },
  };
}

function text(rule: Record<string, unknown>, key: string): string | null {
  const value = rule[key];
  if (!has(rule, key) || value === null) return null;
  if (typeof value !== "string") throw new SigmaRuleError(`${key} must be text`);
  return value;
}

function textList(rule: Record<string, unknown>, key: string): string[] {
  const value = rule[key];
  if (!has(rule, key) || value === null) return [];
  if (!Array.isArray(value) || !value.every((item) => typeof item === "string")) {
    throw new SigmaRuleError(`${key} must be a list of text`);
  }
  return value;
}

function levelOf(value: unknown): SigmaLevel | null {
  if (value === undefined || value === null) return null;
  const level = SIGMA_LEVELS.find((l) => l === value);
  if (!level) throw new SigmaRuleError(`level "${String(value)}" is not one of ${SIGMA_LEVELS.join(", ")}`);
  return level;
}

function checkLogsource(logsource: unknown): void {
  if (logsource === undefined || logsource === null) throw new SigmaRuleError("missing logsource");
  if (!isMap(logsource)) throw new SigmaRuleError("logsource must be a map");
  const { product, service, category } = logsource;
  if (String(product ?? "").toLowerCase() !== "aws") {
    throw unsupported(`logsource product "${String(product ?? "")}" (only aws/cloudtrail)`);
  }
  if (String(service ?? "").toLowerCase() !== "cloudtrail") {
    throw unsupported(`logsource service "${String(service ?? "")}" (only aws/cloudtrail)`);
  }
  if (category !== undefined && category !== null)
    throw unsupported(`logsource category "${String(category)}" (only aws/cloudtrail)`);
}

function detectionCondition(detection: unknown): Condition {
  if (detection === undefined || detection === null) throw new SigmaRuleError("missing detection");
  if (!isMap(detection)) throw new SigmaRuleError("detection must be a map of selections and a condition");
  if (has(detection, "timeframe")) throw unsupported("timeframe");
  const expression = detection.condition;
  if (expression === undefined || expression === null) throw new SigmaRuleError("missing detection condition");
  if (Array.isArray(expression)) throw unsupported("a list of conditions");
  if (typeof expression !== "string") throw new SigmaRuleError("detection condition must be text");

  const selections = new Map<string, Condition>();
  for (const [name, value] of Object.entries(detection)) {
    if (name !== "condition") selections.set(name, selectionCondition(name, value));
  }
  return parseSigmaCondition(expression, selections);
}
