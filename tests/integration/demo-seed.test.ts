// The demo seed on a real database: the stated counts, the demo sign-ins, the lead's team, and AccessKey
// last-used fields that agree with the events (they were written through the ingest path).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { verifyPassword } from "@/lib/auth/password";
import { isDatabaseEmpty, seedDemoData, type SeedSummary } from "@/lib/setup/seed-demo";
import { decryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { buildDemoDirectory, DEMO_COUNTS } from "@/lib/domain/demo";
import { userScopeOf } from "@/lib/queries/scope";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const now = new Date("2026-11-21T12:00:00.000Z");
const key = randomBytes(32);
let summary: SeedSummary;

beforeAll(async () => {
  await resetDatabase(database);
  expect(await isDatabaseEmpty(database)).toBe(true);
  summary = await seedDemoData(database, { now, encryptionKey: key });
});

afterAll(async () => {
  await db.$disconnect();
});

describe("demo seed", () => {
  it("creates the stated counts", async () => {
    expect(summary).toEqual({ users: 40, groups: 5, accessKeys: 60, events: 200_000 });
    expect(await isDatabaseEmpty(database)).toBe(false);
    expect(await db.account.findMany({ select: { name: true } })).toEqual([{ name: "Demo Corp" }]);
    expect(await db.user.count()).toBe(DEMO_COUNTS.users);
    const byType = await db.user.groupBy({ by: ["userType"], _count: true, orderBy: { userType: "asc" } });
    expect(byType.map((t) => [t.userType, t._count])).toEqual([
      ["Collaborator", 4],
      ["MessageReceiver", 4],
      ["Root", 1],
      ["SubUser", 31],
    ]);
    expect(await db.group.count()).toBe(5);
    expect(await db.accessKey.count()).toBe(60);
    expect(await db.accessKey.count({ where: { status: "Disabled" } })).toBe(10);
    expect(await db.accessKey.count({ where: { createdAt: { lt: new Date(now.getTime() - 90 * 86_400_000) } } })).toBe(
      15,
    );
    // Unused in the window: the never-used keys, and keys disabled before the 90 days of events began.
    const windowStart = new Date(now.getTime() - 90 * 86_400_000);
    const idle = buildDemoDirectory(now).accessKeys.filter(
      (k) => k.neverUsed || (k.disabledAt && k.disabledAt < windowStart),
    );
    expect(idle).toHaveLength(9);
    expect(await db.accessKey.count({ where: { lastUsedAt: null } })).toBe(idle.length);
    expect(await db.user.count({ where: { mfaEnabled: true } })).toBe(15);
    expect(await db.event.count()).toBe(200_000);
    expect(await db.event.count({ where: { origin: "demo" } })).toBe(200_000);
    const services = await db.event.findMany({ distinct: ["service"], select: { service: true } });
    expect(services.length).toBeGreaterThanOrEqual(15);
  });

  it("creates the three demo sign-ins with their roles and password", async () => {
    const demo = await db.user.findMany({
      where: { userName: { in: ["admin", "auditor", "lead"] } },
      orderBy: { userName: "asc" },
    });
    expect(demo.map((u) => [u.userName, u.consoleRole, u.consoleAccess])).toEqual([
      ["admin", "Administrator", true],
      ["auditor", "Auditor", true],
      ["lead", "TeamLead", true],
    ]);
    for (const user of demo) expect(await verifyPassword(user.passwordHash, "keytrail-demo")).toBe(true);
    expect(await db.user.count({ where: { consoleRole: { not: null } } })).toBe(3);
  });

  it("gives the team lead exactly the Platform group's members", async () => {
    const lead = await db.user.findUniqueOrThrow({ where: { userName: "lead" } });
    const led = await db.groupMembership.findMany({
      where: { userId: lead.id, isLead: true },
      include: { group: true },
    });
    expect(led.map((m) => m.group.name)).toEqual(["Platform"]);
    const scope = await userScopeOf(database, { id: lead.id, role: "TeamLead" });
    const members = await db.user.findMany({ where: { id: { in: scope! } }, select: { userName: true } });
    const expected = buildDemoDirectory(now).groups.find((g) => g.name === "Platform")!.members;
    expect(members.map((m) => m.userName).sort()).toEqual([...expected].sort());
    expect(expected).toHaveLength(8);
    expect(await userScopeOf(database, { id: lead.id, role: "Auditor" })).toBeNull();
  });

  it("stores AccessKey secrets encrypted, and last-used fields equal to each key's newest event", async () => {
    const directory = buildDemoDirectory(now);
    const keys = await db.accessKey.findMany({ orderBy: { accessKeyId: "asc" } });
    for (const stored of keys) {
      const demoKey = directory.accessKeys.find((k) => k.accessKeyId === stored.accessKeyId)!;
      expect(stored.secretEncrypted).not.toContain(demoKey.secret);
      expect(decryptSecret(stored.secretEncrypted, key, secretContext.accessKey(stored.accessKeyId))).toBe(
        demoKey.secret,
      );
      const newest = await db.event.findFirst({
        // (errorCode NULL must be spelled out: NOT (NULL LIKE ...) is not true in SQL.)
        where: {
          accessKeyId: stored.accessKeyId,
          OR: [{ errorCode: null }, { NOT: { errorCode: { startsWith: "InvalidAccessKeyId" } } }],
        },
        orderBy: [{ eventTime: "desc" }, { seq: "desc" }],
      });
      expect([stored.accessKeyId, stored.lastUsedAt]).toEqual([stored.accessKeyId, newest?.eventTime ?? null]);
      if (newest) {
        expect([stored.lastUsedService, stored.lastUsedRegion, stored.lastUsedIp]).toEqual([
          newest.service,
          newest.region,
          newest.sourceIpAddress,
        ]);
      }
    }
  });

  it("attributes every key-signed event to its key's owner", async () => {
    const unattributed = await db.event.count({ where: { accessKeyId: { not: null }, userId: null } });
    expect(unattributed).toBe(0);
    const onlyReceivers = await db.user.findMany({ where: { userType: "MessageReceiver" }, select: { id: true } });
    expect(await db.event.count({ where: { userId: { in: onlyReceivers.map((u) => u.id) } } })).toBe(0);
  });
});
