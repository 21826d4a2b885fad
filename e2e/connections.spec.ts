// Settings → Connections as an administrator and an auditor use them, against the server's own connection
// schedule (a tick every 500 ms in the browser tests): a trail bucket on a local S3 server (s3rver, path-style)
// holding two dataset CloudTrail files in the AWS layout is added, imports exactly their records, shows one in the
// explorer, pauses and resumes, and fails in words once its server is gone; an endpoint that does not resolve
// fails in words too; a push receiver shows its URL, header and secret once; an auditor reads it all with no
// control. Every connection is named for this run and deleted at the end.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { expect, test, type Page } from "@playwright/test";
import { dataset } from "@/tests/fixtures/datasets";
import { startS3Server, type S3Server } from "@/tests/support/s3-server";
import { e2eDatabase } from "./database";
import { signedInAs, storageStateOf } from "./sign-in";

const stamp = Date.now().toString(36);
const names: string[] = [];
let s3: S3Server | null = null;

test.afterAll(async () => {
  await e2eDatabase().db.connection.deleteMany({ where: { name: { in: names } } });
  await s3?.stop();
});

const ACCOUNT = "218007301253";
const FILES = [
  "218007301253_CloudTrail_us-east-1_20230710T1145Z_7xgocspSowgK0Gto.json",
  "218007301253_CloudTrail_us-east-1_20230710T1150Z_1vnLavRRp0ek1mP4.json",
];

interface Trail {
  eventID: string;
  eventName: string;
  eventTime: string;
}

