// The event look-up API poller against a real database and, per cloud, a local server that speaks the cloud's
// LookupEvents protocol and checks its signature (tests/support/fake-cloud-apis.ts), with the clouds' own clients.
// Expected figures come from the datasets read here with plain JSON.parse, and from importing the same records as
// a file through the existing import.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, onTestFinished } from "vitest";
import { pollApi, PAGE_ATTEMPTS } from "@/lib/connections/api/poll-api";
import { ConnectionError } from "@/lib/connections/connection-error";
import type { RunOptions } from "@/lib/connections/connector";
import { encryptedSecrets, loadConnection } from "@/lib/connections/load-connection";
import type { BackfillState } from "@/lib/connections/progress";
import type { ApiCloud, ApiSettings } from "@/lib/domain/connections/settings";
import { DAY_MS } from "@/lib/domain/time";
import { importFiles } from "@/lib/import/import-files";
import { dataset } from "@/tests/fixtures/datasets";
import {
  alibabaLookupEvent,
  awsLookupEvent,
  startFakeApi,
  tencentLookupEvent,
  type FakeApi,
  type FakeEvent,
} from "@/tests/support/fake-cloud-apis";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const tmp = mkdtempSync(path.join(tmpdir(), "keytrail-api-poll-"));
const ACCESS_KEY_ID = "AKIDKEYTRAILTEST";
const SECRET = "s3cret-look-up-key-Zq9";
const WRONG_SECRET = "wrong-secret-Xy7";
const MINUTE = 60_000;

type Obj = Record<string, unknown>;
const json = <T>(file: string) => JSON.parse(readFileSync(file, "utf8")) as T;

// AWS: three CloudTrail files of 2023-07-10 11:42-11:48 (82 records) for live polls; four Stratus Red Team
// detonations on four days (2024-07-30 .. 08-02) for a backfill.
const invictusDir = dataset("invictus-aws-cloudtrail", "CloudTrail");
const invictusLive = readdirSync(invictusDir)
  .filter((f) => /_20230710T11(45|50)Z_/.test(f))
  .flatMap((f) => json<{ Records: Obj[] }>(path.join(invictusDir, f)).Records);
const stratusBackfill = [
  "aws.credential-access.ec2-get-password-data.json",
  "aws.credential-access.secretsmanager-batch-retrieve-secrets.json",
  "aws.credential-access.ssm-retrieve-securestring-parameters.json",
  "aws.credential-access.ec2-steal-instance-credentials.json",
].flatMap((f) => json<Obj[]>(dataset("stratus-red-team-detonation-logs", f)));

// Alibaba: the 21 ActionTrail events (20 distinct: one delivered twice). Live polls read 2022-04-12's eleven.
const alibabaAll = readFileSync(dataset("alibaba-actiontrail-samples", "actiontrail_events.normalized.jsonl"), "utf8")
  .split("\n")
  .filter(Boolean)
  .map((line) => (JSON.parse(line) as { event: Obj }).event);
const alibabaLive = alibabaAll.filter((e) => String(e.eventTime).startsWith("2022-04-12"));

// Tencent: the tccli examples hold one well-formed LookUpEvents entry (DescribeEvents, 2023-04-03) and one whose
// CloudAuditEvent is broken JSON. Paging needs more than one event in a window: three more entries are made from
// the well-formed one (new EventId and eventID, a minute apart), and the broken one is moved into the same hour.
const examples = json<{ actions: Record<string, { output: string }[]> }>(
  dataset("tencent-cloudaudit-examples", "examples.json"),
);
const describeEntry = (JSON.parse(examples.actions.DescribeEvents[0].output) as { Response: { Events: Obj[] } })
  .Response.Events[0];
const brokenEntry = (JSON.parse(examples.actions.LookUpEvents[0].output) as { Response: { Events: Obj[] } }).Response
  .Events[0];
const describeTime = Number(describeEntry.EventTime);
function tencentVariant(n: number, stepSeconds = 60): Obj {
  const inner = JSON.parse(String(describeEntry.CloudAuditEvent)) as Obj;
  const eventId = `${String(describeEntry.EventId)}-${n}`;
  const time = describeTime + n * stepSeconds;
  return {
    ...describeEntry,
    EventId: eventId,
    EventTime: String(time),
    CloudAuditEvent: JSON.stringify({ ...inner, eventID: eventId, eventTime: time }),
  };
}
const tencentLive = [describeEntry, tencentVariant(1), tencentVariant(2), tencentVariant(3)];
const tencentBroken = { ...brokenEntry, EventTime: String(describeTime + 5 * 60) };

