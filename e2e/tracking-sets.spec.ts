// Tracking sets as an administrator uses them, against the server's background delivery (every 500 ms in the
// browser tests, webhooks tried twice): a directory set writes exactly the matching events as .jsonl.gz files, a
// webhook set that is answered 500 dead-letters its batch and "Retry now" delivers it signed, bad input is refused
// without creating anything, and a historical delivery sends past events. Each set filters on this run's own
// event names, so other specs' events never reach it; the sets are deleted at the end.
import { mkdtemp, readdir, readFile, rm } from "node:fs/promises";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { expect, test, type Page } from "@playwright/test";
import { verifyWebhookSignature } from "@/lib/delivery/webhook-destination";
import { e2eDatabase } from "./database";
import { ownEvent, sendEvents } from "./ingest";
import { signedInAs } from "./sign-in";

const stamp = Date.now().toString(36);
const directories: string[] = [];
const sets: string[] = [];

test.afterAll(async () => {
  await e2eDatabase().db.trackingSet.deleteMany({ where: { name: { in: sets } } });
  for (const dir of directories) await rm(dir, { recursive: true, force: true });
});

async function tempDirectory(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), "keytrail-e2e-tracking-"));
  directories.push(dir);
  return dir;
}

const newSetForm = (page: Page) => page.getByRole("form", { name: "New tracking set" });
const setItem = (page: Page, name: string) =>
  page.getByRole("list", { name: "Tracking sets" }).getByRole("listitem", { name, exact: true });
/** One value of a set's "Delivery state" list. */
const stateOf = (page: Page, name: string, term: string) =>
  page
    .getByRole("list", { name: "Tracking sets" })
    .getByLabel(`Delivery state of ${name}`)
    .locator("div")
    .filter({ has: page.locator("dt", { hasText: term }) })
    .locator("dd");

interface SetFields {
  name: string;
  services?: string;
  eventNames?: string;
  kind?: "directory" | "webhook" | "syslog";
  path?: string;
  url?: string;
  secret?: string;
}

async function fillSetForm(page: Page, fields: SetFields) {
  const form = newSetForm(page);
  await form.getByLabel("Name", { exact: true }).fill(fields.name);
  await form.getByLabel("Services").fill(fields.services ?? "");
  await form.getByLabel("Event names").fill(fields.eventNames ?? "");
  await form.getByLabel("Kind").selectOption(fields.kind ?? "directory");
  if (fields.path !== undefined) await form.getByLabel("Directory (absolute path on the server)").fill(fields.path);
  if (fields.url !== undefined) await form.getByLabel("URL", { exact: true }).fill(fields.url);
  if (fields.secret !== undefined) await form.getByLabel(/^Signing secret/).fill(fields.secret);
  await form.getByRole("button", { name: "Create tracking set" }).click();
}

async function createSet(page: Page, fields: SetFields) {
  await page.goto("/settings/tracking-sets");
  await fillSetForm(page, fields);
  sets.push(fields.name);
  await expect(newSetForm(page).getByRole("status")).toHaveText(
    `Tracking set "${fields.name}" created: it delivers events stored from now on.`,
  );
  await expect(setItem(page, fields.name)).toBeVisible();
}

/** Reload the page until `check` passes (the page shows the delivery state as of its rendering). */
async function untilShown(page: Page, check: () => Promise<void>, timeout = 20_000) {
  await expect(async () => {
    await page.reload();
    await check();
  }).toPass({ timeout, intervals: [500, 1_000] });
}

/** Every delivered record's eventId in the directory's .jsonl.gz files, with the files' paths. */
async function deliveredFiles(dir: string) {
  const files = (await readdir(dir, { recursive: true })).filter((f) => f.endsWith(".jsonl.gz")).sort();
  const eventIds: string[] = [];
  for (const file of files) {
    const lines = gunzipSync(await readFile(path.join(dir, file)))
      .toString("utf8")
      .split("\n")
      .filter(Boolean);
    for (const line of lines) eventIds.push((JSON.parse(line) as { eventId: string }).eventId);
  }
  return { files: files.map((f) => f.split(path.sep).join("/")), eventIds: eventIds.sort() };
}

