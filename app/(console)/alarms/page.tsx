// Raised alarms, newest first: which policy, how many events, when, live or from a history run. Administrators
// and auditors (the Message center's recipients).
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { Pager } from "@/components/data-table/pager";
import { canOpen } from "@/lib/auth/roles";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { formatCount } from "@/lib/domain/format";
import { alarmListParams } from "@/lib/domain/alarm-list-params";
import { readSearchParams } from "@/lib/domain/search-params";
import { toSearchParams } from "@/lib/domain/url-state";
import { listAlarms } from "@/lib/queries/alarms";
import { AlarmsTable } from "./alarms-columns";

export const metadata: Metadata = { title: "Alarms" };

export default async function AlarmsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireSection("alarms");
  const params = toSearchParams(await searchParams);
  const { policy: policyId, before } = readSearchParams(alarmListParams, params);
  const { alarms, more } = await listAlarms(getDatabase(), { policyId, before });
  return (
    <>
      <PageHeader
        title="Alarms"
        description="Raised by the alarm policies as events arrive, or by a run over past events."
      />
      {canOpen(user.role, "settings") && (
        <p>
          <Link href="/settings/alarms">Alarm policies</Link>
        </p>
      )}
      <section className="panel" aria-label="Raised alarms">
        {policyId && (
          <p>
            <Link href="/alarms">Show every policy&apos;s alarms</Link>
          </p>
        )}
        <AlarmsTable
          rows={alarms.map((a) => ({
            id: a.id,
            createdAt: a.createdAt.toISOString(),
            policyName: a.policy.name,
            severity: a.policy.severity,
            eventCount: formatCount(a.eventCount),
            firstEventTime: a.firstEventTime.toISOString(),
            lastEventTime: a.lastEventTime.toISOString(),
            groupKey: a.groupKey || "—",
            how: a.trigger === "history" ? "History run" : "Live",
          }))}
          emptyMessage={`No alarms raised${policyId ? " by this policy" : ""}.`}
        />
        <Pager
          label="Alarm pages"
          next={{
            href: more
              ? `/alarms?${new URLSearchParams({ ...(policyId ? { policy: String(policyId) } : {}), before: String(alarms[alarms.length - 1].id) })}`
              : null,
            text: "Older alarms",
          }}
        />
      </section>
    </>
  );
}
