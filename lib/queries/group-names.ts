// The account's group names, for the user list's group filter.
import "server-only";
import type { Database } from "@/lib/db/client";

export function listGroupNames({ db }: Database, accountDbId: number): Promise<{ name: string }[]> {
  return db.group.findMany({
    where: { accountId: accountDbId },
    select: { name: true },
    orderBy: { name: "asc" },
  });
}
