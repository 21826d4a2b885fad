// Known principals for the Operator filter's type-ahead, within the viewer's scope.
import "server-only";
import type { Database } from "@/lib/db/client";
import type { UserScope } from "./scope";

export async function listKnownOperators({ db }: Database, scope: UserScope): Promise<string[]> {
  const users = await db.user.findMany({
    where: { deletedAt: null, ...(scope ? { id: { in: scope } } : {}) },
    select: { userName: true },
    orderBy: { userName: "asc" },
    take: 1000,
  });
  return users.map((u) => u.userName);
}
