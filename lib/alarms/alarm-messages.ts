// The Message center side of an alarm: one message per administrator and auditor (the roles that see every
// event), written in the same transaction as the alarm so an alarm is never raised without its messages.
import type { Db } from "@/lib/db/client";
import type { NormalisedEvent } from "@/lib/domain/event";
import type { RaisedAlarm } from "./raise-alarms";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export const ALARM_RECIPIENT_ROLES = ["Administrator", "Auditor"];

/** What the message says: the event for a single match, the count and group for more. */
export function alarmSummary(alarm: RaisedAlarm, byId: Map<string, NormalisedEvent>): string {
  const first = byId.get(alarm.eventIds[0]);
  if (alarm.eventIds.length === 1 && first) {
    const who =
      first.userIdentity.userName ?? first.userIdentity.principalId ?? first.userIdentity.type ?? "unknown caller";
    const from = first.sourceIpAddress ? ` from ${first.sourceIpAddress}` : "";
    const failed = first.errorCode ? ` (failed: ${first.errorCode})` : "";
    return `${first.eventName} by ${who}${from} at ${first.eventTime.toISOString()}${failed}`;
  }
  const group = alarm.groupKey ? ` for ${alarm.groupKey}` : "";
  return `${alarm.eventIds.length} matching events${group}`;
}

export async function writeAlarmMessages(
  tx: Tx,
  alarms: RaisedAlarm[],
  byId: Map<string, NormalisedEvent>,
): Promise<void> {
  const fresh = alarms.filter((a) => a.isNew && a.policy.notifyConsole);
  if (fresh.length === 0) return;
  const recipients = await tx.user.findMany({
    where: { consoleRole: { in: ALARM_RECIPIENT_ROLES }, deletedAt: null },
    select: { id: true },
  });
  const data = fresh.flatMap((alarm) =>
    recipients.map((user) => ({
      userId: user.id,
      alarmId: alarm.alarmId,
      title: alarm.policy.name,
      body: alarmSummary(alarm, byId),
      severity: alarm.policy.definition.severity,
    })),
  );
  for (let i = 0; i < data.length; i += 500) await tx.message.createMany({ data: data.slice(i, i + 500) });
}