interface CloudCase {
  cloud: ApiCloud;
  region: string;
  /** The live set as the API returns it, and as a file the import reads (the same records). */
  live: FakeEvent[];
  liveFile: () => unknown;
  /** The live poll's now: after the newest live event, the oldest within the overlap. */
  now: Date;
  overlapMinutes: number;
  distinct: number;
  /** Records in the live set that are the same event twice / that do not become events. */
  repeats: number;
  rejected: number;
  backfill: { events: FakeEvent[]; from: Date; to: Date; now: Date; windows: number; imported: number };
}

const cases: CloudCase[] = [
  {
    cloud: "aws",
    region: "us-east-1",
    live: invictusLive.map((r) => awsLookupEvent(r)),
    liveFile: () => ({ Records: invictusLive }),
    now: new Date("2023-07-10T11:50:00Z"),
    overlapMinutes: 15,
    distinct: new Set(invictusLive.map((r) => r.eventID)).size,
    repeats: 0,
    rejected: 0,
    backfill: {
      events: stratusBackfill.map((r) => awsLookupEvent(r)),
      from: new Date("2024-07-30T00:00:00Z"),
      to: new Date("2024-08-03T00:00:00Z"),
      now: new Date("2024-08-03T00:10:00Z"),
      windows: 4,
      imported: new Set(stratusBackfill.map((r) => r.eventID)).size,
    },
  },
  {
    cloud: "alibaba",
    region: "cn-hangzhou",
    live: alibabaLive.map(alibabaLookupEvent),
    liveFile: () => alibabaLive,
    now: new Date("2022-04-12T10:30:00Z"),
    overlapMinutes: 15,
    distinct: new Set(alibabaLive.map((e) => e.eventId)).size,
    repeats: alibabaLive.length - new Set(alibabaLive.map((e) => e.eventId)).size,
    rejected: 0,
    backfill: {
      events: alibabaAll.map(alibabaLookupEvent),
      from: new Date("2022-04-18T00:00:00Z"),
      to: new Date("2022-04-20T00:00:00Z"),
      now: new Date("2022-04-20T01:00:00Z"),
      windows: 2,
      imported: new Set(alibabaAll.filter((e) => String(e.eventTime) >= "2022-04-18").map((e) => e.eventId)).size,
    },
  },
  {
    cloud: "tencent",
    region: "ap-guangzhou",
    live: [...tencentLive, tencentBroken].map(tencentLookupEvent),
    liveFile: () => ({ Response: { Events: [...tencentLive, tencentBroken] } }),
    now: new Date((describeTime + 10 * 60) * 1000),
    overlapMinutes: 15,
    distinct: tencentLive.length,
    repeats: 0,
    rejected: 1,
    backfill: {
      events: tencentLive.map(tencentLookupEvent),
      from: new Date("2023-04-02T00:00:00Z"),
      to: new Date("2023-04-04T00:00:00Z"),
      now: new Date("2023-04-04T00:00:00Z"),
      windows: 2,
      imported: tencentLive.length,
    },
  },
];

beforeAll(() => {
  process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS = "1";
});
afterAll(async () => {
  delete process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS;
  rmSync(tmp, { recursive: true, force: true });
  await db.$disconnect();
});

let serial = 0;
async function createConnection(cloud: ApiCloud, region: string, endpoint: string, secret = SECRET, extra = {}) {
  const settings: ApiSettings = {
    kind: "api",
    cloud,
    region,
    endpoint,
    accessKeyId: ACCESS_KEY_ID,
    pollSeconds: 60,
    overlapMinutes: 15,
    ...extra,
  };
  const row = await db.connection.create({
    data: { name: `${cloud}-poller-${++serial}`, kind: "api", settings: JSON.stringify(settings) },
  });
  await db.connection.update({
    where: { id: row.id },
    data: { secretEncrypted: encryptedSecrets(row.id, { secretAccessKey: secret }) },
  });
  return row.id;
}

async function poll(id: number, mode: "live" | "backfill", options: RunOptions) {
  const connection = await loadConnection(database, id);
  return pollApi(database, connection as Parameters<typeof pollApi>[1], mode, options);
}

