// The console server evaluates alarms as events arrive: it polls the event stream every
// KEYTRAIL_ALARM_POLL_MS (default 500 ms, so an alarm is raised within a second of the event being stored) and
// catches up in steps. Started once per server process from instrumentation.ts.
import { getDatabase } from "@/lib/db/client";
import { processNewEvents } from "./alarm-engine";

const shared = globalThis as { __keytrailAlarmTimer?: NodeJS.Timeout };

export function alarmPollMs(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const value = Number(env.KEYTRAIL_ALARM_POLL_MS ?? 500);
  return Number.isFinite(value) && value >= 50 ? value : 500;
}

export function startAlarmSchedule(): void {
  if (shared.__keytrailAlarmTimer) return;
  let running = false;
  let failing = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      // Catch up in steps, but hand the process back between them.
      for (let steps = 0; steps < 20; steps++) {
        const step = await processNewEvents(getDatabase());
        if (step.read === 0) break;
      }
      failing = false;
    } catch (error) {
      // Log once per outage, not every half second.
      if (!failing) console.error(`Keytrail: alarm evaluation failed, retrying: ${(error as Error).message}`);
      failing = true;
    } finally {
      running = false;
    }
  };
  shared.__keytrailAlarmTimer = setInterval(() => void tick(), alarmPollMs());
  shared.__keytrailAlarmTimer.unref();
}
