// Sign-ins, failed sign-ins and sign-outs are themselves operation records; a team lead sees only their team's.
import { expect, test } from "@playwright/test";
import { signIn, signInAndWait } from "./sign-in";

test("sign-in, failed sign-in and sign-out appear in the operation records", async ({ page }) => {
  await signIn(page, "admin", "wrong-password");
  await expect(page.getByText("Incorrect user name or password.")).toBeVisible();
  await signInAndWait(page, "admin");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await signInAndWait(page, "admin");
  await page.goto("/operation-records");

  const rows = page.getByRole("table", { name: "Operation records" }).getByRole("row");
  // Newest first: this sign-in, the sign-out, the earlier sign-in, the failure.
  const first = [1, 2, 3, 4].map((i) => rows.nth(i));
  await expect(first[0]).toContainText("ConsoleSignin");
  await expect(first[0]).toContainText("admin");
  await expect(first[0]).toContainText("Success");
  await expect(first[1]).toContainText("ConsoleSignout");
  await expect(first[2]).toContainText("ConsoleSignin");
  await expect(first[3]).toContainText("ConsoleSignin");
  await expect(first[3]).toContainText("InvalidCredentials");
  await expect(first[0]).toContainText("127.0.0.1");
});

test("a team lead's operation records hold only the members of the groups they lead", async ({ page }) => {
  await signInAndWait(page, "admin"); // an event by someone outside the lead's team
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await signInAndWait(page, "lead");
  await page.goto("/operation-records");
  const operators = (
    await page.getByRole("table", { name: "Operation records" }).locator("tbody tr td:nth-child(3)").allTextContents()
  ).map((text) => text.replace(/\s*\(.*\)$/, ""));
  expect(operators.length).toBe(50);
  expect(operators).not.toContain("admin");
  expect(operators).toContain("lead");
});