const eventRows = () =>
  db.event.findMany({
    select: { eventId: true, eventTime: true, eventName: true, origin: true, accessKeyId: true, raw: true },
    orderBy: { eventId: "asc" },
  });

describe.each(cases)("the $cloud LookupEvents poller", (c) => {
  let api: FakeApi;
  const start = (events: FakeEvent[], pageSize?: number) =>
    startFakeApi(c.cloud, { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, events, pageSize });

  beforeEach(async () => {
    await resetDatabase(database);
    return async () => api?.stop();
  });

  it("stores every event of its window once, exactly as importing the same records as a file", async () => {
    api = await start(c.live);
    const id = await createConnection(c.cloud, c.region, api.endpoint);
    const report = await poll(id, "live", { now: c.now });
    const pages = Math.ceil(c.live.length / 50);
    expect(report).toEqual({
      imported: c.distinct,
      duplicates: c.repeats,
      rejected: c.rejected,
      objectsRead: 0,
      pagesRead: pages,
      waiting: 0,
      caughtUp: true,
    });
    expect(await db.event.count()).toBe(c.distinct);
    const row = await db.connection.findUniqueOrThrow({ where: { id } });
    expect(JSON.parse(row.position)).toEqual({ since: c.now.toISOString() });
    expect([row.eventsImported, row.duplicates, row.rejected, row.pagesRead]).toEqual([
      c.distinct,
      c.repeats,
      c.rejected,
      pages,
    ]);
    expect(row.newestEventTime).toEqual(new Date(Math.max(...c.live.slice(0, c.distinct).map((e) => +e.time))));
    expect(api.pageRequests[0]).toEqual({
      start: new Date(+c.now - c.overlapMinutes * MINUTE),
      end: c.now,
      nextToken: undefined,
    });
    const problems = await db.connectionProblem.findMany({ select: { reason: true } });
    expect(problems).toHaveLength(c.rejected);
    if (c.rejected) expect(problems[0].reason).toMatch(/^CloudAuditEvent: invalid JSON/);

    const polled = await eventRows();
    await resetDatabase(database);
    const file = path.join(tmp, `${c.cloud}-live.json`);
    writeFileSync(file, JSON.stringify(c.liveFile()));
    const summary = await importFiles(database, [file]);
    expect([summary.imported, summary.duplicates, summary.rejected]).toEqual([c.distinct, c.repeats, c.rejected]);
    expect(await eventRows()).toEqual(polled);
  });

  it("re-reads the overlap: nothing new within it, then a late event published inside it is caught", async () => {
    const late = c.live.slice(0, c.distinct).reduce((a, b) => (a.time < b.time ? a : b));
    api = await start(c.live.filter((e) => e !== late));
    const id = await createConnection(c.cloud, c.region, api.endpoint);
    const first = await poll(id, "live", { now: c.now });
    expect(first.imported).toBe(c.distinct - 1);

    const second = await poll(id, "live", { now: new Date(+c.now + MINUTE) });
    expect([second.imported, second.duplicates]).toEqual([0, c.distinct - 1 + c.repeats]);
    expect(api.pageRequests.at(-1)?.start).toEqual(new Date(+c.now - c.overlapMinutes * MINUTE));

    api.add([late]); // published late, with a time before the last poll's now
    const third = await poll(id, "live", { now: new Date(+c.now + 2 * MINUTE) });
    expect([third.imported, third.duplicates]).toEqual([1, c.distinct - 1 + c.repeats]);
    expect(await db.event.count()).toBe(c.distinct);
    const row = await db.connection.findUniqueOrThrow({ where: { id } });
    expect(row.duplicates).toBe(2 * (c.distinct - 1 + c.repeats) + c.repeats);
    expect(JSON.parse(row.position)).toEqual({ since: new Date(+c.now + 2 * MINUTE).toISOString() });
  });

  it("pages with the API's token, at the API's documented rate", async () => {
    const pageSize = Math.ceil(c.live.length / 4);
    api = await start(c.live, pageSize);
    const id = await createConnection(c.cloud, c.region, api.endpoint);
    const began = Date.now();
    const report = await poll(id, "live", { now: c.now });
    const elapsed = Date.now() - began;
    const pages = Math.ceil(c.live.length / pageSize);
    expect(pages).toBeGreaterThanOrEqual(3);
    expect([report.pagesRead, report.imported]).toEqual([pages, c.distinct]);
    expect(api.pageRequests.map((r) => Boolean(r.nextToken))).toEqual([false, ...Array(pages - 1).fill(true)]);
    // A burst of `rate` requests, then one each 1/rate s.
    const rate = c.cloud === "tencent" ? 20 : 2;
    expect(elapsed).toBeGreaterThanOrEqual(Math.max(0, ((pages - rate) / rate) * 1000 - 20));
  });

  it("backs off and retries when throttled, and retries a page broken off mid-answer", async () => {
    api = await start(c.live);
    const id = await createConnection(c.cloud, c.region, api.endpoint);
    api.throttleNext(2);
    const report = await poll(id, "live", { now: c.now });
    expect(report.imported).toBe(c.distinct);
    expect(api.stats.throttled).toBe(2);

    api.breakOffNext(1);
    const again = await poll(id, "live", { now: new Date(+c.now + MINUTE) });
    expect([again.imported, again.duplicates]).toEqual([0, c.distinct + c.repeats]);
    expect(api.stats.brokenOff).toBe(1);
  });

  it("refuses a wrong secret as bad credentials, naming no secret anywhere", async () => {
    api = await start(c.live);
    const id = await createConnection(c.cloud, c.region, api.endpoint, WRONG_SECRET);
    const error = await poll(id, "live", { now: c.now }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).kind).toBe("credentials");
    expect(api.stats.badSignatures).toBe(1); // not retried: a wrong key stays wrong
    const text = JSON.stringify({
      message: (error as Error).message,
      stack: (error as Error).stack,
      connection: await db.connection.findMany(),
      problems: await db.connectionProblem.findMany(),
      events: await db.event.count(),
    });
    for (const secret of [WRONG_SECRET, SECRET]) expect(text).not.toContain(secret);
    expect(await db.event.count()).toBe(0);
  });

  it("names a key without the look-up permission as access denied, at once", async () => {
    api = await start(c.live);
    api.deny(true);
    const id = await createConnection(c.cloud, c.region, api.endpoint);
    const error = await poll(id, "live", { now: c.now }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).kind).toBe("accessDenied");
    expect((error as Error).message).toContain(c.cloud === "tencent" ? "cloudaudit:LookUpEvents" : ":LookupEvents");
    expect(api.stats.requests).toBe(1);
  });

  it("a page that keeps failing stops the run with what it committed; the next run resumes at that page", async () => {
    const pageSize = Math.ceil(c.live.length / 3);
    api = await start(c.live, pageSize);
    const id = await createConnection(c.cloud, c.region, api.endpoint);
    api.breakOffNext(PAGE_ATTEMPTS, 1); // page 1 whole, then page 2 breaks off every time
    const error = await poll(id, "live", { now: c.now }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).retryable).toBe(true);
    const stopped = await db.connection.findUniqueOrThrow({ where: { id } });
    const position = JSON.parse(stopped.position) as { nextToken?: string; window?: unknown };
    expect(position.window).toEqual({
      start: new Date(+c.now - c.overlapMinutes * MINUTE).toISOString(),
      end: c.now.toISOString(),
    });
    // Page 2's token, as the server handed it out with page 1 (and as every broken-off attempt asked with).
    expect(position.nextToken).toBe(api.pageRequests[1].nextToken);
    expect(api.pageRequests).toHaveLength(1 + PAGE_ATTEMPTS);
    expect(stopped.pagesRead).toBe(1);
    const afterFirstPage = await db.event.count();
    expect(afterFirstPage).toBeGreaterThan(0);
    expect(afterFirstPage).toBeLessThan(c.distinct);

    const resumed = await poll(id, "live", { now: new Date(+c.now + 5 * MINUTE) });
    expect(resumed.caughtUp).toBe(true);
    const requests = api.pageRequests.slice(1 + PAGE_ATTEMPTS);
    expect(requests[0]).toEqual({
      start: new Date(+c.now - c.overlapMinutes * MINUTE),
      end: c.now,
      nextToken: position.nextToken,
    });
    expect(await db.event.count()).toBe(c.distinct);
    const row = await db.connection.findUniqueOrThrow({ where: { id } });
    // Exactly once: every event stored once, nothing read twice.
    expect([row.eventsImported, row.duplicates]).toEqual([c.distinct, c.repeats]);
    expect(JSON.parse(row.position)).toEqual({ since: c.now.toISOString() });
  });

  it("stops at its time budget mid-window, and reads the window again when the API forgot the page token", async () => {
    const pageSize = Math.ceil(c.live.length / 3);
    api = await start(c.live, pageSize);
    const id = await createConnection(c.cloud, c.region, api.endpoint);
    const first = await poll(id, "live", { now: c.now, budgetMs: 0 });
    expect([first.pagesRead, first.waiting, first.caughtUp]).toEqual([1, 1, false]);
    const stored = await db.event.count();

    api.expireTokens();
    const second = await poll(id, "live", { now: new Date(+c.now + MINUTE) });
    expect(second.caughtUp).toBe(true);
    // The stale token was refused, then the window was read from its first page: page 1 again as duplicates.
    expect(api.pageRequests.slice(1).map((r) => Boolean(r.nextToken))).toEqual([false, true, true]);
    expect(second.imported).toBe(c.distinct - stored);
    expect(await db.event.count()).toBe(c.distinct);
    const row = await db.connection.findUniqueOrThrow({ where: { id } });
    expect(JSON.parse(row.position)).toEqual({ since: c.now.toISOString() });
  });

  it("backfills day windows oldest first with progress, leaving the live position alone", async () => {
    const b = c.backfill;
    api = await start(b.events);
    const livePosition = { since: b.to.toISOString() };
    const id = await createConnection(c.cloud, c.region, api.endpoint);
    const state: BackfillState = {
      from: b.from.toISOString(),
      to: b.to.toISOString(),
      state: "running",
      done: 0,
      found: 0,
      position: {},
      startedAt: b.now.toISOString(),
    };
    await db.connection.update({
      where: { id },
      data: { position: JSON.stringify(livePosition), backfill: JSON.stringify(state) },
    });
    // Stopped after its first window by a spent budget, then finished by a second run.
    const first = await poll(id, "backfill", { now: b.now, budgetMs: 0 });
    expect([first.pagesRead, first.waiting, first.caughtUp]).toEqual([1, b.windows - 1, false]);
    const midway = JSON.parse((await db.connection.findUniqueOrThrow({ where: { id } })).backfill!) as BackfillState;
    expect([midway.state, midway.done, midway.found]).toEqual(["running", 1, b.windows]);
    expect(midway.position).toEqual({ windowStart: new Date(+b.from + DAY_MS).toISOString() });

    const rest = await poll(id, "backfill", { now: b.now });
    expect(rest.caughtUp).toBe(true);
    expect(first.imported + rest.imported).toBe(b.imported);
    expect(await db.event.count()).toBe(b.imported);
    const row = await db.connection.findUniqueOrThrow({ where: { id } });
    const done = JSON.parse(row.backfill!) as BackfillState;
    expect([done.state, done.done, done.found]).toEqual(["done", b.windows, b.windows]);
    expect(JSON.parse(row.position)).toEqual(livePosition);
    expect(api.pageRequests.map((r) => r.start.toISOString())).toEqual(
      Array.from({ length: b.windows }, (_, i) => new Date(+b.from + i * DAY_MS).toISOString()),
    );
  });
});

