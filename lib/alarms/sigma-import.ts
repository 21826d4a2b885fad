// Importing Sigma rules as alarm policies: each file is parsed on its own (one refusal does not stop the others)
// and stored as a policy of source "sigma", with the rule's attribution and its YAML kept. A rule whose id was
// imported before updates that policy (its on/off and notification settings stay).
import type { Database } from "@/lib/db/client";
import { parsePolicyDefinition } from "@/lib/domain/alarms/condition-schema";
import { parseSigmaRule } from "@/lib/domain/alarms/sigma";

export const MAX_SIGMA_FILES = 200;

export interface SigmaImportOutcome {
  /** The file name (or "pasted rule"). */
  name: string;
  status: "imported" | "updated" | "refused";
  title?: string;
  policyId?: number;
  error?: string;
}

export async function importSigmaRules(
  database: Database,
  files: { name: string; text: string }[],
): Promise<SigmaImportOutcome[]> {
  if (files.length > MAX_SIGMA_FILES) {
    return [
      { name: `${files.length} files`, status: "refused", error: `At most ${MAX_SIGMA_FILES} rule files at a time.` },
    ];
  }
  const outcomes: SigmaImportOutcome[] = [];
  for (const file of files) {
    const parsed = parseSigmaRule(file.text);
    if (!parsed.ok) {
      outcomes.push({ name: file.name, status: "refused", error: parsed.error });
      continue;
    }
    const { rule } = parsed;
    // The same limits as any stored policy (size, depth, patterns the evaluator can compile).
    const valid = parsePolicyDefinition(rule.definition);
    if (!valid.ok) {
      outcomes.push({
        name: file.name,
        status: "refused",
        error: `the rule's condition is beyond Keytrail's limits: ${Object.values(valid.errors).join("; ")}`,
      });
      continue;
    }
    const data = {
      name: rule.title,
      description: rule.description,
      severity: rule.definition.severity,
      condition: JSON.stringify(rule.definition.condition),
      sigmaMeta: JSON.stringify({
        author: rule.author,
        references: rule.references,
        level: rule.level,
        status: rule.status,
        tags: rule.tags,
        yaml: file.text,
      }),
    };
    const existing = rule.sigmaId
      ? await database.db.alarmPolicy.findUnique({ where: { sigmaId: rule.sigmaId } })
      : null;
    if (existing) {
      await database.db.alarmPolicy.update({ where: { id: existing.id }, data });
      outcomes.push({ name: file.name, status: "updated", title: rule.title, policyId: existing.id });
    } else {
      const created = await database.db.alarmPolicy.create({
        data: { ...data, source: "sigma", sigmaId: rule.sigmaId },
      });
      outcomes.push({ name: file.name, status: "imported", title: rule.title, policyId: created.id });
    }
  }
  return outcomes;
}
