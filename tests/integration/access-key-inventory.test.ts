// The AccessKey inventory against a real database (SQLite and PostgreSQL): keys and events built so each flag
// and each "may be at risk" rule fires once, with the exact reasons; the one-key path agreeing with the whole
// inventory; filters, sorting, a team lead's scope; and the administrator's disable / enable / delete with their
// events, a deleted key still auditable and refused at signing.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SIGNATURE_ERRORS, verifySignature } from "@/lib/api/verify-signature";
import { signRequest } from "@/lib/api/sign-request";
import { encryptionKey } from "@/lib/config/local-secrets";
import { encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { changeAccessKey, type KeyActor } from "@/lib/access-keys/access-key-changes";
import { ingestEvents } from "@/lib/db/ingest-events";
import type { NormalisedEvent } from "@/lib/domain/event";
import { parseInventoryQuery, type InventoryQuery } from "@/lib/domain/key-inventory-params";
import { DAY_MS } from "@/lib/domain/time";
import { findAuditedKey } from "@/lib/queries/access-key-audit";
import { listInventory } from "@/lib/queries/access-key-inventory";
import { parseResources } from "@/lib/queries/event-json";
import { keyFlags } from "@/lib/queries/key-flags";
import { userScopeOf, type UserScope } from "@/lib/queries/scope";
import { buildEvent } from "@/tests/fixtures/events";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const NOW = new Date("2026-06-15T12:00:00.000Z");
const ago = (days: number, seconds = 0) => new Date(NOW.getTime() - days * DAY_MS + seconds * 1000);
const ACCOUNT = "1234567890123";
const env = { KEYTRAIL_ENCRYPTION_KEY: randomBytes(32).toString("base64url") };
const SECRET = "neverUsedSecret-0123456789abcdefgh";
const META = { sourceIpAddress: "192.0.2.200", userAgent: "vitest" };

const K = {
  OLD: "LTAITESTALICEOLD0001",
  FRESH: "LTAITESTALICEFRESH01",
  NEWIP: "LTAITESTCAROLNEWIP01",
  NEVER: "LTAITESTCAROLNEVER01",
  GHOST: "LTAITESTBOBGHOST0001",
  MANY: "LTAITESTDAVEMANY0001",
  FIRST: "LTAITESTERINFIRST001",
  X_CAROL: "LTAITESTLOGSCAROL001",
  X_EXT: "LTAITESTLOGSMALLORY1",
};

let seq = 0;
function use(
  accessKeyId: string,
  userName: string,
  at: Date,
  ip: string,
  region: string,
  overrides: Partial<NormalisedEvent> = {},
): NormalisedEvent {
  const eventId = `e-inv-${++seq}`;
  return {
    ...buildEvent({
      eventId,
      eventTime: at,
      origin: "actiontrail",
      accountId: ACCOUNT,
      userIdentity: { principalId: `p-${userName}`, userName, accessKeyId },
      sourceIpAddress: ip,
      userAgent: "aliyun-cli/3.0",
      region,
      requestId: `req-${eventId}`,
    }),
    ...overrides,
  };
}

const ids: Record<string, number> = {};
let admin: KeyActor;
let auditor: KeyActor;

beforeAll(async () => {
  await resetDatabase(database);
  const account = await db.account.create({ data: { accountId: ACCOUNT, name: "Test Org" } });
  for (const [userName, role, deletedAt] of [
    ["admin", "Administrator", null],
    ["auditor", "Auditor", null],
    ["lead", "TeamLead", null],
    ["alice", null, null],
    ["bob", null, ago(5)],
    ["carol", null, null],
    ["dave", null, null],
    ["erin", null, null],
  ] as const) {
    const user = await db.user.create({
      data: {
        accountId: account.id,
        userName,
        principalId: `p-${userName}`,
        displayName: userName,
        userType: "SubUser",
        consoleRole: role,
        consoleAccess: role !== null,
        deletedAt,
      },
    });
    ids[userName] = user.id;
  }
  const platform = await db.group.create({ data: { accountId: account.id, name: "Platform" } });
  const data = await db.group.create({ data: { accountId: account.id, name: "Data" } });
  for (const name of ["lead", "alice", "bob", "dave"]) {
    await db.groupMembership.create({ data: { groupId: platform.id, userId: ids[name], isLead: name === "lead" } });
  }
  await db.groupMembership.create({ data: { groupId: data.id, userId: ids.carol } });
  const aesKey = encryptionKey(env);
  const key = (
    accessKeyId: string,
    owner: string,
    createdDaysAgo: number,
    secret = "s-0123456789abcdefghijklmnopqrst",
  ) =>
    db.accessKey.create({
      data: {
        accessKeyId,
        userId: ids[owner],
        createdAt: ago(createdDaysAgo),
        secretEncrypted: encryptSecret(secret, aesKey, secretContext.accessKey(accessKeyId)),
      },
    });
  await key(K.OLD, "alice", 120);
  await key(K.FRESH, "alice", 10);
  await key(K.NEWIP, "carol", 60);
  await key(K.NEVER, "carol", 40, SECRET);
  await key(K.GHOST, "bob", 20);
  await key(K.MANY, "dave", 45);
  await key(K.FIRST, "erin", 5);
  const actor = (userName: string, role: KeyActor["role"]): KeyActor => ({
    role,
    userName,
    principalId: `p-${userName}`,
    userType: "SubUser",
    accountId: ACCOUNT,
    accountDbId: account.id,
  });
  admin = actor("admin", "Administrator");
  auditor = actor("auditor", "Auditor");

  const ips = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => `203.0.113.${from + i}`);
  await ingestEvents(database, [
    // alice: her first day (old key), then the fresh key from the same IP and region: nothing new.
    use(K.OLD, "alice", ago(100), "10.0.0.1", "cn-hangzhou"),
    use(K.FRESH, "alice", ago(9), "10.0.0.1", "cn-hangzhou"),
    use(K.FRESH, "alice", ago(2), "10.0.0.1", "cn-hangzhou"),
    // carol: a known IP and region, then a new IP in a new region 3 days ago.
    use(K.NEWIP, "carol", ago(50), "10.1.1.1", "cn-beijing"),
    use(K.NEWIP, "carol", ago(3), "198.51.100.77", "eu-central-1"),
    // Someone who knows the never-used key's ID but not its secret: refused, so neither a use nor a new IP.
    use(K.NEVER, "carol", ago(1), "192.0.2.99", "ap-south-1", {
      errorCode: "SignatureDoesNotMatch",
      errorMessage: "bad signature",
    }),
    // A key seen only in logs, attributed to carol by name: her known IP and region, so nothing new.
    use(K.X_CAROL, "carol", ago(1), "10.1.1.1", "cn-beijing"),
    // bob was deleted 5 days ago; his key was used again 2 days ago.
    use(K.GHOST, "bob", ago(15), "10.2.2.2", "cn-shanghai"),
    use(K.GHOST, "bob", ago(2), "10.2.2.2", "cn-shanghai"),
    // dave: 11 IPs on his first day (outside the lookback), then the same 11 over two services 4 days ago.
    ...ips(1, 11).map((ip, i) => use(K.MANY, "dave", ago(40, i), ip, "cn-hangzhou")),
    ...ips(1, 6).map((ip, i) => use(K.MANY, "dave", ago(4, i), ip, "cn-hangzhou")),
    ...ips(6, 11).map((ip, i) =>
      use(K.MANY, "dave", ago(4, 100 + i), ip, "cn-hangzhou", { service: "oss", eventSource: "oss.aliyuncs.com" }),
    ),
    // erin's very first use, inside the lookback: her first IP and region are not "new".
    use(K.FIRST, "erin", ago(3), "10.9.9.9", "ap-south-1"),
    // A key of a principal outside the inventory: a new IP yesterday.
    use(K.X_EXT, "mallory", ago(60), "192.0.2.1", "us-east-1", { accountId: "999999999999" }),
    use(K.X_EXT, "mallory", ago(1), "192.0.2.2", "us-east-1", { accountId: "999999999999" }),
  ]);
});

