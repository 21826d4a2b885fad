// Reads for the alarm pages: recent alarms with their policy, and one alarm with the events that triggered it
// (an event removed by retention since is reported as such, by its eventId).
import "server-only";
import type { Database } from "@/lib/db/client";

export const ALARMS_PER_PAGE = 50;

export async function listAlarms({ db }: Database, { policyId, before }: { policyId?: number; before?: number } = {}) {
  const rows = await db.alarm.findMany({
    where: { ...(policyId ? { policyId } : {}), ...(before ? { id: { lt: before } } : {}) },
    include: { policy: { select: { id: true, name: true, severity: true, source: true } } },
    orderBy: { id: "desc" },
    take: ALARMS_PER_PAGE + 1,
  });
  return { alarms: rows.slice(0, ALARMS_PER_PAGE), more: rows.length > ALARMS_PER_PAGE };
}

export const LINKED_EVENTS_SHOWN = 500;

export async function getAlarm({ db }: Database, id: number) {
  const alarm = await db.alarm.findUnique({ where: { id }, include: { policy: true } });
  if (!alarm) return null;
  const links = await db.alarmEvent.findMany({
    where: { alarmId: id },
    orderBy: [{ eventTime: "asc" }, { eventId: "asc" }],
    take: LINKED_EVENTS_SHOWN,
  });
  const rows = await db.event.findMany({ where: { eventId: { in: links.map((l) => l.eventId) } } });
  const byId = new Map(rows.map((r) => [r.eventId, r]));
  const linked = await db.alarmEvent.count({ where: { alarmId: id } });
  return {
    alarm,
    linked,
    events: links.map((l) => ({ eventId: l.eventId, eventTime: l.eventTime, event: byId.get(l.eventId) ?? null })),
  };
}
