// The credential report's snapshot against a real database (SQLite and PostgreSQL): a small directory with every
// user type, a deleted user, a deleted key and a third key, console sign-ins that make abnormal sign-ins (a new
// network, a failed-login burst) and some that must not (a baseline, a sign-out, another account's user), and key
// use that makes one key "may be at risk". The snapshot is compared in full, then rendered in both layouts.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "@/lib/db/ingest-events";
import { consoleSigninEvent, consoleSignoutEvent, type ConsoleActor } from "@/lib/domain/console-event";
import { reportCsv } from "@/lib/domain/credential-report/csv";
import { reportRows } from "@/lib/domain/credential-report/rows";
import type { NormalisedEvent } from "@/lib/domain/event";
import { DAY_MS } from "@/lib/domain/time";
import { takeReportSnapshot } from "@/lib/queries/credential-report-snapshot";
import { keyFlags } from "@/lib/queries/key-flags";
import { buildEvent } from "@/tests/fixtures/events";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const NOW = new Date("2026-06-15T12:00:00.000Z");
const ago = (days: number, minutes = 0) => new Date(NOW.getTime() - days * DAY_MS + minutes * 60_000);
const ACCOUNT = "1234567890123";
const OTHER_ACCOUNT = "9999999999999";

let seq = 0;
const actor = (userName: string, userType = "SubUser"): ConsoleActor => ({
  userName,
  principalId: `p-${userName}`,
  userType,
  mfaUsed: null,
});
const signin = (userName: string, at: Date, ip: string, ok = true, accountId = ACCOUNT, userType = "SubUser") =>
  consoleSigninEvent(
    {
      eventId: `e-crs-${++seq}`,
      eventTime: at,
      accountId,
      actor: actor(userName, userType),
      meta: { sourceIpAddress: ip, userAgent: "vitest" },
    },
    ok ? { ok: true } : { ok: false, errorCode: "InvalidCredentials", errorMessage: "Wrong user name or password" },
  );
function apiCall(
  accessKeyId: string,
  userName: string,
  at: Date,
  ip: string,
  service = "ecs",
  region = "cn-hangzhou",
): NormalisedEvent {
  const eventId = `e-crs-${++seq}`;
  return buildEvent({
    eventId,
    eventTime: at,
    origin: "actiontrail",
    eventSource: `${service}.aliyuncs.com`,
    service,
    accountId: ACCOUNT,
    userIdentity: { principalId: `p-${userName}`, userName, accessKeyId },
    sourceIpAddress: ip,
    userAgent: "aliyun-cli/3.0",
    region,
    requestId: `req-${eventId}`,
  });
}

