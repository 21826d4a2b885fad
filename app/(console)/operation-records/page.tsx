import type { Metadata } from "next";
import { RecentEventsTable } from "@/components/events/recent-events-table";
import { toEventRow } from "@/components/events/to-event-row";
import { ComingSoon } from "@/components/ui/coming-soon";
import { PageHeader } from "@/components/ui/page-header";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { listRecentEvents } from "@/lib/queries/recent-events";
import { userScopeOf } from "@/lib/queries/scope";

export const metadata: Metadata = { title: "Operation records" };

export default async function OperationRecordsPage() {
  const user = await requireSection("operationRecords");
  const database = getDatabase();
  const scope = await userScopeOf(database, user);
  const events = await listRecentEvents(database, scope, 50);
  return (
    <>
      <PageHeader
        title="Operation records"
        description={scope ? "Operations by the members of the groups you lead." : "Who did what, when, from where."}
      />
      <section className="panel">
        <h2>Latest 50 operations</h2>
        <RecentEventsTable rows={events.map(toEventRow)} caption="Latest 50 operations" />
      </section>
      <ComingSoon>
        <p>
          The full explorer: every filter combined (event name, operator, service, resource, AccessKey ID, source IP,
          read/write, sensitive, error code, region, time range), keyset paging, export, and a right-hand details
          panel with the raw record.
        </p>
      </ComingSoon>
    </>
  );
}
