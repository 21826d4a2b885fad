// The alarm policies page's data: every policy with its alarm count. The built-in policies are created first when
// missing, so a fresh database lists them too.
import type { Database } from "@/lib/db/client";
import { ensureBuiltinPolicies } from "./builtin-sync";

export async function listAlarmPolicies({ db }: Database) {
  await ensureBuiltinPolicies(db);
  return Promise.all([
    db.alarmPolicy.findMany({ orderBy: [{ source: "asc" }, { id: "asc" }] }),
    db.alarm.groupBy({ by: ["policyId"], _count: { _all: true } }),
  ]);
}
