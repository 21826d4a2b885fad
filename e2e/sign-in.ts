import { readFileSync } from "node:fs";
import path from "node:path";
import { expect, type BrowserContext, type Page } from "@playwright/test";

export const DEMO_PASSWORD = "keytrail-demo";

/** The demo console users whose signed-in sessions the setup project stores once for every spec. */
export const DEMO_USERS = ["admin", "auditor", "lead"] as const;
export type DemoUser = (typeof DEMO_USERS)[number];

/**
 * The stored session of a demo user (cookies), written by e2e/auth.setup.ts. A spec that only needs a signed-in
 * user starts with it instead of signing in through the form. Never sign out or change the user with it: the
 * session is shared by every spec of the run.
 */
export function storageStateOf(userName: DemoUser): string {
  return path.join(import.meta.dirname, ".auth", `${userName}.json`);
}

/**
 * Opens the overview as a demo user through the stored session, for a spec that only needs a signed-in user (the
 * page ends where signInAndWait leaves it). For a page of its own, give `browser.newContext`/`newPage` the file.
 */
export async function signedInAs(page: Page, userName: DemoUser) {
  const { cookies } = JSON.parse(readFileSync(storageStateOf(userName), "utf8")) as {
    cookies: Parameters<BrowserContext["addCookies"]>[0];
  };
  await page.context().addCookies(cookies);
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
}

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
