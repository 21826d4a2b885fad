// The Overview against a real database (SQLite and PostgreSQL): events per UTC day split into reads, writes,
// unknown and failed with events on each side of every day boundary and of the rolling 30 days' start; top
// operators' order (ties by name) and counts, agreeing with the explorer's `range=30d`; the stat cards agreeing
// with the inventory's and users' filtered views; a team lead's overview limited to their team; and the closed
// days' cache noticing an import of old events.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encryptionKey } from "@/lib/config/local-secrets";
import { encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { ingestEvents } from "@/lib/db/ingest-events";
import type { NormalisedEvent } from "@/lib/domain/event";
import { parseEventFilter } from "@/lib/domain/event-filter";
import { parseInventoryQuery } from "@/lib/domain/key-inventory-params";
import { listInventory } from "@/lib/queries/access-key-inventory";
import { countEvents } from "@/lib/queries/events";
import { getOverview, type OverviewViewer } from "@/lib/queries/overview";
import { newActivityCache } from "@/lib/queries/overview-activity";
import { userScopeOf } from "@/lib/queries/scope";
import { listUsers } from "@/lib/queries/users";
import { buildEvent } from "@/tests/fixtures/events";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const DAY = 86_400_000;
const NOW = new Date("2026-06-15T12:00:00.000Z");
const at = (iso: string) => new Date(iso);
const ago = (days: number) => new Date(NOW.getTime() - days * DAY);
const ACCOUNT = "1234567890123";
const env = { KEYTRAIL_ENCRYPTION_KEY: randomBytes(32).toString("base64url") };
const K = {
  ALICE: "LTAIOVERVIEWALICE001",
  ALICE_DELETED: "LTAIOVERVIEWALICE002",
  CAROL: "LTAIOVERVIEWCAROL001",
  BOB: "LTAIOVERVIEWBOB00001",
};

let seq = 0;
function event(
  userName: string,
  time: Date,
  o: Partial<NormalisedEvent> & { accessKeyId?: string } = {},
): NormalisedEvent {
  const eventId = `e-ov-${++seq}`;
  const { accessKeyId = null, ...overrides } = o;
  return {
    ...buildEvent({
      eventId,
      eventTime: time,
      origin: "actiontrail",
      accountId: ACCOUNT,
      userIdentity: { principalId: `p-${userName}`, userName, accessKeyId },
      sourceIpAddress: "10.0.0.1",
      userAgent: "vitest",
      region: "cn-hangzhou",
      requestId: `req-${eventId}`,
    }),
    ...overrides,
  };
}
const read = (user: string, time: string, o: Partial<NormalisedEvent> = {}) => event(user, at(time), o);
const write = (user: string, time: string, o: Partial<NormalisedEvent> = {}) =>
  event(user, at(time), { readOnly: false, eventName: "RunInstances", ...o });
const failed = { errorCode: "Forbidden", errorMessage: "denied" };
const signin = (user: string, time: string, ip: string, ok: boolean) =>
  event(user, at(time), {
    eventName: "ConsoleSignin",
    eventType: "ConsoleSignin",
    eventSource: "keytrail",
    service: "keytrail",
    readOnly: false,
    sourceIpAddress: ip,
    ...(ok ? {} : { errorCode: "InvalidCredentials", errorMessage: "bad password" }),
  });
const burst = (user: string, day: string) =>
  [0, 1, 2, 3, 4].map((m) => signin(user, `${day}T08:0${m}:00.000Z`, "203.0.113.9", false));

const ids: Record<string, number> = {};
let accountDbId = 0;
const admin = (): OverviewViewer => ({ accountDbId, scope: null });
let lead: OverviewViewer;

beforeAll(async () => {
  await resetDatabase(database);
  const account = await db.account.create({ data: { accountId: ACCOUNT, name: "Test Org" } });
  accountDbId = account.id;
  // name, console role, console access, MFA, deleted
  for (const [userName, role, consoleAccess, mfaEnabled, deletedAt] of [
    ["admin", "Administrator", true, true, null],
    ["auditor", "Auditor", true, false, null],
    ["lead", "TeamLead", true, false, null],
    ["alice", null, true, false, null],
    ["bob", null, false, false, null],
    ["carol", null, true, false, null],
    ["dave", null, true, false, ago(3)],
  ] as const) {
    const user = await db.user.create({
      data: {
        accountId: account.id,
        userName,
        principalId: `p-${userName}`,
        displayName: userName,
        userType: "SubUser",
        consoleRole: role,
        consoleAccess,
        mfaEnabled,
        deletedAt,
      },
    });
    ids[userName] = user.id;
  }
  const platform = await db.group.create({ data: { accountId: account.id, name: "Platform" } });
  const data = await db.group.create({ data: { accountId: account.id, name: "Data" } });
  for (const name of ["lead", "alice", "bob"])
    await db.groupMembership.create({ data: { groupId: platform.id, userId: ids[name], isLead: name === "lead" } });
  await db.groupMembership.create({ data: { groupId: data.id, userId: ids.carol } });
  lead = { accountDbId, scope: await userScopeOf(database, { id: ids.lead, role: "TeamLead" }) };

  const aesKey = encryptionKey(env);
  const key = (accessKeyId: string, owner: string, createdDaysAgo: number, deletedAt: Date | null = null) =>
    db.accessKey.create({
      data: {
        accessKeyId,
        userId: ids[owner],
        createdAt: ago(createdDaysAgo),
        deletedAt,
        secretEncrypted: encryptSecret(
          "s-0123456789abcdefghijklmnopqrst",
          aesKey,
          secretContext.accessKey(accessKeyId),
        ),
      },
    });
  await key(K.ALICE, "alice", 120); // never used, created 120 days ago: Unused > 90 days
  await key(K.ALICE_DELETED, "alice", 150, ago(10)); // deleted: not in the inventory's default view
  await key(K.CAROL, "carol", 200); // last used 100 days ago: Unused > 90 days
  await key(K.BOB, "bob", 60); // a known IP 50 days ago, a new one 3 days ago: May be at risk

  await ingestEvents(database, [
    // Before the rolling 30 days (now - 30 days = 2026-05-16T12:00:00.000Z) and at its first millisecond.
    read("carol", "2026-05-16T11:59:59.999Z"),
    read("carol", "2026-05-16T12:00:00.000Z"),
    // The last millisecond before the chart's first day (2026-05-17), then each side of its two boundaries.
    read("alice", "2026-05-16T23:59:59.999Z"),
    write("alice", "2026-05-17T00:00:00.000Z"),
    read("alice", "2026-05-17T23:59:59.999Z", failed),
    read("alice", "2026-05-18T00:00:00.000Z"),
    // carol: three writes, one failed; a burst of five failed sign-ins; an event that says neither read nor write.
    write("carol", "2026-06-01T09:00:00.000Z"),
    write("carol", "2026-06-01T09:00:01.000Z"),
    write("carol", "2026-06-01T09:00:02.000Z", failed),
    ...burst("carol", "2026-06-02"),
    read("carol", "2026-06-10T10:00:00.000Z", { readOnly: null, eventType: "ServiceEvent", eventName: "AutoSnapshot" }),
    // Someone outside the inventory.
    read("mallory", "2026-06-10T11:00:00.000Z", { accountId: "999999999999" }),
    read("mallory", "2026-06-10T11:00:01.000Z", { accountId: "999999999999" }),
    // The lead's own burst of failed sign-ins; alice's baseline sign-in (outside the window) and one from a new network.
    ...burst("lead", "2026-06-12"),
    signin("alice", "2026-04-01T09:00:00.000Z", "10.0.0.1", true),
    signin("alice", "2026-06-13T09:00:00.000Z", "172.16.0.5", true),
    // Keys: carol's last use 100 days ago; bob's known IP 50 days ago, then a new IP 3 days ago.
    read("carol", ago(100).toISOString(), {
      userIdentity: {
        type: "SubUser",
        principalId: "p-carol",
        userName: "carol",
        accessKeyId: K.CAROL,
        mfaUsed: null,
        roleName: null,
      },
    }),
    read("bob", ago(50).toISOString(), {
      sourceIpAddress: "10.2.2.2",
      userIdentity: {
        type: "SubUser",
        principalId: "p-bob",
        userName: "bob",
        accessKeyId: K.BOB,
        mfaUsed: null,
        roleName: null,
      },
    }),
    read("bob", "2026-06-12T10:00:00.000Z", {
      sourceIpAddress: "198.51.100.7",
      userIdentity: {
        type: "SubUser",
        principalId: "p-bob",
        userName: "bob",
        accessKeyId: K.BOB,
        mfaUsed: null,
        roleName: null,
      },
    }),
    // Each side of today's start, now itself (included, as in the explorer) and a millisecond after now (not yet).
    write("bob", "2026-06-14T23:59:59.999Z", failed),
    read("bob", "2026-06-15T00:00:00.000Z"),
    read("bob", NOW.toISOString()),
    read("bob", "2026-06-15T12:00:00.001Z"),
  ]);
});

afterAll(async () => {
  await database.db.$disconnect();
});

type Day = { reads?: number; writes?: number; unknown?: number; failed?: number };
function expectDays(
  perDay: { day: string; reads: number; writes: number; unknown: number; failed: number }[],
  nonZero: Record<string, Day>,
) {
  expect(perDay).toHaveLength(30);
  expect(perDay[0].day).toBe("2026-05-17");
  expect(perDay[29].day).toBe("2026-06-15");
  const expected = perDay.map(({ day }) => ({ day, reads: 0, writes: 0, unknown: 0, failed: 0, ...nonZero[day] }));
  expect(perDay).toEqual(expected);
}

describe("events per day", () => {
  it("splits each UTC day into reads, writes, unknown and failed, exact at every boundary", async () => {
    const { perDay } = await getOverview(database, admin(), NOW, newActivityCache());
    expectDays(perDay, {
      "2026-05-17": { reads: 1, writes: 1, failed: 1 },
      "2026-05-18": { reads: 1 },
      "2026-06-01": { writes: 3, failed: 1 },
      "2026-06-02": { writes: 5, failed: 5 },
      "2026-06-10": { reads: 2, unknown: 1 },
      "2026-06-12": { reads: 1, writes: 5, failed: 5 },
      "2026-06-13": { writes: 1 },
      "2026-06-14": { writes: 1, failed: 1 },
      "2026-06-15": { reads: 2 },
    });
  });

  it("shows a team lead only their team's events", async () => {
    const { perDay, events30d } = await getOverview(database, lead, NOW, newActivityCache());
    expectDays(perDay, {
      "2026-05-17": { reads: 1, writes: 1, failed: 1 },
      "2026-05-18": { reads: 1 },
      "2026-06-12": { reads: 1, writes: 5, failed: 5 },
      "2026-06-13": { writes: 1 },
      "2026-06-14": { writes: 1, failed: 1 },
      "2026-06-15": { reads: 2 },
    });
    expect(events30d).toBe(5 + 5 + 4);
  });

  it("counts a closed day again when events are added to it, and drops days that left the window", async () => {
    const cache = newActivityCache();
    await getOverview(database, admin(), NOW, cache);
    expect(cache.days.size).toBe(29);
    const late = write("alice", "2026-05-20T10:00:00.000Z");
    await ingestEvents(database, [late]);
    const [cached, fresh] = await Promise.all([
      getOverview(database, admin(), NOW, cache),
      getOverview(database, admin(), NOW, newActivityCache()),
    ]);
    expect(cached.perDay.find((d) => d.day === "2026-05-20")).toEqual({
      day: "2026-05-20",
      reads: 0,
      writes: 1,
      unknown: 0,
      failed: 0,
    });
    expect(cached).toEqual(fresh);
    const tomorrow = new Date(NOW.getTime() + DAY);
    const later = await getOverview(database, admin(), tomorrow, cache);
    expect(later.perDay[0].day).toBe("2026-05-18");
    expect([...cache.days.keys()].sort()[0]).toBe("2026-05-18");
    expect(later).toEqual(await getOverview(database, admin(), tomorrow, newActivityCache()));
    await db.event.deleteMany({ where: { eventId: late.eventId } });
  });
});

describe("top operators", () => {
  const explorerCount = async (userName: string, viewer: OverviewViewer) => {
    const parsed = parseEventFilter(new URLSearchParams({ userName, range: "30d" }), { now: NOW });
    if (!parsed.ok) throw new Error(parsed.message);
    return (await countEvents(database, parsed.value, viewer.scope)).count;
  };

  it("orders by calls, then name, over the explorer's 30 days, with failed calls", async () => {
    const { topOperators, counts } = await getOverview(database, admin(), NOW, newActivityCache());
    expect(topOperators).toEqual([
      { userName: "carol", calls: 10, failed: 6 },
      { userName: "alice", calls: 5, failed: 1 },
      { userName: "lead", calls: 5, failed: 5 },
      { userName: "bob", calls: 4, failed: 1 },
      { userName: "mallory", calls: 2, failed: 0 },
    ]);
    for (const op of topOperators) expect(await explorerCount(op.userName, admin()), op.userName).toBe(op.calls);
    expect(counts.failedSignins).toBe(10);
  });

  it("lists only the team for a team lead", async () => {
    const { topOperators, counts } = await getOverview(database, lead, NOW, newActivityCache());
    expect(topOperators).toEqual([
      { userName: "alice", calls: 5, failed: 1 },
      { userName: "lead", calls: 5, failed: 5 },
      { userName: "bob", calls: 4, failed: 1 },
    ]);
    for (const op of topOperators) expect(await explorerCount(op.userName, lead)).toBe(op.calls);
    expect(counts.failedSignins).toBe(5);
  });
});

describe("figures", () => {
  const inventoryCount = async (flag: string, viewer: OverviewViewer) =>
    (
      await listInventory(
        database,
        (parseInventoryQuery(new URLSearchParams({ flag })) as { ok: true; value: never }).value,
        viewer,
        NOW,
      )
    ).rows.length;

  it("counts what each linked view lists, for an administrator", async () => {
    const { counts } = await getOverview(database, admin(), NOW, newActivityCache());
    expect(counts).toEqual({ usersWithoutMfa: 4, staleKeys: 2, keysAtRisk: 1, abnormalSignins: 3, failedSignins: 10 });
    expect(counts.usersWithoutMfa).toBe((await listUsers(database, accountDbId, { withoutMfa: true })).length);
    expect(counts.staleKeys).toBe(await inventoryCount("unused90", admin()));
    expect(counts.keysAtRisk).toBe(await inventoryCount("atRisk", admin()));
  });

  it("gives a team lead their team's figures and no users-without-MFA figure", async () => {
    const { counts } = await getOverview(database, lead, NOW, newActivityCache());
    // lead's burst and alice's new network; carol's burst is another team's.
    expect(counts).toEqual({
      usersWithoutMfa: null,
      staleKeys: 1,
      keysAtRisk: 1,
      abnormalSignins: 2,
      failedSignins: 5,
    });
    expect(counts.staleKeys).toBe(await inventoryCount("unused90", lead));
    expect(counts.keysAtRisk).toBe(await inventoryCount("atRisk", lead));
  });

  it("lists the abnormal sign-ins newest first, each with its event, in scope", async () => {
    const eventIdAt = async (userName: string, iso: string) =>
      (await db.event.findFirstOrThrow({ where: { userName, eventTime: at(iso) } })).eventId;
    const alice = {
      time: at("2026-06-13T09:00:00.000Z"),
      userName: "alice",
      sourceIp: "172.16.0.5",
      reasons: ["NewNetwork"],
      eventId: await eventIdAt("alice", "2026-06-13T09:00:00.000Z"),
    };
    // A burst is listed at the failure that completed it: the fifth.
    const leadBurst = {
      time: at("2026-06-12T08:04:00.000Z"),
      userName: "lead",
      sourceIp: "203.0.113.9",
      reasons: ["FailedBurst"],
      eventId: await eventIdAt("lead", "2026-06-12T08:04:00.000Z"),
    };
    const carolBurst = {
      time: at("2026-06-02T08:04:00.000Z"),
      userName: "carol",
      sourceIp: "203.0.113.9",
      reasons: ["FailedBurst"],
      eventId: await eventIdAt("carol", "2026-06-02T08:04:00.000Z"),
    };
    expect((await getOverview(database, admin(), NOW, newActivityCache())).abnormalSignins).toEqual([
      alice,
      leadBurst,
      carolBurst,
    ]);
    expect((await getOverview(database, lead, NOW, newActivityCache())).abnormalSignins).toEqual([alice, leadBurst]);
  });

  it("lists the latest operations newest first, in scope", async () => {
    const { recent } = await getOverview(database, lead, NOW, newActivityCache());
    expect(recent.length).toBeGreaterThan(0);
    expect(new Set(recent.map((e) => e.userName))).toEqual(new Set(["alice", "bob", "lead"]));
  });
});
