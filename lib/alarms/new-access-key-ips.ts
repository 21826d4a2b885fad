// "An AccessKey used from a new IP": of a batch of events, those that are the first use of their AccessKey from
// their source IP, where the key had been used before (a brand-new key's first call is not news). Earlier days
// come from the AccessKey audit's daily rollup, the event's own day from the events: a few indexed lookups per
// distinct key and IP of the batch (not seen used earlier within the hour), however busy the key.
import type { Db } from "@/lib/db/client";
import type { NormalisedEvent } from "@/lib/domain/event";
import { isAuthenticationFailure } from "@/lib/domain/key-usage";
import { utcDay } from "@/lib/domain/time";

/** Per database client, for an hour: key and IP pairs the engine has read a use of, with that use's time. A later
 *  event of the pair is not its first use, so it needs no look-up; without this, a busy key calling from a few
 *  addresses cost three queries per address on every poll, which slowed the explorer under load (figures in
 *  docs/performance.md). An hour is safe: nothing removes events that new (retention keeps days). */
const recentUses = new WeakMap<Db, Map<string, { at: number; until: number }>>();
const REMEMBER_MS = 3_600_000;
const MAX_REMEMBERED = 100_000;

export async function newAccessKeyIpEvents(db: Db, events: NormalisedEvent[], now = Date.now()): Promise<Set<string>> {
  let remembered = recentUses.get(db);
  if (!remembered || remembered.size > MAX_REMEMBERED) recentUses.set(db, (remembered = new Map()));
  // The earliest event of each key and IP in the batch: only it can be the first from that IP.
  const earliest = new Map<string, NormalisedEvent>();
  for (const event of events) {
    const key = event.userIdentity.accessKeyId;
    if (!key || !event.sourceIpAddress || isAuthenticationFailure(event.errorCode)) continue;
    const pair = `${key}\u0000${event.sourceIpAddress}`;
    const current = earliest.get(pair);
    if (!current || event.eventTime < current.eventTime) earliest.set(pair, event);
  }
  const fresh = new Set<string>();
  for (const [pair, event] of earliest) {
    const accessKeyId = event.userIdentity.accessKeyId!;
    const ip = event.sourceIpAddress!;
    const t = event.eventTime;
    const known = remembered.get(pair);
    const use = known && known.until > now ? known : null;
    remembered.set(pair, { at: Math.min(use?.at ?? Infinity, t.getTime()), until: now + REMEMBER_MS });
    if (use && use.at < t.getTime()) continue;
    const day = utcDay(t);
    const usedBefore = await db.event.findFirst({
      where: { accessKeyId, eventTime: { lt: t } },
      select: { seq: true },
    });
    if (!usedBefore) continue;
    const [earlierDay, sameDay] = await Promise.all([
      db.accessKeyUsageDaily.findFirst({
        where: { accessKeyId, kind: "ip", value: ip, day: { lt: day } },
        select: { day: true },
      }),
      db.event.findFirst({
        where: { accessKeyId, sourceIpAddress: ip, eventTime: { gte: new Date(`${day}T00:00:00.000Z`), lt: t } },
        select: { seq: true },
      }),
    ]);
    if (!earlierDay && !sameDay) fresh.add(event.eventId);
  }
  return fresh;
}