beforeAll(async () => {
  await resetDatabase(database);
  const account = await db.account.create({ data: { accountId: ACCOUNT, name: "Test Org" } });
  const other = await db.account.create({ data: { accountId: OTHER_ACCOUNT, name: "Other Org" } });
  const make = (userName: string, userType: string, data: Record<string, unknown> = {}, accountId = account.id) =>
    db.user.create({
      data: {
        accountId,
        userName,
        principalId: `p-${userName}`,
        displayName: userName,
        userType,
        createdAt: ago(400),
        ...data,
      },
    });

  const root = await make("root", "Root", {
    createdAt: new Date("2025-01-02T03:04:05.000Z"),
    passwordHash: "x",
    passwordChangedAt: ago(200),
    passwordLastUsedAt: ago(1),
    consoleAccess: true,
    mfaEnabled: true,
    loginProtection: true,
    operationProtection: true,
  });
  const alice = await make("alice", "SubUser", {
    passwordHash: "x",
    passwordChangedAt: ago(20),
    consoleAccess: true,
    mfaEnabled: true,
  });
  const zoe = await make('Zoe, "Z"', "SubUser");
  await make("bob", "SubUser", { deletedAt: ago(2), consoleAccess: true });
  await make("carol", "Collaborator", { consoleAccess: true });
  await make("dave", "MessageReceiver");
  await make("zed", "SubUser", { consoleAccess: true }, other.id);

  const key = (accessKeyId: string, userId: number, createdAt: Date, data: Record<string, unknown> = {}) =>
    db.accessKey.create({ data: { accessKeyId, userId, secretEncrypted: "x", createdAt, ...data } });
  await key("LTAIROOT000000000001", root.id, ago(120));
  await key("LTAIALICEDELETED0001", alice.id, ago(300), { deletedAt: ago(100) });
  await key("LTAIALICEOLD00000001", alice.id, ago(91));
  await key("LTAIALICEMID00000001", alice.id, ago(30), { status: "Disabled", disabledAt: ago(5) });
  await key("LTAIALICENEW00000001", alice.id, ago(1));
  await key("LTAIZOE0000000000001", zoe.id, ago(29));

  await ingestEvents(database, [
    // alice: baseline long ago, then a new network (abnormal), a known one, a burst of 5 failures (abnormal),
    // 4 failures later (not a burst) and a sign-out from yet another network (not a sign-in).
    signin("alice", ago(150), "203.0.113.5"),
    signin("alice", ago(5), "198.51.100.9"),
    signin("alice", ago(4), "203.0.7.7"),
    ...[0, 1, 2, 3, 4].map((m) => signin("alice", ago(2, m), "192.0.2.66", false)),
    ...[0, 3, 6, 9].map((m) => signin("alice", ago(1, m), "192.0.2.66", false)),
    consoleSignoutEvent({
      eventId: `e-crs-${++seq}`,
      eventTime: ago(1),
      accountId: ACCOUNT,
      actor: actor("alice"),
      meta: { sourceIpAddress: "100.64.1.1", userAgent: "vitest" },
    }),
    // root: a sign-in before the 180-day history is forgotten, so the first one inside it is the baseline.
    signin("root", ago(200), "10.1.1.1", true, ACCOUNT, "Root"),
    signin("root", ago(3), "10.9.9.9", true, ACCOUNT, "Root"),
    // ...then an imported CloudTrail-style "ConsoleLogin" from a new network: abnormal.
    {
      ...signin("root", ago(2), "52.95.4.1", true, ACCOUNT, "Root"),
      origin: "cloudtrail",
      eventName: "ConsoleLogin",
      eventSource: "signin.amazonaws.com",
    },
    // carol: baseline, then a new network, then a failure after the report time (ignored).
    signin("carol", ago(40), "203.0.113.5", true, ACCOUNT, "Collaborator"),
    signin("carol", ago(10), "2001:db8:1:2::1", true, ACCOUNT, "Collaborator"),
    signin("carol", ago(-1), "2001:db8:9:2::1", true, ACCOUNT, "Collaborator"),
    // Another account's user, and the deleted bob, are not in the report.
    signin("zed", ago(60), "203.0.113.5", true, OTHER_ACCOUNT),
    signin("zed", ago(6), "198.51.100.1", true, OTHER_ACCOUNT),
    signin("bob", ago(6), "198.51.100.1"),
  ]);
  // alice's old key: her baseline use 60 days ago, then a dozen addresses in one day (may be at risk); the new key
  // used once from a known address; root's key used with no region (a global service).
  await ingestEvents(database, [
    apiCall("LTAIALICEOLD00000001", "alice", ago(60), "203.0.113.5"),
    ...Array.from({ length: 12 }, (_, i) => apiCall("LTAIALICEOLD00000001", "alice", ago(2, i), `203.0.113.${10 + i}`)),
    apiCall("LTAIALICENEW00000001", "alice", ago(0, -60), "203.0.113.5", "oss", "cn-shanghai"),
    { ...apiCall("LTAIROOT000000000001", "root", ago(7), "10.1.1.1", "ram"), region: null },
  ]);
});

afterAll(async () => {
  await db.$disconnect();
});

