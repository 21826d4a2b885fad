// The browser tests' database, read directly to pick real rows to act on (the same URL the server uses).
import { hashPassword } from "@/lib/auth/password";
import { createDatabase, type Database } from "@/lib/db/client";

let database: Database | null = null;

export function e2eDatabase(): Database {
  database ??= createDatabase(process.env.E2E_DATABASE_URL || "file:./data/e2e.db");
  return database;
}

/** A fresh console user (an Auditor) of the demo account, `<prefix>-<time>`, made for one test. */
export async function createTestUser(
  prefix: string,
  password: string,
  extra: Record<string, unknown> = {},
): Promise<string> {
  const { db } = e2eDatabase();
  const account = await db.account.findFirstOrThrow();
  const userName = `${prefix}-${Date.now()}`;
  await db.user.create({
    data: {
      accountId: account.id,
      userName,
      principalId: `p-${userName}`,
      displayName: `${prefix} test`,
      userType: "SubUser",
      consoleAccess: true,
      consoleRole: "Auditor",
      passwordHash: await hashPassword(password),
      ...extra,
    },
  });
  return userName;
}
