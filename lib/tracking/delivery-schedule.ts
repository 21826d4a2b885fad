// The console server delivers tracking sets in the background: every KEYTRAIL_DELIVERY_POLL_MS (default 2 s) each
// enabled set catches up from its position, pending historical deliveries advance, and once a day (and at start)
// retention removes events past the online window that every set has delivered. Started from instrumentation.ts.
import { getDatabase } from "@/lib/db/client";
import { removeStaleTempFiles } from "@/lib/delivery/directory-destination";
import { deliverSet, destinationOf, historicalDeliveryStep } from "./deliver-sets";
import { applyRetention, RETENTION_CHECK_MS } from "./retention";

const shared = globalThis as { __keytrailDeliveryTimer?: NodeJS.Timeout };

export function deliveryPollMs(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const value = Number(env.KEYTRAIL_DELIVERY_POLL_MS ?? 2_000);
  return Number.isFinite(value) && value >= 100 ? value : 2_000;
}

async function deliverAll(): Promise<void> {
  const database = getDatabase();
  const sets = await database.db.trackingSet.findMany({ where: { enabled: true }, select: { id: true } });
  await Promise.all(sets.map((set) => deliverSet(database, set.id, { maxSteps: 20 })));
  const tasks = await database.db.historicalDelivery.findMany({
    where: { state: { in: ["Pending", "Running"] } },
    select: { id: true },
  });
  for (const task of tasks) {
    for (let step = 0; step < 20; step++) if ((await historicalDeliveryStep(database, task.id)) !== "more") break;
  }
}

/** Temp files a killed delivery left behind in directory destinations. */
async function cleanDirectories(): Promise<void> {
  const sets = await getDatabase().db.trackingSet.findMany({ where: { destinationKind: "directory" } });
  for (const set of sets) {
    const destination = destinationOf(set);
    if (destination.kind === "directory") await removeStaleTempFiles(destination.path, 10).catch(() => []);
  }
}

export function startDeliverySchedule(): void {
  if (shared.__keytrailDeliveryTimer) return;
  let running = false;
  let failing = false;
  let lastRetention = 0;
  void cleanDirectories().catch(() => undefined);
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await deliverAll();
      if (Date.now() - lastRetention >= RETENTION_CHECK_MS) {
        lastRetention = Date.now();
        const removed = await applyRetention(getDatabase());
        if (removed.removed > 0)
          console.log(
            `Keytrail: retention removed ${removed.removed} events older than ${removed.cutoff.toISOString()}`,
          );
        for (const r of removed.refused)
          console.error(
            `Keytrail: retention left the chain of ${r.chainKey || "events without an account"} alone: ${r.reason} Run npm run verify.`,
          );
      }
      failing = false;
    } catch (error) {
      if (!failing) console.error(`Keytrail: tracking-set delivery failed, retrying: ${(error as Error).message}`);
      failing = true;
    } finally {
      running = false;
    }
  };
  shared.__keytrailDeliveryTimer = setInterval(() => void tick(), deliveryPollMs());
  shared.__keytrailDeliveryTimer.unref();
}
