import type { Metadata } from "next";
import { EventsPerDayChart } from "@/components/charts/events-per-day-chart";
import { DownloadReportButton } from "@/components/credential-report/download-report-button";
import { RecentEventsTable } from "@/components/events/recent-events-columns";
import { toEventRow } from "@/components/events/to-event-row";
import { AbnormalSigninsTable } from "@/components/overview/abnormal-signins-columns";
import { TopOperatorsTable } from "@/components/overview/top-operators-columns";
import { PageHeader } from "@/components/ui/page-header";
import { StatCard } from "@/components/ui/stat-card";
import { canOpen } from "@/lib/auth/roles";
import { ABNORMAL_LOGIN_RULES } from "@/lib/domain/credential-report/abnormal-logins";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { formatCount } from "@/lib/domain/format";
import { getOverview } from "@/lib/queries/overview";
import { userScopeOf } from "@/lib/queries/scope";

export const metadata: Metadata = { title: "Overview" };

/** Where each figure's number leads: the view that lists exactly what it counts. */
const OVERVIEW_LINKS = {
  usersWithoutMfa: "/users?mfa=off",
  staleKeys: "/access-keys?flag=unused90",
  keysAtRisk: "/access-keys?flag=atRisk",
  signins: "/operation-records?eventType=ConsoleSignin&range=30d",
  failedSignins: "/operation-records?eventType=ConsoleSignin&result=failed&range=30d",
} as const;

export default async function OverviewPage() {
  const user = await requireSection("overview");
  const database = getDatabase();
  const scope = await userScopeOf(database, user);
  const overview = await getOverview(database, { accountDbId: user.accountDbId, scope });
  const { counts } = overview;
  return (
    <>
      <PageHeader
        title="Overview"
        description={scope ? "Activity of the members of the groups you lead." : `Activity across ${user.accountName}.`}
      />
      {/* The credential report is for administrators and auditors only: a team lead never sees it. */}
      {canOpen(user.role, "credentialReport") && (
        <div style={{ display: "flex", justifyContent: "flex-end" }}>
          <DownloadReportButton accountId={user.accountId} />
        </div>
      )}
      <div className="stats" aria-label="Figures">
        {counts.usersWithoutMfa !== null && (
          <StatCard
            label="Users without MFA"
            value={counts.usersWithoutMfa}
            href={OVERVIEW_LINKS.usersWithoutMfa}
            hint="Console users"
          />
        )}
        <StatCard
          label="Stale AccessKeys"
          value={counts.staleKeys}
          href={OVERVIEW_LINKS.staleKeys}
          hint="Unused > 90 days"
        />
        <StatCard
          label="AccessKeys at risk"
          value={counts.keysAtRisk}
          href={OVERVIEW_LINKS.keysAtRisk}
          hint="May be at risk"
        />
        <StatCard
          label="Abnormal sign-ins"
          value={counts.abnormalSignins}
          href={OVERVIEW_LINKS.signins}
          hint="Last 30 days: new networks, unusual hours, failed bursts"
        />
        <StatCard
          label="Failed sign-ins"
          value={counts.failedSignins}
          href={OVERVIEW_LINKS.failedSignins}
          hint="Last 30 days"
        />
      </div>
      <section className="panel">
        <h2>Events per day</h2>
        <p className="muted">
          {formatCount(overview.events30d)} events in the last 30 days{scope ? " by your team" : ""}.
        </p>
        <EventsPerDayChart data={overview.perDay} />
      </section>
      <section className="panel">
        <h2>Top operators</h2>
        <TopOperatorsTable rows={overview.topOperators} />
      </section>
      <section className="panel">
        <h2>Recent abnormal sign-ins</h2>
        <p className="muted">
          {overview.abnormalSignins.length < counts.abnormalSignins
            ? `The latest ${overview.abnormalSignins.length} of ${formatCount(counts.abnormalSignins)} in the last 30 days.`
            : "The last 30 days."}
        </p>
        <details>
          <summary>What counts as abnormal</summary>
          <ul>
            {ABNORMAL_LOGIN_RULES.slice(1).map((rule) => (
              <li key={rule}>{rule}</li>
            ))}
          </ul>
        </details>
        <AbnormalSigninsTable
          linkUsers={canOpen(user.role, "users")}
          rows={overview.abnormalSignins.map((s) => ({
            time: s.time.toISOString(),
            userName: s.userName,
            sourceIp: s.sourceIp,
            eventId: s.eventId ?? null,
            reasons: s.reasons,
          }))}
        />
      </section>
      <section className="panel">
        <h2>Latest operations</h2>
        <RecentEventsTable rows={overview.recent.map(toEventRow)} caption="Latest operations" />
      </section>
    </>
  );
}
