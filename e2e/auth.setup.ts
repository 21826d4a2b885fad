// Signs each demo user in once through the form and stores the session (cookies) for the specs that only need a
// signed-in user: signing in through the form in every test is slow and adds sign-in events to every view.
import { test as setup } from "@playwright/test";
import { DEMO_USERS, signInAndWait, storageStateOf } from "./sign-in";

for (const userName of DEMO_USERS) {
  setup(`sign in ${userName}`, async ({ page }) => {
    await signInAndWait(page, userName);
    await page.context().storageState({ path: storageStateOf(userName) });
  });
}
