import { expect, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "keytrail-demo";

export async function signIn(page: Page, userName: string, password = DEMO_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("User name").fill(userName);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

export async function signInAndWait(page: Page, userName: string) {
  await signIn(page, userName);
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
}
