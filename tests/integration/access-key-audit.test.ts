// The AccessKey audit against a real database, through its API handler (lib/api/access-key-audit-request.ts):
//  - on the invictus CloudTrail dataset, a key's services, event / IP / resource lists and header equal what this
//    file computes from the raw JSON files itself, over a window covering all the data and windows cutting days;
//  - across many days, the rollups (whole days) plus the events (partial days) equal a brute-force count;
//  - an event accepted by the ingest API or an import shows in the audit within 1 second;
//  - scope (team leads), 404s, 400s naming the parameter, and the GetAccessKeyLastUsed record;
//  - the rollups rebuilt from the events equal the ones the ingest path kept incrementally, and the rebuild
//    command repairs damaged ones.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { isIP } from "node:net";
import { tmpdir } from "node:os";
import path from "node:path";
import { dataset } from "@/tests/fixtures/datasets";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleAccessKeyAuditRequest, type AuditPath } from "@/lib/api/access-key-audit-request";
import { handleIngestRequest } from "@/lib/api/ingest-request";
import type { Viewer } from "@/lib/api/query-request";
import { signRequest } from "@/lib/api/sign-request";
import { encryptionKey } from "@/lib/config/local-secrets";
import { encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { ingestEvents } from "@/lib/db/ingest-events";
import { rebuildKeyUsage } from "@/lib/db/rebuild-key-usage";
import { buildDemoDirectory, demoEvents } from "@/lib/domain/demo";
import type { NormalisedEvent } from "@/lib/domain/event";
import { importFiles } from "@/lib/import/import-files";
import { keyDailyCalls } from "@/lib/queries/access-key-audit";
import { buildEvent } from "@/tests/fixtures/events";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const env = { KEYTRAIL_ENCRYPTION_KEY: randomBytes(32).toString("base64url") };
const HOST = "http://keytrail.test:3000";
const tmp = mkdtempSync(path.join(tmpdir(), "keytrail-audit-"));
const ACCOUNT = "444444444444";
const SECRET = "audit-secret-0123456789abcdefghijk";
const KEYS = {
  admin: "LTAIAUDITADMIN000001",
  lead: "LTAIAUDITLEAD0000001",
  member: "LTAIAUDITMEMBER00001",
  outsider: "LTAIAUDITOUTSIDER001",
};
const sessions: Record<
  string,
  Pick<Viewer, "id" | "role" | "userName" | "principalId" | "userType" | "accountId">
> = {};

// ---------------------------------------------------------------------------------------------------------------
// Calling the handler

type Json = Record<string, unknown> & { items?: Record<string, unknown>[]; services?: Record<string, unknown>[] };

interface Caller {
  session?: string;
  key?: string;
}

async function audit(
  accessKeyId: string,
  query = "",
  caller: Caller = { session: "admin" },
  list?: { service: string; name: string },
) {
  const pathname = list
    ? `/api/v1/access-keys/${encodeURIComponent(accessKeyId)}/audit/services/${encodeURIComponent(list.service)}/${list.name}`
    : `/api/v1/access-keys/${encodeURIComponent(accessKeyId)}/audit`;
  const url = `${HOST}${pathname}${query ? `?${query}` : ""}`;
  const headers = caller.key
    ? await signRequest({ url, method: "GET", body: "", accessKeyId: caller.key, secret: SECRET })
    : {};
  const auditPath: AuditPath = list ? { accessKeyId, service: list.service, list: list.name } : { accessKeyId };
  const response = await handleAccessKeyAuditRequest(new Request(url, { headers }), database, auditPath, {
    sessionUser: caller.session ? sessions[caller.session] : null,
    env,
  });
  return { status: response.status, json: (await response.json()) as Json };
}

const LISTS = ["events", "ips", "resources"] as const;
type ListName = (typeof LISTS)[number];

/** A whole list, read in pages of `limit` to exercise paging. */
async function wholeList(accessKeyId: string, service: string, name: ListName, window: string, limit = 1000) {
  const items: Record<string, unknown>[] = [];
  for (let page = 1; ; page++) {
    const { status, json } = await audit(
      accessKeyId,
      `${window}&page=${page}&limit=${limit}`,
      { session: "admin" },
      { service, name },
    );
    expect(status).toBe(200);
    items.push(...json.items!);
    if (page >= (json.pageCount as number)) {
      expect(json.total).toBe(items.length);
      return items;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Independent figures: a plain event record and a brute-force aggregation over it

interface PlainEvent {
  eventId: string;
  time: Date;
  accessKeyId: string;
  service: string;
  eventName: string;
  ip: string | null;
  region: string | null;
  resources: [string, string][];
  failed: boolean;
  accountId: string | null;
  userName: string | null;
  errorCode: string | null;
}

const mark = (e: PlainEvent) => `${e.time.toISOString()} ${e.eventId}`;

interface Row {
  calls: number;
  failedCalls: number;
  mark: string;
}

function tallyBy(events: PlainEvent[], keysOf: (e: PlainEvent) => string[]): Map<string, Row> {
  const rows = new Map<string, Row>();
  for (const e of events) {
    for (const key of new Set(keysOf(e))) {
      const row = rows.get(key) ?? { calls: 0, failedCalls: 0, mark: "" };
      row.calls += 1;
      if (e.failed) row.failedCalls += 1;
      if (mark(e) > row.mark) row.mark = mark(e);
      rows.set(key, row);
    }
  }
  return rows;
}

/** Newest last access first, ties by value: the order the audit promises. */
const sorted = (rows: Map<string, Row>) =>
  [...rows.entries()].sort(([va, a], [vb, b]) => (a.mark === b.mark ? (va < vb ? -1 : 1) : a.mark < b.mark ? 1 : -1));
const at = (row: Row) => ({
  lastAccess: row.mark.slice(0, row.mark.indexOf(" ")),
  calls: row.calls,
  failedCalls: row.failedCalls,
});
const lastEventId = (row: Row) => row.mark.slice(row.mark.indexOf(" ") + 1);

/** Services name no event, so their order is by last access time alone, ties by name. */
function expectedServices(events: PlainEvent[]) {
  const rows = tallyBy(events, (e) => [e.service]);
  for (const row of rows.values()) row.mark = row.mark.slice(0, row.mark.indexOf(" ") + 1);
  return sorted(rows).map(([service, row]) => ({ service, ...at(row) }));
}

function expectedList(events: PlainEvent[], service: string, name: ListName) {
  const inService = events.filter((e) => e.service === service);
  if (name === "events") {
    return sorted(tallyBy(inService, (e) => [e.eventName])).map(([eventName, row]) => ({
      eventName,
      ...at(row),
      lastEventId: lastEventId(row),
    }));
  }
  if (name === "ips") {
    return sorted(tallyBy(inService, (e) => (e.ip ? [e.ip] : []))).map(([sourceIp, row]) => ({
      sourceIp,
      ...at(row),
      lastEventId: lastEventId(row),
    }));
  }
  return sorted(tallyBy(inService, (e) => e.resources.map((r) => JSON.stringify(r)))).map(([value, row]) => {
    const [resourceType, resourceName] = JSON.parse(value) as [string, string];
    return { resourceType, resourceName, ...at(row), lastEventId: lastEventId(row) };
  });
}

const inWindow = (events: PlainEvent[], accessKeyId: string, from: string, to: string) =>
  events.filter((e) => e.accessKeyId === accessKeyId && e.time >= new Date(from) && e.time <= new Date(to));

/** The audit's answers for one key and window equal the brute-force figures: services and every list. */
async function expectAuditMatches(
  events: PlainEvent[],
  accessKeyId: string,
  from: string,
  to: string,
  pageSize?: number,
) {
  const window = `from=${encodeURIComponent(from)}&to=${encodeURIComponent(to)}`;
  const mine = inWindow(events, accessKeyId, from, to);
  const { status, json } = await audit(accessKeyId, window);
  expect(status).toBe(200);
  const services = expectedServices(mine);
  expect(json.services, `services of ${accessKeyId} ${window}`).toEqual(services);
  for (const { service } of services) {
    for (const name of LISTS) {
      expect(
        await wholeList(accessKeyId, service, name, window, pageSize),
        `${name} of ${accessKeyId}/${service} ${window}`,
      ).toEqual(expectedList(mine, service, name));
    }
  }
  return { services: services.length, events: mine.length };
}

// ---------------------------------------------------------------------------------------------------------------
// The invictus CloudTrail files, read here with JSON.parse

const INVICTUS = dataset("invictus-aws-cloudtrail");
type Rec = Record<string, unknown> & {
  eventID: string;
  eventTime: string;
  eventSource: string;
  eventName: string;
  userIdentity: Record<string, unknown>;
  resources?: { type?: string; ARN?: string }[];
};
const records = readdirSync(path.join(INVICTUS, "CloudTrail"))
  .filter((f) => f.endsWith(".json"))
  .flatMap(
    (f) => (JSON.parse(readFileSync(path.join(INVICTUS, "CloudTrail", f), "utf8")) as { Records: Rec[] }).Records,
  );
const keyed = records.filter(
  (r) => typeof r.userIdentity.accessKeyId === "string" && r.userIdentity.accessKeyId !== "",
);
const callsByKey = new Map<string, number>();
for (const r of keyed)
  callsByKey.set(r.userIdentity.accessKeyId as string, (callsByKey.get(r.userIdentity.accessKeyId as string) ?? 0) + 1);
const keysByCalls = [...callsByKey.entries()].sort((a, b) => b[1] - a[1]).map(([k]) => k);
// The busiest key, and the busiest one after it whose events name resources (so its resource list is not empty).
const BUSIEST = keysByCalls[0];
const SECOND = keysByCalls.find(
  (k) => k !== BUSIEST && keyed.some((r) => r.userIdentity.accessKeyId === k && r.resources?.length),
)!;
const AUTH_FAILURE =
  /^(InvalidAccessKeyId|SignatureDoesNotMatch|IncompleteSignature|RequestTimeTooSkewed|InvalidClientTokenId)/;

/** Resources: where the record lists them with type and ARN, from the file; otherwise (resources derived from
 *  requestParameters, or listed without a type) the importer's own result, read from the stored `resources` column. */
const resourceSource = { file: 0, stored: 0 };
function plainCloudTrail(r: Rec, stored: Map<string, [string, string][]>): PlainEvent {
  const listed =
    Array.isArray(r.resources) &&
    r.resources.length > 0 &&
    r.resources.every((x) => typeof x.type === "string" && typeof x.ARN === "string");
  const resources = listed ? r.resources!.map((x): [string, string] => [x.type!, x.ARN!]) : stored.get(r.eventID)!;
  resourceSource[listed ? "file" : "stored"] += 1;
  const ip = typeof r.sourceIPAddress === "string" && isIP(r.sourceIPAddress) ? r.sourceIPAddress : null;
  const errorCode = typeof r.errorCode === "string" && r.errorCode !== "" ? r.errorCode : null;
  return {
    eventId: r.eventID,
    time: new Date(r.eventTime),
    accessKeyId: r.userIdentity.accessKeyId as string,
    service: r.eventSource.split(".")[0].toLowerCase(),
    eventName: r.eventName,
    ip,
    region: (r.awsRegion as string) ?? null,
    resources,
    failed: errorCode !== null,
    errorCode,
    accountId: (r.recipientAccountId as string) ?? (r.userIdentity.accountId as string) ?? null,
    userName: (r.userIdentity.userName as string) ?? null,
  };
}
let invictus: PlainEvent[] = [];

// ---------------------------------------------------------------------------------------------------------------

beforeAll(async () => {
  await resetDatabase(database);
  const account = await db.account.create({ data: { accountId: ACCOUNT, name: "Audit Org" } });
  const user = async (userName: string, consoleRole: "Administrator" | "TeamLead" | null) => {
    const u = await db.user.create({
      data: {
        accountId: account.id,
        userName,
        principalId: `p-${userName}`,
        displayName: userName,
        userType: "SubUser",
        consoleRole,
        consoleAccess: true,
      },
    });
    if (consoleRole)
      sessions[userName] = {
        id: u.id,
        role: consoleRole,
        userName,
        principalId: u.principalId,
        userType: "SubUser",
        accountId: ACCOUNT,
      };
    return u;
  };
  const admin = await user("admin", "Administrator");
  const lead = await user("lead", "TeamLead");
  const member = await user("member", null);
  const outsider = await user("outsider", null);
  await db.group.create({
    data: {
      accountId: account.id,
      name: "Team",
      memberships: { create: [{ userId: lead.id, isLead: true }, { userId: member.id }] },
    },
  });
  const aes = encryptionKey(env);
  for (const [owner, id] of [
    [admin, KEYS.admin],
    [lead, KEYS.lead],
    [member, KEYS.member],
    [outsider, KEYS.outsider],
  ] as const) {
    await db.accessKey.create({
      data: {
        accessKeyId: id,
        userId: owner.id,
        mayIngest: id === KEYS.admin,
        secretEncrypted: encryptSecret(SECRET, aes, secretContext.accessKey(id)),
      },
    });
  }

  const summary = await importFiles(database, [path.join(INVICTUS, "CloudTrail")], { batchSize: 250 });
  expect(summary).toMatchObject({ imported: 2900, rejected: 0 });
  const stored = new Map(
    (await db.event.findMany({ where: { origin: "cloudtrail" }, select: { eventId: true, resources: true } })).map(
      (e) => [
        e.eventId,
        (JSON.parse(e.resources) as { type: string; name: string }[]).map((r): [string, string] => [r.type, r.name]),
      ],
    ),
  );
  invictus = keyed.map((r) => plainCloudTrail(r, stored));
});

afterAll(async () => {
  rmSync(tmp, { recursive: true, force: true });
  await db.$disconnect();
});

describe("the AccessKey audit on the invictus CloudTrail dataset", () => {
  it("picks keys worth auditing", () => {
    expect(BUSIEST).toBe("AKIATFQR7NSC8Q4X20BJ");
    expect(callsByKey.get(BUSIEST)).toBe(2104);
    expect(SECOND).toBeDefined();
    // Both routes for resources are exercised: listed in the file, and derived by the importer.
    expect(resourceSource.file).toBeGreaterThan(0);
    expect(resourceSource.stored).toBeGreaterThan(0);
  });

  it("answers the header of a key seen only in logs: owner, status and last use from the files", async () => {
    for (const key of [BUSIEST, SECOND]) {
      const mine = invictus.filter((e) => e.accessKeyId === key).sort((a, b) => (mark(a) < mark(b) ? 1 : -1));
      const newest = mine[0];
      const used = mine.find((e) => !AUTH_FAILURE.test(e.errorCode ?? ""))!;
      const { status, json } = await audit(key, "from=2023-07-01T00:00:00Z&to=2023-07-31T23:59:59.999Z");
      expect(status).toBe(200);
      expect(json).toMatchObject({
        accessKeyId: key,
        owner: { userName: newest.userName, accountId: newest.accountId },
        status: "Not in inventory",
        lastUsed: { time: used.time.toISOString(), service: used.service, region: used.region, sourceIp: used.ip },
      });
    }
  });

  it("matches the files over a window covering all the data (whole days, read from the rollups)", async () => {
    const busiest = await expectAuditMatches(invictus, BUSIEST, "2023-07-01T00:00:00Z", "2023-07-31T23:59:59.999Z");
    expect(busiest).toEqual({ services: 11, events: 2104 });
    await expectAuditMatches(invictus, SECOND, "2023-07-01T00:00:00Z", "2023-07-31T23:59:59.999Z");
    // The default window (the last 90 days) holds none of 2023's events.
    expect((await audit(BUSIEST)).json.services).toEqual([]);
  });

  it("matches the files over windows whose edges cut through days (partial days, read from the events)", async () => {
    // `to` is inclusive: end exactly on an event of the busiest key, mid-way through its activity.
    const times = [
      ...new Set(invictus.filter((e) => e.accessKeyId === BUSIEST).map((e) => e.time.toISOString())),
    ].sort();
    const middle = times[Math.floor(times.length / 2)];
    const cut = await expectAuditMatches(invictus, BUSIEST, "2023-07-10T12:05:30.500Z", middle);
    expect(cut.events).toBeGreaterThan(100);
    expect(cut.events).toBeLessThan(2104);
    // A window from the middle of one day to the middle of another, with a whole (empty) day between.
    await expectAuditMatches(invictus, BUSIEST, "2023-07-08T06:00:00Z", "2023-07-10T12:10:00Z");
    await expectAuditMatches(invictus, SECOND, "2023-07-10T11:50:00Z", "2023-07-10T12:20:00.000Z");
    // Small pages: the concatenated pages equal the whole list.
    await expectAuditMatches(invictus, BUSIEST, "2023-07-10T11:00:00Z", "2023-07-10T12:15:00Z", 7);
  });
});

describe("the AccessKey audit across many days", () => {
  // Events for one key over 8 days at awkward times: midnight exactly, the last millisecond of a day, several
  // events sharing one time. Windows mixing whole days (rollups) and partial days (events) must equal brute force.
  const KEY = "LTAIAUDITMULTIDAY001";
  const BASE = Date.UTC(2026, 0, 10);
  const DAY = 86_400_000;
  const synthetic: PlainEvent[] = [];
  let seed = 7;
  const random = () => (seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648) / 2_147_483_648;
  const pick = <T>(items: readonly T[]) => items[Math.floor(random() * items.length)];
  for (let i = 0; i < 600; i++) {
    const day = Math.floor(random() * 8);
    const r = random();
    const offset = r < 0.05 ? 0 : r < 0.1 ? DAY - 1 : r < 0.2 ? 12 * 3_600_000 : Math.floor(random() * DAY);
    const resources = Array.from({ length: Math.floor(random() * 3) }, (): [string, string] => [
      pick(["ACS::ECS::Instance", "ACS::OSS::Bucket"]),
      pick(["r-1", "r-2", "r-3", "r-4"]),
    ]);
    synthetic.push({
      eventId: `multi-${String(i).padStart(4, "0")}`,
      time: new Date(BASE + day * DAY + offset),
      accessKeyId: KEY,
      service: pick(["ecs", "oss", "ram"]),
      eventName: pick(["Describe", "Create", "Delete", "List"]),
      ip: pick(["198.51.100.1", "198.51.100.2", "2001:db8::7", null]),
      region: pick(["cn-hangzhou", "cn-beijing", null]),
      resources: resources.filter((x, k) => resources.findIndex((y) => y[0] === x[0] && y[1] === x[1]) === k),
      failed: false,
      errorCode: pick([null, null, null, "NoPermission"]),
      accountId: ACCOUNT,
      userName: "external-bot",
    });
    synthetic[i].failed = synthetic[i].errorCode !== null;
  }
  const toEvent = (e: PlainEvent): NormalisedEvent =>
    buildEvent({
      eventId: e.eventId,
      eventTime: e.time,
      eventName: e.eventName,
      eventSource: `${e.service}.aliyuncs.com`,
      service: e.service,
      accountId: e.accountId,
      userIdentity: { userName: e.userName, accessKeyId: e.accessKeyId },
      sourceIpAddress: e.ip,
      region: e.region,
      resources: e.resources.map(([type, name]) => ({ type, name })),
      errorCode: e.errorCode,
      errorMessage: e.errorCode ? "denied" : null,
    });

  it("sums whole days from the rollups and partial days from the events, exactly", async () => {
    // Out of time order, in uneven batches, some re-sent.
    const events = [...synthetic].reverse().map(toEvent);
    for (let i = 0; i < events.length; i += 97) await ingestEvents(database, events.slice(i, i + 97));
    expect((await ingestEvents(database, events.slice(100, 300))).duplicates).toBe(200);

    const iso = (ms: number) => new Date(ms).toISOString();
    const windows: [string, string][] = [
      [iso(BASE - DAY), iso(BASE + 9 * DAY)], // everything, whole days only
      [iso(BASE), iso(BASE + 8 * DAY - 1)], // day-aligned exactly
      [iso(BASE + 12 * 3_600_000), iso(BASE + 5 * DAY + 12 * 3_600_000)], // noon to noon: both edges hit events at noon
      [iso(BASE + DAY - 1), iso(BASE + 2 * DAY)], // last ms of a day to midnight inclusive
      [iso(BASE + 2 * DAY + 1), iso(BASE + 7 * DAY - 2)], // just inside the midnights
      [iso(BASE + 3 * DAY + 3_600_000), iso(BASE + 3 * DAY + 20 * 3_600_000)], // inside one day
      [iso(BASE + 4 * DAY), iso(BASE + 4 * DAY)], // one instant: midnight
      // Early `from` and late `to`: each partial day counted as the day's rollups less the rest of that day.
      [iso(BASE + DAY + 3 * 3_600_000), iso(BASE + 6 * DAY + 21 * 3_600_000)],
      // Late `from` and early `to`: each partial day counted from its own events.
      [iso(BASE + 5 * DAY + 18 * 3_600_000), iso(BASE + 7 * DAY + 6 * 3_600_000)],
      // Shorter than a day across a midnight, and nearly two days across one: a partial day on each side.
      [iso(BASE + 5 * DAY + 20 * 3_600_000), iso(BASE + 6 * DAY + 4 * 3_600_000)],
      [iso(BASE + 2 * DAY + 2 * 3_600_000), iso(BASE + 3 * DAY + 23 * 3_600_000)],
    ];
    for (const [from, to] of windows) await expectAuditMatches(synthetic, KEY, from, to);

    // The chart's calls per day and service, each call on its own day.
    for (const [from, to] of [windows[2], windows[9], windows[10]]) {
      const expected = new Map<string, number>();
      for (const e of inWindow(synthetic, KEY, from, to)) {
        const cell = `${e.time.toISOString().slice(0, 10)}|${e.service}`;
        expected.set(cell, (expected.get(cell) ?? 0) + 1);
      }
      const daily = await keyDailyCalls(database, KEY, { from: new Date(from), to: new Date(to) });
      expect(Object.fromEntries(daily.map((d) => [`${d.day}|${d.service}`, d.calls])), `chart ${from} – ${to}`).toEqual(
        Object.fromEntries(expected),
      );
    }
  });

  it("counts a late partial day as the day's rollups when the rest of the day is empty, and from its events once it is not", async () => {
    const KEY2 = "LTAIAUDITRESTOFDAY01";
    const at = (hours: number) => new Date(BASE + hours * 3_600_000);
    const plain = (eventId: string, time: Date, service: string, errorCode: string | null = null): PlainEvent => ({
      eventId,
      time,
      accessKeyId: KEY2,
      service,
      eventName: "Describe",
      ip: "198.51.100.9",
      region: "cn-hangzhou",
      resources: [],
      failed: errorCode !== null,
      accountId: ACCOUNT,
      userName: "external-bot",
      errorCode,
    });
    const mine = [
      plain("rest-1", at(1), "ecs"),
      plain("rest-2", at(5), "ecs", "NoPermission"),
      plain("rest-3", at(19.5), "oss"),
    ];
    await ingestEvents(database, mine.map(toEvent));
    // To 20:00: the rest of the day (4 hours) is shorter than the partial day and holds nothing.
    const window: [string, string] = [new Date(BASE - DAY).toISOString(), at(20).toISOString()];
    await expectAuditMatches(mine, KEY2, ...window);
    // A call after `to` on that day: it must not count, nor become the last access.
    const later = plain("rest-4", at(22), "ecs");
    await ingestEvents(database, [toEvent(later)]);
    await expectAuditMatches([...mine, later], KEY2, ...window);
    expect((await audit(KEY2, `from=${window[0]}&to=${window[1]}`)).json.services).toEqual([
      { service: "oss", lastAccess: "2026-01-10T19:30:00.000Z", calls: 1, failedCalls: 0 },
      { service: "ecs", lastAccess: "2026-01-10T05:00:00.000Z", calls: 2, failedCalls: 1 },
    ]);
  });
});

describe("freshness: an accepted event is in the audit within 1 second", () => {
  const INGEST_URL = `${HOST}/api/v1/events`;

  async function ingest(events: unknown[]) {
    const body = JSON.stringify({ events });
    const headers = await signRequest({ url: INGEST_URL, body, accessKeyId: KEYS.admin, secret: SECRET });
    const response = await handleIngestRequest(new Request(INGEST_URL, { method: "POST", headers, body }), database, {
      env,
    });
    return { status: response.status, json: await response.json() };
  }

  /** The header and every list of one service, as the audit page would load them, after the write returned. */
  async function readAudit(accessKeyId: string, service: string) {
    const header = await audit(accessKeyId);
    const lists = Object.fromEntries(
      await Promise.all(
        LISTS.map(
          async (name) =>
            [name, (await audit(accessKeyId, "", { session: "admin" }, { service, name })).json.items] as const,
        ),
      ),
    );
    return { header, lists };
  }

  it("through the signed ingest API", async () => {
    const before = await audit(KEYS.member);
    expect(before).toMatchObject({
      status: 200,
      json: { status: "Active", owner: { userName: "member", accountId: ACCOUNT }, lastUsed: null, services: [] },
    });

    const eventTime = new Date(Date.now() - 1000);
    const record = {
      eventId: "fresh-api-1",
      eventTime: eventTime.toISOString(),
      eventName: "RunInstances",
      eventSource: "ecs.aliyuncs.com",
      eventType: "ApiCall",
      readOnly: false,
      accountId: ACCOUNT,
      userIdentity: { type: "SubUser", principalId: "p-member", userName: "member", accessKeyId: KEYS.member },
      sourceIpAddress: "203.0.113.99",
      region: "cn-shenzhen",
      resources: [{ type: "ACS::ECS::Instance", name: "i-fresh" }],
      errorCode: "QuotaExceeded",
    };
    const sent = await ingest([record]);
    const written = performance.now();
    expect(sent).toMatchObject({ status: 200, json: { accepted: 1 } });
    const { header, lists } = await readAudit(KEYS.member, "ecs");
    const elapsed = performance.now() - written;

    const lastAccess = eventTime.toISOString();
    expect(header.json).toMatchObject({
      lastUsed: { time: lastAccess, service: "ecs", region: "cn-shenzhen", sourceIp: "203.0.113.99" },
      services: [{ service: "ecs", lastAccess, calls: 1, failedCalls: 1 }],
    });
    const row = { lastAccess, calls: 1, failedCalls: 1, lastEventId: "fresh-api-1" };
    expect(lists).toEqual({
      events: [{ eventName: "RunInstances", ...row }],
      ips: [{ sourceIp: "203.0.113.99", ...row }],
      resources: [{ resourceType: "ACS::ECS::Instance", resourceName: "i-fresh", ...row }],
    });
    // The call itself (PutEvents) is the signing key's newest use, at once too.
    expect((await audit(KEYS.admin)).json).toMatchObject({
      lastUsed: { service: "keytrail" },
      services: expect.arrayContaining([expect.objectContaining({ service: "keytrail" })]),
    });
    console.log(`freshness (ingest API -> audit header + 3 lists): ${elapsed.toFixed(1)} ms`);
    expect(elapsed).toBeLessThan(1000);

    // A second event for the same key adds to the same rows at once.
    const second = await ingest([
      {
        ...record,
        eventId: "fresh-api-2",
        eventTime: new Date(eventTime.getTime() + 500).toISOString(),
        errorCode: null,
      },
    ]);
    expect(second.json).toMatchObject({ accepted: 1 });
    const again = await readAudit(KEYS.member, "ecs");
    expect(again.header.json.services).toEqual([
      { service: "ecs", lastAccess: new Date(eventTime.getTime() + 500).toISOString(), calls: 2, failedCalls: 1 },
    ]);
    expect(again.lists.events).toEqual([
      {
        eventName: "RunInstances",
        lastAccess: new Date(eventTime.getTime() + 500).toISOString(),
        calls: 2,
        failedCalls: 1,
        lastEventId: "fresh-api-2",
      },
    ]);
  });

  it("through an import", async () => {
    const KEY = "AKIAFRESHIMPORT00001";
    expect((await audit(KEY)).status).toBe(404);
    const eventTime = new Date(Math.floor((Date.now() - 2000) / 1000) * 1000);
    const file = path.join(tmp, "fresh.json");
    writeFileSync(
      file,
      JSON.stringify({
        Records: [
          {
            eventVersion: "1.08",
            eventID: "fresh-import-1",
            eventTime: eventTime.toISOString().replace(".000Z", "Z"),
            eventSource: "s3.amazonaws.com",
            eventName: "GetObject",
            eventType: "AwsApiCall",
            awsRegion: "eu-west-1",
            sourceIPAddress: "192.0.2.44",
            recipientAccountId: "999999999999",
            userIdentity: { type: "IAMUser", userName: "importer", accountId: "999999999999", accessKeyId: KEY },
            resources: [{ type: "AWS::S3::Object", ARN: "arn:aws:s3:::bucket/key.txt" }],
          },
        ],
      }),
    );
    const summary = await importFiles(database, [file]);
    const written = performance.now();
    expect(summary).toMatchObject({ imported: 1, rejected: 0 });
    const { header, lists } = await readAudit(KEY, "s3");
    const elapsed = performance.now() - written;

    const lastAccess = eventTime.toISOString();
    expect(header).toMatchObject({
      status: 200,
      json: {
        accessKeyId: KEY,
        owner: { userName: "importer", accountId: "999999999999" },
        status: "Not in inventory",
        lastUsed: { time: lastAccess, service: "s3", region: "eu-west-1", sourceIp: "192.0.2.44" },
        services: [{ service: "s3", lastAccess, calls: 1, failedCalls: 0 }],
      },
    });
    const row = { lastAccess, calls: 1, failedCalls: 0, lastEventId: "fresh-import-1" };
    expect(lists).toEqual({
      events: [{ eventName: "GetObject", ...row }],
      ips: [{ sourceIp: "192.0.2.44", ...row }],
      resources: [{ resourceType: "AWS::S3::Object", resourceName: "arn:aws:s3:::bucket/key.txt", ...row }],
    });
    console.log(`freshness (import -> audit header + 3 lists): ${elapsed.toFixed(1)} ms`);
    expect(elapsed).toBeLessThan(1000);
  });
});

describe("who may audit what, and bad requests", () => {
  const notFound = (key: string) => ({
    status: 404,
    json: { error: `No AccessKey ${key} is known to this console (or it is outside your scope)` },
  });
  const ecsEvents = { service: "ecs", name: "events" };

  it("lets a team lead audit their members' keys only; any other key answers 404 as an unknown one does, through every door", async () => {
    expect((await audit(KEYS.member, "", { session: "lead" })).status).toBe(200);
    expect((await audit(KEYS.member, "", { session: "lead" }, ecsEvents)).json.items).toHaveLength(1);
    expect((await audit(KEYS.lead, "", { session: "lead" })).status).toBe(200);
    expect((await audit(KEYS.member, "", { key: KEYS.lead })).status).toBe(200);

    const unknown = "LTAIDOESNOTEXIST0001";
    expect(await audit(unknown, "", { session: "lead" })).toEqual(notFound(unknown));
    // An inventory key of someone outside the lead's groups, a key seen only in logs, by session or signature,
    // header or list: all the same 404 as an unknown key.
    for (const key of [KEYS.outsider, KEYS.admin, BUSIEST]) {
      expect(await audit(key, "", { session: "lead" })).toEqual(notFound(key));
      expect(await audit(key, "", { key: KEYS.lead })).toEqual(notFound(key));
      for (const name of LISTS)
        expect(await audit(key, "", { session: "lead" }, { service: "ecs", name })).toEqual(notFound(key));
    }
    // An administrator sees them.
    expect((await audit(KEYS.outsider, "", { session: "admin" })).status).toBe(200);
    expect((await audit(KEYS.outsider, "", { key: KEYS.admin })).status).toBe(200);
  });

  it("answers 404 for an unknown key and an unknown list, 401 without a caller", async () => {
    expect(await audit("LTAINOSUCHKEY0000001")).toEqual(notFound("LTAINOSUCHKEY0000001"));
    expect(await audit("LTAINOSUCHKEY0000001", "", { session: "admin" }, ecsEvents)).toEqual(
      notFound("LTAINOSUCHKEY0000001"),
    );
    const badList = await audit(KEYS.member, "", { session: "admin" }, { service: "ecs", name: "regions" });
    expect(badList).toMatchObject({ status: 404, json: { error: expect.stringContaining("regions") } });
    // Names an object literal answers to are not lists either.
    for (const name of ["constructor", "__proto__", "toString", "hasOwnProperty"]) {
      expect(await audit(KEYS.member, "", { session: "admin" }, { service: "ecs", name }), name).toMatchObject({
        status: 404,
        json: { error: expect.stringContaining(name) },
      });
    }
    expect((await audit(KEYS.member, "", {})).status).toBe(401);
    // A service the key never called is an empty list, not an error.
    expect(await audit(KEYS.member, "", { session: "admin" }, { service: "nosuchservice", name: "ips" })).toMatchObject(
      {
        status: 200,
        json: { items: [], total: 0 },
      },
    );
  });

  it("answers 400 naming the parameter for bad from, to, page, limit and unknown parameters", async () => {
    const bad = async (query: string, parameter: string, list = true) => {
      const { status, json } = await audit(KEYS.member, query, { session: "admin" }, list ? ecsEvents : undefined);
      expect({ status, parameter: json.parameter }, query).toEqual({ status: 400, parameter });
      expect(json.error, query).toEqual(expect.stringMatching(new RegExp(`^${parameter}: `)));
    };
    await bad("from=yesterday", "from", false);
    await bad("to=2026-13-01T00:00:00Z", "to", false);
    await bad("from=2026-02-30", "from", false);
    await bad("from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z", "from", false);
    await bad("page=2", "page", false); // the header has no pages
    await bad("page=0", "page");
    await bad("page=1.5", "page");
    await bad("limit=0", "limit");
    await bad("limit=1001", "limit");
    await bad("limit=ten", "limit");
    await bad("to=soon", "to");
    await bad("colour=red", "colour");
  });

  it("records every lookup as a GetAccessKeyLastUsed event, found or not", async () => {
    const before = await db.event.count({ where: { eventName: "GetAccessKeyLastUsed" } });
    await audit(KEYS.member, "from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z", { session: "admin" }, ecsEvents);
    await audit(KEYS.outsider, "", { session: "lead" });
    await audit(KEYS.member, "", { key: KEYS.lead });
    const rows = await db.event.findMany({
      where: { eventName: "GetAccessKeyLastUsed" },
      orderBy: { seq: "asc" },
      skip: before,
    });
    expect(rows).toHaveLength(3);
    expect(rows[0]).toMatchObject({ userName: "admin", readOnly: true, errorCode: null, accessKeyId: null });
    expect(JSON.parse(rows[0].requestParameters!)).toEqual({
      accessKeyId: KEYS.member,
      service: "ecs",
      list: "events",
      from: "2026-01-01T00:00:00.000Z",
      to: "2026-01-02T00:00:00.000Z",
    });
    expect(rows[1]).toMatchObject({ userName: "lead", errorCode: "EntityNotExist.AccessKey" });
    expect(JSON.parse(rows[1].requestParameters!)).toMatchObject({ accessKeyId: KEYS.outsider });
    // A signed lookup is a use of the signing key.
    expect(rows[2]).toMatchObject({ userName: "lead", accessKeyId: KEYS.lead, errorCode: null });
  });
});

describe("the rollups rebuilt from the events equal the incremental ones", () => {
  const snapshot = async () => ({
    usage: await db.accessKeyUsage.findMany({ orderBy: { accessKeyId: "asc" } }),
    daily: await db.accessKeyUsageDaily.findMany({
      orderBy: [{ accessKeyId: "asc" }, { kind: "asc" }, { service: "asc" }, { day: "asc" }, { value: "asc" }],
    }),
  });

  it("after the dataset, demo events, re-sent duplicates and out-of-order batches", async () => {
    const now = new Date();
    const batches = [...demoEvents(buildDemoDirectory(now), now, { count: 6000, batchSize: 700 })];
    // Newest batches first, then the oldest again (all duplicates), and one batch holding an eventId twice.
    for (const batch of [...batches].reverse()) await ingestEvents(database, batch);
    expect((await ingestEvents(database, batches[0])).inserted).toBe(0);
    const twice = batches[1].slice(0, 5).map((e) => ({ ...e, eventId: `${e.eventId}-again` }));
    expect((await ingestEvents(database, [...twice, ...twice])).inserted).toBe(5);
    // For the busiest key: a refused call (not a use of the key) newer than its last use, and a late-arriving call
    // older than all of its events, under another name (the owner follows the newest event, not the last written).
    const call = (eventId: string, eventTime: Date, userName: string, errorCode: string | null) =>
      buildEvent({
        eventId,
        eventTime,
        eventName: "GetCallerIdentity",
        eventSource: "sts.amazonaws.com",
        service: "sts",
        accountId: "218007301253",
        userIdentity: { type: "IAMUser", userName, accessKeyId: BUSIEST },
        sourceIpAddress: "192.0.2.1",
        region: "us-east-1",
        errorCode,
        errorMessage: errorCode ? "refused" : null,
      });
    await ingestEvents(database, [call("refused-1", new Date(), "bert-jan", "SignatureDoesNotMatch")]);
    await ingestEvents(database, [call("late-1", new Date("2023-07-09T23:59:59.999Z"), "renamed-later", null)]);

    const incremental = await snapshot();
    const keyed = await db.event.count({ where: { accessKeyId: { not: null } } });
    expect(incremental.usage.length).toBeGreaterThan(100);
    expect(incremental.daily.length).toBeGreaterThan(1000);
    expect(incremental.usage.reduce((n, u) => n + u.calls, 0)).toBe(keyed);
    const busiest = incremental.usage.find((u) => u.accessKeyId === BUSIEST)!;
    expect(busiest).toMatchObject({
      userName: "bert-jan",
      calls: 2106,
      failedCalls: 225,
      firstSeen: new Date("2023-07-09T23:59:59.999Z"),
    });
    expect(busiest.lastUsed! < busiest.lastSeen).toBe(true);

    const result = await rebuildKeyUsage(database);
    expect(result).toEqual({ events: keyed, keys: incremental.usage.length, buckets: incremental.daily.length });
    expect(await snapshot()).toEqual(incremental);
  });

  it("npm run key-usage:rebuild repairs damaged rollups", async () => {
    const before = await snapshot();
    await db.accessKeyUsageDaily.deleteMany({ where: { accessKeyId: BUSIEST } });
    await db.accessKeyUsage.update({ where: { accessKeyId: KEYS.member }, data: { calls: 999, lastUsed: null } });
    expect(await snapshot()).not.toEqual(before);
    const run = spawnSync(path.resolve("node_modules/.bin/tsx"), ["scripts/rebuild-key-usage.ts"], {
      encoding: "utf8",
      env: process.env,
    });
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(
      /^AccessKey usage rebuilt from [\d,]+ events: [\d,]+ keys, [\d,]+ daily rows, in [\d.]+ s\.\n$/,
    );
    expect(await snapshot()).toEqual(before);
  });
});
