// Administrators import cloud log files in the console: the same path and summary as npm run import.
import { readFileSync } from "node:fs";
import path from "node:path";
import { dataset } from "@/tests/fixtures/datasets";
import { expect, test } from "@playwright/test";
import { signedInAs } from "./sign-in";

const CLOUDTRAIL = dataset(
  "invictus-aws-cloudtrail",
  "CloudTrail",
  "218007301253_CloudTrail_us-east-1_20230710T1220Z_WMiHxZgr5Hdd6UDc.json",
);

test("an administrator uploads a CloudTrail file and a broken one, and sees what was imported and rejected", async ({
  page,
}) => {
  const records: { eventID: string; eventName: string }[] = JSON.parse(readFileSync(CLOUDTRAIL, "utf8")).Records;
  await signedInAs(page, "admin");
  await page.goto("/operation-records");
  await page.getByRole("link", { name: "Import log files" }).click();
  await expect(page.getByRole("heading", { name: "Import log files", level: 1 })).toBeVisible();
  const cloudTrailFile = {
    name: path.basename(CLOUDTRAIL),
    mimeType: "application/json",
    buffer: readFileSync(CLOUDTRAIL),
  };
  await page.getByLabel("Log files").setInputFiles([
    cloudTrailFile,
    {
      name: "broken.jsonl",
      mimeType: "application/x-ndjson",
      buffer: Buffer.from(
        '{"eventId":"x"\n{"eventId":"ok-1","eventTime":"2026-01-01T00:00:00Z","eventName":"A","eventSource":"ram.aliyuncs.com"}\n',
      ),
    },
  ]);
  await page.getByRole("button", { name: "Import" }).click();
  const summary = page.getByLabel("Import summary");
  await expect(summary).toContainText(
    `Imported ${(records.length + 1).toLocaleString("en-US")} events from 2 files: ${(records.length + 1).toLocaleString("en-US")} new, 0 duplicates skipped, 1 record rejected.`,
  );
  await expect(summary).toContainText("broken.jsonl: 1 record rejected");

  // Importing the same file again stores nothing twice.
  await page.getByLabel("Log files").setInputFiles([cloudTrailFile]);
  await page.getByRole("button", { name: "Import" }).click();
  await expect(summary).toContainText(
    `0 new, ${records.length.toLocaleString("en-US")} duplicates skipped, 0 records rejected.`,
  );

  // The imported events are in the explorer.
  await page.goto(`/operation-records?eventId=${records[0].eventID}&range=custom&from=2023-01-01T00:00:00Z`);
  await expect(page.getByRole("table", { name: "Operation records" }).locator("tbody tr")).toHaveCount(1);
  await expect(page.getByRole("table", { name: "Operation records" })).toContainText(records[0].eventName);
});

test("only administrators may import", async ({ page }) => {
  await signedInAs(page, "auditor");
  expect((await page.goto("/operation-records/import"))?.status()).toBe(403);
  await page.goto("/operation-records");
  await expect(page.getByRole("link", { name: "Import log files" })).toHaveCount(0);
});
