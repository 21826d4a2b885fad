// The AccessKey inventory: every key the viewer may see with its owner, status, last use, days unused and flags,
// filtered and sorted as the URL says. Keys are few (two per user at most, plus keys seen only in logs), so
// flags are computed for the listed keys and filtering by flag and sorting happen in memory.
import "server-only";
import type { Database } from "@/lib/db/client";
import type { InventoryQuery, InventoryStatus, SortColumn } from "@/lib/domain/key-inventory-params";
import { parseSeenMark } from "@/lib/domain/key-usage";
import type { KeyFlag } from "@/lib/domain/key-risk";
import { keyFlags } from "./key-flags";
import type { UserScope } from "./scope";

export const STATUS_TEXT: Record<InventoryStatus, string> = {
  Active: "Active",
  Disabled: "Disabled",
  Deleted: "Deleted",
  NotInInventory: "Not in inventory",
};

export interface InventoryRow {
  accessKeyId: string;
  status: InventoryStatus;
  inInventory: boolean;
  owner: { userName: string | null; userId: number | null; deleted: boolean };
  createdAt: Date | null;
  lastUsedAt: Date | null;
  lastUsedService: string | null;
  lastUsedRegion: string | null;
  lastUsedIp: string | null;
  daysUnused: number | null;
  flags: KeyFlag[];
  riskReasons: string[];
}

export interface InventoryPage {
  rows: InventoryRow[];
  /** User names owning keys in the viewer's scope, for the owner filter's suggestions. */
  owners: string[];
}

const statusWhere = (status: InventoryStatus) =>
  status === "Deleted" ? { deletedAt: { not: null } } : { deletedAt: null, status };

export async function listInventory(
  database: Database,
  query: InventoryQuery,
  viewer: { accountDbId: number; scope: UserScope },
  now: Date,
): Promise<InventoryPage> {
  const { db } = database;
  const { scope } = viewer;
  const inScope = scope === null ? {} : { userId: { in: scope } };
  const inventoryStatuses = query.statuses.filter((s) => s !== "NotInInventory");
  const owned = query.owners.length ? { userName: { in: query.owners } } : {};

  const [keys, external, ownerRows] = await Promise.all([
    inventoryStatuses.length
      ? db.accessKey.findMany({
          where: {
            ...inScope,
            user: { accountId: viewer.accountDbId, ...owned },
            OR: inventoryStatuses.map(statusWhere),
          },
          include: { user: { select: { id: true, userName: true, deletedAt: true } } },
        })
      : [],
    query.statuses.includes("NotInInventory") ? externalKeys(database, query.owners, scope) : [],
    db.user.findMany({
      where: {
        accountId: viewer.accountDbId,
        accessKeys: { some: {} },
        ...(scope === null ? {} : { id: { in: scope } }),
      },
      select: { userName: true },
      orderBy: { userName: "asc" },
    }),
  ]);

  const rows: Omit<InventoryRow, "flags" | "riskReasons" | "daysUnused">[] = [
    ...keys.map((k) => ({
      accessKeyId: k.accessKeyId,
      status: (k.deletedAt ? "Deleted" : k.status === "Disabled" ? "Disabled" : "Active") as InventoryStatus,
      inInventory: true,
      owner: { userName: k.user.userName, userId: k.user.id, deleted: k.user.deletedAt !== null },
      createdAt: k.createdAt,
      lastUsedAt: k.lastUsedAt,
      lastUsedService: k.lastUsedService,
      lastUsedRegion: k.lastUsedRegion,
      lastUsedIp: k.lastUsedIp,
    })),
    ...external,
  ];
  // Without a scope or an owner filter every key is listed: the whole-table path avoids long IN lists.
  const ids = rows.map((r) => r.accessKeyId);
  const flags = await keyFlags(database, now, scope === null && query.owners.length === 0 ? undefined : ids);
  const full: InventoryRow[] = rows.map((r) => {
    const f = flags.get(r.accessKeyId) ?? { flags: [], riskReasons: [], daysUnused: null };
    return { ...r, flags: f.flags, riskReasons: f.riskReasons, daysUnused: f.daysUnused };
  });
  const filtered = query.flags.length ? full.filter((r) => r.flags.some((f) => query.flags.includes(f))) : full;
  return { rows: sortRows(filtered, query.sort, query.order), owners: ownerRows.map((u) => u.userName) };
}

