// Freshness: the time from the ingest API's answer to the event being visible in the explorer (the event's page)
// and in the AccessKey audit (its key's call count), on the benchmark's large database. A signed request goes
// through the real handler; each run sends one new event carrying the bench key. Alarms: the time from the answer
// to an alarm raised on the event, with the engine polling as the console server does (lib/alarms/alarm-schedule.ts).
import { createBenchIngestKey } from "./bench-ingest-key";
import { randomBytes } from "node:crypto";
import { handleIngestRequest } from "@/lib/api/ingest-request";
import { signRequest } from "@/lib/api/sign-request";
import type { Database } from "@/lib/db/client";
import { parseEventFilter } from "@/lib/domain/event-filter";
import { findAuditedKey } from "@/lib/queries/access-key-audit";
import { listEvents } from "@/lib/queries/events";
import { ALARM_CURSOR, processNewEvents } from "@/lib/alarms/alarm-engine";
import { alarmPollMs } from "@/lib/alarms/alarm-schedule";
import { summarise, type Figure } from "./measure";

const URL_ = "http://keytrail.bench/api/v1/events";

/** A policy on the probe's event name, and the engine caught up to now, as on a running server. */
async function startAlarmEngine(database: Database): Promise<() => void> {
  const { db } = database;
  await db.alarmPolicy.create({
    data: {
      name: "Bench alarm probe",
      severity: "low",
      source: "custom",
      notifyConsole: true,
      condition: JSON.stringify({ field: "eventName", op: "equals", values: ["BenchAlarmProbe"] }),
    },
  });
  const end = (await db.event.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } }))?.seq ?? 0;
  await db.streamCursor.upsert({
    where: { name: ALARM_CURSOR },
    create: { name: ALARM_CURSOR, position: end },
    update: { position: end },
  });
  let running = false;
  const timer = setInterval(async () => {
    if (running) return;
    running = true;
    try {
      while ((await processNewEvents(database)).read > 0);
    } finally {
      running = false;
    }
  }, alarmPollMs());
  return () => clearInterval(timer);
}

export async function measureFreshness(
  database: Database,
  runs: number,
): Promise<{ explorer: Figure; audit: Figure; alarm: Figure }> {
  const env = { KEYTRAIL_ENCRYPTION_KEY: randomBytes(32).toString("base64url") };
  const { account, user, key } = await createBenchIngestKey(database, {
    label: "fresh",
    displayName: "Freshness bench",
    keyPrefix: "LTAIFRESH",
    env,
  });
  const explorer: number[] = [];
  const audit: number[] = [];
  const alarm: number[] = [];
  const stopEngine = await startAlarmEngine(database);
  for (let run = 0; run < runs; run++) {
    const eventId = `bench-fresh-${run}-${randomBytes(4).toString("hex")}`;
    const body = JSON.stringify({
      events: [
        {
          eventId,
          eventTime: new Date().toISOString(),
          eventName: "BenchAlarmProbe",
          eventSource: "ecs.aliyuncs.com",
          accountId: account.accountId,
          userIdentity: { type: "SubUser", userName: user.userName, accessKeyId: key.id },
          sourceIpAddress: "203.0.113.9",
        },
      ],
    });
    const headers = await signRequest({ url: URL_, body, accessKeyId: key.id, secret: key.secret });
    const before = (await findAuditedKey(database, key.id, null))?.calls ?? 0;
    const response = await handleIngestRequest(new Request(URL_, { method: "POST", headers, body }), database, { env });
    if (response.status !== 200) throw new Error(`ingest answered ${response.status}`);
    const answered = performance.now();
    const filter = parseEventFilter(new URLSearchParams({ eventId, range: "24h" }), { now: new Date() });
    if (!filter.ok) throw new Error(filter.message);
    while ((await listEvents(database, filter.value, null)).events.length === 0)
      await new Promise((r) => setTimeout(r, 1));
    explorer.push(performance.now() - answered);
    // The event and the audited API call itself both carry the key.
    while (((await findAuditedKey(database, key.id, null))?.calls ?? 0) < before + 1)
      await new Promise((r) => setTimeout(r, 1));
    audit.push(performance.now() - answered);
    while (!(await database.db.alarmEvent.findFirst({ where: { eventId } })))
      await new Promise((r) => setTimeout(r, 5));
    alarm.push(performance.now() - answered);
  }
  stopEngine();
  return { explorer: summarise(explorer), audit: summarise(audit), alarm: summarise(alarm) };
}
