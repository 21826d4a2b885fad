// The AccessKey audit: a key's header, the services it called in a window, per service its event / IP /
// resource lists, and calls per day. Whole UTC days come from the rollups the ingest path keeps in step with
// the events; a partial day at the window's edge is counted from its own events, or as that day's rollups less
// the events of the rest of the day when that is the shorter read (lib/domain/key-usage.ts, planEdgeCounts), so
// every figure is exact to the millisecond and live the moment an event is stored.
import type { Database } from "@/lib/db/client";
import {
  dailyBuckets,
  mergeUsageRows,
  parseSeenMark,
  planEdgeCounts,
  planWindow,
  seenMark,
  subtractUsageRows,
  type EdgeCount,
  type TimeSpan,
  type UsageKind,
  type UsageRow,
  type WindowPlan,
} from "@/lib/domain/key-usage";
import { parseResources } from "./event-json";
import type { UserScope } from "./scope";
import { utcDay } from "@/lib/domain/time";

export type AuditKeyStatus = "Active" | "Disabled" | "Deleted" | "Not in inventory";

export interface AuditedKey {
  accessKeyId: string;
  inInventory: boolean;
  status: AuditKeyStatus;
  createdAt: Date | null;
  owner: { userName: string | null; accountId: string | null; userId: number | null; deletedAt: Date | null };
  lastUsed: {
    time: Date;
    eventId: string;
    service: string | null;
    region: string | null;
    sourceIp: string | null;
  } | null;
  firstSeen: Date | null;
  calls: number;
}

export interface AuditWindow {
  from: Date;
  to: Date;
}

const inScope = (scope: UserScope, userId: number | null) =>
  scope === null || (userId !== null && scope.includes(userId));

/** The key, whether in the inventory or seen only in logs; null when unknown or outside the viewer's scope. */
export async function findAuditedKey(
  { db }: Database,
  accessKeyId: string,
  scope: UserScope,
): Promise<AuditedKey | null> {
  const [key, usage] = await Promise.all([
    db.accessKey.findUnique({
      where: { accessKeyId },
      include: {
        user: { select: { id: true, userName: true, deletedAt: true, account: { select: { accountId: true } } } },
      },
    }),
    db.accessKeyUsage.findUnique({ where: { accessKeyId } }),
  ]);
  if (!key && !usage) return null;
  const owner = key
    ? {
        userName: key.user.userName,
        accountId: key.user.account.accountId,
        userId: key.user.id,
        deletedAt: key.user.deletedAt,
      }
    : { userName: usage!.userName, accountId: usage!.accountId, userId: usage!.userId, deletedAt: null as Date | null };
  if (!inScope(scope, owner.userId)) return null;
  if (!key && owner.userId !== null) {
    const user = await db.user.findUnique({ where: { id: owner.userId }, select: { deletedAt: true } });
    owner.deletedAt = user?.deletedAt ?? null;
  }

  let lastUsed: AuditedKey["lastUsed"] = null;
  if (usage?.lastUsed) {
    const { time, eventId } = parseSeenMark(usage.lastUsed);
    const event = await db.event.findUnique({
      where: { eventId },
      select: { service: true, region: true, sourceIpAddress: true },
    });
    lastUsed = {
      time,
      eventId,
      service: event?.service ?? null,
      region: event?.region ?? null,
      sourceIp: event?.sourceIpAddress ?? null,
    };
  }
  const status: AuditKeyStatus = !key
    ? "Not in inventory"
    : key.deletedAt
      ? "Deleted"
      : key.status === "Disabled"
        ? "Disabled"
        : "Active";
  return {
    accessKeyId,
    inInventory: !!key,
    status,
    createdAt: key?.createdAt ?? null,
    owner,
    lastUsed,
    firstSeen: usage?.firstSeen ?? null,
    calls: usage?.calls ?? 0,
  };
}

/** The events of the key (one service's) in the spans, aggregated per value of `kind` the way the rollups are.
 *  Only the fields the asked-for kind needs are read. */