test("a directory set writes exactly its matching events as gzip JSON Lines files", async ({ page, baseURL }) => {
  const dir = await tempDirectory();
  const name = `E2E directory ${stamp}`;
  const eventName = `E2eTrackProbe${stamp}`;
  await signedInAs(page, "admin");
  await createSet(page, { name, services: "ecs", eventNames: eventName, path: dir });
  const item = setItem(page, name);
  await expect(item).toContainText(`Directory ${dir}`);
  await expect(item).toContainText(`Delivers: services ecs; events ${eventName}`);
  await expect(stateOf(page, name, "Last delivered event time")).toHaveText("Nothing delivered yet");

  const ids = [1, 2, 3].map((n) => `e2e-track-${n}-${stamp}`);
  await sendEvents(page.request, baseURL!, [
    ...ids.map((eventId) => ownEvent({ eventId, eventName })),
    // The same name in another service, and another ECS event: neither matches the set.
    ownEvent({ eventId: `e2e-track-ram-${stamp}`, eventName, eventSource: "ram.aliyuncs.com" }),
    ownEvent({ eventId: `e2e-track-other-${stamp}`, eventName: "DescribeInstances" }),
  ]);
  await untilShown(page, () =>
    expect(stateOf(page, name, "Last delivered event time")).not.toHaveText("Nothing delivered yet", {
      timeout: 1_000,
    }),
  );
  await expect(stateOf(page, name, "Failures")).toHaveText("0");
  await expect(stateOf(page, name, "Undelivered batches")).toHaveText("0");

  await expect.poll(async () => (await deliveredFiles(dir)).eventIds).toEqual([...ids].sort());
  const { files } = await deliveredFiles(dir);
  for (const file of files)
    expect(file).toMatch(
      new RegExp(
        `^\\d{4}/\\d{2}/\\d{2}/\\d{2}/1000000000001_E2E-directory-${stamp}_\\d{8}T\\d{6}Z_[0-9a-f]{8}\\.jsonl\\.gz$`,
      ),
    );
});