afterAll(async () => {
  await db.$disconnect();
});

const EXPECTED: Record<string, { flags: string[]; riskReasons: string[]; daysUnused: number | null }> = {
  [K.OLD]: { flags: ["unused90", "rotationDue", "created30"], riskReasons: [], daysUnused: 100 },
  [K.FRESH]: { flags: [], riskReasons: [], daysUnused: 2 },
  [K.NEWIP]: {
    flags: ["created30", "atRisk"],
    riskReasons: [
      "Used from a source IP never seen for its owner before (198.51.100.77) on 2026-06-12.",
      "Used in a region never seen for its owner before (eu-central-1) on 2026-06-12.",
    ],
    daysUnused: 3,
  },
  [K.NEVER]: { flags: ["neverUsed", "created30"], riskReasons: [], daysUnused: 40 },
  [K.GHOST]: {
    flags: ["atRisk"],
    riskReasons: ["Used on 2026-06-13T12:00:00.000Z after its owner was deleted on 2026-06-10T12:00:00.000Z."],
    daysUnused: 2,
  },
  [K.MANY]: {
    flags: ["created30", "atRisk"],
    riskReasons: ["Used from 11 distinct source IPs on 2026-06-11, more than 10 in one UTC day."],
    daysUnused: 3,
  },
  [K.FIRST]: { flags: [], riskReasons: [], daysUnused: 3 },
  [K.X_CAROL]: { flags: [], riskReasons: [], daysUnused: 1 },
  [K.X_EXT]: {
    flags: ["atRisk"],
    riskReasons: ["Used from a source IP never seen for its owner before (192.0.2.2) on 2026-06-14."],
    daysUnused: 1,
  },
};

