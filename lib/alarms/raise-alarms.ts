// Turning a policy's matching events into alarms, inside the caller's transaction. Without a threshold every
// match is an alarm. With one ("more than N in M minutes, per user") matches are kept per group for the window;
// the match that takes the count past N raises an alarm linking the window's events, and further matches of
// the group within M minutes of that alarm's newest event join it instead of raising another.
import type { Db } from "@/lib/db/client";
import { groupKeyOf } from "@/lib/domain/alarms/policy";
import type { NormalisedEvent } from "@/lib/domain/event";
import type { ActivePolicy } from "./policy-records";

type Tx = Parameters<Parameters<Db["$transaction"]>[0]>[0];

export type AlarmTrigger = "live" | "history";

export interface RaisedAlarm {
  alarmId: number;
  policy: ActivePolicy;
  groupKey: string;
  eventIds: string[];
  /** false when the matches joined an alarm raised earlier (no new notification). */
  isNew: boolean;
}

/** Links beyond this many per alarm are not stored (the count still is): a history run over a busy month. */
export const MAX_LINKED_EVENTS = 10_000;

async function createAlarm(
  tx: Tx,
  policy: ActivePolicy,
  groupKey: string,
  trigger: AlarmTrigger,
  events: { eventId: string; eventTime: Date }[],
  total = events.length,
) {
  const times = events.map((e) => e.eventTime.getTime());
  const alarm = await tx.alarm.create({
    data: {
      policyId: policy.id,
      groupKey,
      trigger,
      eventCount: total,
      firstEventTime: new Date(Math.min(...times)),
      lastEventTime: new Date(Math.max(...times)),
    },
  });
  const linked = events.slice(0, MAX_LINKED_EVENTS);
  for (let i = 0; i < linked.length; i += 500) {
    await tx.alarmEvent.createMany({
      data: linked.slice(i, i + 500).map((e) => ({ alarmId: alarm.id, eventId: e.eventId, eventTime: e.eventTime })),
    });
  }
  return alarm.id;
}

/** One alarm per matching event. */
export async function raiseEach(
  tx: Tx,
  policy: ActivePolicy,
  matched: NormalisedEvent[],
  trigger: AlarmTrigger,
): Promise<RaisedAlarm[]> {
  const raised: RaisedAlarm[] = [];
  for (const event of matched) {
    const alarmId = await createAlarm(tx, policy, "", trigger, [event]);
    raised.push({ alarmId, policy, groupKey: "", eventIds: [event.eventId], isNew: true });
  }
  return raised;
}

/** One alarm for all of them (a history run of a policy without a threshold). */
export async function raiseTogether(
  tx: Tx,
  policy: ActivePolicy,
  matched: NormalisedEvent[],
  total: number,
): Promise<RaisedAlarm[]> {
  if (matched.length === 0) return [];
  const alarmId = await createAlarm(tx, policy, "", "history", matched, total);
  return [{ alarmId, policy, groupKey: "", eventIds: matched.map((e) => e.eventId), isNew: true }];
}

/** Threshold policies as events arrive: matches are stored, counted per group over the window. */
export async function raiseOverThreshold(
  tx: Tx,
  policy: ActivePolicy,
  matched: NormalisedEvent[],
): Promise<RaisedAlarm[]> {
  const threshold = policy.definition.threshold!;
  const windowMs = threshold.windowMinutes * 60_000;
  const raised = new Map<number, RaisedAlarm>();
  for (const event of [...matched].sort((a, b) => a.eventTime.getTime() - b.eventTime.getTime())) {
    const groupKey = groupKeyOf(event, threshold.per);
    const seen = await tx.alarmMatch.findUnique({
      where: { policyId_eventId: { policyId: policy.id, eventId: event.eventId } },
      select: { id: true },
    });
    if (seen) continue;
    await tx.alarmMatch.create({
      data: { policyId: policy.id, groupKey, eventId: event.eventId, eventTime: event.eventTime },
    });
    const open = await tx.alarm.findFirst({
      where: {
        policyId: policy.id,
        groupKey,
        lastEventTime: { gte: new Date(event.eventTime.getTime() - windowMs) },
        firstEventTime: { lte: event.eventTime },
      },
      orderBy: { lastEventTime: "desc" },
    });
    if (open) {
      await tx.alarmEvent.createMany({
        data: [{ alarmId: open.id, eventId: event.eventId, eventTime: event.eventTime }],
      });
      await tx.alarm.update({
        where: { id: open.id },
        data: {
          eventCount: { increment: 1 },
          lastEventTime: open.lastEventTime > event.eventTime ? open.lastEventTime : event.eventTime,
        },
      });
      const known = raised.get(open.id);
      if (known) known.eventIds.push(event.eventId);
      continue;
    }
    const window = await tx.alarmMatch.findMany({
      where: {
        policyId: policy.id,
        groupKey,
        eventTime: { gt: new Date(event.eventTime.getTime() - windowMs), lte: event.eventTime },
      },
      orderBy: [{ eventTime: "asc" }, { id: "asc" }],
      take: MAX_LINKED_EVENTS,
    });
    if (window.length > threshold.count) {
      const alarmId = await createAlarm(tx, policy, groupKey, "live", window);
      raised.set(alarmId, { alarmId, policy, groupKey, eventIds: window.map((m) => m.eventId), isNew: true });
    }
  }
  return [...raised.values()];
}

/** Threshold policies over a past range, in memory: a sliding window per group over the matches in time order. */
export async function raiseOverThresholdInHistory(
  tx: Tx,
  policy: ActivePolicy,
  matched: NormalisedEvent[],
): Promise<RaisedAlarm[]> {
  const threshold = policy.definition.threshold!;
  const windowMs = threshold.windowMinutes * 60_000;
  const byGroup = new Map<string, NormalisedEvent[]>();
  for (const event of matched) {
    const key = groupKeyOf(event, threshold.per);
    byGroup.set(key, [...(byGroup.get(key) ?? []), event]);
  }
  const raised: RaisedAlarm[] = [];
  for (const [groupKey, events] of byGroup) {
    events.sort((a, b) => a.eventTime.getTime() - b.eventTime.getTime());
    let burst: NormalisedEvent[] | null = null;
    let start = 0;
    const flush = async () => {
      if (!burst) return;
      const alarmId = await createAlarm(tx, policy, groupKey, "history", burst);
      raised.push({ alarmId, policy, groupKey, eventIds: burst.map((e) => e.eventId), isNew: true });
      burst = null;
    };
    for (let i = 0; i < events.length; i++) {
      const t = events[i].eventTime.getTime();
      if (
        burst &&
        t - (burst as NormalisedEvent[])[(burst as NormalisedEvent[]).length - 1].eventTime.getTime() <= windowMs
      ) {
        (burst as NormalisedEvent[]).push(events[i]);
        continue;
      }
      await flush();
      while (t - events[start].eventTime.getTime() >= windowMs) start++;
      if (i - start + 1 > threshold.count) burst = events.slice(start, i + 1);
    }
    await flush();
  }
  return raised;
}