async function eventRows(
  { db }: Database,
  accessKeyId: string,
  spans: TimeSpan[],
  service: string,
  kind: AuditListKind,
): Promise<UsageRow[]> {
  if (spans.length === 0) return [];
  const rows = await db.event.findMany({
    where: { accessKeyId, service, OR: spans.map((span) => ({ eventTime: { gte: span.from, lt: span.before } })) },
    select: {
      eventId: true,
      eventTime: true,
      service: true,
      eventName: true,
      errorCode: true,
      sourceIpAddress: kind === "ip",
      resources: kind === "resource",
    },
  });
  return dailyBuckets(
    rows.map((r) => ({
      eventId: r.eventId,
      eventTime: r.eventTime,
      accessKeyId,
      service: r.service,
      eventName: r.eventName,
      errorCode: r.errorCode,
      sourceIpAddress: r.sourceIpAddress ?? null,
      region: null,
      resources: r.resources ? parseResources(r.resources) : [],
    })),
  )
    .filter((b) => b.kind === kind)
    .map((b) => ({ value: b.value, calls: b.calls, failedCalls: b.failedCalls, lastSeen: b.lastSeen }));
}

/** One partial day's rows of a list (planEdgeCounts, lib/domain/key-usage.ts): its events, or the day's buckets less the rest of it. */
async function edgeRows(
  database: Database,
  accessKeyId: string,
  edge: EdgeCount,
  service: string,
  kind: AuditListKind,
): Promise<UsageRow[]> {
  if (edge.read === "dayLessRest") {
    const [day, rest] = await Promise.all([
      database.db.accessKeyUsageDaily.findMany({
        where: { accessKeyId, kind, service, day: edge.day },
        select: { value: true, calls: true, failedCalls: true, lastSeen: true },
      }),
      eventRows(database, accessKeyId, [edge.rest], service, kind),
    ]);
    // A later rest that holds calls may hold the day's newest: the edge's own lastSeen is then unknown.
    if (!edge.restIsLater || rest.length === 0) return subtractUsageRows(day, rest);
  }
  return eventRows(database, accessKeyId, [edge.span], service, kind);
}

/** Calls, failed calls and the newest time per service in the span, counted by the database. */
async function serviceCountsIn({ db }: Database, accessKeyId: string, span: TimeSpan): Promise<UsageRow[]> {
  const groups = await db.event.groupBy({
    by: ["service"],
    where: { accessKeyId, eventTime: { gte: span.from, lt: span.before } },
    _count: { _all: true, errorCode: true },
    _max: { eventTime: true },
  });
  // The services table shows no event: the time alone orders it.
  return groups.map((g) => ({
    value: g.service,
    calls: g._count._all,
    failedCalls: g._count.errorCode,
    lastSeen: seenMark(g._max.eventTime!, ""),
  }));
}

/** Calls, failed calls and the newest time per service in each partial day (value = service), with its day. */
async function edgeServiceCounts(database: Database, accessKeyId: string, plan: WindowPlan) {
  const perEdge = await Promise.all(
    planEdgeCounts(plan, new Date()).map(async (edge) => {
      let rows: UsageRow[] | null = null;
      if (edge.read === "dayLessRest") {
        const [day, rest] = await Promise.all([
          database.db.accessKeyUsageDaily.groupBy({
            by: ["service"],
            where: { accessKeyId, kind: "event", day: edge.day },
            _sum: { calls: true, failedCalls: true },
            _max: { lastSeen: true },
          }),
          serviceCountsIn(database, accessKeyId, edge.rest),
        ]);
        if (!edge.restIsLater || rest.length === 0)
          rows = subtractUsageRows(
            day.map((g) => timeOnly(toRow(g.service, g))),
            rest,
          );
      }
      rows ??= await serviceCountsIn(database, accessKeyId, edge.span);
      return rows.map((row) => ({ ...row, day: utcDay(edge.span.from) }));
    }),
  );
  return perEdge.flat();
}

/** A lastSeen mark without its event: "<ISO time> ". */
const timeOnly = (row: UsageRow) => ({ ...row, lastSeen: row.lastSeen.slice(0, row.lastSeen.indexOf(" ") + 1) });

const dayRange = (plan: WindowPlan) => (plan.days ? { gte: plan.days.first, lte: plan.days.last } : null);

const toRow = (
  value: string,
  g: { _sum: { calls: number | null; failedCalls: number | null }; _max: { lastSeen: string | null } },
): UsageRow => ({
  value,
  calls: g._sum.calls ?? 0,
  failedCalls: g._sum.failedCalls ?? 0,
  lastSeen: g._max.lastSeen ?? "",
});

