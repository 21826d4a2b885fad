// The alarm engine against a real database: built-in policies raise alarms with their events and one Message
// center message per administrator and auditor; thresholds count per user over the window; "new IP" looks at the
// key's history; old events wait for a history run; the cursor survives a restart; Sigma rules import and fire.
import { readFileSync } from "node:fs";
import path from "node:path";
import { dataset } from "@/tests/fixtures/datasets";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { processAllNewEvents } from "@/lib/alarms/alarm-engine";
import { runPolicyOverHistory } from "@/lib/alarms/history-run";
import { importSigmaRules } from "@/lib/alarms/sigma-import";
import { ingestEvents } from "@/lib/db/ingest-events";
import type { NormalisedEvent } from "@/lib/domain/event";
import { normaliseCloudTrail } from "@/lib/domain/normalise/cloudtrail";
import { buildEvent } from "@/tests/fixtures/events";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const SIGMA = dataset("sigma-aws-cloudtrail-rules");

const NOW = Date.now();
const ago = (minutes: number) => new Date(NOW - minutes * 60_000);
let n = 0;

function event(
  overrides: Partial<Omit<NormalisedEvent, "raw">> & { user?: Partial<NormalisedEvent["userIdentity"]> } = {},
): NormalisedEvent {
  const { user, ...rest } = overrides;
  n++;
  return buildEvent({
    eventId: `alarm-test-${n}`,
    eventTime: ago(1),
    userIdentity: { type: "ram-user", principalId: "p-alice", userName: "alice", ...user },
    sourceIpAddress: "203.0.113.7",
    userAgent: "test",
    region: "cn-hangzhou",
    ...rest,
  });
}

const signin = (overrides: Parameters<typeof event>[0] = {}) =>
  event({
    eventName: "ConsoleSignin",
    eventSource: "signin.aliyuncs.com",
    service: "signin",
    eventType: "ConsoleSignin",
    readOnly: false,
    ...overrides,
  });

async function alarmsOf(builtinKey: string) {
  return db.alarm.findMany({
    where: { policy: { builtinKey } },
    include: { events: { orderBy: { eventId: "asc" } } },
    orderBy: { id: "asc" },
  });
}

beforeAll(async () => {
  await resetDatabase(database);
  const account = await db.account.create({ data: { accountId: "1234567890123", name: "Test" } });
  const base = { accountId: account.id, consoleAccess: true, userType: "SubUser" };
  await db.user.createMany({
    data: [
      { ...base, userName: "admin", principalId: "p-admin", displayName: "Admin", consoleRole: "Administrator" },
      { ...base, userName: "auditor", principalId: "p-auditor", displayName: "Auditor", consoleRole: "Auditor" },
      { ...base, userName: "lead", principalId: "p-lead", displayName: "Lead", consoleRole: "TeamLead" },
    ],
  });
});

beforeEach(async () => {
  // Each test sees only its own events: mark everything so far as evaluated.
  await processAllNewEvents(database);
});

afterAll(async () => {
  await db.$disconnect();
});

