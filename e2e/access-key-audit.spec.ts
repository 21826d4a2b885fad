// The AccessKey audit as an auditor uses it: search by prefix, the header, services, the three lists with
// "View details", the chart and the link to the explorer; and a team lead refused a key outside their team.
import { expect, test } from "@playwright/test";
import { e2eDatabase } from "./database";
import { signedInAs } from "./sign-in";

/** The inventory key with the most recorded calls in the demo data, and its owner. */
async function busiestKey() {
  const usage = await e2eDatabase().db.accessKeyUsage.findMany({
    orderBy: { calls: "desc" },
    take: 1,
    where: { userId: { not: null } },
  });
  const key = await e2eDatabase().db.accessKey.findUniqueOrThrow({
    where: { accessKeyId: usage[0].accessKeyId },
    include: { user: true },
  });
  return key;
}

test("search a key by prefix, read its header, services and each list, open details, follow to the explorer", async ({
  page,
}) => {
  const key = await busiestKey();
  await signedInAs(page, "auditor");
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "AccessKey audit", exact: true })
    .click();
  await expect(page.getByRole("heading", { name: "AccessKey audit", level: 1 })).toBeVisible();

  const box = page.getByLabel("AccessKey ID", { exact: true });
  await box.fill(key.accessKeyId.slice(0, key.accessKeyId.length - 3));
  const option = page
    .getByRole("listbox", { name: "Matching AccessKey IDs" })
    .getByRole("option", { name: key.accessKeyId });
  await expect(option).toBeVisible();
  await box.press("ArrowDown");
  await box.press("Enter");
  await expect(page).toHaveURL(new RegExp(`key=${key.accessKeyId}`));

  const header = page.getByRole("region", { name: "AccessKey" });
  await expect(header).toContainText(key.accessKeyId);
  await expect(header.getByRole("link", { name: key.user.userName })).toBeVisible();
  await expect(header).toContainText(key.status);
  await expect(header).toContainText("Last used service");
  await expect(page.getByRole("link", { name: "Last 90 days" })).toHaveAttribute("aria-current", "page");

  // The chart draws one stacked bar series per service.
  const services = page.getByRole("table", { name: "Services" });
  const serviceCount = await services.locator("tbody tr").count();
  expect(serviceCount).toBeGreaterThan(0);
  await expect(page.getByRole("figure", { name: /Calls per day of/ }).locator(".recharts-bar")).toHaveCount(
    serviceCount,
  );

  // Choose the second service when there is one, so the choice is visible in the URL.
  const chosen = (await services
    .locator("tbody tr")
    .nth(serviceCount > 1 ? 1 : 0)
    .locator("td")
    .first()
    .textContent())!;
  await services.getByRole("link", { name: chosen, exact: true }).click();
  await expect(page).toHaveURL(new RegExp(`service=${chosen}`));
  const lists = page.getByRole("region", { name: `Lists for ${chosen}` });
  await expect(lists.getByRole("link", { name: "Event list" })).toHaveAttribute("aria-current", "page");
  const eventList = lists.getByRole("table", { name: "Event list" });
  await expect(eventList.locator("thead th")).toHaveText([
    "Event name",
    "Last access time",
    "Number of calls",
    "Details",
  ]);
  const firstEventName = (await eventList.locator("tbody tr td").first().textContent())!;
  await eventList.getByRole("link", { name: "View details" }).first().click();
  const details = page.getByRole("region", { name: "Event details" });
  await expect(details.getByRole("heading", { level: 2 })).toHaveText(firstEventName);
  await expect(details).toContainText(key.accessKeyId);
  await page.keyboard.press("Escape");
  await expect(details).toHaveCount(0);

  await lists.getByRole("link", { name: "IP list" }).click();
  await expect(page).toHaveURL(/list=ips/);
  const ipList = lists.getByRole("table", { name: "IP list" });
  await expect(ipList.locator("thead th")).toHaveText(["Source IP", "Last request time", "Number of calls", "Details"]);
  const firstIp = (await ipList.locator("tbody tr td").first().textContent())!;
  await ipList.getByRole("link", { name: "View details" }).first().click();
  await expect(details).toContainText(firstIp);

  await lists.getByRole("link", { name: "Resource list" }).click();
  await expect(page).toHaveURL(/list=resources/);
  const resourceList = lists.getByRole("table", { name: "Resource list" });
  await expect(resourceList.locator("thead th")).toHaveText([
    "Resource type",
    "Resource name",
    "Last access time",
    "Number of calls",
    "Details",
  ]);

  // A shorter window narrows the figures; the explorer link carries the key and window.
  await page.getByRole("link", { name: "Last 7 days" }).click();
  await expect(page).toHaveURL(/range=7d/);
  await page.getByRole("link", { name: "View in operation records" }).click();
  await expect(page).toHaveURL(new RegExp(`/operation-records\\?accessKeyId=${key.accessKeyId}&range=7d`));
  await expect(page.getByLabel("AccessKey ID", { exact: true })).toHaveValue(key.accessKeyId);
});

test("an unknown key is a 404 with a message", async ({ page }) => {
  await signedInAs(page, "auditor");
  const response = await page.goto("/access-keys/audit?key=LTAINOSUCHKEY00000000000");
  expect(response?.status()).toBe(404);
});

test("a team lead audits their members' keys and is refused any other key, by page and by API", async ({ page }) => {
  const db = e2eDatabase().db;
  const lead = await db.user.findUniqueOrThrow({ where: { userName: "lead" } });
  const team = (
    await db.groupMembership.findMany({
      where: { group: { memberships: { some: { userId: lead.id, isLead: true } } } },
    })
  ).map((m) => m.userId);
  const inside = await db.accessKey.findFirstOrThrow({ where: { userId: { in: team }, lastUsedAt: { not: null } } });
  const outside = await db.accessKey.findFirstOrThrow({
    where: { userId: { notIn: team }, lastUsedAt: { not: null } },
  });

  await signedInAs(page, "lead");
  const ok = await page.goto(`/access-keys/audit?key=${inside.accessKeyId}`);
  expect(ok?.status()).toBe(200);
  await expect(page.getByRole("region", { name: "AccessKey" })).toContainText(inside.accessKeyId);

  const refused = await page.goto(`/access-keys/audit?key=${outside.accessKeyId}`);
  expect(refused?.status()).toBe(404);
  await expect(page.getByText(outside.accessKeyId)).toHaveCount(0);
  const api = await page.request.get(`/api/v1/access-keys/${outside.accessKeyId}/audit`);
  expect(api.status()).toBe(404);
  const services = await page.request.get(`/api/v1/access-keys/${outside.accessKeyId}/audit/services/ecs/events`);
  expect(services.status()).toBe(404);

  // Suggestions never offer a key outside the team.
  await page.goto("/access-keys/audit");
  await page.getByLabel("AccessKey ID", { exact: true }).fill(outside.accessKeyId.slice(0, -2));
  await page.waitForTimeout(600);
  await expect(page.getByRole("option", { name: outside.accessKeyId })).toHaveCount(0);
});
