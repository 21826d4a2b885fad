// An administrator allows one AccessKey to send events from its owner's page, and forbids it again: the column
// says so, the key's flag follows, and each change is recorded as UpdateAccessKeyIngestPermission. An auditor
// sees the column but no switch.
import { randomBytes } from "node:crypto";
import { expect, test } from "@playwright/test";
import { encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { createTestUser, e2eDatabase } from "./database";
import { signedInAs } from "./sign-in";

test("an administrator allows a key to send events and stops it again, each change recorded", async ({
  page,
  browser,
}) => {
  const { db } = e2eDatabase();
  const userName = await createTestUser("sender", "sender-Password-1");
  const owner = await db.user.findUniqueOrThrow({ where: { userName } });
  const accessKeyId = `LTAIE2EINGEST${Date.now() % 10_000_000}`;
  // The key never signs here: its secret is encrypted under throwaway bytes.
  await db.accessKey.create({
    data: {
      accessKeyId,
      userId: owner.id,
      status: "Active",
      secretEncrypted: encryptSecret("unused-secret-0123456789", randomBytes(32), secretContext.accessKey(accessKeyId)),
    },
  });
  const flag = async () =>
    (await db.accessKey.findUniqueOrThrow({ where: { accessKeyId }, select: { mayIngest: true } })).mayIngest;
  const changes = () =>
    db.event.findMany({
      where: { eventName: "UpdateAccessKeyIngestPermission", resources: { contains: accessKeyId } },
      orderBy: { seq: "asc" },
    });

  await signedInAs(page, "admin");
  await page.goto(`/users/${userName}`);
  const row = page.getByRole("row", { name: new RegExp(accessKeyId) });
  await expect(row.getByText("No", { exact: true })).toBeVisible();

  await row.getByRole("button", { name: `Allow sending events: ${accessKeyId}` }).click();
  const dialog = page.getByRole("dialog");
  await expect(dialog).toContainText("may then write events into the record");
  await dialog.getByRole("button", { name: "Allow sending events" }).click();
  await expect(row.getByText("Allowed", { exact: true })).toBeVisible();
  expect(await flag()).toBe(true);

  await row.getByRole("button", { name: `Stop sending events: ${accessKeyId}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Stop sending events" }).click();
  await expect(row.getByText("No", { exact: true })).toBeVisible();
  expect(await flag()).toBe(false);

  const recorded = await changes();
  expect(recorded.map((e) => [e.userName, e.errorCode, JSON.parse(e.requestParameters!).MayIngest])).toEqual([
    ["admin", null, true],
    ["admin", null, false],
  ]);

  const auditor = await browser.newPage();
  await signedInAs(auditor, "auditor");
  await auditor.goto(`/users/${userName}`);
  const auditorRow = auditor.getByRole("row", { name: new RegExp(accessKeyId) });
  await expect(auditorRow.getByText("No", { exact: true })).toBeVisible();
  await expect(auditorRow.getByRole("button", { name: /sending events/ })).toHaveCount(0);
});
