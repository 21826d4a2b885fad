// The user list's filters as an administrator uses them: each narrows the rows to exactly the matching users,
// the URL holds them, and a bad value says which parameter is wrong.
import { expect, test, type Page } from "@playwright/test";
import { e2eDatabase } from "./database";
import { signedInAs } from "./sign-in";

const userNames = async (page: Page) =>
  (await page.getByRole("table", { name: "Users" }).locator("tbody tr td:first-child").allTextContents())
    .map((t) => t.trim())
    .sort();

test("filter users by type, group, MFA, console access and protection; the URL keeps the view", async ({ page }) => {
  const { db } = e2eDatabase();
  const live = { deletedAt: null, NOT: { displayName: { startsWith: "[permanently deleted]" } } };
  await signedInAs(page, "admin");
  await page.goto("/users");

  await page.getByLabel("User type", { exact: true }).selectOption("MessageReceiver");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/type=MessageReceiver/);
  const receivers = (
    await db.user.findMany({ where: { ...live, userType: "MessageReceiver" }, select: { userName: true } })
  )
    .map((u) => u.userName)
    .sort();
  expect(receivers.length).toBeGreaterThan(0);
  await expect.poll(() => userNames(page)).toEqual(receivers);

  await page.goto("/users?group=Platform&console=on");
  await expect(page.getByLabel("Group", { exact: true })).toHaveValue("Platform");
  const platform = (
    await db.user.findMany({
      where: { ...live, consoleAccess: true, memberships: { some: { group: { name: "Platform" } } } },
      select: { userName: true },
    })
  )
    .map((u) => u.userName)
    .sort();
  expect(platform.length).toBeGreaterThan(0);
  await expect.poll(() => userNames(page)).toEqual(platform);

  await page.goto("/users?mfa=on&protection=none");
  const mfaNoProtection = (
    await db.user.findMany({
      where: { ...live, mfaEnabled: true, loginProtection: false, operationProtection: false },
      select: { userName: true },
    })
  )
    .map((u) => u.userName)
    .sort();
  await expect.poll(() => userNames(page)).toEqual(mfaNoProtection);

  await page.getByRole("link", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/users$/);
});

test("a bad filter value names its parameter", async ({ page }) => {
  await signedInAs(page, "auditor");
  await page.goto("/users?type=Admin");
  await expect(
    page.getByText("This filter cannot be applied: type: must be one of Root, SubUser, Collaborator, MessageReceiver."),
  ).toBeVisible();
});
