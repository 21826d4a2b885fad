import { expect, test } from "@playwright/test";
import { createTestUser, e2eDatabase } from "./database";
import { signIn, signInAndWait } from "./sign-in";

const LOCKED = "This account is locked: try again later or ask an administrator.";
const PASSWORD = "lockout-test-password";

test("five wrong passwords lock a user, an unknown user name gets the very same answer, an administrator unlocks", async ({
  page,
  browser,
}) => {
  const { db } = e2eDatabase();
  const userName = await createTestUser("lockout", PASSWORD);

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

  // An administrator unlocks the user from their page (in a browser of their own); the right password then works.
  const adminPage = await browser.newPage();
  await signInAndWait(adminPage, "admin");
  await adminPage.goto(`/users/${userName}`);
  await expect(adminPage.getByText("Locked until")).toBeVisible();
  await adminPage.getByRole("button", { name: `Unlock ${userName}` }).click();
  await adminPage.getByRole("dialog").getByRole("button", { name: "Unlock", exact: true }).click();
  await expect(adminPage.getByRole("button", { name: `Unlock ${userName}` })).toHaveCount(0);
  const unlock = await db.event.findFirstOrThrow({
    where: { eventName: "UnlockUser", userName: "admin" },
    orderBy: { seq: "desc" },
  });
  expect(JSON.parse(unlock.requestParameters!)).toEqual({ UserName: userName });
  await adminPage.close();

  await signIn(page, userName, PASSWORD);
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();

  // The burst is among the latest abnormal sign-ins on the Overview, listed at the failure that completed it.
  const burst = events[4];
  const latest = page
    .getByRole("table", { name: "Recent abnormal sign-ins" })
    .locator("tbody tr")
    .filter({ hasText: userName });
  await expect(latest).toHaveCount(1);
  await expect(latest.locator("td").nth(1)).toHaveText(userName);
  await expect(latest.locator("td").nth(2)).toHaveText("127.0.0.1");
  await expect(latest.locator("td").nth(3)).toHaveText("Burst of failed sign-ins");
  await latest.getByRole("link", { name: "View event" }).click();
  await expect(page).toHaveURL(new RegExp(`[?&]event=${burst.eventId}`));
  const details = page.getByRole("region", { name: "Event details" });
  await expect(details).toContainText(burst.eventId);
  await expect(details).toContainText("InvalidCredentials");
});
