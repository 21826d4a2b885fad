// The Overview page's figures, scoped to what the viewer may see: events per day (reads, writes, failed) over
// 30 UTC days, the top operators and the sign-in figures over the explorer's `range=30d`, the AccessKey flag
// counts exactly as the inventory's default view counts them, users without MFA (administrators and auditors
// only: a team lead never sees credential-report data), and the latest operations.
import "server-only";
import type { Database } from "@/lib/db/client";
import { abnormalSignins, type AbnormalSignin } from "@/lib/domain/credential-report/abnormal-logins";
import { parseInventoryQuery } from "@/lib/domain/key-inventory-params";
import {
  bucketsInScope,
  perDaySeries,
  sumOf,
  topOperators,
  type DayActivity,
  type OperatorActivity,
} from "@/lib/domain/overview-activity";
import { listInventory } from "./access-key-inventory";
import { activityBuckets, type ActivityCache } from "./overview-activity";
import { listRecentEvents, type RecentEvent } from "./recent-events";
import { signinAttemptsByUser } from "./signin-history";
import type { UserScope } from "./scope";
import { WITHOUT_MFA } from "./users";

export interface OverviewViewer {
  accountDbId: number;
  scope: UserScope;
}

export interface OverviewCounts {
  /** Console users (console access on) without MFA, recycle bin excluded; null for a team lead. */
  usersWithoutMfa: number | null;
  /** Inventory keys (active or disabled, as the inventory lists by default) flagged "Unused > 90 days". */
  staleKeys: number;
  /** The same keys flagged "May be at risk". */
  keysAtRisk: number;
  /** Abnormal console sign-ins in the last 30 days, by the credential report's rule, summed over the users. */
  abnormalSignins: number;
  /** Failed console sign-ins in the last 30 days (the explorer's range=30d). */
  failedSignins: number;
}

export interface Overview {
  perDay: DayActivity[];
  topOperators: OperatorActivity[];
  /** Events in the last 30 days (the explorer's range=30d). */
  events30d: number;
  counts: OverviewCounts;
  /** The latest abnormal sign-ins (newest first, at most RECENT_ABNORMAL_SIGNINS). */
  abnormalSignins: UserAbnormalSignin[];
  recent: RecentEvent[];
}

export interface UserAbnormalSignin extends AbnormalSignin {
  userName: string;
}

export const RECENT_ABNORMAL_SIGNINS = 10;

export async function getOverview(
  database: Database,
  viewer: OverviewViewer,
  now = new Date(),
  cache?: ActivityCache,
): Promise<Overview> {
  const { scope } = viewer;
  const [activity, keys, usersWithoutMfa, abnormal, recent] = await Promise.all([
    activityBuckets(database, now, cache),
    keyFlagCounts(database, viewer, now),
    scope === null ? countUsersWithoutMfa(database, viewer.accountDbId) : Promise.resolve(null),
    listAbnormalSignins(database, viewer, now),
    listRecentEvents(database, scope, 20),
  ]);
  const days = bucketsInScope(activity.days, scope);
  const rolling = [...bucketsInScope(activity.edge, scope), ...days];
  return {
    perDay: perDaySeries(activity.window.days, days),
    topOperators: topOperators(rolling),
    events30d: sumOf(rolling, "calls"),
    counts: {
      usersWithoutMfa,
      ...keys,
      abnormalSignins: abnormal.length,
      failedSignins: sumOf(rolling, "failedSignins"),
    },
    abnormalSignins: abnormal.slice(0, RECENT_ABNORMAL_SIGNINS),
    recent,
  };
}

/** What /access-keys?flag=unused90 and ?flag=atRisk list for this viewer, counted. */
async function keyFlagCounts(database: Database, viewer: OverviewViewer, now: Date) {
  const parsed = parseInventoryQuery(new URLSearchParams());
  if (!parsed.ok) throw new Error(parsed.message);
  const { rows } = await listInventory(database, parsed.value, viewer, now);
  return {
    staleKeys: rows.filter((r) => r.flags.includes("unused90")).length,
    keysAtRisk: rows.filter((r) => r.flags.includes("atRisk")).length,
  };
}

export function countUsersWithoutMfa({ db }: Database, accountDbId: number): Promise<number> {
  return db.user.count({ where: { accountId: accountDbId, deletedAt: null, ...WITHOUT_MFA } });
}

/** lib/domain/credential-report/abnormal-logins.ts over the viewer's users (recycle bin excluded), from their
 *  console sign-ins of the history the rule looks at: every abnormal sign-in of the last 30 days, newest first. */
export async function listAbnormalSignins(
  database: Database,
  viewer: OverviewViewer,
  now: Date,
): Promise<UserAbnormalSignin[]> {
  const users = await database.db.user.findMany({
    where: { accountId: viewer.accountDbId, deletedAt: null, ...(viewer.scope ? { id: { in: viewer.scope } } : {}) },
    select: { id: true, userName: true },
  });
  if (users.length === 0) return [];
  const names = new Map(users.map((u) => [u.id, u.userName]));
  const found: UserAbnormalSignin[] = [];
  for (const [id, attempts] of await signinAttemptsByUser(database, viewer.accountDbId, now, viewer.scope)) {
    const userName = names.get(id);
    if (userName !== undefined)
      for (const signin of abnormalSignins(attempts, now)) found.push({ ...signin, userName });
  }
  return found.sort((a, b) => b.time.getTime() - a.time.getTime() || a.userName.localeCompare(b.userName));
}
