// The operation-records explorer as a person uses it: filters, paging, the details panel, reload, copy,
// export, and a team lead's scope through the URL.
import { expect, test, type Page } from "@playwright/test";
import { e2eDatabase } from "./database";
import { signedInAs, signInAndWait } from "./sign-in";

const table = (page: Page) => page.getByRole("table", { name: "Operation records" });

test("filter by operator and event name, page forward and back, open details, reload, copy the JSON", async ({
  page,
  context,
}) => {
  await context.grantPermissions(["clipboard-read", "clipboard-write"]);
  await signedInAs(page, "admin");
  await page.goto("/operation-records");
  await page.getByLabel("Operator", { exact: true }).fill("terraform");
  await page.getByLabel("Time range", { exact: true }).selectOption("90d");
  await page.getByLabel("Page size", { exact: true }).selectOption("25");
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(/userName=terraform/);
  await expect(table(page).locator("tbody tr")).toHaveCount(25);
  // terraform's busiest event name in the range: the pages below need more than one page of it (the newest row's
  // name, used before, sometimes had fewer than 26 events in the generated demo data).
  const [busiest] = await e2eDatabase().db.event.groupBy({
    by: ["eventName"],
    where: { userName: "terraform", eventTime: { gte: new Date(Date.now() - 90 * 86_400_000) } },
    _count: { eventName: true },
    orderBy: { _count: { eventName: "desc" } },
    take: 1,
  });
  expect(busiest._count.eventName).toBeGreaterThan(25);
  const eventName = busiest.eventName;

  await page.getByLabel("Event name", { exact: true }).fill(eventName);
  await page.getByRole("button", { name: "Apply filters" }).click();
  await expect(page).toHaveURL(new RegExp(`eventName=${eventName}`));
  const names = await table(page).locator("tbody tr td:nth-child(2)").allTextContents();
  expect(new Set(names)).toEqual(new Set([eventName]));
  const operators = await table(page).locator("tbody tr td:nth-child(3)").allTextContents();
  expect(operators.every((o) => o.startsWith("terraform"))).toBe(true);
  await expect(page.getByText(/^(\d[\d,]*|more than 10,000) events?$/)).toBeVisible();

  // Page forward and back.
  const firstPage = await table(page).locator("tbody tr td:nth-child(1)").allTextContents();
  await page.getByRole("link", { name: "Next page" }).click();
  await expect(page).toHaveURL(/cursor=/);
  await expect(table(page).locator("tbody tr td:nth-child(1)").first()).not.toHaveText(firstPage[0]);
  await page.getByRole("link", { name: "Previous page" }).click();
  await expect(table(page).locator("tbody tr td:nth-child(1)").first()).toHaveText(firstPage[0]);

  // Details panel by click; Enter and j/k move; reload keeps the view.
  await table(page).locator("tbody tr").nth(1).click();
  const details = page.getByRole("region", { name: "Event details" });
  await expect(details).toBeVisible();
  await expect(details.getByRole("heading", { level: 2 })).toHaveText(eventName);
  await expect(page).toHaveURL(/event=/);
  const url = page.url();
  await page.keyboard.press("j");
  await expect(page).not.toHaveURL(url);
  await page.keyboard.press("k");
  await expect(page).toHaveURL(url);
  await page.reload();
  await expect(details).toBeVisible();
  await expect(page.getByLabel("Operator", { exact: true })).toHaveValue("terraform");
  await expect(table(page).locator("tbody tr[aria-selected=true]")).toHaveCount(1);

  await details.getByRole("button", { name: "Copy JSON" }).click();
  await expect(details.getByRole("button", { name: "Copied" })).toBeVisible();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  expect(JSON.parse(copied).eventName).toBe(eventName);
  expect(copied).toBe(await details.getByLabel("Raw record JSON").textContent());

  await page.keyboard.press("Escape");
  await expect(details).toHaveCount(0);
});

test("export CSV of the current filter", async ({ page }) => {
  await signInAndWait(page, "auditor");
  // Sign-ins only: viewing the page records a LookupEvents event, which the export would then include.
  await page.goto("/operation-records?userName=auditor&eventName=ConsoleSignin&range=1h");
  await expect(page.getByText(/^\d+ events?$/)).toBeVisible();
  const shown = Number((await page.getByText(/^\d+ events?$/).textContent())!.split(" ")[0]);
  const download = page.waitForEvent("download");
  await page.getByRole("link", { name: "Export CSV" }).click();
  const file = await download;
  expect(file.suggestedFilename()).toMatch(/^operation-records-\d{8}T\d{6}Z\.csv$/);
  const text = await (await file.createReadStream()).toArray().then((chunks) => Buffer.concat(chunks).toString("utf8"));
  const lines = text.split("\r\n").filter(Boolean);
  expect(lines[0]).toMatch(/^eventTime,eventId,eventName,service,/);
  expect(lines.length - 1).toBe(shown);
  expect(lines.slice(1).every((line) => line.includes(",ConsoleSignin,") && line.includes(",auditor,"))).toBe(true);
});