/** Keys seen in events but not in the inventory; their last use comes from the event the rollup names. */
async function externalKeys(
  { db }: Database,
  owners: string[],
  scope: UserScope,
): Promise<Omit<InventoryRow, "flags" | "riskReasons" | "daysUnused">[]> {
  const usages = await db.accessKeyUsage.findMany({
    where: {
      ...(scope === null ? {} : { userId: { in: scope } }),
      ...(owners.length ? { userName: { in: owners } } : {}),
    },
  });
  if (usages.length === 0) return [];
  const inventory = new Set(
    (
      await db.accessKey.findMany({
        where: { accessKeyId: { in: usages.map((u) => u.accessKeyId) } },
        select: { accessKeyId: true },
      })
    ).map((k) => k.accessKeyId),
  );
  const loose = usages.filter((u) => !inventory.has(u.accessKeyId));
  const lastUse = new Map(loose.filter((u) => u.lastUsed).map((u) => [u.accessKeyId, parseSeenMark(u.lastUsed!)]));
  const [events, deletedUsers] = await Promise.all([
    lastUse.size
      ? db.event.findMany({
          where: { eventId: { in: [...lastUse.values()].map((m) => m.eventId) } },
          select: { eventId: true, service: true, region: true, sourceIpAddress: true },
        })
      : [],
    db.user.findMany({
      where: { id: { in: loose.flatMap((u) => (u.userId === null ? [] : [u.userId])) }, deletedAt: { not: null } },
      select: { id: true },
    }),
  ]);
  const byEventId = new Map(events.map((e) => [e.eventId, e]));
  const deleted = new Set(deletedUsers.map((u) => u.id));
  return loose.map((u) => {
    const mark = lastUse.get(u.accessKeyId);
    const event = mark ? byEventId.get(mark.eventId) : undefined;
    return {
      accessKeyId: u.accessKeyId,
      status: "NotInInventory" as const,
      inInventory: false,
      owner: { userName: u.userName, userId: u.userId, deleted: u.userId !== null && deleted.has(u.userId) },
      createdAt: null,
      lastUsedAt: mark?.time ?? null,
      lastUsedService: event?.service ?? null,
      lastUsedRegion: event?.region ?? null,
      lastUsedIp: event?.sourceIpAddress ?? null,
    };
  });
}

type SortValue = string | number | null;

const SORT_VALUE: Record<SortColumn, (r: InventoryRow) => SortValue> = {
  accessKeyId: (r) => r.accessKeyId,
  owner: (r) => r.owner.userName,
  status: (r) => r.status,
  created: (r) => r.createdAt?.getTime() ?? null,
  lastUsed: (r) => r.lastUsedAt?.getTime() ?? null,
  lastUsedService: (r) => r.lastUsedService,
  lastUsedRegion: (r) => r.lastUsedRegion,
  daysUnused: (r) => r.daysUnused,
  // Most serious first when descending: at risk outweighs any number of other flags.
  flags: (r) => (r.flags.includes("atRisk") ? 100 : 0) + r.flags.length,
};

/** Sorted by the column; rows without a value last whichever the direction; ties by key ID. */
export function sortRows(rows: InventoryRow[], column: SortColumn, order: "asc" | "desc"): InventoryRow[] {
  const value = SORT_VALUE[column];
  const sign = order === "asc" ? 1 : -1;
  return [...rows].sort((a, b) => {
    const x = value(a);
    const y = value(b);
    if (x !== y) {
      if (x === null) return 1;
      if (y === null) return -1;
      return (x < y ? -1 : 1) * sign;
    }
    return a.accessKeyId < b.accessKeyId ? -1 : a.accessKeyId > b.accessKeyId ? 1 : 0;
  });
}
