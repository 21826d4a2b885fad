// Live alarm evaluation: follows the event stream by Event.seq from its own cursor, evaluates every enabled policy
// on each new event, and raises alarms and Message center messages in one transaction with the cursor's advance
// (a restart neither misses nor repeats an alarm). Webhook and email notifications go out after the commit, in
// the background.
// Only events that arrive close to their own time are evaluated live (KEYTRAIL_ALARM_LIVE_HOURS, default 24):
// an imported month of old logs is history, evaluated on demand (history-run.ts), not a flood of alarms.
import type { Database } from "@/lib/db/client";
import { AlarmSubject, matches, needsHistory } from "@/lib/domain/alarms/condition";
import type { NormalisedEvent } from "@/lib/domain/event";
import { eventFromRecord } from "@/lib/queries/event-json";
import { eventsAfter } from "@/lib/queries/events-after";
import { writeAlarmMessages } from "./alarm-messages";
import { queueAlarmNotifications } from "./alarm-notifications";
import { ensureBuiltinPolicies } from "./builtin-sync";
import { newAccessKeyIpEvents } from "./new-access-key-ips";
import { enabledPolicies, type ActivePolicy } from "./policy-records";
import { raiseEach, raiseOverThreshold, type RaisedAlarm } from "./raise-alarms";
import { DAY_MS } from "@/lib/domain/time";

export const ALARM_CURSOR = "alarms";
/** Threshold matches older than the longest window a policy may have (7 days) can no longer count: pruned hourly. */
const MATCH_KEEP_MS = 8 * DAY_MS;
let lastPrune = 0;

export function liveWindowHours(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const value = Number(env.KEYTRAIL_ALARM_LIVE_HOURS ?? 24);
  return Number.isFinite(value) && value > 0 ? value : 24;
}

/** Which events each policy matches, in event order. */
export function matchPolicies(
  policies: ActivePolicy[],
  events: NormalisedEvent[],
  newIps: Set<string>,
): Map<ActivePolicy, NormalisedEvent[]> {
  const context = { isNewAccessKeyIp: (event: NormalisedEvent) => newIps.has(event.eventId) };
  const matched = new Map<ActivePolicy, NormalisedEvent[]>();
  for (const event of events) {
    const subject = new AlarmSubject(event);
    for (const policy of policies) {
      if (!matches(policy.definition.condition, subject, context)) continue;
      const list = matched.get(policy);
      if (list) list.push(event);
      else matched.set(policy, [event]);
    }
  }
  return matched;
}

export interface EngineStep {
  /** Events read past the cursor (evaluated or too old for live evaluation). */
  read: number;
  alarms: RaisedAlarm[];
}

/** One step: up to `limit` events past the cursor. Returns read 0 when the stream is caught up. */
export async function processNewEvents(
  database: Database,
  { limit = 2000, now = new Date() } = {},
): Promise<EngineStep> {
  const { db } = database;
  await ensureBuiltinPolicies(db);
  const cursor = (await db.streamCursor.findUnique({ where: { name: ALARM_CURSOR } }))?.position ?? 0;
  const rows = await eventsAfter(database, cursor, limit);
  if (rows.length === 0) return { read: 0, alarms: [] };
  const liveMs = liveWindowHours() * 3_600_000;
  const events = rows
    .filter(
      (row) =>
        Math.abs(row.receivedAt.getTime() - row.eventTime.getTime()) <= liveMs &&
        now.getTime() - row.eventTime.getTime() <= liveMs,
    )
    .map(eventFromRecord);
  const policies = await enabledPolicies(db);
  const newIps = policies.some((p) => needsHistory(p.definition.condition))
    ? await newAccessKeyIpEvents(db, events)
    : new Set<string>();
  const matched = matchPolicies(policies, events, newIps);
  const byId = new Map(events.map((e) => [e.eventId, e]));
  const position = rows[rows.length - 1].seq;

  const alarms = await db.$transaction(
    async (tx) => {
      // Claim the step: a second engine (another server process) that read the same rows finds the cursor moved.
      const claimed = await tx.streamCursor.updateMany({
        where: { name: ALARM_CURSOR, position: cursor },
        data: { position },
      });
      if (claimed.count === 0) {
        const exists = await tx.streamCursor.findUnique({ where: { name: ALARM_CURSOR } });
        if (exists) return null;
        await tx.streamCursor.create({ data: { name: ALARM_CURSOR, position } });
      }
      const raised: RaisedAlarm[] = [];
      for (const [policy, list] of matched) {
        raised.push(
          ...(policy.definition.threshold
            ? await raiseOverThreshold(tx, policy, list)
            : await raiseEach(tx, policy, list, "live")),
        );
      }
      await writeAlarmMessages(tx, raised, byId);
      return raised;
    },
    { timeout: 60_000 },
  );
  if (alarms === null) return { read: rows.length, alarms: [] };
  if (now.getTime() - lastPrune > 3_600_000) {
    lastPrune = now.getTime();
    await db.alarmMatch.deleteMany({ where: { eventTime: { lt: new Date(now.getTime() - MATCH_KEEP_MS) } } });
  }
  queueAlarmNotifications(database, alarms, byId);
  return { read: rows.length, alarms };
}

/** Evaluate until the stream is caught up (tests, and the schedule's catch-up after a pause). */
export async function processAllNewEvents(
  database: Database,
  options: { limit?: number; now?: Date } = {},
): Promise<RaisedAlarm[]> {
  const all: RaisedAlarm[] = [];
  for (;;) {
    const step = await processNewEvents(database, options);
    all.push(...step.alarms);
    if (step.read === 0) return all;
  }
}
