// Creating a tracking set and reading its state. A new set starts at the end of the event stream (it delivers
// what arrives from now on, as the clouds' trails do); the past is a historical delivery task.
import type { Database } from "@/lib/db/client";
import { encryptionKey } from "@/lib/config/local-secrets";
import { encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { destinationSchema, type Destination } from "@/lib/delivery/destination";
import { digestDeliverable } from "@/lib/delivery/digest-delivery";
import type { TrackingFilter } from "@/lib/domain/tracking/filter";

export const MAX_TRACKING_SETS = 50;
export const TRACKING_SET_NAME = /^[A-Za-z0-9][A-Za-z0-9 _.-]{0,63}$/;

export type CreateResult = { ok: true; id: number } | { ok: false; error: string };

export async function createTrackingSet(
  database: Database,
  input: { name: string; filter: TrackingFilter; destination: Destination; deliverDigests?: boolean },
): Promise<CreateResult> {
  const { db } = database;
  const name = input.name.trim();
  if (!TRACKING_SET_NAME.test(name))
    return { ok: false, error: "Name: 1 to 64 letters, digits, spaces, _ . or -, starting with a letter or digit." };
  const destination = destinationSchema.safeParse(input.destination);
  if (!destination.success) return { ok: false, error: destination.error.issues.map((i) => i.message).join(" ") };
  const deliverDigests = input.deliverDigests ?? false;
  if (deliverDigests && !digestDeliverable(destination.data.kind))
    return { ok: false, error: "Signed digests can be delivered to a directory or a webhook, not to syslog." };
  if ((await db.trackingSet.count()) >= MAX_TRACKING_SETS)
    return { ok: false, error: `At most ${MAX_TRACKING_SETS} tracking sets.` };
  if (await db.trackingSet.findUnique({ where: { name } }))
    return { ok: false, error: `A tracking set named "${name}" exists already.` };
  const { secret, ...stored } =
    destination.data.kind === "webhook" ? destination.data : { ...destination.data, secret: null };
  const end = await db.event.findFirst({ orderBy: { seq: "desc" }, select: { seq: true } });
  const set = await db.trackingSet.create({
    data: {
      name,
      filter: JSON.stringify(input.filter),
      destinationKind: destination.data.kind,
      destination: JSON.stringify(stored),
      position: end?.seq ?? 0,
      deliverDigests,
    },
  });
  // The secret is bound to the row's ID (lib/crypto/secret-box.ts), known once the row exists.
  if (secret)
    await db.trackingSet.update({
      where: { id: set.id },
      data: { secretEncrypted: encryptSecret(secret, encryptionKey(), secretContext.trackingSet(set.id)) },
    });
  return { ok: true, id: set.id };
}

export interface TrackingSetStatus {
  /** Events stored after the set's position (capped at 10,001: "more than 10,000"). */
  pending: number;
  /** How long the oldest undelivered event has waited since it was stored, in ms (0: caught up). */
  lagMs: number;
  undeliveredDeadLetters: number;
}

export async function trackingSetStatus(
  { db }: Database,
  set: { id: number; position: number },
  now = new Date(),
): Promise<TrackingSetStatus> {
  const [next, pendingRows, undeliveredDeadLetters] = await Promise.all([
    db.event.findFirst({ where: { seq: { gt: set.position } }, orderBy: { seq: "asc" }, select: { receivedAt: true } }),
    db.event.findMany({ where: { seq: { gt: set.position } }, select: { seq: true }, take: 10_001 }),
    db.deadLetter.count({ where: { trackingSetId: set.id, deliveredAt: null } }),
  ]);
  return {
    pending: pendingRows.length,
    lagMs: next ? Math.max(0, now.getTime() - next.receivedAt.getTime()) : 0,
    undeliveredDeadLetters,
  };
}