describe("live alarm evaluation", () => {
  it("raises the root sign-in alarm once, with its event and a message for each administrator and auditor", async () => {
    const root = signin({ user: { type: "root-account", userName: "root", principalId: "p-root" } });
    await ingestEvents(database, [root, event()]);
    const raised = await processAllNewEvents(database);
    expect(raised.map((a) => [a.policy.name, a.eventIds])).toEqual([["Root account sign-in", [root.eventId]]]);
    const [alarm] = await alarmsOf("root-signin");
    expect(alarm).toMatchObject({ trigger: "live", eventCount: 1, groupKey: "" });
    expect(alarm.events.map((e) => e.eventId)).toEqual([root.eventId]);
    const messages = await db.message.findMany({
      where: { alarmId: alarm.id },
      include: { user: true },
      orderBy: { userId: "asc" },
    });
    expect(messages.map((m) => [m.user.userName, m.title, m.readAt])).toEqual([
      ["admin", "Root account sign-in", null],
      ["auditor", "Root account sign-in", null],
    ]);
    expect(messages[0].body).toBe(`ConsoleSignin by root from 203.0.113.7 at ${root.eventTime.toISOString()}`);
    // Evaluated once: a second pass (a restart) raises nothing.
    expect(await processAllNewEvents(database)).toEqual([]);
    expect(await alarmsOf("root-signin")).toHaveLength(1);
  });

  it("raises a failed sign-in burst at the fifth failure within ten minutes for one user, and adds the sixth to it", async () => {
    const failures = [9, 7, 5, 3].map((m) =>
      signin({ eventTime: ago(m), errorCode: "InvalidPassword", user: { userName: "bob", principalId: "p-bob" } }),
    );
    const otherUser = signin({
      eventTime: ago(4),
      errorCode: "InvalidPassword",
      user: { userName: "carol", principalId: "p-carol" },
    });
    await ingestEvents(database, [...failures, otherUser]);
    expect(await processAllNewEvents(database)).toEqual([]);
    const fifth = signin({
      eventTime: ago(2),
      errorCode: "InvalidPassword",
      user: { userName: "bob", principalId: "p-bob" },
    });
    await ingestEvents(database, [fifth]);
    const raised = await processAllNewEvents(database);
    expect(raised.map((a) => [a.policy.name, a.groupKey, a.eventIds.length])).toEqual([
      ["Burst of failed sign-ins", "bob", 5],
    ]);
    const sixth = signin({
      eventTime: ago(1),
      errorCode: "InvalidPassword",
      user: { userName: "bob", principalId: "p-bob" },
    });
    await ingestEvents(database, [sixth]);
    await processAllNewEvents(database);
    const alarms = await alarmsOf("failed-signin-burst");
    expect(alarms).toHaveLength(1);
    expect(alarms[0].eventCount).toBe(6);
    expect(alarms[0].events.map((e) => e.eventId).sort()).toEqual(
      [...failures, fifth, sixth].map((e) => e.eventId).sort(),
    );
    // The sixth joined the alarm: no second message.
    expect(await db.message.count({ where: { alarmId: alarms[0].id } })).toBe(2);
  });

  it("raises 'AccessKey used from a new IP' only for a known key's first call from another address", async () => {
    const key = { accessKeyId: "LTAINEWIPKEY00000001" };
    const first = event({ eventTime: ago(50), user: key, sourceIpAddress: "198.51.100.1" });
    await ingestEvents(database, [first]);
    await ingestEvents(database, [event({ eventTime: ago(40), user: key, sourceIpAddress: "198.51.100.1" })]);
    const refused = event({
      eventTime: ago(35),
      user: key,
      sourceIpAddress: "198.51.100.9",
      errorCode: "InvalidAccessKeyId.NotFound",
    });
    const fromNewIp = event({ eventTime: ago(30), user: key, sourceIpAddress: "198.51.100.2" });
    const again = event({ eventTime: ago(20), user: key, sourceIpAddress: "198.51.100.2" });
    await ingestEvents(database, [refused, fromNewIp, again]);
    await processAllNewEvents(database);
    const alarms = await alarmsOf("access-key-new-ip");
    expect(alarms.map((a) => a.events.map((e) => e.eventId))).toEqual([[fromNewIp.eventId]]);
  });

  it("judges a new IP by event time across polls: a late event older than the first known use is still checked", async () => {
    const key = { accessKeyId: "LTAINEWIPKEY00000002" };
    const poll = async (...events: ReturnType<typeof event>[]) => {
      await ingestEvents(database, events);
      await processAllNewEvents(database);
    };
    await poll(event({ eventTime: ago(50), user: key, sourceIpAddress: "198.51.100.1" }));
    const firstSeen = event({ eventTime: ago(20), user: key, sourceIpAddress: "198.51.100.2" });
    await poll(firstSeen);
    // Arrives late, but happened before the use of 198.51.100.2 the engine has seen: the first use from there.
    const late = event({ eventTime: ago(40), user: key, sourceIpAddress: "198.51.100.2" });
    await poll(late);
    await poll(event({ eventTime: ago(10), user: key, sourceIpAddress: "198.51.100.2" }));
    const alarms = (await alarmsOf("access-key-new-ip")).filter((a) =>
      a.events.some((e) => [firstSeen.eventId, late.eventId].includes(e.eventId)),
    );
    expect(alarms.map((a) => a.events.map((e) => e.eventId))).toEqual([[firstSeen.eventId], [late.eventId]]);
  });

  it("leaves old events to a history run, which raises one alarm linking every match", async () => {
    const old = [3, 2].map((days) =>
      signin({ eventTime: ago(days * 1440), user: { type: "Root", userName: "root", principalId: "p-root" } }),
    );
    await ingestEvents(database, old);
    expect(await processAllNewEvents(database)).toEqual([]);
    const policy = await db.alarmPolicy.findUniqueOrThrow({ where: { builtinKey: "root-signin" } });
    const result = await runPolicyOverHistory(database, policy.id, ago(4 * 1440), ago(1440));
    expect(result.matched).toBe(2);
    expect(result.alarms).toHaveLength(1);
    const alarm = await db.alarm.findUniqueOrThrow({
      where: { id: result.alarms[0].alarmId },
      include: { events: true },
    });
    expect(alarm).toMatchObject({ trigger: "history", eventCount: 2 });
    expect(alarm.events.map((e) => e.eventId).sort()).toEqual(old.map((e) => e.eventId).sort());
  });

  it("does not evaluate a policy that is turned off", async () => {
    await db.alarmPolicy.update({ where: { builtinKey: "root-signin" }, data: { enabled: false } });
    await ingestEvents(database, [signin({ user: { type: "Root", userName: "root", principalId: "p-root" } })]);
    expect(await processAllNewEvents(database)).toEqual([]);
    await db.alarmPolicy.update({ where: { builtinKey: "root-signin" }, data: { enabled: true } });
  });
});

