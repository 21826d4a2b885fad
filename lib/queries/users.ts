// The user inventory of an account (recycle bin excluded), for the Users & keys page.
import type { Database } from "@/lib/db/client";

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

export async function listUsers({ db }: Database, accountDbId: number): Promise<UserRow[]> {
  const users = await db.user.findMany({
    where: { accountId: accountDbId, deletedAt: null },
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
