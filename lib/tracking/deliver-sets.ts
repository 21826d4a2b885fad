// Tracking-set delivery: each enabled set follows the event stream by Event.seq from its own position, delivers
// the events its filter matches in batches, and advances its position only after the destination took the batch
// (at-least-once: a crash between the two redelivers the batch; eventIds de-duplicate it, and a directory file of
// the same batch has the same name). A batch the destination refuses after its retries goes to the set's dead
// letters (the exact eventIds) and the set moves on; "retry now" delivers a dead letter again.
import type { Database, Db } from "@/lib/db/client";
import { encryptionKey } from "@/lib/config/local-secrets";
import { decryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { deliverBatch, type DeliverOptions, type Destination } from "@/lib/delivery/destination";
import type { NormalisedEvent } from "@/lib/domain/event";
import { trackingFilterMatches, trackingFilterSchema, type TrackingFilter } from "@/lib/domain/tracking/filter";
import { eventFromRecord } from "@/lib/queries/event-json";

export const DELIVERY_BATCH = 1_000;

export type TrackingSetRow = Awaited<ReturnType<Db["trackingSet"]["findFirstOrThrow"]>>;

export function destinationOf(set: Pick<TrackingSetRow, "id" | "destination" | "secretEncrypted">): Destination {
  const stored = JSON.parse(set.destination) as Destination;
  if (stored.kind === "webhook")
    return {
      ...stored,
      secret: set.secretEncrypted
        ? decryptSecret(set.secretEncrypted, encryptionKey(), secretContext.trackingSet(set.id))
        : "",
    };
  return stored;
}

export function filterOf(set: Pick<TrackingSetRow, "filter">): TrackingFilter {
  return trackingFilterSchema.parse(JSON.parse(set.filter));
}

async function membersOf(db: Db, groupIds: number[]): Promise<Set<string>> {
  if (groupIds.length === 0) return new Set();
  const rows = await db.groupMembership.findMany({
    where: { groupId: { in: groupIds } },
    select: { user: { select: { userName: true } } },
  });
  return new Set(rows.map((r) => r.user.userName));
}

/** Webhook retry timing from the environment (tests and impatient operators shorten it). */
export function deliveryOptions(env: Readonly<Record<string, string | undefined>> = process.env): DeliverOptions {
  const attempts = Number(env.KEYTRAIL_WEBHOOK_ATTEMPTS ?? 5);
  const baseDelayMs = Number(env.KEYTRAIL_WEBHOOK_BASE_DELAY_MS ?? 1_000);
  return {
    webhook: {
      attempts: Number.isInteger(attempts) && attempts > 0 ? attempts : 5,
      baseDelayMs: Number.isFinite(baseDelayMs) && baseDelayMs >= 0 ? baseDelayMs : 1_000,
    },
  };
}

const latest = (events: NormalisedEvent[]) => new Date(Math.max(...events.map((e) => e.eventTime.getTime())));

export interface SetStep {
  read: number;
  delivered: number;
  deadLettered: number;
}

/** One batch of one set. read 0: caught up. */
export async function deliverSetStep(
  database: Database,
  set: TrackingSetRow,
  options: DeliverOptions = deliveryOptions(),
): Promise<SetStep> {
  const { db } = database;
  const rows = await db.event.findMany({
    where: { seq: { gt: set.position } },
    orderBy: { seq: "asc" },
    take: DELIVERY_BATCH,
  });
  if (rows.length === 0) return { read: 0, delivered: 0, deadLettered: 0 };
  const filter = filterOf(set);
  const members = await membersOf(db, filter.groupIds);
  const events = rows.map(eventFromRecord).filter((e) => trackingFilterMatches(filter, e, members));
  const position = rows[rows.length - 1].seq;
  if (events.length === 0) {
    await db.trackingSet.updateMany({ where: { id: set.id, position: set.position }, data: { position } });
    return { read: rows.length, delivered: 0, deadLettered: 0 };
  }
  const result = await deliverBatch(destinationOf(set), set.name, events, options);
  if (result.ok) {
    await db.trackingSet.updateMany({
      where: { id: set.id, position: set.position },
      data: {
        position,
        lastDeliveredAt: new Date(),
        lastError: null,
        lastDeliveredEventTime:
          set.lastDeliveredEventTime && set.lastDeliveredEventTime > latest(events)
            ? set.lastDeliveredEventTime
            : latest(events),
      },
    });
    return { read: rows.length, delivered: events.length, deadLettered: 0 };
  }
  await db.$transaction([
    db.deadLetter.create({
      data: {
        trackingSetId: set.id,
        eventIds: JSON.stringify(events.map((e) => e.eventId)),
        eventCount: events.length,
        firstEventTime: new Date(Math.min(...events.map((e) => e.eventTime.getTime()))),
        lastEventTime: latest(events),
        error: result.error.slice(0, 1000),
        attempts: 1,
      },
    }),
    db.trackingSet.updateMany({
      where: { id: set.id, position: set.position },
      data: { position, failures: { increment: 1 }, lastError: result.error.slice(0, 1000) },
    }),
  ]);
  return { read: rows.length, delivered: 0, deadLettered: events.length };
}

/** Deliver a set until it is caught up (or `maxSteps` batches). */
export async function deliverSet(
  database: Database,
  setId: number,
  { maxSteps = Infinity, options }: { maxSteps?: number; options?: DeliverOptions } = {},
): Promise<SetStep> {
  const total: SetStep = { read: 0, delivered: 0, deadLettered: 0 };
  for (let step = 0; step < maxSteps; step++) {
    const set = await database.db.trackingSet.findUnique({ where: { id: setId } });
    if (!set || !set.enabled) break;
    const result = await deliverSetStep(database, set, options);
    total.read += result.read;
    total.delivered += result.delivered;
    total.deadLettered += result.deadLettered;
    if (result.read === 0) break;
  }
  return total;
}

/** "Retry now": deliver a dead letter's exact events again. */
export async function retryDeadLetter(
  database: Database,
  deadLetterId: number,
  options: DeliverOptions = deliveryOptions(),
): Promise<{ ok: boolean; error?: string }> {
  const { db } = database;
  const letter = await db.deadLetter.findUnique({ where: { id: deadLetterId }, include: { trackingSet: true } });
  if (!letter || letter.deliveredAt) return { ok: false, error: "No such undelivered batch." };
  const ids = JSON.parse(letter.eventIds) as string[];
  const rows = await db.event.findMany({ where: { eventId: { in: ids } }, orderBy: { seq: "asc" } });
  const result = await deliverBatch(
    destinationOf(letter.trackingSet),
    letter.trackingSet.name,
    rows.map(eventFromRecord),
    options,
  );
  await db.deadLetter.update({
    where: { id: letter.id },
    data: result.ok
      ? { deliveredAt: new Date(), retriedAt: new Date(), attempts: { increment: 1 } }
      : { retriedAt: new Date(), attempts: { increment: 1 }, error: result.error.slice(0, 1000) },
  });
  if (result.ok && rows.length < ids.length)
    return { ok: true, error: `${ids.length - rows.length} of its events no longer exist.` };
  return result.ok ? { ok: true } : { ok: false, error: result.error };
}

/** One batch of a historical delivery task: the set's filter over a past time range, resumable by seq. */
export async function historicalDeliveryStep(
  database: Database,
  taskId: number,
  options: DeliverOptions = deliveryOptions(),
): Promise<"more" | "done" | "failed"> {
  const { db } = database;
  const task = await db.historicalDelivery.findUnique({ where: { id: taskId }, include: { trackingSet: true } });
  if (!task || task.state === "Complete" || task.state === "Failed") return "done";
  const rows = await db.event.findMany({
    where: { seq: { gt: task.position }, eventTime: { gte: task.fromTime, lt: task.toTime } },
    orderBy: { seq: "asc" },
    take: DELIVERY_BATCH,
  });
  if (rows.length === 0) {
    await db.historicalDelivery.update({
      where: { id: task.id },
      data: { state: "Complete", completedAt: new Date() },
    });
    return "done";
  }
  const filter = filterOf(task.trackingSet);
  const members = await membersOf(db, filter.groupIds);
  const events = rows.map(eventFromRecord).filter((e) => trackingFilterMatches(filter, e, members));
  const result = events.length
    ? await deliverBatch(destinationOf(task.trackingSet), task.trackingSet.name, events, options)
    : ({ ok: true } as const);
  if (!result.ok) {
    await db.historicalDelivery.update({
      where: { id: task.id },
      data: { state: "Failed", error: result.error.slice(0, 1000) },
    });
    return "failed";
  }
  await db.historicalDelivery.update({
    where: { id: task.id },
    data: { state: "Running", position: rows[rows.length - 1].seq, delivered: { increment: events.length } },
  });
  return "more";
}

export async function runHistoricalDelivery(
  database: Database,
  taskId: number,
  options?: DeliverOptions,
): Promise<"done" | "failed"> {
  for (;;) {
    const step = await historicalDeliveryStep(database, taskId, options);
    if (step !== "more") return step;
  }
}
