// Alarm policies for administrators: every policy (built-in, written here, imported from Sigma) with its condition,
// on/off, notifications and a run over past events; a form for a new policy; Sigma rule import.
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { listAlarmPolicies } from "@/lib/alarms/policy-list";
import { thresholdOf } from "@/lib/alarms/policy-records";
import { describeCondition } from "@/lib/domain/alarms/describe-condition";
import { smtpConfigured } from "@/lib/alarms/alarm-notifications";
import { NewPolicyForm } from "./new-policy-form";
import { PolicyRow, type PolicyView } from "./policy-row";
import { SigmaImportForm } from "./sigma-import-form";

export const metadata: Metadata = { title: "Alarm policies" };

export default async function AlarmPoliciesPage() {
  await requireSection("settings");
  const [rows, counts] = await listAlarmPolicies(getDatabase());
  const alarmsOf = new Map(counts.map((c) => [c.policyId, c._count._all]));
  const policies: PolicyView[] = rows.map((row) => {
    const meta = row.sigmaMeta
      ? (JSON.parse(row.sigmaMeta) as { author?: string | null; references?: string[] })
      : null;
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      severity: row.severity,
      source: row.source,
      enabled: row.enabled,
      condition: describeCondition(JSON.parse(row.condition), thresholdOf(row)),
      alarms: alarmsOf.get(row.id) ?? 0,
      notifyConsole: row.notifyConsole,
      webhookUrl: row.webhookUrl,
      hasWebhookSecret: row.webhookSecretEncrypted !== null,
      emailTo: row.emailTo,
      author: meta?.author ?? null,
      references: meta?.references ?? [],
    };
  });
  return (
    <>
      <PageHeader
        title="Alarm policies"
        description="Policies are evaluated as events arrive (within a second) and raise alarms in the Message center, by webhook or by email. Run one over past events for imported logs."
      />
      <p>
        <Link href="/alarms">Raised alarms</Link>
      </p>
      <section className="panel" aria-labelledby="alarm-policies">
        <h2 id="alarm-policies">Policies</h2>
        <p className="muted">
          Live evaluation covers events stored within 24 hours of their own time; older events (an imported archive) are
          evaluated by &quot;Run over past events&quot;.
          {smtpConfigured() ? "" : " Email is sent only when KEYTRAIL_SMTP_URL is configured."}
        </p>
        <ul className="policy-list" aria-label="Alarm policies">
          {policies.map((policy) => (
            <PolicyRow key={policy.id} policy={policy} />
          ))}
        </ul>
      </section>
      <NewPolicyForm />
      <SigmaImportForm />
    </>
  );
}
