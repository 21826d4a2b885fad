// Tamper evidence as an administrator sees it: the integrity page lists the chains and the digest key, a
// verification finds nothing; an event changed directly in the database is then named by the page; put back,
// all is clean again. The page shows the signing key's fingerprint and, while key and digests share the SQLite
// database's folder (as in this test server's data/), says so. Other roles cannot open the page
// (authorization-matrix.spec.ts).
import { createHash, createPublicKey } from "node:crypto";
import { expect, test } from "@playwright/test";
import { DEMO_ACCOUNT_ID } from "@/lib/domain/demo";
import { e2eDatabase } from "./database";
import { signedInAs } from "./sign-in";

test("an administrator verifies the events, and a change made in the database is named", async ({ page }) => {
  test.setTimeout(420_000); // 200,000 demo events verified twice: slow on a busy machine
  const { db } = e2eDatabase();
  await signedInAs(page, "admin");
  await page.goto("/settings");
  await page.getByRole("link", { name: "Event integrity" }).click();
  await expect(page.getByRole("heading", { name: "Event integrity", level: 1 })).toBeVisible();
  await expect(page.getByLabel("Public key", { exact: true })).toContainText("BEGIN PUBLIC KEY");
  const pem = await page.getByLabel("Public key", { exact: true }).textContent();
  const der = createPublicKey(pem!).export({ type: "spki", format: "der" });
  const fingerprint = createHash("sha256").update(der).digest("hex").match(/../g)!.join(":");
  await expect(page.getByLabel("Public key fingerprint")).toHaveText(fingerprint);
  const warnings = page.getByRole("list", { name: "Key placement warnings" }).getByRole("listitem");
  if ((process.env.E2E_DATABASE_URL ?? "file:").startsWith("file:")) {
    await expect(page.getByRole("heading", { name: "The signing key sits beside the database" })).toBeVisible();
    await expect(warnings).toHaveText([
      /^The digest signing key \(.*digest-key\.pem\) is in the database's folder/,
      /^The signed digests \(.*digests\) are in the database's folder/,
    ]);
  } else {
    await expect(warnings).toHaveCount(0); // PostgreSQL: the database has no folder on this machine
  }
  const demoChain = page
    .getByRole("table", { name: "Event chains" })
    .getByRole("row")
    .filter({ hasText: DEMO_ACCOUNT_ID });
  await expect(demoChain).toBeVisible();

  await page.getByRole("button", { name: "Write a signed digest now" }).click();
  await expect(page.getByRole("status").filter({ hasText: /signed digests? written/ })).toBeVisible();
  await page.getByRole("button", { name: "Verify every event" }).click();
  await expect(page.getByRole("status").filter({ hasText: "nothing was changed, inserted or deleted" })).toBeVisible({
    timeout: 180_000,
  });

  const target = await db.event.findFirstOrThrow({ where: { origin: "demo" }, orderBy: { seq: "asc" } });
  await db.event.update({ where: { seq: target.seq }, data: { sourceIpAddress: "203.0.113.66" } });
  try {
    await page.reload();
    await page.getByRole("button", { name: "Verify every event" }).click();
    await expect(page.locator("main").getByRole("alert")).toContainText("1 problem found", { timeout: 180_000 });
    await expect(page.getByRole("list", { name: "Integrity findings" }).getByRole("listitem")).toHaveText([
      `Changed: event ${target.eventId} (#${target.chainIndex}, seq ${target.seq}) of account ${target.accountId}. Its fields no longer match its hash.`,
    ]);
  } finally {
    await db.event.update({ where: { seq: target.seq }, data: { sourceIpAddress: target.sourceIpAddress } });
  }
  const verified = await db.event.findFirstOrThrow({
    where: { eventName: "VerifyEventIntegrity", userName: "admin" },
    orderBy: { seq: "desc" },
  });
  expect(JSON.parse(verified.responseElements!)).toMatchObject({ Findings: 1 });
});
