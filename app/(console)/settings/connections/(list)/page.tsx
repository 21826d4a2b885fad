// Settings → Connections: every connection to a cloud with its state, for administrators (who add and change them)
// and auditors (who read them). The page refreshes itself while visible, so an import is seen moving.
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { listConnectionViews } from "@/lib/queries/connections";
import { AutoRefresh } from "../_components/auto-refresh";
import { ConnectionsTable } from "./connections-columns";

export const metadata: Metadata = { title: "Connections" };

export default async function ConnectionsPage() {
  const viewer = await requireSection("connections");
  const manages = can(viewer.role, "manageConnections");
  const rows = (await listConnectionViews(getDatabase())).map((c) => ({
    id: c.id,
    name: c.name,
    kind: c.kind,
    state: c.state,
    lastError: c.lastError,
    lastSuccessAt: c.lastSuccessAt,
    eventsToday: c.eventsToday,
    eventsImported: c.eventsImported,
    lagSeconds: c.lagSeconds,
    waiting: c.waiting,
  }));
  return (
    <>
      <PageHeader
        title="Connections"
        description="Each connection reads a cloud's operation records continuously: from the bucket its trail delivers to, from its event look-up API, or pushed by its event bus within seconds."
      />
      <AutoRefresh />
      {manages && rows.length > 0 && (
        <p>
          <Link href="/settings/connections/new" className="button button-primary">
            Add connection
          </Link>
        </p>
      )}
      {rows.length === 0 ? (
        <section className="panel empty" aria-label="No connections">
          <p>
            No connections yet. A connection hears a cloud account continuously, so its operations appear here without
            anyone downloading and importing files: connect the bucket a trail delivers to (AWS CloudTrail, Alibaba
            Cloud ActionTrail, Tencent Cloud CloudAudit, Baidu BCT), a cloud&apos;s event look-up API with a read-only
            key, or a push receiver its event bus calls within seconds of each operation.
          </p>
          {manages ? (
            <p>
              <Link href="/settings/connections/new">Add connection</Link>
            </p>
          ) : (
            <p className="muted">Administrators add connections.</p>
          )}
        </section>
      ) : (
        <ConnectionsTable rows={rows} />
      )}
    </>
  );
}
