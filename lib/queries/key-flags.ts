// Flags and "may be at risk" reasons per AccessKey, for inventory keys and keys known only from logs. The inputs
// of lib/domain/key-risk.ts come from the rollups the ingest path keeps (AccessKeyUsage, AccessKeyUsageDaily):
// the Event table is never scanned. With IDs given, only those keys' owners' keys are read, so the AccessKey
// audit's header asking for one key costs a handful of indexed queries.
import type { Database } from "@/lib/db/client";
import { parseSeenMark } from "@/lib/domain/key-usage";
import {
  assessKey,
  lookbackStartDay,
  MAX_DISTINCT_IPS_PER_DAY,
  ownerFirstDays,
  type FirstDays,
  type KeyAssessment,
} from "@/lib/domain/key-risk";
import { busyIpDays, firstUseDays } from "./key-usage-aggregates";

export type KeyFlagsEntry = KeyAssessment;

interface KeyRow {
  accessKeyId: string;
  userId: number;
  createdAt: Date;
  lastUsedAt: Date | null;
}

interface UsageRow {
  accessKeyId: string;
  lastUsed: string | null;
  accountId: string | null;
  userName: string | null;
  userId: number | null;
}

const KEY_SELECT = { accessKeyId: true, userId: true, createdAt: true, lastUsedAt: true } as const;
const USAGE_SELECT = { accessKeyId: true, lastUsed: true, accountId: true, userName: true, userId: true } as const;

/** Who a key belongs to for the risk rules: the inventory user; else the user the newest event was attributed
 *  to; else the account + user name the events give; else nobody but the key itself. */
function ownerOf(accessKeyId: string, key: KeyRow | undefined, usage: UsageRow | undefined): string {
  if (key) return `u:${key.userId}`;
  if (usage?.userId != null) return `u:${usage.userId}`;
  if (usage?.userName) return `n:${usage.accountId ?? ""}\u0000${usage.userName}`;
  return `k:${accessKeyId}`;
}

