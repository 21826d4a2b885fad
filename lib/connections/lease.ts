// Which console server runs a connection: a lease on the row (Connection.leaseOwner, leaseExpiresAt), taken with
// one conditional update, so that several servers on one database never run one connection at once, and a dead
// server's lease passes to another when it expires. The database decides the race: of two servers updating the
// same row under the same condition, only one sees its condition hold.
import { randomBytes } from "node:crypto";
import type { Database } from "@/lib/db/client";

/** How long a lease lasts without renewal: a run renews it well within this. */
export const LEASE_MS = 60_000;

const shared = globalThis as { __keytrailServerId?: string };

/** This process's name as a lease owner: random, so two servers on one host never share one. */
export function serverId(): string {
  shared.__keytrailServerId ??= `server-${randomBytes(9).toString("base64url")}`;
  return shared.__keytrailServerId;
}

/** Takes (or renews) the lease when it is free, ours, or expired. True when we hold it. */
export async function takeLease(
  { db }: Database,
  connectionId: number,
  owner: string,
  now: Date = new Date(),
  leaseMs: number = LEASE_MS,
): Promise<boolean> {
  const taken = await db.connection.updateMany({
    where: {
      id: connectionId,
      OR: [{ leaseOwner: null }, { leaseOwner: owner }, { leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }],
    },
    data: { leaseOwner: owner, leaseExpiresAt: new Date(now.getTime() + leaseMs) },
  });
  return taken.count === 1;
}

/** Extends a lease we still hold. False when another server took it (ours had expired). */
export async function renewLease(
  { db }: Database,
  connectionId: number,
  owner: string,
  now: Date = new Date(),
  leaseMs: number = LEASE_MS,
): Promise<boolean> {
  const renewed = await db.connection.updateMany({
    where: { id: connectionId, leaseOwner: owner },
    data: { leaseExpiresAt: new Date(now.getTime() + leaseMs) },
  });
  return renewed.count === 1;
}

/** Gives the lease up, if we still hold it. */
export async function releaseLease({ db }: Database, connectionId: number, owner: string): Promise<void> {
  await db.connection.updateMany({
    where: { id: connectionId, leaseOwner: owner },
    data: { leaseOwner: null, leaseExpiresAt: null },
  });
}
