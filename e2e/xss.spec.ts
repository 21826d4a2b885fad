// Event fields are attacker-controlled (anyone with a key, or a crafted log file, chooses them). Import events
// whose user names, user agents, resource names, parameters, event names and error fields are HTML and script
// payloads, then open every view that shows them, in the browser: nothing runs, no element is injected, and
// the payload reads as text. Bypassing the CSP (bypassCSP) makes this a test of the rendering's escaping, not
// of the policy that would otherwise block a script that slipped through.
import { expect, test, type Page } from "@playwright/test";
import { e2eDatabase } from "./database";
import { signedInAs } from "./sign-in";

test.use({ bypassCSP: true });

const IMG = `<img src=x onerror="window.__xss='img'">`;
const SCRIPT = `<script>window.__xss='script'</script>`;
const SVG = `"><svg onload="window.__xss='svg'">`;
const JS_URL = `javascript:window.__xss='url'`;
const KEY = "LTAIXSSPROBE0000000001";
const SERVICE = "ecs";

async function expectNothingRan(page: Page, where: string) {
  expect(await page.evaluate(() => (window as unknown as { __xss?: string }).__xss), where).toBeUndefined();
  // No element came from a payload, and no link leads to a javascript: URL.
  await expect(page.locator('img[src="x"], svg[onload], [onerror], [onload]'), where).toHaveCount(0);
  const jsLinks = await page
    .locator("a[href]")
    .evaluateAll((as) => as.map((a) => a.getAttribute("href")!).filter((h) => /^\s*javascript:/i.test(h)));
  expect(jsLinks, where).toEqual([]);
}

test("payloads in every event field show as text and never run: explorer, details, overview, AccessKey audit", async ({
  page,
}) => {
  const stamp = Date.now();
  const time = new Date(Date.now() - 60 * 60_000).toISOString();
  const event = (n: number, eventName: string) => ({
    eventId: `xss-${stamp}-${n}`,
    eventTime: time,
    eventName,
    eventSource: "ecs.aliyuncs.com",
    serviceName: SERVICE,
    accountId: "1000000000001",
    userIdentity: { type: "RAMUser", principalId: `xss-principal-${stamp}`, userName: IMG, accessKeyId: KEY },
    sourceIpAddress: "203.0.113.77",
    userAgent: SCRIPT,
    region: "cn-hangzhou",
    resources: [
      { type: SVG, name: IMG },
      { type: "ACS::ECS::Instance", name: JS_URL },
    ],
    requestParameters: { name: SCRIPT, link: JS_URL, nested: { html: SVG } },
    responseElements: { echo: IMG },
    errorCode: SVG,
    errorMessage: IMG,
  });
  const lines =
    [event(1, SVG), { ...event(2, "DescribeInstances"), errorCode: null }].map((e) => JSON.stringify(e)).join("\n") +
    "\n";

  await signedInAs(page, "admin");
  await page.goto("/operation-records/import");
  await page
    .getByLabel("Log files")
    .setInputFiles([{ name: "payloads.jsonl", mimeType: "application/x-ndjson", buffer: Buffer.from(lines) }]);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(page.getByLabel("Import summary")).toContainText("2 new, 0 duplicates skipped, 0 records rejected.");
  expect(await e2eDatabase().db.event.count({ where: { accessKeyId: KEY } })).toBe(2);

  // Explorer table: user name, event name and error code are shown as the literal text.
  await page.goto(`/operation-records?accessKeyId=${KEY}&range=24h`);
  const table = page.getByRole("table", { name: "Operation records" });
  await expect(table.locator("tbody tr")).toHaveCount(2);
  await expect(table).toContainText(IMG);
  await expect(table).toContainText(SVG);
  await expectNothingRan(page, "explorer table");

  // Details panel for the event named with a payload: heading, fields and the raw JSON.
  await table.locator("tbody tr", { hasText: SVG }).first().click();
  const details = page.getByRole("region", { name: "Event details" });
  await expect(details.getByRole("heading", { level: 2 })).toHaveText(SVG);
  await expect(details).toContainText(IMG);
  await expect(details).toContainText(SCRIPT);
  await expect(details).toContainText(JS_URL);
  await expect(details.getByLabel("Raw record JSON")).toContainText("window.__xss='svg'");
  await expectNothingRan(page, "details panel");

  // A search for the payload text (the free-text filter echoes it back into the form and the URL).
  await page.goto(`/operation-records?q=${encodeURIComponent(SVG)}&userName=${encodeURIComponent(IMG)}&range=24h`);
  await expect(page.getByLabel("Operator", { exact: true })).toHaveValue(IMG);
  await expectNothingRan(page, "explorer filters");

  // The overview's latest operations and top operators.
  await page.goto("/");
  await expect(page.getByRole("heading", { name: "Overview", level: 1 })).toBeVisible();
  await expectNothingRan(page, "overview");

  // AccessKey audit of the key seen only in these logs: owner (from the events), services, the three lists.
  await page.goto(`/access-keys/audit?key=${KEY}`);
  const header = page.getByRole("region", { name: "AccessKey" });
  await expect(header).toContainText(KEY);
  await expect(header).toContainText(IMG);
  await expectNothingRan(page, "audit header");
  await page.getByRole("table", { name: "Services" }).getByRole("link", { name: SERVICE, exact: true }).click();
  const lists = page.getByRole("region", { name: `Lists for ${SERVICE}` });
  const eventList = lists.getByRole("table", { name: "Event list" });
  await expect(eventList).toContainText(SVG);
  await eventList.locator("tbody tr", { hasText: SVG }).getByRole("link", { name: "View details" }).click();
  await expect(details.getByRole("heading", { level: 2 })).toHaveText(SVG);
  await expect(details).toContainText(SCRIPT);
  await expectNothingRan(page, "audit event list and panel");
  await page.keyboard.press("Escape");
  await lists.getByRole("link", { name: "Resource list" }).click();
  const resourceList = lists.getByRole("table", { name: "Resource list" });
  await expect(resourceList).toContainText(SVG);
  await expect(resourceList).toContainText(IMG);
  await expect(resourceList).toContainText(JS_URL);
  await expectNothingRan(page, "audit resource list");
  await lists.getByRole("link", { name: "IP list" }).click();
  await expect(lists.getByRole("table", { name: "IP list" })).toContainText("203.0.113.77");
  await expectNothingRan(page, "audit IP list");

  // The API answers JSON (never HTML a browser would render), payloads intact.
  const api = await page.request.get(`/api/v1/events?accessKeyId=${KEY}&range=24h`);
  expect(api.headers()["content-type"]).toMatch(/^application\/json/);
  expect(JSON.stringify(await api.json())).toContain("window.__xss='img'");
});

