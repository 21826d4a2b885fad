// Signs each demo user in once through the form and stores the session (cookies) for the specs that only need a
// signed-in user: signing in through the form in every test is slow and adds sign-in events to every view.
import { expect, test as setup } from "@playwright/test";
import { DEMO_USERS, signIn, storageStateOf } from "./sign-in";

for (const userName of DEMO_USERS) {
  setup(`sign in ${userName}`, async ({ page }) => {
    await signIn(page, userName);
    // The first pages a fresh server renders are slow on a busy machine: wait longer than a spec's expect does.
    await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible({ timeout: 50_000 });
    await page.context().storageState({ path: storageStateOf(userName) });
  });
}
