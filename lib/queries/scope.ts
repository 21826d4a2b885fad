// A team lead's view is limited to the members of the groups they lead; everyone else sees the whole account.
// Every query over users, keys or events applies this one rule.
import type { Database } from "@/lib/db/client";
import { seesWholeAccount } from "@/lib/auth/roles";
import type { ConsoleUser } from "@/lib/auth/session";

/** null: no restriction. Otherwise the ids of the users whose records the viewer may see. */
export type UserScope = number[] | null;

export async function userScopeOf({ db }: Database, viewer: Pick<ConsoleUser, "id" | "role">): Promise<UserScope> {
  if (seesWholeAccount(viewer.role)) return null;
  const members = await db.groupMembership.findMany({
    where: { group: { memberships: { some: { userId: viewer.id, isLead: true } } } },
    select: { userId: true },
    distinct: ["userId"],
  });
  return members.map((m) => m.userId);
}

/** A Prisma `where` fragment for events in scope. */
export function eventScopeWhere(scope: UserScope) {
  return scope === null ? {} : { userId: { in: scope } };
}
