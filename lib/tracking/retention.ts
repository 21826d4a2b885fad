// Retention: events older than the online window (KEYTRAIL_RETENTION_DAYS, default 180; 0 keeps everything) are
// removed from the database, but only once every enabled tracking set has delivered them (its position is past
// them and no undelivered dead letter holds them). Each account's chain loses a prefix, never a middle: the
// oldest events up to the first one that must stay. The cut (last removed position and its hash) goes on the chain
// head and, with the rule that allowed it (retention days, the cutoff, the newest removed eventTime), into a
// signed digest written at once, so the verifier starts each chain after it and any other removal still shows.
// Retention starts from the cut the newest signed digest records, never from the chain head's alone: a chain
// whose head claims another cut was trimmed by someone else, and retention leaves it for the verifier to report.
// The removal itself is recorded as a DeleteExpiredEvents event.
import { randomUUID } from "node:crypto";
import type { Database } from "@/lib/db/client";
import { ingestEvents } from "@/lib/db/ingest-events";
import { consoleEvent } from "@/lib/domain/console-event";
import { digestDir, digestKeys } from "@/lib/integrity/digest-key";
import { latestSignedDigests, writeDigests, type NewCut } from "@/lib/integrity/digests";
import { DAY_MS } from "@/lib/domain/time";

export const RETENTION_CHECK_MS = 24 * 3_600_000;
const DELETE_PAGE = 5_000;

export function retentionDays(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const value = Number(env.KEYTRAIL_RETENTION_DAYS ?? 180);
  return Number.isInteger(value) && value >= 0 ? value : 180;
}

export interface RetentionResult {
  cutoff: Date;
  removed: number;
  /** Per account: the new cut (last removed chain position). */
  chains: { chainKey: string; cutIndex: number; removed: number }[];
  /** Chains left alone: their head's cut is not the one the newest signed digest records. */
  refused: { chainKey: string; reason: string }[];
  /** The seq below which tracking sets have delivered everything (Infinity: no set holds anything back). */
  deliveredThrough: number;
}

/** The highest Event.seq every enabled tracking set has delivered, minus whatever waits in a dead letter. */
export async function deliveredThrough({ db }: Database): Promise<number> {
  const sets = await db.trackingSet.findMany({ where: { enabled: true }, select: { id: true, position: true } });
  let through = sets.length ? Math.min(...sets.map((s) => s.position)) : Number.POSITIVE_INFINITY;
  const letters = await db.deadLetter.findMany({
    where: { deliveredAt: null, trackingSet: { enabled: true } },
    select: { eventIds: true },
  });
  for (const letter of letters) {
    const ids = JSON.parse(letter.eventIds) as string[];
    for (let i = 0; i < ids.length; i += 500) {
      const first = await db.event.findFirst({
        where: { eventId: { in: ids.slice(i, i + 500) } },
        orderBy: { seq: "asc" },
        select: { seq: true },
      });
      if (first) through = Math.min(through, first.seq - 1);
    }
  }
  return through;
}

export async function applyRetention(
  database: Database,
  { now = new Date(), days = retentionDays(), dir = digestDir(), keys = digestKeys() } = {},
): Promise<RetentionResult> {
  const { db } = database;
  const cutoff = new Date(now.getTime() - days * DAY_MS);
  const result: RetentionResult = { cutoff, removed: 0, chains: [], refused: [], deliveredThrough: 0 };
  if (days === 0) return result;
  const signed = latestSignedDigests(dir, keys.publicKey);
  const cuts = new Map<string, NewCut>();
  const through = await deliveredThrough(database);
  result.deliveredThrough = through;
  const heads = await db.chainHead.findMany({ orderBy: { chainKey: "asc" } });
  for (const head of heads) {
    const signedCut = signed.get(head.chainKey)?.cutIndex;
    if (signedCut !== undefined && signedCut !== head.cutIndex) {
      result.refused.push({
        chainKey: head.chainKey,
        reason: `The chain head records a cut at #${head.cutIndex}, the newest signed digest one at #${signedCut}.`,
      });
      continue;
    }
    const account = head.chainKey === "" ? null : head.chainKey;
    const inChain = { accountId: account, chainIndex: { gt: head.cutIndex } };
    // The first event of the chain that must stay: too new, or not yet delivered by every set.
    const keep = await db.event.findFirst({
      where: {
        ...inChain,
        OR: [{ eventTime: { gte: cutoff } }, ...(Number.isFinite(through) ? [{ seq: { gt: through } }] : [])],
      },
      orderBy: { chainIndex: "asc" },
      select: { chainIndex: true },
    });
    const cutIndex = keep ? keep.chainIndex! - 1 : head.length;
    if (cutIndex <= head.cutIndex) continue;
    const last = await db.event.findFirst({
      where: { accountId: account, chainIndex: cutIndex },
      select: { hash: true },
    });
    if (!last?.hash) continue; // a broken chain is the verifier's to report, not retention's to hide
    const newest = await db.event.aggregate({
      where: { accountId: account, chainIndex: { gt: head.cutIndex, lte: cutIndex } },
      _max: { eventTime: true },
    });
    const newestTime = newest._max.eventTime ?? cutoff;
    if (newestTime >= cutoff) continue; // never: the query above stops at the first event inside the window
    let removed = 0;
    for (;;) {
      const page = await db.event.findMany({
        where: { accountId: account, chainIndex: { gt: head.cutIndex, lte: cutIndex } },
        select: { seq: true },
        take: DELETE_PAGE,
      });
      if (page.length === 0) break;
      removed += (await db.event.deleteMany({ where: { seq: { in: page.map((r) => r.seq) } } })).count;
    }
    await db.chainHead.update({ where: { chainKey: head.chainKey }, data: { cutIndex, cutHash: last.hash } });
    cuts.set(head.chainKey, {
      index: cutIndex,
      hash: last.hash,
      rule: {
        retentionDays: days,
        cutoff: cutoff.toISOString(),
        cutEventTime: newestTime.toISOString(),
        cutAt: now.toISOString(),
      },
    });
    result.chains.push({ chainKey: head.chainKey, cutIndex, removed });
    result.removed += removed;
  }
  if (result.removed === 0) return result;
  await ingestEvents(database, [
    consoleEvent({
      eventId: randomUUID(),
      eventTime: now,
      eventName: "DeleteExpiredEvents",
      readOnly: false,
      sensitive: true,
      accountId: result.chains.length === 1 && result.chains[0].chainKey !== "" ? result.chains[0].chainKey : null,
      actor: { userName: "keytrail", principalId: null, userType: "System", mfaUsed: null },
      meta: { sourceIpAddress: null, userAgent: "keytrail-retention" },
      requestParameters: { RetentionDays: days, OlderThan: cutoff.toISOString() },
      responseElements: {
        Removed: result.removed,
        Chains: result.chains.map((c) => ({
          Account: c.chainKey,
          CutIndex: c.cutIndex,
          CutHash: cuts.get(c.chainKey)!.hash,
          NewestRemovedEventTime: cuts.get(c.chainKey)!.rule.cutEventTime,
          Removed: c.removed,
        })),
      },
    }),
  ]);
  // Record the cut in a signed digest now: until then the verifier would report the removed events as deleted.
  await writeDigests(database, dir, keys, now, { cuts });
  return result;
}
