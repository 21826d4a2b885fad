// The credential report as an auditor uses it: one button, identity verification (a wrong password refused and
// recorded, the right one downloads), the Tencent and AWS layouts with their exact headers, rows that match the
// users the console shows, the preview filters, and team leads kept out.
import { readFileSync } from "node:fs";
import { parse } from "csv-parse/sync";
import { expect, test, type Page } from "@playwright/test";
import { AWS_COLUMNS, TENCENT_COLUMNS } from "@/lib/domain/credential-report/columns";
import { e2eDatabase } from "./database";
import { DEMO_PASSWORD, signedInAs } from "./sign-in";

async function usersShownInConsole(page: Page): Promise<string[]> {
  await page.goto("/users");
  const cells = page.getByRole("table", { name: "Users" }).locator("tbody tr td:first-child");
  await expect(cells.first()).toBeVisible();
  return (await cells.allTextContents()).map((t) => t.trim()).sort();
}

async function downloadCsv(page: Page, trigger: () => Promise<void>) {
  const downloading = page.waitForEvent("download");
  await trigger();
  const download = await downloading;
  const text = readFileSync((await download.path())!, "utf8");
  return { name: download.suggestedFilename(), text };
}

test("verify identity, download both layouts, and the rows are the console's users", async ({ page }) => {
  await signedInAs(page, "auditor");
  const shown = await usersShownInConsole(page);
  const before = await e2eDatabase().db.event.count({
    where: { eventName: "VerifyIdentity", errorCode: { not: null } },
  });

  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Credential report", exact: true })
    .click();
  await expect(page.getByRole("heading", { name: "Credential report", level: 1 })).toBeVisible();
  await page.getByRole("button", { name: "Download credential report" }).click();
  const dialog = page.getByRole("dialog", { name: "Verify your identity" });
  await expect(dialog).toBeVisible();
  await dialog.getByLabel("Password").fill("not-my-password");
  await dialog.getByRole("button", { name: "Verify and download" }).click();
  await expect(dialog.getByRole("alert")).toHaveText("That password is not correct.");
  await expect
    .poll(() => e2eDatabase().db.event.count({ where: { eventName: "VerifyIdentity", errorCode: { not: null } } }))
    .toBe(before + 1);

  await dialog.getByLabel("Password").fill(DEMO_PASSWORD);
  const tencent = await downloadCsv(page, () => dialog.getByRole("button", { name: "Verify and download" }).click());
  expect(tencent.name).toMatch(/^credential-report-1000000000001-\d{8}T\d{6}Z\.csv$/);
  expect(tencent.text.charCodeAt(0)).toBe(0xfeff);
  const [header, ...rows] = parse(tencent.text.slice(1)) as string[][];
  expect(header).toEqual([...TENCENT_COLUMNS]);
  expect(rows.map((r) => r[1]).sort()).toEqual(shown);
  await expect(page.getByRole("region", { name: "Report" })).toContainText("Complete");

  // Within 5 minutes no second verification; the AWS layout of the same report.
  await page.getByRole("link", { name: "AWS IAM layout" }).click();
  await expect(page).toHaveURL(/format=aws/);
  const aws = await downloadCsv(page, () => page.getByRole("button", { name: "Download credential report" }).click());
  expect(aws.name).toBe(tencent.name);
  const records = parse(aws.text, { columns: true, relax_quotes: false }) as Record<string, string>[];
  expect(Object.keys(records[0])).toEqual([...AWS_COLUMNS]);
  const root = await e2eDatabase().db.user.findFirstOrThrow({ where: { userType: "Root" } });
  expect(records.map((r) => (r.user === "<root_account>" ? root.userName : r.user)).sort()).toEqual(shown);
  expect(await e2eDatabase().db.event.count({ where: { eventName: "GetCredentialReport" } })).toBeGreaterThanOrEqual(2);
});

test("the preview filters narrow the rows and live in the URL", async ({ page }) => {
  await signedInAs(page, "admin");
  await page.goto("/credential-report");
  const table = page.getByRole("table", { name: "Credential report preview" });
  await expect(table.locator("thead th").first()).toHaveText("AccountID");
  const all = await table.locator("tbody tr").count();
  await page
    .getByRole("navigation", { name: "Preview filters" })
    .getByRole("link", { name: "Never-used keys" })
    .click();
  await expect(page).toHaveURL(/filter=neverUsed/);
  const narrowed = await table.locator("tbody tr").count();
  expect(narrowed).toBeGreaterThan(0);
  expect(narrowed).toBeLessThan(all);
  // Every row left has a key (an ID) that was never used (no last-use date).
  const headers = await table.locator("thead th").allTextContents();
  const neverUsed = (cells: string[], n: 1 | 2) =>
    cells[headers.indexOf(`AccessKey${n}SecretId`)] !== "N/A" &&
    cells[headers.indexOf(`AccessKey${n}lastUsedDate`)] === "N/A";
  for (const row of await table.locator("tbody tr").all()) {
    const cells = await row.locator("td").allTextContents();
    expect(neverUsed(cells, 1) || neverUsed(cells, 2)).toBe(true);
  }
});

test("team leads neither see nor download the report", async ({ page }) => {
  await signedInAs(page, "lead");
  await expect(page.getByRole("button", { name: "Download credential report" })).toHaveCount(0);
  expect((await page.goto("/credential-report"))?.status()).toBe(403);
  expect((await page.request.get("/api/v1/credential-report?format=tencent")).status()).toBe(403);
  expect((await page.request.post("/api/v1/credential-report")).status()).toBe(403);
});
