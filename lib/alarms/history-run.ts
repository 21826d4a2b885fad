// "Run this policy over the last 30 days": evaluate one policy over the stored events of a past time range, in
// pages by (eventTime, eventId), and raise its alarms with trigger "history". Without a threshold the run raises
// one alarm linking every match (a month of CreateAccessKey calls is one finding, not hundreds of messages);
// with one, one alarm per burst.
import type { Database } from "@/lib/db/client";
import { AlarmSubject, matches, needsHistory } from "@/lib/domain/alarms/condition";
import type { NormalisedEvent } from "@/lib/domain/event";
import { eventFromRecord } from "@/lib/queries/event-json";
import { writeAlarmMessages } from "./alarm-messages";
import { queueAlarmNotifications } from "./alarm-notifications";
import { newAccessKeyIpEvents } from "./new-access-key-ips";
import { activePolicy } from "./policy-records";
import { MAX_LINKED_EVENTS, raiseOverThresholdInHistory, raiseTogether, type RaisedAlarm } from "./raise-alarms";

/** A threshold is counted in memory: past this many matches the run asks for a narrower range. */
export const MAX_THRESHOLD_MATCHES = 200_000;
const PAGE = 5_000;
/** The longest range a run may cover. */
export const MAX_HISTORY_DAYS = 366;

export interface HistoryRunResult {
  scanned: number;
  matched: number;
  alarms: RaisedAlarm[];
}

export class HistoryRunError extends Error {}

export async function runPolicyOverHistory(
  database: Database,
  policyId: number,
  from: Date,
  to: Date,
): Promise<HistoryRunResult> {
  const { db } = database;
  if (!(from < to)) throw new HistoryRunError("The range must start before it ends.");
  const row = await db.alarmPolicy.findUnique({ where: { id: policyId } });
  if (!row) throw new HistoryRunError("No such policy.");
  const policy = activePolicy(row);
  const { condition, threshold } = policy.definition;
  const historyNeeded = needsHistory(condition);

  const matched: NormalisedEvent[] = [];
  let matchedCount = 0;
  let scanned = 0;
  let after: { eventTime: Date; eventId: string } | null = null;
  for (;;) {
    const rows: Awaited<ReturnType<typeof db.event.findMany>> = await db.event.findMany({
      where: {
        eventTime: { gte: from, lt: to },
        ...(after
          ? {
              OR: [
                { eventTime: { gt: after.eventTime } },
                { eventTime: after.eventTime, eventId: { gt: after.eventId } },
              ],
            }
          : {}),
      },
      orderBy: [{ eventTime: "asc" }, { eventId: "asc" }],
      take: PAGE,
    });
    if (rows.length === 0) break;
    scanned += rows.length;
    const events = rows.map(eventFromRecord);
    const newIps = historyNeeded ? await newAccessKeyIpEvents(db, events) : new Set<string>();
    const context = { isNewAccessKeyIp: (event: NormalisedEvent) => newIps.has(event.eventId) };
    for (const event of events) {
      if (!matches(condition, new AlarmSubject(event), context)) continue;
      matchedCount++;
      if (threshold && matchedCount > MAX_THRESHOLD_MATCHES) {
        throw new HistoryRunError(
          `More than ${MAX_THRESHOLD_MATCHES.toLocaleString("en")} events match; run over a shorter range.`,
        );
      }
      if (threshold || matched.length < MAX_LINKED_EVENTS) matched.push(event);
    }
    const last = rows[rows.length - 1];
    after = { eventTime: last.eventTime, eventId: last.eventId };
    if (rows.length < PAGE) break;
  }

  const byId = new Map(matched.map((e) => [e.eventId, e]));
  const alarms = await db.$transaction(
    async (tx) => {
      const raised = threshold
        ? await raiseOverThresholdInHistory(tx, policy, matched)
        : await raiseTogether(tx, policy, matched, matchedCount);
      await writeAlarmMessages(tx, raised, byId);
      return raised;
    },
    { timeout: 120_000 },
  );
  queueAlarmNotifications(database, alarms, byId);
  return { scanned, matched: matchedCount, alarms };
}