/** Uploads the files gzipped where CloudTrail would deliver them today; answers their records. */
async function uploadTrail(server: S3Server): Promise<Trail[]> {
  const client = new S3Client({
    endpoint: server.endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: server.accessKeyId, secretAccessKey: server.secretAccessKey },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const day = new Date().toISOString().slice(0, 10).replaceAll("-", "/");
  const records: Trail[] = [];
  for (const file of FILES) {
    const body = readFileSync(dataset("invictus-aws-cloudtrail", "CloudTrail", file));
    records.push(...(JSON.parse(body.toString("utf8")) as { Records: Trail[] }).Records);
    await client.send(
      new PutObjectCommand({
        Bucket: "trail",
        Key: `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/${day}/${file}.gz`,
        Body: gzipSync(body),
      }),
    );
  }
  client.destroy();
  return records;
}

/** One value of the connection page's State list. */
const stateValue = (page: Page, term: string) =>
  page
    .getByRole("region", { name: "State", exact: true })
    .locator(".details-list > div")
    .filter({ has: page.locator("dt", { hasText: new RegExp(`^${term}$`) }) })
    .locator("dd");

interface BucketFields {
  name: string;
  endpoint: string;
  accessKeyId: string;
  secret: string;
}

/** Adds a bucket connection through the form and opens its page. */
async function addBucket(page: Page, fields: BucketFields) {
  await page.goto("/settings/connections/new");
  const form = page.getByRole("form", { name: "Add connection" });
  await form.getByLabel("Name", { exact: true }).fill(fields.name);
  await form.getByLabel("Kind").selectOption("bucket");
  await form.getByLabel("Layout").selectOption("aws-cloudtrail");
  // The preset's documented path is shown with it.
  await expect(form.getByText("AWSLogs/[o-orgid/]<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz")).toBeVisible();
  await form.getByLabel("Endpoint", { exact: true }).fill(fields.endpoint);
  await form.getByLabel("Region", { exact: true }).fill("us-east-1");
  await form.getByLabel("Bucket", { exact: true }).fill("trail");
  await form.getByLabel("AccessKey ID", { exact: true }).fill(fields.accessKeyId);
  await form.getByLabel("AccessKey secret", { exact: true }).fill(fields.secret);
  await form.getByRole("checkbox", { name: /^Path-style addressing/ }).check();
  await form.getByLabel("Poll every (seconds)").fill("5");
  await form.getByRole("button", { name: "Add connection" }).click();
  names.push(fields.name);
  await expect(form.getByRole("status")).toContainText(`Connection "${fields.name}" added`);
  await form.getByRole("link", { name: `Open ${fields.name}` }).click();
  await expect(page.getByRole("heading", { name: fields.name, level: 1 })).toBeVisible();
}

test("an administrator adds a trail bucket, sees it import, pauses and resumes it, and sees it fail when the bucket goes", async ({
  page,
}) => {
  test.setTimeout(120_000);
  s3 = await startS3Server(["trail"]);
  const records = await uploadTrail(s3);
  expect(records).toHaveLength(31);
  const name = `e2e-trail-${stamp}`;
  await signedInAs(page, "admin");
  await addBucket(page, { name, endpoint: s3.endpoint, accessKeyId: s3.accessKeyId, secret: s3.secretAccessKey });

  // The page refreshes itself: the import is seen arriving without a reload.
  await expect(stateValue(page, "Events imported")).toHaveText(String(records.length), { timeout: 45_000 });
  await expect(stateValue(page, "Objects read")).toHaveText("2");
  await expect(stateValue(page, "State")).toHaveText("Running");
  await expect(stateValue(page, "Last success")).not.toHaveText("Never");
  // No digest files in this bucket: completeness is the delivery cadence of the objects read.
  await expect(page.getByRole("region", { name: "Completeness", exact: true })).toContainText("2 objects read");
  await expect(
    page
      .getByRole("table", { name: `Last runs of ${name}` })
      .locator("tbody tr")
      .first(),
  ).toContainText("OK");
  // The explorer shows one of the files' events.
  const sample = records[5];
  await page.goto(
    `/operation-records?eventId=${sample.eventID}&from=2023-07-10T00:00:00Z&to=2023-07-11T00:00:00Z&event=${sample.eventID}`,
  );
  await expect(page.getByRole("region", { name: "Event details" }).getByRole("heading", { level: 2 })).toHaveText(
    sample.eventName,
  );

  // Pause, then resume.
  await page.goto("/settings/connections");
  await page.getByRole("link", { name, exact: true }).click();
  await page
    .getByRole("region", { name: `Manage ${name}` })
    .getByRole("button", { name: "Pause" })
    .click();
  await expect(stateValue(page, "State")).toHaveText("Paused");
  const row = page.getByRole("table", { name: "Connections" });
  await page.goto("/settings/connections");
  await expect(row.getByRole("row").filter({ hasText: name })).toContainText("Paused");
  await row.getByRole("link", { name, exact: true }).click();
  await page
    .getByRole("region", { name: `Manage ${name}` })
    .getByRole("button", { name: "Resume" })
    .click();
  await expect(stateValue(page, "State")).toHaveText("Running");

  // The bucket's server goes away: the next poll fails, and the page says why in words.
  await s3.stop();
  s3 = null;
  await expect(stateValue(page, "State")).toHaveText("Failing", { timeout: 30_000 });
  await expect(stateValue(page, "Last error")).toHaveText(/unreachable/i);
  await expect(page.getByText(/^Failing: /)).toBeVisible();
  await page.goto("/settings/connections");
  await expect(
    page.getByRole("table", { name: "Connections" }).getByRole("row").filter({ hasText: name }),
  ).toContainText("Failing: ");

  // Recorded as the console's own sensitive events.
  const events = await e2eDatabase().db.event.findMany({
    where: {
      eventName: { in: ["CreateConnection", "PauseConnection", "ResumeConnection"] },
      userName: "admin",
      resources: { contains: name },
    },
    orderBy: { seq: "asc" },
    select: { eventName: true, errorCode: true, sensitive: true },
  });
  expect(events.map((e) => [e.eventName, e.errorCode, e.sensitive])).toEqual([
    ["CreateConnection", null, true],
    ["PauseConnection", null, true],
    ["ResumeConnection", null, true],
  ]);
});

test("an endpoint whose name does not resolve fails in words; an edit keeps the secret; delete asks first", async ({
  page,
}) => {
  test.setTimeout(90_000);
  const name = `e2e-nowhere-${stamp}`;
  await signedInAs(page, "admin");
  await addBucket(page, {
    name,
    endpoint: "http://no-such-host.invalid",
    accessKeyId: "AKIDNOWHERE",
    secret: "nowhere-secret-value",
  });
  await expect(stateValue(page, "State")).toHaveText("Failing", { timeout: 45_000 });
  await expect(stateValue(page, "Last error")).toHaveText(/unreachable: .*no-such-host\.invalid.*does not resolve/);
  // The secret is on no page and in no event; the request is recorded with it marked as given.
  expect(await page.content()).not.toContain("nowhere-secret-value");
  const created = await e2eDatabase().db.event.findFirstOrThrow({
    where: { eventName: "CreateConnection", resources: { contains: name } },
  });
  expect(created.raw).not.toContain("nowhere-secret-value");
  expect(JSON.parse(created.requestParameters ?? "{}")).toMatchObject({
    accessKeyId: "AKIDNOWHERE",
    secretAccessKey: "(given)",
  });

  // Edit: the secret field is empty (never filled in), and saving without it keeps the stored one.
  const manage = page.getByRole("region", { name: `Manage ${name}` });
  await manage.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: `Edit ${name}` });
  await expect(edit.getByLabel("AccessKey secret", { exact: true })).toHaveValue("");
  await expect(edit.getByLabel("AccessKey ID", { exact: true })).toHaveValue("AKIDNOWHERE");
  await edit.getByLabel("Poll every (seconds)").fill("30");
  await edit.getByRole("button", { name: "Save" }).click();
  await expect(edit.getByRole("status")).toHaveText(`Connection "${name}" saved.`);
  await expect(page.getByRole("region", { name: "Settings", exact: true })).toContainText("30 s");

  // A backfill asks first, then shows its progress.
  await manage.getByLabel("Backfill from").fill("2026-01-01");
  await manage.getByRole("button", { name: "Backfill…" }).click();
  const backfillDialog = page.getByRole("dialog", { name: `Backfill "${name}" from 2026-01-01?` });
  await backfillDialog.getByRole("button", { name: "Start backfill" }).click();
  await expect(manage.getByRole("status").filter({ hasText: "Backfill of" })).toHaveText(
    `Backfill of "${name}" from 2026-01-01 started.`,
  );
  await expect(page.getByRole("region", { name: "Backfill", exact: true })).toContainText("From 2026-01-01");
  await expect(page.getByRole("progressbar", { name: `Backfill progress of ${name}` })).toBeVisible();

  // Delete asks, naming the connection; cancel keeps it, confirm removes it.
  await manage.getByRole("button", { name: `Delete ${name}` }).click();
  const dialog = page.getByRole("dialog", { name: `Delete the connection "${name}"?` });
  await dialog.getByRole("button", { name: "Cancel" }).click();
  await expect(dialog).toHaveCount(0);
  await manage.getByRole("button", { name: `Delete ${name}` }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Delete connection" }).click();
  await expect(page).toHaveURL(/\/settings\/connections$/);
  await expect(page.getByRole("link", { name, exact: true })).toHaveCount(0);
  expect(await e2eDatabase().db.connection.count({ where: { name } })).toBe(0);
});