export async function keyFlags(
  database: Database,
  now: Date,
  accessKeyIds?: string[],
): Promise<Map<string, KeyFlagsEntry>> {
  const { db } = database;
  const only = accessKeyIds ? { accessKeyId: { in: [...new Set(accessKeyIds)] } } : {};
  if (accessKeyIds && accessKeyIds.length === 0) return new Map();

  const [subjectKeys, subjectUsages] = await Promise.all([
    db.accessKey.findMany({ where: only, select: KEY_SELECT }),
    db.accessKeyUsage.findMany({ where: only, select: USAGE_SELECT }),
  ]);
  const keys = new Map<string, KeyRow>(subjectKeys.map((k) => [k.accessKeyId, k]));
  const usages = new Map<string, UsageRow>(subjectUsages.map((u) => [u.accessKeyId, u]));
  const subjects = [...new Set([...keys.keys(), ...usages.keys()])];
  // Asked several times per key: the owner's text is built once.
  const owners = new Map<string, string>();
  const ownerOfId = (id: string) => {
    let owner = owners.get(id);
    if (owner === undefined) owners.set(id, (owner = ownerOf(id, keys.get(id), usages.get(id))));
    return owner;
  };
  const subjectOwners = new Set(subjects.map(ownerOfId));

  if (accessKeyIds) {
    await addOwnersKeys(database, subjectOwners, keys, usages);
    owners.clear(); // the rows just read decide the owners from here on
  }
  // Every key of the subjects' owners (all keys when no IDs were given).
  const ownerKeyIds = [...new Set([...keys.keys(), ...usages.keys()])].filter((id) => subjectOwners.has(ownerOfId(id)));

  const userIds = [...subjectOwners].filter((o) => o.startsWith("u:")).map((o) => Number(o.slice(2)));
  const since = lookbackStartDay(now);
  const [deletedUsers, firstDays, busyDays] = await Promise.all([
    // For every key (no IDs given), every deleted user rather than an IN list of all owners: thousands of owners
    // exceed the bind-parameter limit Prisma applies on SQLite (999), and the map below is keyed by owner anyway.
    !accessKeyIds
      ? db.user.findMany({ where: { deletedAt: { not: null } }, select: { id: true, deletedAt: true } })
      : userIds.length
        ? db.user.findMany({
            where: { id: { in: userIds }, deletedAt: { not: null } },
            select: { id: true, deletedAt: true },
          })
        : [],
    firstUseDays(database, accessKeyIds ? ownerKeyIds : undefined),
    busyIpDays(database, since, MAX_DISTINCT_IPS_PER_DAY, accessKeyIds ? subjects : undefined),
  ]);

  const ownerDeletedAt = new Map(deletedUsers.map((u) => [`u:${u.id}`, u.deletedAt]));
  const perKey = new Map<string, { ips: FirstDays; regions: FirstDays }>();
  const daysOf = (id: string) => {
    let found = perKey.get(id);
    if (!found) perKey.set(id, (found = { ips: new Map(), regions: new Map() }));
    return found;
  };
  for (const row of firstDays)
    (row.kind === "ip" ? daysOf(row.accessKeyId).ips : daysOf(row.accessKeyId).regions).set(row.value, row.day);
  const perOwner = new Map<string, { ips: FirstDays; regions: FirstDays }>();
  const keysByOwner = new Map<string, string[]>();
  for (const id of ownerKeyIds) {
    const owner = ownerOfId(id);
    const list = keysByOwner.get(owner);
    if (list) list.push(id);
    else keysByOwner.set(owner, [id]);
  }
  for (const [owner, ids] of keysByOwner) {
    perOwner.set(owner, {
      ips: ownerFirstDays(ids.map((id) => daysOf(id).ips)),
      regions: ownerFirstDays(ids.map((id) => daysOf(id).regions)),
    });
  }
  // Only the days over the limit: the risk rule asks nothing else of the IP counts.
  const ipsPerDay = new Map<string, Map<string, number>>();
  for (const row of busyDays) {
    const days = ipsPerDay.get(row.accessKeyId) ?? new Map<string, number>();
    days.set(row.day, row.ips);
    ipsPerDay.set(row.accessKeyId, days);
  }

  const result = new Map<string, KeyFlagsEntry>();
  for (const id of subjects) {
    const key = keys.get(id);
    const usage = usages.get(id);
    const owner = ownerOfId(id);
    const lastUsed = usage?.lastUsed ? parseSeenMark(usage.lastUsed).time : null;
    result.set(
      id,
      assessKey(
        {
          createdAt: key?.createdAt ?? null,
          // An inventory key's last use is its own field, set only by trusted records (lib/db/event-rows.ts); the
          // rollups also count events any client sent naming the key.
          lastUsedAt: key ? key.lastUsedAt : lastUsed,
          ownerDeletedAt: ownerDeletedAt.get(owner) ?? null,
          keyIps: daysOf(id).ips,
          keyRegions: daysOf(id).regions,
          ownerIps: perOwner.get(owner)?.ips ?? new Map(),
          ownerRegions: perOwner.get(owner)?.regions ?? new Map(),
          ipsPerDay: ipsPerDay.get(id) ?? new Map(),
        },
        now,
      ),
    );
  }
  return result;
}

/** Adds to `keys` and `usages` the other keys of these owners (inventory rows and log-only rows). */
async function addOwnersKeys(
  { db }: Database,
  owners: Set<string>,
  keys: Map<string, KeyRow>,
  usages: Map<string, UsageRow>,
): Promise<void> {
  const userIds = [...owners].filter((o) => o.startsWith("u:")).map((o) => Number(o.slice(2)));
  const names = [...owners].filter((o) => o.startsWith("n:")).map((o) => o.slice(2).split("\u0000")[1]);
  const [inventory, seen] = await Promise.all([
    userIds.length ? db.accessKey.findMany({ where: { userId: { in: userIds } }, select: KEY_SELECT }) : [],
    userIds.length || names.length
      ? db.accessKeyUsage.findMany({
          where: { OR: [{ userId: { in: userIds } }, { userId: null, userName: { in: names } }] },
          select: USAGE_SELECT,
        })
      : [],
  ]);
  for (const k of inventory) keys.set(k.accessKeyId, k);
  for (const u of seen) usages.set(u.accessKeyId, u);
  // A usage row may belong to an inventory key of someone else (events attributed before the key was added):
  // the inventory decides its owner.
  const unknown = seen.map((u) => u.accessKeyId).filter((id) => !keys.has(id));
  if (unknown.length) {
    for (const k of await db.accessKey.findMany({ where: { accessKeyId: { in: unknown } }, select: KEY_SELECT }))
      keys.set(k.accessKeyId, k);
  }
}
