import { expect, test, type Page } from "@playwright/test";
import { TOTP } from "otpauth";
import { createTestUser, e2eDatabase } from "./database";
import { signIn } from "./sign-in";

const PASSWORD = "mfa-test-password";
/** A code an authenticator app would show, computed from the secret the page showed. Each code is accepted once,
 *  so a code used earlier in the test is never given again: the next step's code instead (the console accepts one
 *  step of clock drift), waiting for the next 30 s window when even that was used. */
let lastStep = 0;
async function codeFor(secret: string): Promise<string> {
  const step = Math.max(Math.floor(Date.now() / 30_000), lastStep + 1);
  const wait = (step - 1) * 30_000 - Date.now();
  if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait + 200));
  lastStep = step;
  return new TOTP({ secret, algorithm: "SHA1", digits: 6, period: 30 }).generate({ timestamp: step * 30_000 });
}

async function overview(page: Page) {
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
}

test("bind a virtual MFA device, sign in with password and code, then unbind it", async ({ page }) => {
  test.setTimeout(120_000); // a code is used once: the test may wait for the next 30 s window
  const { db } = e2eDatabase();
  const userName = await createTestUser("mfa", PASSWORD);

  await signIn(page, userName, PASSWORD);
  await overview(page);
  await page.getByRole("link", { name: "Account security" }).click();
  await page.getByRole("button", { name: "Set up a virtual MFA device" }).click();
  await expect(page.getByRole("img", { name: "QR code of the virtual MFA device" })).toBeVisible();
  const secret = (await page.getByLabel("Secret key").textContent())!.trim();
  expect(secret).toMatch(/^[A-Z2-7]{32}$/);
  await page.getByLabel("MFA code", { exact: true }).fill("000000");
  await page.getByRole("button", { name: "Bind MFA device" }).click();
  await expect(page.getByText("That code is not valid")).toBeVisible();
  await page.getByLabel("MFA code", { exact: true }).fill(await codeFor(secret));
  await page.getByRole("button", { name: "Bind MFA device" }).click();
  await expect(page.getByText("The virtual MFA device is bound.")).toBeVisible();
  await expect(page.getByText(/A virtual MFA device is bound/)).toBeVisible();

  await page.getByLabel("Ask for an MFA code at sign-in").check();
  await page.getByRole("button", { name: "Save login protection" }).click();
  await expect(page.getByText("Login protection is on.")).toBeVisible();

  const bind = await db.event.findFirstOrThrow({ where: { eventName: "BindMFADevice", userName, errorCode: null } });
  expect(bind.raw).not.toContain(secret);

  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await signIn(page, userName, PASSWORD);
  await expect(page.getByLabel("MFA code", { exact: true })).toBeVisible();
  await page.getByLabel("MFA code", { exact: true }).fill("000000");
  await page.getByRole("button", { name: "Verify" }).click();
  await expect(page.getByText("That MFA code is not valid")).toBeVisible();
  await page.getByLabel("MFA code", { exact: true }).fill(await codeFor(secret));
  await page.getByRole("button", { name: "Verify" }).click();
  await overview(page);
  const signin = await db.event.findFirstOrThrow({
    where: { eventName: "ConsoleSignin", userName, errorCode: null },
    orderBy: { seq: "desc" },
  });
  expect(signin.mfaUsed).toBe(true);

  await page.goto("/account/security");
  await page.getByLabel("Current MFA code to unbind").fill(await codeFor(secret));
  await page.getByRole("button", { name: "Unbind MFA device" }).click();
  await expect(page.getByText("The virtual MFA device is unbound.")).toBeVisible();
  await expect(page.getByRole("button", { name: "Set up a virtual MFA device" })).toBeVisible();
  expect(await db.event.count({ where: { eventName: "UnbindMFADevice", userName, errorCode: null } })).toBe(1);
  const user = await db.user.findUniqueOrThrow({ where: { userName } });
  expect(user).toMatchObject({ mfaEnabled: false, mfaSecret: null, loginProtection: false });
});