const query = (search = ""): InventoryQuery => {
  const parsed = parseInventoryQuery(new URLSearchParams(search));
  if (!parsed.ok) throw new Error(parsed.message);
  return parsed.value;
};
const wholeAccount = (): { accountDbId: number; scope: UserScope } => ({ accountDbId: admin.accountDbId, scope: null });
const listed = async (search = "", viewer = wholeAccount()) =>
  (await listInventory(database, query(search), viewer, NOW)).rows.map((r) => r.accessKeyId);

describe("keyFlags", () => {
  it("gives every key, in the inventory or only in logs, its exact flags and reasons", async () => {
    const flags = await keyFlags(database, NOW);
    expect(Object.fromEntries(flags)).toEqual(EXPECTED);
  });

  it("asked for one key, answers what the whole inventory does", async () => {
    for (const id of Object.values(K)) {
      expect(Object.fromEntries(await keyFlags(database, NOW, [id]))).toEqual({ [id]: EXPECTED[id] });
    }
    expect((await keyFlags(database, NOW, ["LTAIUNKNOWN000000001"])).size).toBe(0);
    expect((await keyFlags(database, NOW, [])).size).toBe(0);
  });
});

describe("listInventory", () => {
  it("lists inventory keys with owner, status and last use, newest first by default", async () => {
    const { rows, owners } = await listInventory(database, query(), wholeAccount(), NOW);
    expect(rows.map((r) => r.accessKeyId)).toEqual([K.FIRST, K.FRESH, K.GHOST, K.NEVER, K.MANY, K.NEWIP, K.OLD]);
    expect(owners).toEqual(["alice", "bob", "carol", "dave", "erin"]);
    const newIp = rows.find((r) => r.accessKeyId === K.NEWIP)!;
    expect(newIp).toMatchObject({
      status: "Active",
      inInventory: true,
      owner: { userName: "carol", userId: ids.carol, deleted: false },
      createdAt: ago(60),
      lastUsedAt: ago(3),
      lastUsedService: "ecs",
      lastUsedRegion: "eu-central-1",
      lastUsedIp: "198.51.100.77",
      ...EXPECTED[K.NEWIP],
    });
    expect(rows.find((r) => r.accessKeyId === K.GHOST)!.owner.deleted).toBe(true);
  });

  it("filters by flag, owner and status", async () => {
    expect(await listed("flag=atRisk&sort=accessKeyId")).toEqual([K.GHOST, K.MANY, K.NEWIP].sort());
    expect(await listed("flag=neverUsed,unused90&sort=accessKeyId")).toEqual([K.OLD, K.NEVER].sort());
    expect(await listed("owner=alice&sort=accessKeyId")).toEqual([K.OLD, K.FRESH].sort());
    expect(await listed("owner=alice&flag=rotationDue")).toEqual([K.OLD]);
    expect(await listed("status=Deleted")).toEqual([]);
    const external = await listInventory(
      database,
      query("status=NotInInventory&sort=accessKeyId"),
      wholeAccount(),
      NOW,
    );
    expect(
      external.rows.map((r) => [r.accessKeyId, r.status, r.owner.userName, r.lastUsedIp, r.lastUsedRegion]),
    ).toEqual([
      [K.X_CAROL, "NotInInventory", "carol", "10.1.1.1", "cn-beijing"],
      [K.X_EXT, "NotInInventory", "mallory", "192.0.2.2", "us-east-1"],
    ]);
  });

  it("sorts by any column, either way", async () => {
    expect(await listed("sort=daysUnused&order=desc")).toEqual([
      K.OLD,
      K.NEVER,
      K.NEWIP,
      K.MANY,
      K.FIRST,
      K.FRESH,
      K.GHOST,
    ]);
    expect(await listed("sort=owner&order=asc")).toEqual([K.FRESH, K.OLD, K.GHOST, K.NEVER, K.NEWIP, K.MANY, K.FIRST]);
    expect((await listed("sort=lastUsed&order=asc")).at(-1)).toBe(K.NEVER);
    expect(await listed("sort=flags&order=desc")).toEqual([K.NEWIP, K.MANY, K.GHOST, K.OLD, K.NEVER, K.FRESH, K.FIRST]);
  });

  it("a team lead sees only the keys of their groups' members, through every door", async () => {
    const scope = await userScopeOf(database, { id: ids.lead, role: "TeamLead" });
    const viewer = { accountDbId: admin.accountDbId, scope };
    expect((await listed("sort=accessKeyId", viewer)).sort()).toEqual([K.OLD, K.FRESH, K.GHOST, K.MANY].sort());
    expect(await listed("owner=carol", viewer)).toEqual([]);
    expect(await listed("status=NotInInventory", viewer)).toEqual([]);
    expect((await listInventory(database, query(), viewer, NOW)).owners).toEqual(["alice", "bob", "dave"]);
    expect(await findAuditedKey(database, K.NEWIP, scope)).toBeNull();
    expect(await findAuditedKey(database, K.X_CAROL, scope)).toBeNull();
    expect((await findAuditedKey(database, K.MANY, scope))?.owner.userName).toBe("dave");
  });
});

