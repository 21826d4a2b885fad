// A URL value that names an Object.prototype member is an unknown value like any other: a clear message, not a 500.
import { expect, test } from "@playwright/test";
import { signedInAs } from "./sign-in";

test("range=toString and friends are refused with a message, on the page and the API", async ({ page }) => {
  await signedInAs(page, "admin");
  for (const name of ["toString", "__proto__", "constructor"]) {
    const response = await page.goto(`/operation-records?range=${name}`);
    expect(response?.status(), name).toBe(200);
    await expect(page.locator("p.form-error")).toHaveText(
      "This filter cannot be applied: range: must be one of 1h, 24h, 7d, 30d, 90d, 180d or custom.",
    );
    const api = await page.request.get(`/api/v1/events?range=${name}`);
    expect(api.status(), name).toBe(400);
  }
  for (const [path, text] of [
    ["/access-keys?sort=constructor", "constructor"],
    ["/users?protection=toString", "protection: must be login, operation or none"],
    ["/access-keys/audit?key=LTAI-none&range=valueOf", "valueOf"],
  ] as const) {
    const response = await page.goto(path);
    expect(response?.status(), path).toBe(200);
    await expect(page.getByRole("main")).toContainText(text);
  }
});
