// An administrator's security controls as they are used: the password policy saved and shown, enforced when a
// user whose password was reset must change it at sign-in (too short, a reused password, then a good one); and on
// a user's page, login / operation protection set and an MFA device unbound, each recorded as an event. Turning
// a protection off (or unbinding a device) asks for the administrator's own identity verification first.
// The policy goes back to the defaults afterwards, so the other specs' sign-ins are unaffected.
import { randomBytes } from "node:crypto";
import { expect, test, type Page } from "@playwright/test";
import { Secret } from "otpauth";
import { encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { createTestUser, e2eDatabase } from "./database";
import { DEMO_PASSWORD, signedInAs, signIn } from "./sign-in";

const INITIAL = "initial-Password-1";
const RESET = "Reset-password-42!";
const CHOSEN = "Brand-new-Password-9!";

test.afterAll(async () => {
  await e2eDatabase().db.passwordPolicy.deleteMany();
});

async function latestEvent(eventName: string) {
  return e2eDatabase().db.event.findFirstOrThrow({ where: { eventName, userName: "admin" }, orderBy: { seq: "desc" } });
}

async function changePassword(page: Page, current: string, next: string) {
  await page.getByLabel("Current password").fill(current);
  await page.getByLabel("New password", { exact: true }).fill(next);
  await page.getByLabel("Confirm new password").fill(next);
  await page.getByRole("button", { name: "Change password" }).click();
}

test("the password policy is saved, shown, and enforced when a reset password must be changed at sign-in", async ({
  page,
  browser,
}) => {
  const userName = await createTestUser("policy", INITIAL);
  const admin = await browser.newPage();
  await signedInAs(admin, "admin");

  await admin.goto("/settings/password-policy");
  await admin.getByLabel("Minimum length").fill("12");
  await admin.getByLabel("Not one of the last N passwords (0: no check)").fill("3");
  await admin.getByLabel("Require a symbol").check();
  await admin.getByRole("button", { name: "Save policy" }).click();
  await expect(admin.getByRole("status").filter({ hasText: "The password policy is saved." })).toBeVisible();
  const current = admin.getByRole("region", { name: "Current policy" });
  await expect(current).toContainText("At least 12 characters.");
  await expect(current).toContainText("a symbol");
  await expect(current).toContainText("Not one of the user's last 3 passwords.");
  // The form shows the saved values.
  await expect(admin.getByLabel("Minimum length")).toHaveValue("12");
  await expect(admin.getByLabel("Require a symbol")).toBeChecked();
  expect(JSON.parse((await latestEvent("SetPasswordPolicy")).requestParameters!)).toMatchObject({
    minLength: 12,
    reuseCount: 3,
    requireSymbol: true,
  });

  await admin.goto(`/users/${userName}`);
  await admin.getByLabel("New password (must be changed at next sign-in)").fill(RESET);
  await admin.getByRole("button", { name: "Reset password" }).click();
  await expect(admin.locator("main").getByRole("status").filter({ hasText: userName })).toBeVisible();
  await admin.close();

  await signIn(page, userName, RESET);
  await expect(page).toHaveURL(/\/account\/password$/);
  await expect(page.getByText("You must choose a new password before you continue.")).toBeVisible();
  await expect(page.getByText("At least 12 characters.")).toBeVisible();
  // Every other page sends them back here until they have.
  await page.goto("/operation-records");
  await expect(page).toHaveURL(/\/account\/password$/);

  await changePassword(page, RESET, "Short-1!");
  await expect(page.locator("main form").getByRole("alert")).toContainText("at least 12 characters");
  await changePassword(page, RESET, "NoSymbolPassword77");
  await expect(page.locator("main form").getByRole("alert")).toContainText("The password must contain a symbol.");
  await changePassword(page, RESET, RESET);
  await expect(page.locator("main form").getByRole("alert")).toContainText(
    "The password must not be one of the last 3 passwords.",
  );
  await changePassword(page, RESET, CHOSEN);
  await expect(page).toHaveURL(/\/account\/security\?passwordChanged=1$/);
  await expect(page.getByRole("status").filter({ hasText: "Your password was changed" })).toBeVisible();
  const changed = await e2eDatabase().db.event.findFirstOrThrow({
    where: { eventName: "ChangePassword", userName, errorCode: null },
  });
  expect(JSON.parse(changed.requestParameters!)).toEqual({ UserName: userName });
  expect(changed.raw).not.toContain(CHOSEN);
  const user = await e2eDatabase().db.user.findUniqueOrThrow({ where: { userName } });
  expect(user.mustChangePassword).toBe(false);

  // The new password is the one that signs in now.
  await page.getByRole("button", { name: "Sign out" }).click();
  await signIn(page, userName, CHOSEN);
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
});

test("an administrator sets a user's login and operation protection and unbinds their MFA device", async ({ page }) => {
  const secret = new Secret({ size: 20 }).base32;
  const userName = await createTestUser("protect", INITIAL, {
    mfaEnabled: true,
    mfaSecret: encryptSecret(secret, randomBytes(32), "unused"),
    mfaBoundAt: new Date(),
  });
  await signedInAs(page, "admin");
  await page.goto(`/users/${userName}`);
  const protection = page.getByRole("form", { name: "Protection" });
  await protection.getByLabel("Login protection (MFA code at sign-in)").check();
  await protection.getByLabel(/Operation protection/).check();
  await protection.getByRole("button", { name: "Save protection" }).click();
  await expect(protection.getByRole("status")).toBeVisible();
  await page.reload();
  const detail = (label: string) =>
    page.locator("dt", { hasText: new RegExp(`^${label}$`) }).locator("xpath=following-sibling::dd[1]");
  await expect(detail("Login protection")).toHaveText("On");
  await expect(detail("Operation protection")).toHaveText("On");
  expect(await e2eDatabase().db.user.findUniqueOrThrow({ where: { userName } })).toMatchObject({
    loginProtection: true,
    operationProtection: true,
  });
  const update = await latestEvent("UpdateUser");
  expect(JSON.parse(update.requestParameters!)).toMatchObject({
    UserName: userName,
    LoginProtection: true,
    OperationProtection: true,
  });

  // Unbinding a device turns login protection off with it: the administrator verifies first.
  await page.getByRole("button", { name: `Unbind MFA device ${userName}` }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("button", { name: "Unbind MFA device", exact: true }).click();
  await expect(dialog.getByRole("alert")).toHaveText("Verify your identity first: enter your password to continue.");
  expect((await e2eDatabase().db.user.findUniqueOrThrow({ where: { userName } })).mfaEnabled).toBe(true);
  await dialog.getByLabel("Your password").fill(DEMO_PASSWORD);
  await dialog.getByRole("button", { name: "Unbind MFA device", exact: true }).click();
  await expect(page.getByRole("button", { name: `Unbind MFA device ${userName}` })).toHaveCount(0);
  const after = await e2eDatabase().db.user.findUniqueOrThrow({ where: { userName } });
  expect(after).toMatchObject({ mfaEnabled: false, mfaSecret: null, loginProtection: false });
  const unbind = await latestEvent("UnbindMFADevice");
  expect(JSON.parse(unbind.requestParameters!)).toEqual({
    UserName: userName,
    DeviceType: "VirtualMFA",
    byAdministrator: true,
  });
  expect(unbind.raw).not.toContain(secret);
});

test("turning a user's protections off asks for verification: refused without it or with a wrong password, done with the right one", async ({
  page,
}) => {
  const { db } = e2eDatabase();
  const secret = new Secret({ size: 20 }).base32;
  const userName = await createTestUser("unprotect", INITIAL, {
    mfaEnabled: true,
    mfaSecret: encryptSecret(secret, randomBytes(32), secretContext.userMfa(0)),
    mfaBoundAt: new Date(),
    loginProtection: true,
    operationProtection: true,
  });
  const stateOf = async () =>
    db.user.findUniqueOrThrow({ where: { userName }, select: { loginProtection: true, operationProtection: true } });
  const refusedBefore = await db.event.count({
    where: { eventName: "VerifyIdentity", userName: "admin", errorCode: "IdentityVerificationFailed" },
  });
  await signedInAs(page, "admin");
  await page.goto(`/users/${userName}`);
  const protection = page.getByRole("form", { name: "Protection" });
  await protection.getByLabel("Login protection (MFA code at sign-in)").uncheck();
  await protection.getByLabel(/Operation protection/).uncheck();
  await protection.getByRole("button", { name: "Save protection" }).click();

  // No verification: refused, nothing changed, the field is shown and the boxes stay as they were sent.
  await expect(protection.getByRole("alert")).toHaveText(
    "Verify your identity first: enter your password to continue.",
  );
  expect(await stateOf()).toEqual({ loginProtection: true, operationProtection: true });
  await expect(protection.getByLabel("Login protection (MFA code at sign-in)")).not.toBeChecked();
  await expect(protection.getByLabel(/Operation protection/)).not.toBeChecked();

  // A wrong password: refused and recorded as a failed verification.
  await protection.getByLabel("Your password").fill("not-the-password");
  await protection.getByRole("button", { name: "Save protection" }).click();
  await expect(protection.getByRole("alert")).toHaveText("That password is not correct.");
  expect(await stateOf()).toEqual({ loginProtection: true, operationProtection: true });
  expect(
    await db.event.count({
      where: { eventName: "VerifyIdentity", userName: "admin", errorCode: "IdentityVerificationFailed" },
    }),
  ).toBe(refusedBefore + 1);

  // The right password: both protections are off, recorded as UpdateUser.
  await protection.getByLabel("Your password").fill(DEMO_PASSWORD);
  await protection.getByRole("button", { name: "Save protection" }).click();
  await expect(protection.getByRole("status")).toHaveText(`Protection settings of ${userName} were saved.`);
  expect(await stateOf()).toEqual({ loginProtection: false, operationProtection: false });
  const update = await latestEvent("UpdateUser");
  expect(JSON.parse(update.requestParameters!)).toEqual({
    UserName: userName,
    LoginProtection: false,
    OperationProtection: false,
  });
  const verified = await db.event.findFirstOrThrow({
    where: { eventName: "VerifyIdentity", userName: "admin", errorCode: null },
    orderBy: { seq: "desc" },
  });
  expect(JSON.parse(verified.requestParameters!)).toEqual({ method: "password", purpose: "UpdateUser" });
});