async function run(child: ChildProcess): Promise<{ status: number | null; stdout: string }> {
  let stdout = "";
  child.stdout?.on("data", (chunk) => (stdout += String(chunk)));
  const status = await new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  return { status, stdout };
}

describe("a poll killed with SIGKILL mid-window", () => {
  it("run again, resumes at its committed page and ends with every event once", async () => {
    await resetDatabase(database);
    // 200 entries made from the CloudAudit example, 4 s apart (Tencent's 20 requests/s keeps 20 pages quick).
    const entries = Array.from({ length: 200 }, (_, i) => tencentVariant(i + 1, 4));
    const now = new Date((describeTime + 201 * 4) * 1000);
    const first: { child?: ChildProcess } = {};
    const api = await startFakeApi("tencent", {
      accessKeyId: ACCESS_KEY_ID,
      secretAccessKey: SECRET,
      events: entries.map(tencentLookupEvent),
      pageSize: 10,
      onPage: (page) => {
        if (page === 6) first.child?.kill("SIGKILL");
      },
    });
    onTestFinished(() => api.stop());
    const id = await createConnection("tencent", "ap-guangzhou", api.endpoint);
    const script = [path.resolve("tests/support/poll-api-child.ts"), String(id), now.toISOString()];
    const child = spawn(process.execPath, ["--import", "tsx", ...script], { env: process.env, stdio: "ignore" });
    first.child = child;
    const signal = await new Promise<NodeJS.Signals | null>((resolve) => child.on("exit", (_c, s) => resolve(s)));
    expect(signal).toBe("SIGKILL");
    const afterKill = await db.event.count();
    expect(afterKill).toBeGreaterThanOrEqual(50); // pages 1-5 were committed before page 6 was asked for
    expect(afterKill).toBeLessThanOrEqual(60);
    const killed = await db.connection.findUniqueOrThrow({ where: { id } });
    const position = JSON.parse(killed.position) as { nextToken?: string };
    expect(position.nextToken).toBeTruthy();

    const requestsBefore = api.pageRequests.length;
    // Not spawnSync: the local API answers from this process.
    const again = await run(spawn(process.execPath, ["--import", "tsx", ...script], { env: process.env }));
    expect(again.status).toBe(0);
    const report = JSON.parse(again.stdout.trim().split("\n").at(-1)!) as { imported: number; caughtUp: boolean };
    expect(report).toMatchObject({ imported: 200 - afterKill, caughtUp: true });
    expect(api.pageRequests[requestsBefore].nextToken).toBe(position.nextToken);
    const rows = await db.event.findMany({ select: { eventId: true } });
    expect(rows.map((r) => r.eventId).sort()).toEqual(entries.map((e) => String(e.EventId)).sort());
    const row = await db.connection.findUniqueOrThrow({ where: { id } });
    expect(JSON.parse(row.position)).toEqual({ since: now.toISOString() });
    // At most the one page in flight at the kill is read twice.
    expect(row.duplicates).toBeLessThanOrEqual(10);
  });
});