test("an invalid filter says which parameter is wrong", async ({ page }) => {
  await signedInAs(page, "admin");
  await page.goto("/operation-records?sourceIp=not-an-ip");
  await expect(
    page.getByText('This filter cannot be applied: sourceIp: "not-an-ip" is not an IP address or CIDR block.'),
  ).toBeVisible();
});

test("a team lead cannot reach an event outside their scope by editing the URL", async ({ page }) => {
  await signInAndWait(page, "admin");
  await page.goto("/operation-records?userName=admin&eventName=ConsoleSignin");
  await table(page).locator("tbody tr").first().click();
  await expect(page.getByRole("region", { name: "Event details" })).toBeVisible();
  const eventId = new URL(page.url()).searchParams.get("event")!;
  await page.getByRole("button", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);

  await signInAndWait(page, "lead");
  const response = await page.goto(`/operation-records?event=${eventId}`);
  expect(response?.status()).toBe(404);
  await expect(page.getByRole("region", { name: "Event details" })).toHaveCount(0);
  const exported = await page.request.get(`/api/v1/events/export?format=jsonl&userName=admin&range=1h`);
  expect(exported.status()).toBe(200);
  expect(await exported.text()).toBe("");
});

test("an event posted to the signed ingest API is in the explorer at once", async ({ page, baseURL }) => {
  const { buildDemoDirectory } = await import("../lib/domain/demo");
  const { signRequest } = await import("../lib/api/sign-request");
  const key = buildDemoDirectory(new Date()).accessKeys.find((k) => k.userName === "lead" && k.status === "Active")!;
  const eventId = `e2e-${Date.now()}`;
  const body = JSON.stringify({
    events: [
      {
        eventId,
        eventTime: new Date().toISOString(),
        eventName: "E2eProbe",
        eventSource: "ecs.aliyuncs.com",
        userIdentity: { userName: "lead", accessKeyId: key.accessKeyId },
        accountId: "1000000000001",
      },
    ],
  });
  const url = `${baseURL}/api/v1/events`;
  const headers = await signRequest({ url, body, accessKeyId: key.accessKeyId, secret: key.secret });
  const response = await page.request.post(url, { headers, data: body });
  expect(response.status()).toBe(200);
  expect(await response.json()).toMatchObject({
    accepted: 1,
    duplicates: 0,
    rejected: 0,
    results: [{ index: 0, eventId, status: "accepted" }],
  });
  const unsigned = await page.request.post(url, { headers: { "content-type": "application/json" }, data: body });
  expect(unsigned.status()).toBe(401);

  await signedInAs(page, "lead");
  await page.goto(`/operation-records?eventId=${eventId}`);
  await expect(table(page).locator("tbody tr")).toHaveCount(1);
  await expect(table(page).locator("tbody tr")).toContainText("E2eProbe");
});

test("paging and opening events asks the server once per view: nothing prefetches until the user points at a link", async ({
  page,
}) => {
  await signedInAs(page, "admin");
  await page.goto("/operation-records?range=90d&limit=25");
  await expect(table(page).locator("tbody tr")).toHaveCount(25);
  const requests: { path: string; prefetch: boolean }[] = [];
  page.on("request", (request) => {
    const headers = request.headers();
    if (headers.rsc !== "1") return;
    const url = new URL(request.url());
    requests.push({ path: url.pathname, prefetch: headers["next-router-prefetch"] === "1" });
  });
  // Settled first: whatever the first render prefetched is not what this test is about.
  await page.waitForTimeout(1_000);
  requests.length = 0;

  const firstRow = table(page).locator("tbody tr td:nth-child(1)").first();
  for (let i = 0; i < 2; i++) {
    const before = await firstRow.textContent();
    await page.getByRole("link", { name: "Next page" }).click();
    await expect(firstRow).not.toHaveText(before!);
  }
  await table(page).locator("tbody tr").nth(2).click();
  await expect(page.getByRole("region", { name: "Event details" })).toBeVisible();
  await page.waitForTimeout(1_000);
  // Two pages and one event: three navigations, no prefetch of the pager, the toggles, the details' filter links
  // or the sidebar.
  expect(requests).toEqual(Array.from({ length: 3 }, () => ({ path: "/operation-records", prefetch: false })));

  // Pointing at a sidebar link shows intent: that route is prefetched (its tree, then its segments), and only that
  // one.
  await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Users & keys" }).hover();
  await expect.poll(() => [...new Set(requests.filter((r) => r.prefetch).map((r) => r.path))]).toEqual(["/users"]);
});