test("a webhook set answered 500 dead-letters its batch; Retry now delivers it, signed", async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  const secret = `e2e-webhook-secret-${stamp}`;
  const received: { status: number; headers: http.IncomingHttpHeaders; body: string }[] = [];
  const receiver = { status: 500 };
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      received.push({
        status: receiver.status,
        headers: request.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      });
      response.writeHead(receiver.status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/keytrail-hook`;
  try {
    const name = `E2E webhook ${stamp}`;
    const eventName = `E2eHookProbe${stamp}`;
    await signedInAs(page, "admin");
    await createSet(page, { name, eventNames: eventName, kind: "webhook", url, secret });
    await expect(setItem(page, name)).toContainText(`Webhook ${url}`);

    const ids = [`e2e-hook-1-${stamp}`, `e2e-hook-2-${stamp}`];
    await sendEvents(
      page.request,
      baseURL!,
      ids.map((eventId) => ownEvent({ eventId, eventName })),
    );
    const error = `HTTP 500 from ${url} after 2 attempts`;
    const letters = page.getByRole("table", { name: `Dead letters of ${name}` });
    await untilShown(page, () => expect(letters.locator("tbody tr")).toHaveCount(1, { timeout: 1_000 }));
    const cells = letters.locator("tbody tr td");
    await expect(cells.nth(1)).toHaveText("2");
    await expect(cells.nth(3)).toHaveText("1");
    await expect(cells.nth(4)).toHaveText(error);
    await expect(stateOf(page, name, "Failures")).toHaveText(`1: ${error}`);
    await expect(stateOf(page, name, "Undelivered batches")).toHaveText("1");
    await expect(stateOf(page, name, "Last delivered event time")).toHaveText("Nothing delivered yet");
    expect(received.map((r) => r.status)).toEqual([500, 500]);

    receiver.status = 200;
    await letters.getByRole("button", { name: "Retry now" }).click();
    await expect(setItem(page, name).getByRole("status")).toHaveText("Delivered.");
    await expect(letters).toHaveCount(0);
    await expect(stateOf(page, name, "Undelivered batches")).toHaveText("0");

    expect(received.map((r) => r.status)).toEqual([500, 500, 200]);
    const delivered = received[2];
    const timestamp = String(delivered.headers["x-keytrail-timestamp"]);
    expect(
      verifyWebhookSignature(secret, timestamp, delivered.body, String(delivered.headers["x-keytrail-signature"]), {
        toleranceSeconds: 300,
      }),
    ).toBe(true);
    expect(
      verifyWebhookSignature(
        "another-secret-0123456789",
        timestamp,
        delivered.body,
        String(delivered.headers["x-keytrail-signature"]),
      ),
    ).toBe(false);
    // The same batch: the same delivery ID as the failed attempts, for the receiver's de-duplication.
    expect(delivered.headers["x-keytrail-delivery"]).toBe(received[0].headers["x-keytrail-delivery"]);
    const payload = JSON.parse(delivered.body) as {
      trackingSet: string;
      events: { eventId: string; eventName: string }[];
    };
    expect(payload.trackingSet).toBe(name);
    expect(payload.events.map((e) => e.eventId).sort()).toEqual([...ids].sort());
    expect(new Set(payload.events.map((e) => e.eventName))).toEqual(new Set([eventName]));

    // Delete asks first.
    await setItem(page, name)
      .getByRole("button", { name: `Delete ${name}` })
      .click();
    await page
      .getByRole("dialog", { name: `Delete the tracking set "${name}"?` })
      .getByRole("button", { name: "Delete", exact: true })
      .click();
    await expect(setItem(page, name)).toHaveCount(0);
  } finally {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
});

test("bad input is refused with its reason and creates nothing", async ({ page }) => {
  const dir = await tempDirectory();
  const name = `E2E refusals ${stamp}`;
  await signedInAs(page, "admin");
  await page.goto("/settings/tracking-sets");
  const form = newSetForm(page);
  const alert = form.getByRole("alert");

  await form.getByLabel("Read or write").selectOption("write");
  await form.getByLabel("Sensitive operations only").check();
  const groups = form.getByLabel("Or members of groups");
  await groups.selectOption([{ index: 0 }, { index: 2 }]);
  const chosen = await groups.evaluate((select: HTMLSelectElement) => [...select.selectedOptions].map((o) => o.value));
  expect(chosen).toHaveLength(2);
  await fillSetForm(page, { name, eventNames: `E2eRefusal${stamp}`, path: "relative/dir" });
  await expect(alert).toHaveText("The directory path must be absolute.");
  // Everything typed or chosen is still there.
  await expect(form.getByLabel("Read or write")).toHaveValue("write");
  await expect(form.getByLabel("Sensitive operations only")).toBeChecked();
  await expect(groups).toHaveValues(chosen);
  await expect(form.getByLabel("Name", { exact: true })).toHaveValue(name);
  await expect(form.getByLabel("Event names")).toHaveValue(`E2eRefusal${stamp}`);
  await expect(form.getByLabel("Directory (absolute path on the server)")).toHaveValue("relative/dir");

  await fillSetForm(page, { name, kind: "webhook", url: "http://127.0.0.1:9/hook", secret: "too-short" });
  await expect(alert).toHaveText("The webhook signing secret must be 16 characters or more.");
  await expect(form.getByLabel("URL", { exact: true })).toHaveValue("http://127.0.0.1:9/hook");
  await expect(setItem(page, name)).toHaveCount(0);

  await createSet(page, { name, eventNames: `E2eRefusal${stamp}`, path: dir });
  await fillSetForm(page, { name, eventNames: `E2eRefusal${stamp}`, path: dir });
  await expect(alert).toHaveText(`A tracking set named "${name}" exists already.`);
  await page.reload();
  await expect(setItem(page, name)).toHaveCount(1);
  expect(await e2eDatabase().db.trackingSet.count({ where: { name } })).toBe(1);
});

test("a historical delivery sends the matching past events the set, starting at the end, never saw", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const dir = await tempDirectory();
  const name = `E2E history ${stamp}`;
  const eventName = `E2eHistoryTrack${stamp}`;
  const day = 86_400_000;
  const ids = [`e2e-history-track-1-${stamp}`, `e2e-history-track-2-${stamp}`];
  const times = [new Date(Date.now() - 5 * day), new Date(Date.now() - 5 * day + 60_000)];
  await signedInAs(page, "admin");
  await sendEvents(page.request, baseURL!, [
    ownEvent({ eventId: ids[0], eventName, eventTime: times[0].toISOString() }),
    ownEvent({ eventId: ids[1], eventName, eventTime: times[1].toISOString() }),
    // Outside the range asked for.
    ownEvent({
      eventId: `e2e-history-track-old-${stamp}`,
      eventName,
      eventTime: new Date(Date.now() - 10 * day).toISOString(),
    }),
  ]);
  await createSet(page, { name, eventNames: eventName, path: dir });
  // Nothing new arrives for it: the live delivery writes nothing.
  await page.waitForTimeout(1_500);
  expect((await deliveredFiles(dir)).eventIds).toEqual([]);

  const from = new Date(Date.now() - 7 * day).toISOString().slice(0, 10);
  const to = new Date(Date.now() + day).toISOString().slice(0, 10);
  const history = page.getByRole("form", { name: `Historical delivery for ${name}` });
  await history.getByLabel("From").fill(from);
  await history.getByLabel("To").fill(to);
  await history.getByRole("button", { name: "Deliver history" }).click();
  await expect(history.getByRole("status")).toHaveText(`Historical delivery of ${from} to ${to} started.`);

  const tasks = page.getByRole("list", { name: `Historical deliveries of ${name}` });
  await untilShown(
    page,
    () =>
      expect(tasks.getByRole("listitem")).toHaveText([`${from} to ${to}: Complete, 2 events delivered`], {
        timeout: 1_000,
      }),
    60_000,
  );
  const { files, eventIds } = await deliveredFiles(dir);
  expect(eventIds).toEqual([...ids].sort());
  // Filed under the events' own UTC hours.
  const hours = new Set(times.map((t) => t.toISOString().slice(0, 13).replace(/[-T]/g, "/")));
  expect(new Set(files.map((f) => f.split("/").slice(0, 4).join("/")))).toEqual(hours);
});
