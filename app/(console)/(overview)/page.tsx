import type { Metadata } from "next";
import { EventsPerDayChart } from "@/components/charts/events-per-day-chart";
import { RecentEventsTable } from "@/components/events/recent-events-table";
import { toEventRow } from "@/components/events/to-event-row";
import { PageHeader } from "@/components/ui/page-header";
import { StatCard } from "@/components/ui/stat-card";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { getOverview } from "@/lib/queries/overview";
import { userScopeOf } from "@/lib/queries/scope";

export const metadata: Metadata = { title: "Overview" };

export default async function OverviewPage() {
  const user = await requireSection("overview");
  const database = getDatabase();
  const scope = await userScopeOf(database, user);
  const overview = await getOverview(database, scope, user.accountDbId);
  return (
    <>
      <PageHeader
        title="Overview"
        description={scope ? "Activity of the members of the groups you lead." : `Activity across ${user.accountName}.`}
      />
      <div className="stats">
        <StatCard label="Events, last 24 hours" value={overview.eventsLast24h} />
        <StatCard label="Events, last 7 days" value={overview.eventsLast7d} />
        <StatCard label="Failed sign-ins, last 7 days" value={overview.failedSigninsLast7d} />
        <StatCard label={scope ? "Team members" : "Users"} value={overview.users} />
        <StatCard label="Active AccessKeys" value={overview.activeAccessKeys} />
      </div>
      <section className="panel">
        <h2>Events per day</h2>
        <EventsPerDayChart data={overview.perDay} />
      </section>
      <section className="panel">
        <h2>Latest operations</h2>
        <RecentEventsTable rows={overview.recent.map(toEventRow)} caption="Latest operations" />
      </section>
    </>
  );
}