describe("changeAccessKey", () => {
  const changes = () =>
    db.event.findMany({
      where: { eventName: { in: ["UpdateAccessKey", "DeleteAccessKey"] } },
      orderBy: { seq: "asc" },
    });

  it("disables and enables a key, each an UpdateAccessKey event", async () => {
    expect(await changeAccessKey(database, admin, { accessKeyId: K.FRESH, operation: "disable" }, META)).toEqual({
      ok: true,
      message: `AccessKey ${K.FRESH} of alice was disabled.`,
    });
    const disabled = await db.accessKey.findUniqueOrThrow({ where: { accessKeyId: K.FRESH } });
    expect(disabled.status).toBe("Disabled");
    expect(disabled.disabledAt).not.toBeNull();
    expect(
      (await listInventory(database, query("status=Disabled"), wholeAccount(), NOW)).rows.map((r) => r.accessKeyId),
    ).toEqual([K.FRESH]);
    expect(await changeAccessKey(database, admin, { accessKeyId: K.FRESH, operation: "disable" }, META)).toEqual({
      ok: false,
      error: `AccessKey ${K.FRESH} is already Disabled.`,
    });
    expect((await changeAccessKey(database, admin, { accessKeyId: K.FRESH, operation: "enable" }, META)).ok).toBe(true);
    expect(await db.accessKey.findUniqueOrThrow({ where: { accessKeyId: K.FRESH } })).toMatchObject({
      status: "Active",
      disabledAt: null,
    });

    const events = await changes();
    expect(events.map((e) => [e.eventName, e.userName, e.errorCode, JSON.parse(e.requestParameters!)])).toEqual([
      ["UpdateAccessKey", "admin", null, { UserName: "alice", AccessKeyId: K.FRESH, Status: "Disabled" }],
      ["UpdateAccessKey", "admin", null, { UserName: "alice", AccessKeyId: K.FRESH, Status: "Active" }],
    ]);
    for (const e of events) {
      expect(parseResources(e.resources)).toEqual([{ type: "ACS::RAM::AccessKey", name: K.FRESH }]);
      expect(e.sourceIpAddress).toBe(META.sourceIpAddress);
      expect(e.raw).not.toContain("secret");
    }
  });

  it("refuses anyone but an administrator, and records the refusal", async () => {
    const before = (await changes()).length;
    expect(await changeAccessKey(database, auditor, { accessKeyId: K.FRESH, operation: "delete" }, META)).toEqual({
      ok: false,
      error: "Only administrators may disable, enable or delete AccessKeys.",
    });
    const refused = (await changes()).slice(before);
    expect(refused.map((e) => [e.eventName, e.userName, e.errorCode])).toEqual([
      ["DeleteAccessKey", "auditor", "NoPermission"],
    ]);
    expect((await db.accessKey.findUniqueOrThrow({ where: { accessKeyId: K.FRESH } })).deletedAt).toBeNull();
    expect(
      await changeAccessKey(database, admin, { accessKeyId: "LTAINOSUCHKEY0000001", operation: "disable" }, META),
    ).toEqual({
      ok: false,
      error: "AccessKey LTAINOSUCHKEY0000001 was not found.",
    });
  });

  it("deletes a key: hidden by default, listed as Deleted, still auditable, and it can no longer sign", async () => {
    expect(await changeAccessKey(database, admin, { accessKeyId: K.NEVER, operation: "delete" }, META)).toEqual({
      ok: true,
      message: `AccessKey ${K.NEVER} of carol was deleted.`,
    });
    const deleted = (await changes()).at(-1)!;
    expect([deleted.eventName, deleted.sensitive, JSON.parse(deleted.requestParameters!)]).toEqual([
      "DeleteAccessKey",
      true,
      { UserName: "carol", AccessKeyId: K.NEVER },
    ]);
    expect(await listed()).not.toContain(K.NEVER);
    const shown = await listInventory(database, query("status=Deleted"), wholeAccount(), NOW);
    expect(shown.rows.map((r) => [r.accessKeyId, r.status, r.flags])).toEqual([
      [K.NEVER, "Deleted", ["neverUsed", "created30"]],
    ]);
    expect(await findAuditedKey(database, K.NEVER, null)).toMatchObject({
      accessKeyId: K.NEVER,
      inInventory: true,
      status: "Deleted",
      owner: { userName: "carol" },
    });
    expect(await changeAccessKey(database, admin, { accessKeyId: K.NEVER, operation: "enable" }, META)).toEqual({
      ok: false,
      error: `AccessKey ${K.NEVER} has been deleted; it can no longer be changed.`,
    });

    const url = "http://keytrail.test/api/v1/events";
    const body = JSON.stringify({ events: [] });
    const headers = new Headers(await signRequest({ url, body, accessKeyId: K.NEVER, secret: SECRET }));
    const verified = await verifySignature(
      database,
      { method: "POST", url, headers, body: new TextEncoder().encode(body) },
      { env },
    );
    expect(verified).toMatchObject({
      ok: false,
      status: 403,
      error: SIGNATURE_ERRORS.deleted,
      errorCode: "InvalidAccessKeyId.Deleted",
    });
  });
});
