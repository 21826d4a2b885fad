import { expect, test } from "@playwright/test";
import { signedInAs, signIn, signInAndWait } from "./sign-in";

const SIDEBAR = {
  admin: {
    role: "Administrator",
    links: [
      "Overview",
      "Operation records",
      "AccessKeys",
      "AccessKey audit",
      "Users & keys",
      "Credential report",
      "Alarms",
      "Connections",
      "Settings",
    ],
  },
  auditor: {
    role: "Auditor",
    links: [
      "Overview",
      "Operation records",
      "AccessKeys",
      "AccessKey audit",
      "Users & keys",
      "Credential report",
      "Alarms",
      "Connections",
    ],
  },
  lead: { role: "Team lead", links: ["Overview", "Operation records", "AccessKeys", "AccessKey audit"] },
} as const;

const PAGE_HEADINGS: Record<string, string> = {
  "Operation records": "Operation records",
  AccessKeys: "AccessKeys",
  "AccessKey audit": "AccessKey audit",
  "Users & keys": "Users & keys",
  "Credential report": "Credential report",
  Alarms: "Alarms",
  Connections: "Connections",
  Settings: "Settings",
  Overview: "Overview",
};

for (const [userName, expected] of Object.entries(SIDEBAR)) {
  test(`${userName} signs in and sees the shell with the sections of an ${expected.role}`, async ({ page }) => {
    await signInAndWait(page, userName);
    await expect(page).toHaveURL(/\/$/);
    const nav = page.getByRole("navigation", { name: "Main" });
    await expect(nav.getByRole("link")).toHaveText(["Keytrail", ...expected.links]);
    await expect(page.locator(".user-menu")).toContainText(expected.role);
    await expect(page.locator(".user-menu")).toContainText("Demo Corp");
    // Real data behind the overview.
    await expect(page.getByRole("table", { name: "Latest operations" }).getByRole("row")).toHaveCount(21);

    for (const link of expected.links) {
      await nav.getByRole("link", { name: link, exact: true }).click();
      await expect(page.getByRole("heading", { name: PAGE_HEADINGS[link], level: 1 })).toBeVisible();
      await expect(nav.getByRole("link", { name: link, exact: true })).toHaveAttribute("aria-current", "page");
    }
  });
}

test("a wrong password is refused with a message that does not say whether the user exists", async ({ page }) => {
  await signIn(page, "admin", "not-the-password");
  await expect(page.getByText("Incorrect user name or password.")).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, "no-such-user", "not-the-password");
  await expect(page.getByText("Incorrect user name or password.")).toBeVisible();
  await expect(page.getByLabel("User name")).toHaveValue("no-such-user");
});

test("a team lead is refused administrator and auditor pages by the server", async ({ page }) => {
  await signedInAs(page, "lead");
  for (const path of ["/settings", "/users", "/credential-report"]) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(403);
    await expect(page.getByRole("heading", { name: "403: Not allowed" })).toBeVisible();
    await expect(page.getByRole("table")).toHaveCount(0);
    await expect(page.getByRole("heading", { name: /Users & keys|Credential report|Settings/ })).toHaveCount(0);
  }
});

test("an auditor is refused the administrator-only settings", async ({ page }) => {
  await signedInAs(page, "auditor");
  expect((await page.goto("/settings"))?.status()).toBe(403);
  expect((await page.goto("/users"))?.status()).toBe(200);
});

test("signing out ends the session", async ({ page }) => {
  await signInAndWait(page, "auditor");
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/users");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  await expect(page.getByRole("button", { name: "Sign in" })).toBeVisible();
});

test("without a session every console page sends the browser to sign in, and back after", async ({ page }) => {
  const response = await page.goto("/operation-records");
  await expect(page).toHaveURL(/\/login\?callbackUrl=/);
  expect(response?.status()).toBe(200);
  await page.getByLabel("User name").fill("admin");
  await page.getByLabel("Password").fill("keytrail-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Operation records", level: 1 })).toBeVisible();
});

test("a callbackUrl to another site is ignored after sign-in", async ({ page }) => {
  await page.goto("/login?callbackUrl=https%3A%2F%2Fevil.example%2Fphish");
  await page.getByLabel("User name").fill("auditor");
  await page.getByLabel("Password").fill("keytrail-demo");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  expect(new URL(page.url()).host).toBe(new URL(test.info().project.use.baseURL!).host);
});
