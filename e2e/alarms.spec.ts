// Alarms as people meet them: an event sent through the signed ingest API raises an alarm within seconds, the
// header's unread count and the Message center show it to administrators and auditors (never to a team lead),
// and the alarm page links to the event. Administrators write policies (field-level refusals, on and off),
// import Sigma rules, run a policy over past events; names and event fields are shown as text, never as markup.
// The server is shared with every other spec: everything here is asserted on this run's own names and eventIds,
// and every policy made here is off when the file ends.
import { dataset } from "@/tests/fixtures/datasets";
import { expect, test, type Locator, type Page } from "@playwright/test";
import { e2eDatabase } from "./database";
import { alarmEngineCaughtUp, ownEvent, sendEvents } from "./ingest";
import { signedInAs, signInAndWait } from "./sign-in";

const stamp = Date.now().toString(36);
/** Policies created here, turned off in the database too at the end whatever happened. */
const created: string[] = [];

test.afterAll(async () => {
  await e2eDatabase().db.alarmPolicy.updateMany({ where: { name: { in: created } }, data: { enabled: false } });
});

const messageLink = (page: Page) => page.getByRole("link", { name: /^Message center, \d+ unread$/ });
const messagesTable = (page: Page) => page.getByRole("table", { name: "Messages" });
const policyItem = (page: Page, name: string) =>
  page.getByRole("list", { name: "Alarm policies" }).getByRole("listitem", { name, exact: true });
const newPolicyForm = (page: Page) => page.getByRole("form", { name: "New alarm policy" });
/** A form field by the start of its label (a label also holds the field's hint and error). */
const field = (form: Locator, label: string) =>
  form.getByLabel(new RegExp(`^\\s*${label.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}`));

/** Fill the new-policy form's name and event names (plus any other labelled fields) and submit it. */
async function submitPolicy(page: Page, fields: Record<string, string>) {
  const form = newPolicyForm(page);
  for (const [label, value] of Object.entries(fields)) await field(form, label).fill(value);
  await form.getByRole("button", { name: "Create policy" }).click();
}

async function createPolicy(page: Page, name: string, eventName: string) {
  await page.goto("/settings/alarms");
  await submitPolicy(page, { Name: name, "Event name is one of": eventName });
  created.push(name);
  await expect(newPolicyForm(page).getByRole("status")).toHaveText(`Policy "${name}" created and on.`);
  await expect(policyItem(page, name)).toBeVisible();
}

async function alarmsOf(policyName: string) {
  const { db } = e2eDatabase();
  return db.alarm.count({ where: { policy: { name: policyName } } });
}

