import { expect, test } from "@playwright/test";
import { hashPassword } from "@/lib/auth/password";
import { e2eDatabase } from "./database";
import { signIn } from "./sign-in";

const LOCKED = "This account is locked: try again later or ask an administrator.";
const PASSWORD = "lockout-test-password";

test("five wrong passwords lock a user, and an unknown user name gets the very same answer", async ({ page }) => {
  const { db } = e2eDatabase();
  const account = await db.account.findFirstOrThrow();
  const userName = `lockout-${Date.now()}`;
  await db.user.create({
    data: {
      accountId: account.id, userName, principalId: `p-${userName}`, displayName: "Lockout test", userType: "SubUser",
      consoleAccess: true, consoleRole: "Auditor", passwordHash: await hashPassword(PASSWORD),
    },
  });

  for (let i = 0; i < 4; i++) {
    await signIn(page, userName, "wrong-password");
    await expect(page.getByText("Incorrect user name or password.")).toBeVisible();
  }
  await signIn(page, userName, "wrong-password");
  await expect(page.getByText(LOCKED)).toBeVisible();
  // Locked: even the right password is refused.
  await signIn(page, userName, PASSWORD);
  await expect(page.getByText(LOCKED)).toBeVisible();
  await expect(page).toHaveURL(/\/login/);

  const ghost = `ghost-${Date.now()}`;
  for (let i = 0; i < 4; i++) {
    await signIn(page, ghost, "wrong-password");
    await expect(page.getByText("Incorrect user name or password.")).toBeVisible();
  }
  await signIn(page, ghost, "wrong-password");
  await expect(page.getByText(LOCKED)).toBeVisible();

  const events = await db.event.findMany({ where: { userName, eventName: "ConsoleSignin" }, orderBy: { seq: "asc" } });
  expect(events.map((e) => e.errorCode)).toEqual([...Array(5).fill("InvalidCredentials"), "AccountLocked"]);

  // An administrator's unlock (simulated here in the database) lets the right password in again.
  await db.user.update({ where: { userName }, data: { lockedUntil: null, failedSignins: 0 } });
  await signIn(page, userName, PASSWORD);
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
});
