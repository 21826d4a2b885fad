// The signed-in user's own sign-in security settings, for the Account security page.
import "server-only";
import type { Database } from "@/lib/db/client";

export function accountSecurityOf({ db }: Database, userId: number) {
  return db.user.findUniqueOrThrow({
    where: { id: userId },
    select: { mfaEnabled: true, mfaBoundAt: true, loginProtection: true, operationProtection: true },
  });
}
