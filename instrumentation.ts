// Runs once when a console server starts: in the Node.js runtime only, the digest key's fingerprint and a warning
// while key or digests share the database's folder (lib/integrity/key-placement.ts), the hourly signed digests
// of the event chains (lib/integrity/digest-schedule.ts), live alarm evaluation (lib/alarms/alarm-schedule.ts),
// tracking-set delivery and retention (lib/tracking/delivery-schedule.ts), the connections to the clouds
// (lib/connections/connection-schedule.ts).
export async function register() {
  if (process.env.NEXT_RUNTIME === "nodejs") {
    const { logKeyPlacement } = await import("@/lib/integrity/key-placement");
    logKeyPlacement();
    const { startDigestSchedule } = await import("@/lib/integrity/digest-schedule");
    startDigestSchedule();
    const { startAlarmSchedule } = await import("@/lib/alarms/alarm-schedule");
    startAlarmSchedule();
    const { startDeliverySchedule } = await import("@/lib/tracking/delivery-schedule");
    startDeliverySchedule();
    const { startConnectionSchedule } = await import("@/lib/connections/connection-schedule");
    startConnectionSchedule();
  }
}
