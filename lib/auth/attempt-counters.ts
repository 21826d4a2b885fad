// Atomic attempt counters (table AttemptCounter): failed sign-ins per source IP and per unknown user name, failed
// identity verifications per user. An attempt reserves a slot with one INSERT ... ON CONFLICT DO UPDATE ...
// RETURNING before any password or code is checked, so parallel attempts each see their own count and no more
// than the limit ever reach the check. A reservation that turns out not to be a failure (a success, a refusal
// that is not counted) is released again. A window starts at its first reservation and lasts `windowMs`.
import "server-only";
import { sql } from "kysely";
import type { Database } from "@/lib/db/client";
import { sqlOf } from "@/lib/db/sql";
import { DAY_MS } from "@/lib/domain/time";

export interface Reservation {
  key: string;
  /** This attempt's position in the window, from 1 (counting failures and attempts still in flight). */
  count: number;
  windowStart: bigint;
}

/** Rows whose window ended this long ago are deleted now and then: no counter window is longer than a day. */
const KEEP_MS = DAY_MS;

export async function reserveAttempt(
  database: Database,
  key: string,
  windowMs: number,
  now: Date,
): Promise<Reservation> {
  const at = BigInt(now.getTime());
  const expired = BigInt(now.getTime() - windowMs);
  // In an upsert's SET every expression sees the row's old values, on both providers.
  const restarts = sql<boolean>`"AttemptCounter"."windowStart" <= ${expired}`;
  const row = await sqlOf(database)
    .insertInto("AttemptCounter")
    .values({ key, windowStart: at, count: 1 })
    .onConflict((oc) =>
      oc.column("key").doUpdateSet({
        count: sql<number>`CASE WHEN ${restarts} THEN 1 ELSE "AttemptCounter"."count" + 1 END`,
        windowStart: sql<bigint>`CASE WHEN ${restarts} THEN excluded."windowStart" ELSE "AttemptCounter"."windowStart" END`,
      }),
    )
    .returning(["count", "windowStart"])
    .executeTakeFirstOrThrow();
  return { key, count: Number(row.count), windowStart: BigInt(row.windowStart) };
}

/** Gives the slot back (the attempt was not a failure); a window restarted meanwhile is left alone. */
export async function releaseAttempt({ db }: Database, reservation: Reservation): Promise<void> {
  await db.attemptCounter.updateMany({
    where: { key: reservation.key, windowStart: reservation.windowStart, count: { gt: 0 } },
    data: { count: { decrement: 1 } },
  });
}

/** Restarts the window at `now`, keeping the count: a name locked by its last failure stays locked a full window. */
export async function restartWindow({ db }: Database, reservation: Reservation, now: Date): Promise<void> {
  await db.attemptCounter.updateMany({
    where: { key: reservation.key, windowStart: reservation.windowStart },
    data: { windowStart: BigInt(now.getTime()) },
  });
}

/** Failures counted in the current window of `key` (0 when none or the window is over). */
export async function currentCount({ db }: Database, key: string, windowMs: number, now: Date): Promise<number> {
  const row = await db.attemptCounter.findUnique({ where: { key } });
  return row && row.windowStart > BigInt(now.getTime() - windowMs) ? row.count : 0;
}

export async function pruneAttemptCounters({ db }: Database, now: Date): Promise<void> {
  await db.attemptCounter.deleteMany({ where: { windowStart: { lt: BigInt(now.getTime() - KEEP_MS) } } });
}