test("a root console sign-in raises an alarm: unread count, Message center, alarm page, event details; never for a team lead", async ({
  page,
  browser,
  baseURL,
}) => {
  test.setTimeout(120_000);
  await signInAndWait(page, "admin");
  // The first call with the key from this address may itself be news ("AccessKey used from a new IP"), and the
  // sign-in above is one without MFA: let the engine see both, then start from nothing unread.
  await sendEvents(page.request, baseURL!, [
    ownEvent({ eventId: `e2e-alarm-warmup-${stamp}`, eventName: "DescribeInstances" }),
  ]);
  await alarmEngineCaughtUp();
  await page.goto("/messages");
  const markAll = page.getByRole("button", { name: "Mark all read" });
  if (await markAll.isVisible()) await markAll.click();
  await expect(markAll).toHaveCount(0);
  await expect(messageLink(page)).toHaveAccessibleName("Message center, 0 unread");

  const eventId = `e2e-root-signin-${stamp}`;
  const eventTime = new Date().toISOString();
  await sendEvents(page.request, baseURL!, [
    ownEvent({
      eventId,
      eventTime,
      eventName: "ConsoleSignin",
      eventType: "ConsoleSignin",
      eventSource: "signin.aliyuncs.com",
      userIdentity: { type: "root-account", principalId: "1000000000001", userName: "root" },
      sourceIpAddress: "203.0.113.77",
    }),
  ]);
  const summary = `ConsoleSignin by root from 203.0.113.77 at ${eventTime}`;
  // The header asks for the count every 5 s.
  await expect(messageLink(page)).toHaveAccessibleName("Message center, 1 unread", { timeout: 12_000 });

  await messageLink(page).click();
  await expect(page).toHaveURL(/\/messages$/);
  const row = messagesTable(page)
    .getByRole("row")
    .filter({ has: page.getByRole("cell", { name: summary, exact: true }) });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell").nth(1)).toHaveText("high");
  await expect(row.getByRole("button", { name: 'Mark "Root account sign-in" read' })).toBeVisible();
  await row.getByRole("link", { name: "Root account sign-in", exact: true }).click();

  await expect(page.getByRole("heading", { name: "Alarm: Root account sign-in", level: 1 })).toBeVisible();
  const alarmUrl = page.url();
  expect(alarmUrl).toMatch(/\/alarms\/\d+$/);
  const events = page.getByRole("table", { name: "Events that triggered the alarm" });
  await expect(events.locator("tbody tr")).toHaveCount(1);
  await expect(events.locator("tbody tr td")).toHaveText([
    /.+/,
    "ConsoleSignin",
    "root",
    "203.0.113.77",
    "Success",
    eventId,
  ]);
  // Opening the alarm read its message.
  await expect(messageLink(page)).toHaveAccessibleName("Message center, 0 unread", { timeout: 12_000 });

  await events.getByRole("link", { name: eventId, exact: true }).click();
  // Filtered to the event, with its details open.
  await expect(page).toHaveURL(new RegExp(`/operation-records\\?eventId=${eventId}&.*[?&]event=${eventId}$`));
  const details = page.getByRole("region", { name: "Event details" });
  await expect(details.getByRole("heading", { level: 2 })).toHaveText("ConsoleSignin");
  await expect(details.getByLabel("Raw record JSON")).toContainText(eventId);

  await page.goto("/messages");
  await expect(row.getByRole("cell").last()).toHaveText("Read");

  // The auditor got the message too (still unread for them); the team lead got nothing and may not open alarms.
  const auditor = await browser.newPage({ baseURL });
  await signedInAs(auditor, "auditor");
  await auditor.goto("/messages");
  const auditorRow = messagesTable(auditor)
    .getByRole("row")
    .filter({ has: auditor.getByRole("cell", { name: summary, exact: true }) });
  await expect(auditorRow).toHaveCount(1);
  await expect(auditorRow.getByRole("button", { name: 'Mark "Root account sign-in" read' })).toBeVisible();
  await auditorRow.getByRole("button", { name: 'Mark "Root account sign-in" read' }).click();
  await expect(auditorRow.getByRole("cell").last()).toHaveText("Read");
  await auditor.close();

  const lead = await browser.newPage({ baseURL });
  await signedInAs(lead, "lead");
  await lead.goto("/messages");
  await expect(lead.getByRole("heading", { name: "Message center", level: 1 })).toBeVisible();
  await expect(lead.getByText(summary)).toHaveCount(0);
  await expect(lead.getByRole("link", { name: "Root account sign-in" })).toHaveCount(0);
  expect((await lead.goto("/alarms"))?.status()).toBe(403);
  expect((await lead.goto(new URL(alarmUrl).pathname))?.status()).toBe(403);
  await lead.close();
});