/** One row per service the key called in the window (value = service). */
export async function keyServices(database: Database, accessKeyId: string, window: AuditWindow): Promise<UsageRow[]> {
  const plan = planWindow(window.from, window.to);
  const days = dayRange(plan);
  const [whole, edges] = await Promise.all([
    days
      ? database.db.accessKeyUsageDaily.groupBy({
          by: ["service"],
          where: { accessKeyId, kind: "event", day: days },
          _sum: { calls: true, failedCalls: true },
          _max: { lastSeen: true },
        })
      : [],
    edgeServiceCounts(database, accessKeyId, plan),
  ]);
  // Services name no event: order them by time alone (ties by name), whichever side a time came from.
  return mergeUsageRows(
    whole.map((g) => timeOnly(toRow(g.service, g))),
    edges.map((e) => ({ value: e.value, calls: e.calls, failedCalls: e.failedCalls, lastSeen: e.lastSeen })),
  );
}

export type AuditListKind = Extract<UsageKind, "event" | "ip" | "resource">;

export interface UsageListPage {
  rows: UsageRow[];
  total: number;
  page: number;
  pageCount: number;
}

/** One service's event, IP or resource list in the window, newest last access first, one page of it. */
export async function keyUsageList(
  database: Database,
  accessKeyId: string,
  service: string,
  kind: AuditListKind,
  window: AuditWindow,
  page: { number: number; size: number },
): Promise<UsageListPage> {
  const plan = planWindow(window.from, window.to);
  const days = dayRange(plan);
  const [whole, edges] = await Promise.all([
    days
      ? database.db.accessKeyUsageDaily.groupBy({
          by: ["value"],
          where: { accessKeyId, kind, service, day: days },
          _sum: { calls: true, failedCalls: true },
          _max: { lastSeen: true },
        })
      : [],
    Promise.all(planEdgeCounts(plan, new Date()).map((edge) => edgeRows(database, accessKeyId, edge, service, kind))),
  ]);
  const rows = mergeUsageRows(
    whole.map((g) => toRow(g.value, g)),
    ...edges,
  );
  const pageCount = Math.max(1, Math.ceil(rows.length / page.size));
  const number = Math.min(Math.max(1, page.number), pageCount);
  return {
    rows: rows.slice((number - 1) * page.size, number * page.size),
    total: rows.length,
    page: number,
    pageCount,
  };
}

export interface DailyServiceCalls {
  day: string;
  service: string;
  calls: number;
}

/** Calls per UTC day and service in the window: the audit's chart. */
export async function keyDailyCalls(
  database: Database,
  accessKeyId: string,
  window: AuditWindow,
): Promise<DailyServiceCalls[]> {
  const plan = planWindow(window.from, window.to);
  const days = dayRange(plan);
  const [whole, edges] = await Promise.all([
    days
      ? database.db.accessKeyUsageDaily.groupBy({
          by: ["day", "service"],
          where: { accessKeyId, kind: "event", day: days },
          _sum: { calls: true },
        })
      : [],
    edgeServiceCounts(database, accessKeyId, plan),
  ]);
  const byCell = new Map<string, DailyServiceCalls>();
  const add = (day: string, service: string, calls: number) => {
    const key = `${day}\u0000${service}`;
    const found = byCell.get(key);
    if (found) found.calls += calls;
    else byCell.set(key, { day, service, calls });
  };
  for (const g of whole) add(g.day, g.service, g._sum.calls ?? 0);
  for (const e of edges) add(e.day, e.value, e.calls);
  return [...byCell.values()].sort((a, b) =>
    a.day === b.day ? a.service.localeCompare(b.service) : a.day < b.day ? -1 : 1,
  );
}

/** AccessKey IDs starting with `prefix` that the viewer may audit: inventory keys and keys seen in logs. */
export async function suggestAccessKeys(
  { db }: Database,
  prefix: string,
  scope: UserScope,
  limit = 10,
): Promise<string[]> {
  if (!prefix) return [];
  const owned = scope === null ? {} : { userId: { in: scope } };
  const [inventory, seen] = await Promise.all([
    db.accessKey.findMany({
      where: { accessKeyId: { startsWith: prefix }, ...owned },
      select: { accessKeyId: true },
      orderBy: { accessKeyId: "asc" },
      take: limit,
    }),
    db.accessKeyUsage.findMany({
      where: { accessKeyId: { startsWith: prefix }, ...owned },
      select: { accessKeyId: true },
      orderBy: { accessKeyId: "asc" },
      take: limit,
    }),
  ]);
  return [...new Set([...inventory, ...seen].map((k) => k.accessKeyId))].sort().slice(0, limit);
}
