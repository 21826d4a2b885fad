// The AccessKey inventory as people use it: flags, filters and sorting in the URL, an administrator's
// disable / enable / delete through the confirmation dialog, an auditor without buttons, a team lead limited to
// their team, and the user details page. The demo seed: 60 keys, 10 disabled, 15 created > 90 days.
import { expect, test, type Page } from "@playwright/test";
import { signedInAs } from "./sign-in";

const table = (page: Page) => page.getByRole("table", { name: "AccessKeys" });
const rows = (page: Page) => table(page).locator("tbody tr");
const column = (page: Page, n: number) => table(page).locator(`tbody tr td:nth-child(${n})`).allTextContents();
const COL = { id: 1, owner: 2, status: 3, daysUnused: 8, flags: 9 };

test("lists every key with its flags; filter by flag and status, sort, all in the URL", async ({ page }) => {
  await signedInAs(page, "admin");
  await page.goto("/access-keys");
  await expect(page.getByRole("heading", { name: "AccessKeys", level: 1 })).toBeVisible();
  await expect(rows(page)).toHaveCount(60);
  await expect(page.getByText("60 keys")).toBeVisible();
  await expect(table(page).getByText("Never used", { exact: true }).first()).toBeVisible();

  await page.getByText("How the flags and the").click();
  await expect(page.getByText(/more than 10 distinct source IPs in one UTC day/)).toBeVisible();

  await page.getByLabel("Flag", { exact: true }).selectOption("rotationDue");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/flag=rotationDue/);
  await expect(rows(page)).toHaveCount(15);
  for (const flags of await column(page, COL.flags)) expect(flags).toContain("Created > 90 days (rotation due)");

  await page.getByLabel("Flag", { exact: true }).selectOption("");
  await page.getByLabel("Status", { exact: true }).selectOption("Disabled");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/status=Disabled/);
  await expect(page).not.toHaveURL(/flag=/);
  await expect(rows(page)).toHaveCount(10);
  expect(new Set(await column(page, COL.status))).toEqual(new Set(["Disabled"]));

  await page.getByRole("link", { name: "Clear filters" }).first().click();
  await page.getByRole("link", { name: "Days unused" }).click();
  await expect(page).toHaveURL(/sort=daysUnused&order=desc/);
  await expect(table(page).getByRole("columnheader", { name: /Days unused/ })).toHaveAttribute(
    "aria-sort",
    "descending",
  );
  const days = (await column(page, COL.daysUnused)).filter((d) => d !== "—").map((d) => Number(d.replace(/,/g, "")));
  expect(days.length).toBeGreaterThan(0);
  expect(days).toEqual([...days].sort((a, b) => b - a));
  await page.getByRole("link", { name: "Days unused" }).click();
  await expect(page).toHaveURL(/sort=daysUnused&order=asc/);
  const ascending = (await column(page, COL.daysUnused))
    .filter((d) => d !== "—")
    .map((d) => Number(d.replace(/,/g, "")));
  expect(ascending).toEqual([...ascending].sort((a, b) => a - b));

  const bad = await page.goto("/access-keys?flag=bogus");
  expect(bad?.status()).toBe(200);
  await expect(page.locator("p[role=alert]")).toContainText('flag: "bogus" is not one of');
});