describe("Sigma rules as alarm policies", () => {
  it("imports a rule, refuses an unsupported one by name, and fires on a CloudTrail StopLogging", async () => {
    const outcomes = await importSigmaRules(database, [
      {
        name: "aws_cloudtrail_disable_logging.yml",
        text: readFileSync(path.join(SIGMA, "aws_cloudtrail_disable_logging.yml"), "utf8"),
      },
      {
        name: "count.yml",
        text: "title: t\nlogsource: {product: aws, service: cloudtrail}\ndetection:\n  selection: {eventName: X}\n  condition: selection | count() > 5\n",
      },
    ]);
    expect(outcomes.map((o) => [o.name, o.status])).toEqual([
      ["aws_cloudtrail_disable_logging.yml", "imported"],
      ["count.yml", "refused"],
    ]);
    expect(outcomes[1].error).toMatch(/aggregation/);
    const record = {
      eventVersion: "1.08",
      eventTime: new Date(NOW - 60_000).toISOString(),
      eventSource: "cloudtrail.amazonaws.com",
      eventName: "StopLogging",
      awsRegion: "us-east-1",
      sourceIPAddress: "192.0.2.10",
      userAgent: "aws-cli",
      eventID: "3c7b1a52-0000-4000-8000-000000000001",
      eventType: "AwsApiCall",
      recipientAccountId: "111122223333",
      userIdentity: {
        type: "IAMUser",
        principalId: "AIDAEXAMPLE",
        arn: "arn:aws:iam::111122223333:user/mallory",
        accountId: "111122223333",
        userName: "mallory",
      },
      requestParameters: { name: "management-events" },
      responseElements: null,
    };
    const normalised = normaliseCloudTrail(record, JSON.stringify(record));
    if (!normalised.ok) throw new Error(normalised.reason);
    await ingestEvents(database, [normalised.event]);
    const raised = await processAllNewEvents(database);
    expect(raised.map((a) => a.policy.name).sort()).toEqual(
      ["AWS CloudTrail Important Change", "Audit logging disabled"].sort(),
    );
    // Importing the same rule again updates its policy rather than adding a second one.
    const again = await importSigmaRules(database, [
      { name: "again.yml", text: readFileSync(path.join(SIGMA, "aws_cloudtrail_disable_logging.yml"), "utf8") },
    ]);
    expect(again.map((o) => o.status)).toEqual(["updated"]);
    expect(await db.alarmPolicy.count({ where: { source: "sigma" } })).toBe(1);
  });
});