test("an administrator writes a policy: a refusal keeps what was typed; the policy alarms, and once off it does not", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const name = `E2E probe policy ${stamp}`;
  const eventName = `E2eAlarmProbe${stamp}`;
  await signedInAs(page, "admin");
  await page.goto("/settings/alarms");
  const form = newPolicyForm(page);
  await field(form, "Severity").selectOption("high");
  await field(form, "Read or write").selectOption("write");
  await field(form, "Sensitive operations only").check();
  await field(form, "Message center").uncheck();
  await submitPolicy(page, {
    Name: name,
    Description: "Probe events of the browser tests",
    "Event name is one of": eventName,
    "Source IP not in": "10.0.0.0/8, 10.0.0.0/33",
  });
  await expect(form.getByRole("alert")).toHaveText("The policy was not saved: correct the fields marked below.");
  await expect(
    form.getByText('Not an IP address or CIDR block: "10.0.0.0/33" (e.g. 10.0.0.0/8, 2001:db8::/32).'),
  ).toBeVisible();
  await expect(field(form, "Source IP not in")).toHaveAttribute("aria-invalid", "true");
  await expect(field(form, "Name")).toHaveValue(name);
  await expect(field(form, "Description")).toHaveValue("Probe events of the browser tests");
  await expect(field(form, "Event name is one of")).toHaveValue(eventName);
  await expect(field(form, "Source IP not in")).toHaveValue("10.0.0.0/8, 10.0.0.0/33");
  await expect(field(form, "Severity")).toHaveValue("high");
  await expect(field(form, "Read or write")).toHaveValue("write");
  await expect(field(form, "Sensitive operations only")).toBeChecked();
  await expect(field(form, "Message center")).not.toBeChecked();
  await expect(policyItem(page, name)).toHaveCount(0);

  // No condition at all is refused too, on the first condition field.
  await field(form, "Read or write").selectOption("any");
  await field(form, "Sensitive operations only").uncheck();
  await field(form, "Message center").check();
  await field(form, "Event name is one of").fill("");
  await field(form, "Source IP not in").fill("");
  await form.getByRole("button", { name: "Create policy" }).click();
  await expect(form.getByText(/^Give at least one condition: event names, services/)).toBeVisible();
  await expect(field(form, "Severity")).toHaveValue("high");
  await expect(field(form, "Read or write")).toHaveValue("any");
  await expect(field(form, "Message center")).toBeChecked();
  await expect(policyItem(page, name)).toHaveCount(0);

  await field(form, "Event name is one of").fill(eventName);
  await form.getByRole("button", { name: "Create policy" }).click();
  created.push(name);
  await expect(form.getByRole("status")).toHaveText(`Policy "${name}" created and on.`);
  const item = policyItem(page, name);
  await expect(item).toContainText("Custom");
  await expect(item).toContainText("high");
  await expect(item.getByText("On", { exact: true })).toBeVisible();
  await expect(item.locator("code")).toContainText(eventName);

  const first = `e2e-probe-1-${stamp}`;
  const eventTime = new Date().toISOString();
  await sendEvents(page.request, baseURL!, [
    ownEvent({ eventId: first, eventTime, eventName, sourceIpAddress: "198.51.100.20" }),
  ]);
  await expect.poll(() => alarmsOf(name), { timeout: 10_000 }).toBe(1);
  await page.goto("/messages");
  const row = messagesTable(page)
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name, exact: true }) });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell").nth(3)).toHaveText(`${eventName} by lead from 198.51.100.20 at ${eventTime}`);
  await page.goto("/settings/alarms");
  await expect(item.getByRole("link", { name: "1 alarm", exact: true })).toBeVisible();

  await item.getByRole("button", { name: `Turn off ${name}` }).click();
  await expect(item.getByText("Off", { exact: true })).toBeVisible();
  await expect(item.getByRole("button", { name: `Turn on ${name}` })).toBeVisible();
  await sendEvents(page.request, baseURL!, [
    ownEvent({ eventId: `e2e-probe-2-${stamp}`, eventName, sourceIpAddress: "198.51.100.21" }),
  ]);
  await alarmEngineCaughtUp();
  await page.waitForTimeout(2_000);
  expect(await alarmsOf(name)).toBe(1);
  await page.reload();
  await expect(item.getByRole("link", { name: "1 alarm", exact: true })).toBeVisible();
  await page.goto("/messages");
  await expect(row).toHaveCount(1);
});

test("Sigma rules: a CloudTrail rule file is imported with its attribution, a pasted aggregation is refused by name", async ({
  page,
}) => {
  await signedInAs(page, "admin");
  await page.goto("/settings/alarms");
  const form = page.getByRole("form", { name: "Import Sigma rules" });
  await form
    .locator('input[name="files"]')
    .setInputFiles(dataset("sigma-aws-cloudtrail-rules", "aws_cloudtrail_disable_logging.yml"));
  const pastedTitle = `E2E StopLogging burst ${stamp}`;
  await field(form, "Or paste a rule").fill(
    [
      `title: ${pastedTitle}`,
      "status: test",
      "author: Keytrail browser tests",
      "logsource:",
      "    product: aws",
      "    service: cloudtrail",
      "detection:",
      "    selection:",
      "        eventName: StopLogging",
      "    condition: selection | count() > 5",
      "level: high",
    ].join("\n"),
  );
  await form.getByRole("button", { name: "Import" }).click();
  const imported = "AWS CloudTrail Important Change";
  created.push(imported);
  await expect(page.getByRole("list", { name: "Import results" }).getByRole("listitem")).toHaveText([
    `aws_cloudtrail_disable_logging.yml: imported as "${imported}"`,
    'pasted rule: refused: unsupported Sigma feature: aggregation "| count() > 5"',
  ]);

  const item = policyItem(page, imported);
  await expect(item).toContainText("Sigma rule by vitaliy0x1 (Detection Rule License 1.1)");
  await expect(item).toContainText(
    "https://docs.aws.amazon.com/awscloudtrail/latest/userguide/best-practices-security.html",
  );
  await expect(item).toContainText("Detects disabling, deleting and updating of a Trail");
  await expect(item.locator("code")).toContainText("StopLogging");
  await expect(item.getByText("On", { exact: true })).toBeVisible();
  await expect(policyItem(page, pastedTitle)).toHaveCount(0);
  // It would alarm on other specs' trail events: off again.
  await item.getByRole("button", { name: `Turn off ${imported}` }).click();
  await expect(item.getByText("Off", { exact: true })).toBeVisible();
});