test("an administrator disables a key through the confirmation dialog, enables it again, and deletes a never-used key", async ({
  page,
}) => {
  await signedInAs(page, "admin");
  await page.goto("/access-keys?status=Active&sort=accessKeyId");
  const keyId = (await column(page, COL.id))[0];
  await page.goto("/access-keys?sort=accessKeyId");
  const row = rows(page).filter({ has: page.getByRole("link", { name: keyId, exact: true }) });
  await expect(row.locator("td").nth(COL.status - 1)).toHaveText("Active");

  // Esc cancels: nothing changes.
  await row.getByRole("button", { name: `Disable ${keyId}` }).click();
  const dialog = page.getByRole("dialog", { name: `Disable AccessKey ${keyId}?` });
  await expect(dialog).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  await expect(row.locator("td").nth(COL.status - 1)).toHaveText("Active");

  await row.getByRole("button", { name: `Disable ${keyId}` }).click();
  await dialog.getByRole("button", { name: "Disable key" }).click();
  await expect(page.getByRole("status")).toContainText(`AccessKey ${keyId} of`);
  await expect(row.locator("td").nth(COL.status - 1)).toHaveText("Disabled");

  // Enable it again so other tests find the demo data as seeded.
  await row.getByRole("button", { name: `Enable ${keyId}` }).click();
  await page
    .getByRole("dialog", { name: `Enable AccessKey ${keyId}?` })
    .getByRole("button", { name: "Enable key" })
    .click();
  await expect(row.locator("td").nth(COL.status - 1)).toHaveText("Active");

  // Delete a never-used key (no other test depends on one): hidden by default, listed under Deleted.
  await page.goto("/access-keys?flag=neverUsed&status=Active&sort=accessKeyId&order=desc");
  const unused = (await column(page, COL.id))[0];
  await rows(page)
    .first()
    .getByRole("button", { name: `Delete ${unused}` })
    .click();
  await page
    .getByRole("dialog", { name: `Delete AccessKey ${unused}?` })
    .getByRole("button", { name: "Delete key" })
    .click();
  await expect(page.getByRole("link", { name: unused, exact: true })).toHaveCount(0);
  await page.goto("/access-keys?status=Deleted");
  await expect(rows(page)).toHaveCount(1);
  await expect(
    rows(page)
      .first()
      .locator("td")
      .nth(COL.status - 1),
  ).toHaveText("Deleted");
  await expect(page.getByRole("link", { name: unused, exact: true })).toHaveAttribute(
    "href",
    `/access-keys/audit?key=${unused}`,
  );
  await expect(rows(page).first().getByRole("button")).toHaveCount(0);
});

test("an auditor sees no action buttons, and opens a key's owner", async ({ page }) => {
  await signedInAs(page, "auditor");
  await page.goto("/access-keys");
  await expect(rows(page).first()).toBeVisible();
  await expect(table(page).getByRole("button")).toHaveCount(0);
  await expect(table(page).getByRole("columnheader", { name: "Actions" })).toHaveCount(0);

  const owner = (await column(page, COL.owner))[0].replace(" (deleted)", "");
  await rows(page).first().getByRole("link", { name: owner, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`/users/${owner}$`));
  await expect(page.getByRole("heading", { name: "AccessKeys", level: 2 })).toBeVisible();
  await expect(page.getByRole("link", { name: "View operation records" })).toHaveAttribute(
    "href",
    `/operation-records?userName=${owner}`,
  );
  const missing = await page.goto("/users/no-such-user-here");
  expect(missing?.status()).toBe(404);
});

test("a team lead sees only the keys of their team's members", async ({ page, browser }) => {
  // The Platform group's members, as an administrator sees them.
  const admin = await browser.newPage();
  await signedInAs(admin, "admin");
  await admin.goto("/users");
  const users = admin.getByRole("table", { name: "Users" }).locator("tbody tr");
  // The list streams in after its loading skeleton: read it once it is there.
  await expect(users.filter({ has: admin.getByRole("link", { name: "lead", exact: true }) })).toBeVisible();
  const members: string[] = [];
  for (const r of await users.all()) {
    const cells = await r.locator("td").allTextContents();
    if (cells[5].split(", ").some((g) => g.startsWith("Platform"))) members.push(cells[0]);
  }
  expect(members).toContain("lead");
  await admin.goto(`/access-keys?owner=${members.join(",")}`);
  const teamKeys = (await column(admin, COL.id)).sort();
  await admin.close();

  await signedInAs(page, "lead");
  await page.goto("/access-keys");
  await expect(rows(page).first()).toBeVisible();
  expect((await column(page, COL.id)).sort()).toEqual(teamKeys);
  for (const owner of await column(page, COL.owner)) expect(members).toContain(owner.replace(" (deleted)", ""));
  await expect(table(page).getByRole("button")).toHaveCount(0);
  await expect(table(page).locator("tbody a[href^='/users/']")).toHaveCount(0);

  await page.goto("/access-keys?owner=admin");
  await expect(page.getByText("No AccessKeys match these filters.")).toBeVisible();
  const refused = await page.goto("/users/admin");
  expect(refused?.status()).toBe(403);
});
