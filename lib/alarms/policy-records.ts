// Alarm policies as the engine uses them: the stored row's JSON condition parsed once, with its threshold and
// notification settings.
import type { Db } from "@/lib/db/client";
import type { Condition } from "@/lib/domain/alarms/condition";
import {
  THRESHOLD_GROUPS,
  type AlarmPolicyDefinition,
  type AlarmThreshold,
  type Severity,
  type ThresholdGroup,
} from "@/lib/domain/alarms/policy";

export type AlarmPolicyRow = Awaited<ReturnType<Db["alarmPolicy"]["findFirstOrThrow"]>>;

export interface ActivePolicy {
  id: number;
  name: string;
  definition: AlarmPolicyDefinition;
  notifyConsole: boolean;
  webhookUrl: string | null;
  webhookSecretEncrypted: string | null;
  emailTo: string | null;
}

export function thresholdOf(
  row: Pick<AlarmPolicyRow, "thresholdCount" | "thresholdWindowMinutes" | "thresholdPer">,
): AlarmThreshold | null {
  if (row.thresholdCount === null || row.thresholdWindowMinutes === null) return null;
  const per = (THRESHOLD_GROUPS as readonly string[]).includes(row.thresholdPer ?? "")
    ? (row.thresholdPer as ThresholdGroup)
    : "user";
  return { count: row.thresholdCount, windowMinutes: row.thresholdWindowMinutes, per };
}

export function activePolicy(row: AlarmPolicyRow): ActivePolicy {
  return {
    id: row.id,
    name: row.name,
    definition: {
      name: row.name,
      description: row.description,
      severity: row.severity as Severity,
      condition: JSON.parse(row.condition) as Condition,
      threshold: thresholdOf(row),
    },
    notifyConsole: row.notifyConsole,
    webhookUrl: row.webhookUrl,
    webhookSecretEncrypted: row.webhookSecretEncrypted,
    emailTo: row.emailTo,
  };
}

export async function enabledPolicies(db: Db): Promise<ActivePolicy[]> {
  const rows = await db.alarmPolicy.findMany({ where: { enabled: true }, orderBy: { id: "asc" } });
  return rows.map(activePolicy);
}