test("a push receiver's URL, header and secret are shown once, and a rotation shows a new secret once", async ({
  page,
}) => {
  const name = `e2e-push-${stamp}`;
  await signedInAs(page, "admin");
  await page.goto("/settings/connections/new");
  const form = page.getByRole("form", { name: "Add connection" });
  await form.getByLabel("Name", { exact: true }).fill(name);
  await form.getByLabel("Kind").selectOption("push");
  await form.getByLabel("Envelope").selectOption("eventbridge");
  await form.getByRole("button", { name: "Add connection" }).click();
  names.push(name);
  const shown = page.getByRole("region", { name: `Push receiver ${name}` });
  await expect(shown).toContainText("This is the only time the secret is shown");
  const url = await shown.getByTestId("push-url").textContent();
  const secret = (await shown.getByTestId("push-secret").textContent()) ?? "";
  expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/api\/v1\/push\/[\w-]{20,}$/);
  await expect(shown.getByTestId("push-header")).toHaveText("X-Keytrail-Secret");
  expect(secret.length).toBeGreaterThanOrEqual(32);
  await expect(shown.getByRole("button", { name: "Copy secret" })).toBeVisible();
  await shown.getByRole("button", { name: "Done: I have stored the secret" }).click();
  await expect(shown).toHaveCount(0);

  // Its page shows the URL, never the secret.
  const id = (await e2eDatabase().db.connection.findUniqueOrThrow({ where: { name } })).id;
  await page.goto(`/settings/connections/${id}`);
  await expect(page.getByRole("region", { name: "Settings", exact: true })).toContainText(url!);
  expect(await page.content()).not.toContain(secret);

  const manage = page.getByRole("region", { name: `Manage ${name}` });
  await manage.getByRole("button", { name: "Rotate secret…" }).click();
  await page.getByRole("dialog").getByRole("button", { name: "Rotate secret" }).click();
  const rotated = page.getByRole("region", { name: `New secret for ${name}` });
  const fresh = (await rotated.getByTestId("push-secret").textContent()) ?? "";
  expect(fresh.length).toBeGreaterThanOrEqual(32);
  expect(fresh).not.toBe(secret);
  await page.reload();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  expect(await page.content()).not.toContain(fresh);
});

