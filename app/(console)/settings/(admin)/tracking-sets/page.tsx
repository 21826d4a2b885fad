// Tracking sets for administrators: each set's filter, destination and delivery state (last delivered event time,
// lag, failures, dead letters with "retry now", historical deliveries), and a form for a new one.
import type { Metadata } from "next";
import { PageHeader } from "@/components/ui/page-header";
import { LocalTime } from "@/components/ui/local-time";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { formatCount } from "@/lib/domain/format";
import { listTrackingSets } from "@/lib/queries/tracking-set-list";
import { redactUrl } from "@/lib/domain/redact-url";
import { describeTrackingFilter } from "@/lib/domain/tracking/filter";
import { filterOf } from "@/lib/tracking/deliver-sets";
import { retentionDays } from "@/lib/tracking/retention";
import { trackingSetStatus } from "@/lib/tracking/tracking-sets";
import { DeadLetters, HistoricalDeliveryForm, SetToggles } from "./set-controls";
import { NewTrackingSetForm } from "./new-tracking-set-form";
import { DAY_MS, utcDay } from "@/lib/domain/time";

export const metadata: Metadata = { title: "Tracking sets" };

function describeDestination(kind: string, stored: string): string {
  const d = JSON.parse(stored) as { path?: string; url?: string; host?: string; port?: number };
  if (kind === "directory") return `Directory ${d.path}`;
  // Shown without query or user info: either may hold the receiver's token.
  if (kind === "webhook") return `Webhook ${redactUrl(d.url ?? "")}`;
  return `Syslog ${d.host}:${d.port}`;
}

function formatLag(ms: number): string {
  if (ms === 0) return "Caught up";
  if (ms < 60_000) return `${Math.round(ms / 1000)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

export default async function TrackingSetsPage() {
  await requireSection("settings");
  const database = getDatabase();
  const [sets, groups] = await listTrackingSets(database);
  const groupName = new Map(groups.map((g) => [g.id, g.name]));
  const statuses = await Promise.all(sets.map((s) => trackingSetStatus(database, s)));
  const days = retentionDays();
  const now = new Date();
  const today = utcDay(now);
  const ninetyDaysAgo = utcDay(new Date(now.getTime() - 90 * DAY_MS));
  return (
    <>
      <PageHeader
        title="Tracking sets"
        description="Deliver events out of the console: hourly files in a directory, a signed webhook, or syslog. At-least-once, resumed after a restart; receivers de-duplicate by eventId."
      />
      <p className="muted">
        Retention:{" "}
        {days === 0
          ? "events are kept forever (KEYTRAIL_RETENTION_DAYS=0)."
          : `events older than ${days} days are removed from the database once every enabled tracking set has delivered them (KEYTRAIL_RETENTION_DAYS).`}
      </p>
      <section className="panel" aria-labelledby="tracking-sets">
        <h2 id="tracking-sets">Sets</h2>
        {sets.length === 0 ? (
          <p className="empty">
            No tracking sets yet. Events stay in the database for the online window only; create a set to keep them
            longer.
          </p>
        ) : (
          <ul className="policy-list" aria-label="Tracking sets">
            {sets.map((set, i) => {
              const status = statuses[i];
              const filter = filterOf(set);
              return (
                <li key={set.id} className="panel policy" aria-label={set.name}>
                  <div className="policy-head">
                    <strong>{set.name}</strong>
                    <span className="badge">{set.enabled ? "On" : "Off"}</span>
                    <span>{describeDestination(set.destinationKind, set.destination)}</span>
                  </div>
                  <p className="wrap">
                    <span className="muted">Delivers: </span>
                    {describeTrackingFilter(
                      filter,
                      filter.groupIds.map((id) => groupName.get(id) ?? `group ${id}`),
                    )}
                  </p>
                  <dl className="details-list" aria-label={`Delivery state of ${set.name}`}>
                    <div>
                      <dt>Last delivered event time</dt>
                      <dd>
                        {set.lastDeliveredEventTime ? (
                          <LocalTime iso={set.lastDeliveredEventTime.toISOString()} />
                        ) : (
                          "Nothing delivered yet"
                        )}
                      </dd>
                    </div>
                    <div>
                      <dt>Lag</dt>
                      <dd>
                        {set.enabled ? formatLag(status.lagMs) : "Stopped"}
                        {status.pending > 0
                          ? ` (${status.pending > 10_000 ? "more than 10,000" : formatCount(status.pending)} events to examine)`
                          : ""}
                      </dd>
                    </div>
                    <div>
                      <dt>Failures</dt>
                      <dd>
                        {formatCount(set.failures)}
                        {set.lastError ? `: ${set.lastError}` : ""}
                      </dd>
                    </div>
                    <div>
                      <dt>Undelivered batches</dt>
                      <dd>{formatCount(status.undeliveredDeadLetters)}</dd>
                    </div>
                  </dl>
                  <SetToggles id={set.id} name={set.name} enabled={set.enabled} />
                  <DeadLetters
                    name={set.name}
                    letters={set.deadLetters.map((letter) => ({
                      id: letter.id,
                      createdAt: letter.createdAt.toISOString(),
                      eventCount: formatCount(letter.eventCount),
                      firstEventTime: letter.firstEventTime.toISOString(),
                      lastEventTime: letter.lastEventTime.toISOString(),
                      attempts: letter.attempts,
                      error: letter.error,
                    }))}
                  />
                  {set.tasks.length > 0 && (
                    <ul aria-label={`Historical deliveries of ${set.name}`}>
                      {set.tasks.map((task) => (
                        <li key={task.id}>
                          {task.fromTime.toISOString().slice(0, 10)} to {task.toTime.toISOString().slice(0, 10)}:{" "}
                          {task.state}, {formatCount(task.delivered)} events delivered
                          {task.error ? ` (${task.error})` : ""}
                        </li>
                      ))}
                    </ul>
                  )}
                  <HistoricalDeliveryForm id={set.id} name={set.name} from={ninetyDaysAgo} to={today} />
                </li>
              );
            })}
          </ul>
        )}
      </section>
      <NewTrackingSetForm groups={groups} />
    </>
  );
}
