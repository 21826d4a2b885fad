// The user inventory of an account (recycle bin excluded), for the Users & keys page.
import "server-only";
import type { Database } from "@/lib/db/client";
import { isPurged, recycleBinCutoff } from "@/lib/domain/directory-admin";
import { userFilterWhere, type UserListFilter } from "@/lib/domain/user-list-filter";

export interface UserRow {
  id: number;
  userName: string;
  displayName: string;
  userType: string;
  consoleRole: string | null;
  consoleAccess: boolean;
  mfaEnabled: boolean;
  loginProtection: boolean;
  operationProtection: boolean;
  groups: string[];
  accessKeys: { accessKeyId: string; status: string; lastUsedAt: Date | null }[];
  createdAt: Date;
}

/** Console users without MFA: what the Overview counts and /users?mfa=off lists. */
export const WITHOUT_MFA = { consoleAccess: true, mfaEnabled: false } as const;

export async function listUsers(
  { db }: Database,
  accountDbId: number,
  options: { withoutMfa?: boolean; filter?: UserListFilter } = {},
): Promise<UserRow[]> {
  const users = await db.user.findMany({
    where: {
      accountId: accountDbId,
      deletedAt: null,
      ...(options.withoutMfa ? WITHOUT_MFA : {}),
      ...(options.filter ? userFilterWhere(options.filter) : {}),
    },
    orderBy: { userName: "asc" },
    include: {
      memberships: { include: { group: { select: { name: true } } } },
      accessKeys: { select: { accessKeyId: true, status: true, lastUsedAt: true }, orderBy: { createdAt: "asc" } },
    },
  });
  return users.map((u) => ({
    id: u.id,
    userName: u.userName,
    displayName: u.displayName,
    userType: u.userType,
    consoleRole: u.consoleRole,
    consoleAccess: u.consoleAccess,
    mfaEnabled: u.mfaEnabled,
    loginProtection: u.loginProtection,
    operationProtection: u.operationProtection,
    groups: u.memberships.map((m) => (m.isLead ? `${m.group.name} (lead)` : m.group.name)),
    accessKeys: u.accessKeys,
    createdAt: u.createdAt,
  }));
}

export interface UserDetail {
  userName: string;
  email: string | null;
  /** Permanently deleted: a tombstone kept for its AccessKeys' history. */
  purged: boolean;
  displayName: string;
  userType: string;
  consoleRole: string | null;
  consoleAccess: boolean;
  mfaEnabled: boolean;
  loginProtection: boolean;
  operationProtection: boolean;
  groups: string[];
  createdAt: Date;
  deletedAt: Date | null;
  accessKeys: {
    accessKeyId: string;
    status: string;
    createdAt: Date;
    deletedAt: Date | null;
    lastUsedAt: Date | null;
    lastUsedService: string | null;
    lastUsedRegion: string | null;
    mayIngest: boolean;
  }[];
}

/** One user of the account by name, recycle bin included (an auditor still needs to see who they were); null when unknown. */
export async function getUserDetail(
  { db }: Database,
  accountDbId: number,
  userName: string,
): Promise<UserDetail | null> {
  const user = await db.user.findFirst({
    where: { accountId: accountDbId, userName },
    include: {
      memberships: { include: { group: { select: { name: true } } }, orderBy: { group: { name: "asc" } } },
      accessKeys: {
        select: {
          accessKeyId: true,
          status: true,
          createdAt: true,
          deletedAt: true,
          lastUsedAt: true,
          lastUsedService: true,
          lastUsedRegion: true,
          mayIngest: true,
        },
        orderBy: { createdAt: "asc" },
      },
    },
  });
  if (!user) return null;
  return {
    userName: user.userName,
    email: user.email,
    purged: isPurged(user),
    displayName: user.displayName,
    userType: user.userType,
    consoleRole: user.consoleRole,
    consoleAccess: user.consoleAccess,
    mfaEnabled: user.mfaEnabled,
    loginProtection: user.loginProtection,
    operationProtection: user.operationProtection,
    groups: user.memberships.map((m) => (m.isLead ? `${m.group.name} (lead)` : m.group.name)),
    createdAt: user.createdAt,
    deletedAt: user.deletedAt,
    accessKeys: user.accessKeys,
  };
}

/** What the user's page shows about sign-in security: lockout and the MFA device's binding time. */
export async function userSecurityState({ db }: Database, accountDbId: number, userName: string) {
  return db.user.findFirst({
    where: { accountId: accountDbId, userName },
    select: {
      lockedUntil: true,
      failedSignins: true,
      mfaEnabled: true,
      mfaBoundAt: true,
      loginProtection: true,
      operationProtection: true,
    },
  });
}

export interface RecycleBinRow {
  userName: string;
  displayName: string;
  userType: string;
  deletedAt: Date;
  keys: number;
}

/** Users deleted less than 30 days ago (restorable), newest deletion first. Older ones and purged tombstones are not listed. */
export async function listRecycleBin(
  { db }: Database,
  accountDbId: number,
  now = new Date(),
): Promise<RecycleBinRow[]> {
  const users = await db.user.findMany({
    where: { accountId: accountDbId, deletedAt: { gt: recycleBinCutoff(now) } },
    orderBy: [{ deletedAt: "desc" }, { userName: "asc" }],
    select: {
      userName: true,
      displayName: true,
      userType: true,
      deletedAt: true,
      _count: { select: { accessKeys: { where: { deletedAt: null } } } },
    },
  });
  return users
    .filter((u) => !isPurged(u))
    .map((u) => ({
      userName: u.userName,
      displayName: u.displayName,
      userType: u.userType,
      deletedAt: u.deletedAt!,
      keys: u._count.accessKeys,
    }));
}

export interface GroupRow {
  id: number;
  name: string;
  description: string;
  members: { userName: string; displayName: string; isLead: boolean; deleted: boolean }[];
}

/** The account's groups with their members (recycle-bin members marked), by name. */
export async function listGroups({ db }: Database, accountDbId: number): Promise<GroupRow[]> {
  const groups = await db.group.findMany({
    where: { accountId: accountDbId },
    orderBy: { name: "asc" },
    include: {
      memberships: {
        include: { user: { select: { userName: true, displayName: true, deletedAt: true } } },
        orderBy: { user: { userName: "asc" } },
      },
    },
  });
  return groups.map((g) => ({
    id: g.id,
    name: g.name,
    description: g.description,
    members: g.memberships.map((m) => ({
      userName: m.user.userName,
      displayName: m.user.displayName,
      isLead: m.isLead,
      deleted: m.user.deletedAt !== null,
    })),
  }));
}
