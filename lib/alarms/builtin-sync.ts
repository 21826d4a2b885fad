// The built-in policies (lib/domain/alarms/builtin-policies.ts) exist in every database, on by default: created
// when missing, never overwritten (an administrator may have turned one off or set its notifications).
import type { Db } from "@/lib/db/client";
import { BUILTIN_POLICIES } from "@/lib/domain/alarms/builtin-policies";

const done = new WeakSet<Db>();

export async function ensureBuiltinPolicies(db: Db): Promise<void> {
  if (done.has(db)) return;
  const existing = new Set(
    (await db.alarmPolicy.findMany({ where: { builtinKey: { not: null } }, select: { builtinKey: true } })).map(
      (p) => p.builtinKey,
    ),
  );
  for (const policy of BUILTIN_POLICIES) {
    if (existing.has(policy.key)) continue;
    // The page and the engine may both get here first: the unique builtinKey lets one create win.
    await db.alarmPolicy
      .create({
        data: {
          name: policy.name,
          description: policy.description,
          severity: policy.severity,
          source: "builtin",
          builtinKey: policy.key,
          condition: JSON.stringify(policy.condition),
          thresholdCount: policy.threshold?.count ?? null,
          thresholdWindowMinutes: policy.threshold?.windowMinutes ?? null,
          thresholdPer: policy.threshold?.per ?? null,
          enabled: policy.enabledByDefault,
        },
      })
      .catch((error: { code?: string }) => {
        if (error.code !== "P2002") throw error;
      });
  }
  done.add(db);
}
