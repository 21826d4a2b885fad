// Raised alarms, newest first: which policy, how many events, when, live or from a history run. Administrators
// and auditors (the Message center's recipients).
import type { Metadata } from "next";
import Link from "next/link";
import { PageHeader } from "@/components/ui/page-header";
import { LocalTime } from "@/components/ui/local-time";
import { canOpen } from "@/lib/auth/roles";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { formatCount } from "@/lib/domain/format";
import { alarmListParams } from "@/lib/domain/alarm-list-params";
import { readSearchParams } from "@/lib/domain/search-params";
import { toSearchParams } from "@/lib/domain/url-state";
import { listAlarms } from "@/lib/queries/alarms";

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
        {alarms.length === 0 ? (
          <p className="empty">No alarms raised{policyId ? " by this policy" : ""}.</p>
        ) : (
          <div className="table-wrap">
            <table className="table">
              <caption className="visually-hidden">Raised alarms</caption>
              <thead>
                <tr>
                  <th scope="col">Raised</th>
                  <th scope="col">Policy</th>
                  <th scope="col">Severity</th>
                  <th scope="col">Events</th>
                  <th scope="col">First event</th>
                  <th scope="col">Last event</th>
                  <th scope="col">For</th>
                  <th scope="col">How</th>
                </tr>
              </thead>
              <tbody>
                {alarms.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Link href={`/alarms/${a.id}`}>
                        <LocalTime iso={a.createdAt.toISOString()} />
                      </Link>
                    </td>
                    <td>{a.policy.name}</td>
                    <td>
                      <span className={`badge severity-${a.policy.severity}`}>{a.policy.severity}</span>
                    </td>
                    <td>{formatCount(a.eventCount)}</td>
                    <td>
                      <LocalTime iso={a.firstEventTime.toISOString()} />
                    </td>
                    <td>
                      <LocalTime iso={a.lastEventTime.toISOString()} />
                    </td>
                    <td>{a.groupKey || "—"}</td>
                    <td>{a.trigger === "history" ? "History run" : "Live"}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        {more && (
          <Link
            href={`/alarms?${new URLSearchParams({ ...(policyId ? { policy: String(policyId) } : {}), before: String(alarms[alarms.length - 1].id) })}`}
          >
            Older alarms
          </Link>
        )}
      </section>
    </>
  );
}
