// The Overview page's figures, scoped to what the viewer may see.
import type { Database } from "@/lib/db/client";
import { eventScopeWhere, type UserScope } from "./scope";
import { recentEventSelect, type RecentEvent } from "./recent-events";

const DAY = 24 * 60 * 60 * 1000;

export interface DailyCount {
  day: string;
  reads: number;
  writes: number;
}

export interface Overview {
  eventsLast24h: number;
  eventsLast7d: number;
  failedSigninsLast7d: number;
  users: number;
  activeAccessKeys: number;
  perDay: DailyCount[];
  recent: RecentEvent[];
}

export async function getOverview(database: Database, scope: UserScope, accountDbId: number, now = new Date()): Promise<Overview> {
  const { db } = database;
  const inScope = eventScopeWhere(scope);
  const userWhere = { accountId: accountDbId, deletedAt: null, ...(scope ? { id: { in: scope } } : {}) };
  const [eventsLast24h, eventsLast7d, failedSigninsLast7d, users, activeAccessKeys, perDay, recent] = await Promise.all([
    db.event.count({ where: { ...inScope, eventTime: { gte: new Date(now.getTime() - DAY) } } }),
    db.event.count({ where: { ...inScope, eventTime: { gte: new Date(now.getTime() - 7 * DAY) } } }),
    db.event.count({
      where: { ...inScope, eventType: "ConsoleSignin", errorCode: { not: null }, eventTime: { gte: new Date(now.getTime() - 7 * DAY) } },
    }),
    db.user.count({ where: userWhere }),
    db.accessKey.count({ where: { status: "Active", user: userWhere } }),
    eventsPerDay(database, scope, new Date(now.getTime() - 30 * DAY)),
    db.event.findMany({
      where: inScope,
      orderBy: [{ eventTime: "desc" }, { eventId: "desc" }],
      take: 20,
      select: recentEventSelect,
    }),
  ]);
  return { eventsLast24h, eventsLast7d, failedSigninsLast7d, users, activeAccessKeys, perDay, recent };
}

async function eventsPerDay({ db, provider }: Database, scope: UserScope, since: Date): Promise<DailyCount[]> {
  if (scope !== null && scope.length === 0) return [];
  const pg = provider === "postgresql";
  const param = (i: number) => (pg ? `$${i}` : "?");
  const day = pg ? `to_char("eventTime", 'YYYY-MM-DD')` : `substr("eventTime", 1, 10)`;
  const isRead = pg ? `"readOnly" = true` : `"readOnly" = 1`;
  const scopeSql = scope ? ` AND "userId" IN (${scope.map((_, i) => param(i + 2)).join(", ")})` : "";
  const rows = await db.$queryRawUnsafe<{ day: string; reads: bigint | number; total: bigint | number }[]>(
    `SELECT ${day} AS "day", SUM(CASE WHEN ${isRead} THEN 1 ELSE 0 END) AS "reads", COUNT(*) AS "total"
       FROM "Event" WHERE "eventTime" >= ${param(1)}${scopeSql} GROUP BY 1 ORDER BY 1`,
    since,
    ...(scope ?? []),
  );
  return rows.map((r) => ({ day: r.day, reads: Number(r.reads), writes: Number(r.total) - Number(r.reads) }));
}
