// One alarm: its policy, when and why, and every event that triggered it, each linking to its details in the
// operation-records explorer. Opening it marks the viewer's message about it read.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { DetailsList } from "@/components/ui/details-list";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { describeCondition } from "@/lib/domain/alarms/describe-condition";
import { eventHref } from "@/lib/domain/event-link";
import { formatCount } from "@/lib/domain/format";
import { thresholdOf } from "@/lib/alarms/policy-records";
import { markAlarmMessagesRead } from "@/lib/alarms/read-alarm-messages";
import { getAlarm, LINKED_EVENTS_SHOWN } from "@/lib/queries/alarms";
import { AlarmEventsTable } from "./alarm-events-columns";

export const metadata: Metadata = { title: "Alarm" };

export default async function AlarmPage({ params }: { params: Promise<{ id: string }> }) {
  const user = await requireSection("alarms");
  const id = Number((await params).id);
  if (!Number.isInteger(id) || id <= 0) notFound();
  const database = getDatabase();
  const found = await getAlarm(database, id);
  if (!found) notFound();
  const { alarm, events, linked } = found;
  await markAlarmMessagesRead(database, user.id, id);
  const policy = alarm.policy;
  return (
    <>
      <PageHeader title={`Alarm: ${policy.name}`} description={policy.description} />
      <section className="panel" aria-label="Alarm">
        <DetailsList
          rows={[
            ["Severity", policy.severity],
            ["Raised", <LocalTime key="raised" iso={alarm.createdAt.toISOString()} />],
            ["How", alarm.trigger === "history" ? "A run of the policy over past events" : "As the events arrived"],
            ["Events", formatCount(alarm.eventCount)],
            ["For", alarm.groupKey || "—"],
            ["Condition", describeCondition(JSON.parse(policy.condition), thresholdOf(policy))],
            ...(alarm.notifyError ? ([["Notification problem", alarm.notifyError]] as const) : []),
          ]}
        />
        <p>
          <Link href={`/alarms?policy=${policy.id}`}>Other alarms of this policy</Link>
        </p>
      </section>
      <section className="panel" aria-labelledby="alarm-events">
        <h2 id="alarm-events">Events that triggered it</h2>
        {linked > events.length && (
          <p className="muted">
            The first {formatCount(LINKED_EVENTS_SHOWN)} of {formatCount(linked)} linked events.
          </p>
        )}
        <AlarmEventsTable
          rows={events.map(({ eventId, eventTime, event }) => ({
            eventId,
            eventTime: eventTime.toISOString(),
            eventName: event ? event.eventName : "Removed by retention",
            user: event ? (event.userName ?? event.principalId ?? event.identityType ?? "—") : "—",
            sourceIp: event?.sourceIpAddress ?? "—",
            result: event ? (event.errorCode ?? "Success") : "—",
            href: event ? eventHref(eventId, eventTime) : null,
          }))}
        />
      </section>
    </>
  );
}