test("a directory user named with a payload shows as text in the users pages and the credential report preview", async ({
  page,
}) => {
  const db = e2eDatabase().db;
  const auditor = await db.user.findUniqueOrThrow({ where: { userName: "auditor" } });
  const userName = `xss-<img src=x onerror="window.__xss='user'">`;
  const displayName = `<script>window.__xss='display'</script>`;
  const user = await db.user.create({
    data: {
      accountId: auditor.accountId,
      userName,
      principalId: `xss-user-${Date.now()}`,
      displayName,
      userType: "RAMUser",
    },
  });
  try {
    // The preview shows the stored report when there is one; without, today's data (which includes this user).
    await db.credentialReport.deleteMany({ where: { accountId: auditor.accountId } });
    await signedInAs(page, "admin");

    await page.goto("/credential-report");
    const preview = page.getByRole("table").filter({ hasText: "AccountID" }).first();
    await expect(preview).toBeVisible();
    // The preview pages at 50 rows: find the page holding the user.
    for (let n = 1; n <= 5 && !(await preview.textContent())!.includes(userName); n++)
      await page.goto(`/credential-report?page=${n + 1}`);
    await expect(preview).toContainText(userName);
    await expectNothingRan(page, "credential report preview");

    await page.goto("/users");
    await expect(page.getByText(userName).first()).toBeVisible();
    await expectNothingRan(page, "users list");
    await page.goto(`/users/${encodeURIComponent(userName)}`);
    await expect(page.getByText(displayName).first()).toBeVisible();
    await expectNothingRan(page, "user page");
  } finally {
    await db.user.delete({ where: { id: user.id } });
  }
});