describe("takeReportSnapshot", () => {
  it("gathers every user of the account with their two oldest keys, risk and abnormal sign-ins", async () => {
    const snapshot = await takeReportSnapshot(
      database,
      (await db.account.findUniqueOrThrow({ where: { accountId: ACCOUNT } })).id,
      NOW,
    );
    const base = {
      passwordEnabled: false,
      passwordChangedAt: null,
      passwordLastUsedAt: null,
      consoleAccess: false,
      loginProtection: false,
      operationProtection: false,
      mfaEnabled: false,
      abnormalLogins30d: 0,
      accessKeys: [],
    };
    const created = ago(400).toISOString();
    expect(snapshot).toEqual({
      accountId: ACCOUNT,
      accountName: "Test Org",
      generatedAt: NOW.toISOString(),
      passwordRotationDays: null,
      users: [
        {
          ...base,
          userName: "root",
          userType: "Root",
          createdAt: "2025-01-02T03:04:05.000Z",
          passwordEnabled: true,
          passwordChangedAt: ago(200).toISOString(),
          passwordLastUsedAt: ago(1).toISOString(),
          consoleAccess: true,
          loginProtection: true,
          operationProtection: true,
          mfaEnabled: true,
          abnormalLogins30d: 1,
          accessKeys: [
            {
              accessKeyId: "LTAIROOT000000000001",
              createdAt: ago(120).toISOString(),
              status: "Active",
              lastUsedAt: ago(7).toISOString(),
              lastUsedService: "ram",
              lastUsedRegion: null,
              atRisk: false,
            },
          ],
        },
        // Code-unit order: upper case before lower case.
        {
          ...base,
          userName: 'Zoe, "Z"',
          userType: "SubUser",
          createdAt: created,
          accessKeys: [
            {
              accessKeyId: "LTAIZOE0000000000001",
              createdAt: ago(29).toISOString(),
              status: "Active",
              lastUsedAt: null,
              lastUsedService: null,
              lastUsedRegion: null,
              atRisk: false,
            },
          ],
        },
        {
          ...base,
          userName: "alice",
          userType: "SubUser",
          createdAt: created,
          passwordEnabled: true,
          passwordChangedAt: ago(20).toISOString(),
          consoleAccess: true,
          mfaEnabled: true,
          abnormalLogins30d: 2,
          accessKeys: [
            {
              accessKeyId: "LTAIALICEOLD00000001",
              createdAt: ago(91).toISOString(),
              status: "Active",
              lastUsedAt: ago(2, 11).toISOString(),
              lastUsedService: "ecs",
              lastUsedRegion: "cn-hangzhou",
              atRisk: true,
            },
            {
              accessKeyId: "LTAIALICEMID00000001",
              createdAt: ago(30).toISOString(),
              status: "Disabled",
              lastUsedAt: null,
              lastUsedService: null,
              lastUsedRegion: null,
              atRisk: false,
            },
          ],
        },
        {
          ...base,
          userName: "carol",
          userType: "Collaborator",
          createdAt: created,
          consoleAccess: true,
          abnormalLogins30d: 1,
        },
        { ...base, userName: "dave", userType: "MessageReceiver", createdAt: created },
      ],
    });
  });

  it("key risk is the same whether flags are computed for the report's keys or the whole inventory (large directories)", async () => {
    const ids = ["LTAIROOT000000000001", "LTAIALICEOLD00000001", "LTAIALICEMID00000001", "LTAIZOE0000000000001"];
    const [some, all] = [await keyFlags(database, NOW, ids), await keyFlags(database, NOW)];
    for (const id of ids) expect(all.get(id)).toEqual(some.get(id));
    expect(ids.filter((id) => all.get(id)?.flags.includes("atRisk"))).toEqual(["LTAIALICEOLD00000001"]);
  });

  it("renders both layouts from the snapshot, deterministically", async () => {
    const accountDbId = (await db.account.findUniqueOrThrow({ where: { accountId: ACCOUNT } })).id;
    const [a, b] = [
      await takeReportSnapshot(database, accountDbId, NOW),
      await takeReportSnapshot(database, accountDbId, NOW),
    ];
    expect(reportCsv(a, "tencent")).toBe(reportCsv(b, "tencent"));
    const tencent = reportRows(a, "tencent");
    expect(tencent[3].slice(0, 25)).toEqual([
      ACCOUNT,
      "alice",
      "SubUser",
      "2025/5/11 12:00:00",
      "TRUE",
      "2026/5/26 12:00:00",
      "TRUE",
      "FALSE",
      "FALSE",
      "TRUE",
      "2",
      "LTAIALICEOLD00000001",
      "TRUE",
      "2026/3/16 12:00:00",
      "Active",
      "2026/6/13 12:11:00",
      "TRUE",
      "TRUE",
      "LTAIALICEMID00000001",
      "FALSE",
      "2026/5/16 12:00:00",
      "Disable",
      "N/A",
      "FALSE",
      "FALSE",
    ]);
    const aws = reportRows(a, "aws");
    expect(aws[1].slice(0, 8)).toEqual([
      "<root_account>",
      `acs:ram::${ACCOUNT}:root`,
      "2025-01-02T03:04:05+00:00",
      "not_supported",
      "2026-06-14T12:00:00+00:00",
      "not_supported",
      "not_supported",
      "true",
    ]);
    expect(aws[1].slice(8, 13)).toEqual([
      "true",
      "2026-02-15T12:00:00+00:00",
      "2026-06-08T12:00:00+00:00",
      "N/A",
      "ram",
    ]);
  });
});

describe("takeReportSnapshot on a large directory", () => {
  it("reads 1,100 users with 3,300 keys (two oldest each reported): more owners than the 999 bind parameters Prisma allows on SQLite", async () => {
    const big = await db.account.create({ data: { accountId: "5555555555555", name: "Big Org" } });
    const users = Array.from({ length: 1100 }, (_, i) => ({
      accountId: big.id,
      userName: `big-${String(i).padStart(4, "0")}`,
      principalId: `p-big-${i}`,
      displayName: `Big ${i}`,
      userType: "SubUser",
      createdAt: ago(100),
    }));
    await db.user.createMany({ data: users });
    const ids = await db.user.findMany({
      where: { accountId: big.id },
      select: { id: true, userName: true },
      orderBy: { userName: "asc" },
    });
    await db.accessKey.createMany({
      data: ids.flatMap((u, i) =>
        [0, 1, 2].map((k) => ({
          accessKeyId: `LTAIBIG${String(i).padStart(4, "0")}K${k}`,
          userId: u.id,
          secretEncrypted: "x",
          createdAt: ago(50 - k),
        })),
      ),
    });
    const snapshot = await takeReportSnapshot(database, big.id, NOW);
    expect(snapshot.users.map((u) => u.userName)).toEqual(users.map((u) => u.userName));
    expect(
      snapshot.users.every(
        (u) =>
          u.accessKeys.length === 2 &&
          u.accessKeys[0].accessKeyId.endsWith("K0") &&
          u.accessKeys[1].accessKeyId.endsWith("K1"),
      ),
    ).toBe(true);
    expect(reportRows(snapshot, "aws")).toHaveLength(1101);
  });
});