describe("an API that keeps throttling", () => {
  it("stops the run as 'throttled' after a few tries, having stored nothing", async () => {
    await resetDatabase(database);
    const c = cases.find((k) => k.cloud === "tencent")!;
    const api = await startFakeApi(c.cloud, { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET, events: c.live });
    onTestFinished(() => api.stop());
    const id = await createConnection(c.cloud, c.region, api.endpoint);
    api.throttleNext(PAGE_ATTEMPTS);
    const error = await poll(id, "live", { now: c.now }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).kind).toBe("throttled");
    expect(await db.event.count()).toBe(0);
    expect((await db.connection.findUniqueOrThrow({ where: { id } })).position).toBe("{}");
  });
});

describe("a backfill from before the API's 90 days", () => {
  it("starts where the 90 days begin and says so once", async () => {
    await resetDatabase(database);
    const api = await startFakeApi("tencent", { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET });
    try {
      const id = await createConnection("tencent", "ap-guangzhou", api.endpoint);
      const now = new Date("2026-12-08T12:00:00Z");
      const state: BackfillState = {
        from: "2026-08-01T00:00:00.000Z",
        to: "2026-09-11T00:00:00.000Z",
        state: "running",
        done: 0,
        found: 0,
        position: {},
        startedAt: now.toISOString(),
      };
      await db.connection.update({ where: { id }, data: { backfill: JSON.stringify(state) } });
      const report = await poll(id, "backfill", { now });
      expect([report.pagesRead, report.caughtUp]).toEqual([2, true]);
      expect(api.pageRequests.map((r) => r.start.toISOString())).toEqual([
        "2026-09-09T12:00:00.000Z",
        "2026-09-10T00:00:00.000Z",
      ]);
      const problems = await db.connectionProblem.findMany({ where: { connectionId: id } });
      expect(problems.map((p) => [p.source, p.reason])).toEqual([
        [
          "backfill",
          "the API keeps 90 days: the backfill reads from 2026-09-09T12:00:00.000Z instead of " +
            "2026-08-01T00:00:00.000Z; older events need a trail bucket",
        ],
      ]);
    } finally {
      await api.stop();
    }
  });
});

describe("an endpoint nothing listens on", () => {
  it("is unreachable, after a few tries", async () => {
    await resetDatabase(database);
    const api = await startFakeApi("aws", { accessKeyId: ACCESS_KEY_ID, secretAccessKey: SECRET });
    const endpoint = api.endpoint;
    await api.stop();
    const id = await createConnection("aws", "us-east-1", endpoint);
    const error = await poll(id, "live", { now: new Date() }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ConnectionError);
    expect((error as ConnectionError).kind).toBe("unreachable");
    expect((error as Error).message).toMatch(/^127\.0\.0\.1:\d+: cannot connect \(ECONNREFUSED\)$/);
  });
});