test("an auditor reads the connections and a connection's page, with no control, and cannot add one", async ({
  browser,
}) => {
  const { db } = e2eDatabase();
  const name = `e2e-read-${stamp}`;
  names.push(name);
  // A push receiver: the schedule leaves it alone, so its state stays as made.
  const connection = await db.connection.create({
    data: {
      name,
      kind: "push",
      settings: JSON.stringify({ kind: "push", envelope: "cloudevents" }),
      pushToken: `e2e-${stamp}-${"x".repeat(24)}`,
    },
  });
  const context = await browser.newContext({ storageState: storageStateOf("auditor") });
  const page = await context.newPage();
  await page.goto("/settings/connections");
  await expect(page.getByRole("heading", { name: "Connections", level: 1 })).toBeVisible();
  // In the auditor's sidebar, without the rest of Settings.
  const sidebar = page.getByRole("navigation", { name: "Main" });
  await expect(sidebar.getByRole("link", { name: "Connections" })).toHaveAttribute("aria-current", "page");
  await expect(sidebar.getByRole("link", { name: "Settings" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Add connection" })).toHaveCount(0);

  await page.getByRole("table", { name: "Connections" }).getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { name, level: 1 })).toBeVisible();
  await expect(stateValue(page, "State")).toHaveText("Running");
  await expect(page.getByRole("table", { name: `Last runs of ${name}` })).toBeVisible();
  await expect(page.getByRole("region", { name: `Manage ${name}` })).toHaveCount(0);
  for (const control of ["Pause", "Resume", "Edit", "Backfill…", "Rotate secret…", `Delete ${name}`])
    await expect(page.getByRole("button", { name: control })).toHaveCount(0);

  expect((await page.request.get("/settings/connections/new", { maxRedirects: 0 })).status()).toBe(403);
  expect((await page.request.get("/settings/tracking-sets", { maxRedirects: 0 })).status()).toBe(403);
  expect((await page.request.get(`/settings/connections/${connection.id}`)).status()).toBe(200);
  await context.close();
});