test("a policy run over past events finds the old events that live evaluation skipped", async ({ page, baseURL }) => {
  test.setTimeout(90_000);
  const name = `E2E history probe ${stamp}`;
  const eventName = `E2eHistoryProbe${stamp}`;
  const hour = 3_600_000;
  // 36 hours and 3 days old: older than the live window (24 h), so stored without an alarm.
  const recent = { eventId: `e2e-history-36h-${stamp}`, eventTime: new Date(Date.now() - 36 * hour).toISOString() };
  const older = { eventId: `e2e-history-3d-${stamp}`, eventTime: new Date(Date.now() - 72 * hour).toISOString() };
  await signedInAs(page, "admin");
  await createPolicy(page, name, eventName);
  await sendEvents(page.request, baseURL!, [ownEvent({ ...recent, eventName }), ownEvent({ ...older, eventName })]);
  await alarmEngineCaughtUp();
  expect(await alarmsOf(name)).toBe(0);

  const item = policyItem(page, name);
  const run = item.getByRole("form", { name: `Run ${name} over past events` });
  const counts = async (days: number) => {
    await run.getByLabel("Days").fill(String(days));
    await run.getByRole("button", { name: "Run over past events" }).click();
    const status = run.getByRole("status");
    const plural = days === 1 ? "day" : "days";
    await expect(status).toContainText(
      new RegExp(
        `^"${name}" over the last ${days} ${plural}: [\\d,]+ events read, \\d+ matched, \\d+ alarms? raised\\.`,
      ),
    );
    const match = /: ([\d,]+) events read, (\d+) matched, (\d+) alarms? raised\./.exec((await status.textContent())!)!;
    return { read: Number(match[1].replace(/,/g, "")), matched: Number(match[2]), alarms: Number(match[3]) };
  };
  const oneDay = await counts(1);
  expect(oneDay).toMatchObject({ matched: 0, alarms: 0 });
  const twoDays = await counts(2);
  expect(twoDays).toMatchObject({ matched: 1, alarms: 1 });
  const week = await counts(7);
  expect(week).toMatchObject({ matched: 2, alarms: 1 });
  expect(oneDay.read).toBeLessThanOrEqual(twoDays.read);
  expect(twoDays.read).toBeLessThanOrEqual(week.read);
  expect(await alarmsOf(name)).toBe(2);

  await run.getByRole("link", { name: "Open the alarm" }).click();
  await expect(page.getByRole("heading", { name: `Alarm: ${name}`, level: 1 })).toBeVisible();
  await expect(page.getByRole("region", { name: "Alarm" })).toContainText("A run of the policy over past events");
  const events = page.getByRole("table", { name: "Events that triggered the alarm" });
  await expect(events.locator("tbody tr td:last-child")).toHaveText([older.eventId, recent.eventId]);

  await page.goto("/settings/alarms");
  await item.getByRole("button", { name: `Turn off ${name}` }).click();
  await expect(item.getByText("Off", { exact: true })).toBeVisible();
});

test("markup in a policy name and an event field is shown as text in the Message center and on the alarm", async ({
  page,
  baseURL,
}) => {
  test.setTimeout(90_000);
  const dialogs: string[] = [];
  page.on("dialog", (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  const name = `<img src=x onerror=alert(document.domain)> ${stamp}`;
  const eventName = `E2eXssProbe${stamp}`;
  const userName = "<img src=x onerror=alert(1)>";
  const eventTime = new Date().toISOString();
  await signedInAs(page, "admin");
  await createPolicy(page, name, eventName);
  await sendEvents(page.request, baseURL!, [
    ownEvent({ eventId: `e2e-xss-${stamp}`, eventTime, eventName, userIdentity: { type: "ram-user", userName } }),
  ]);
  await expect.poll(() => alarmsOf(name), { timeout: 10_000 }).toBe(1);

  await page.goto("/messages");
  const row = messagesTable(page)
    .getByRole("row")
    .filter({ has: page.getByRole("link", { name, exact: true }) });
  await expect(row).toHaveCount(1);
  await expect(row.getByRole("cell").nth(3)).toHaveText(`${eventName} by ${userName} at ${eventTime}`);
  await expect(messagesTable(page).locator("img")).toHaveCount(0);

  await row.getByRole("link", { name, exact: true }).click();
  await expect(page.getByRole("heading", { name: `Alarm: ${name}`, level: 1 })).toBeVisible();
  const events = page.getByRole("table", { name: "Events that triggered the alarm" });
  await expect(events.locator("tbody tr td").nth(2)).toHaveText(userName);
  await expect(page.locator("main img")).toHaveCount(0);

  await page.goto("/settings/alarms");
  const item = policyItem(page, name);
  await expect(item.locator("strong")).toHaveText(name);
  await expect(item.locator("img")).toHaveCount(0);
  await item.getByRole("button", { name: `Turn off ${name}` }).click();
  await expect(item.getByText("Off", { exact: true })).toBeVisible();
  expect(dialogs).toEqual([]);
});
