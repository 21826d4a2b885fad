// The event stream read through the driver (lib/queries/events-after.ts) gives exactly Prisma's records: every
// column, times, booleans (true, false, null), numbers and nulls, in seq order from any position.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "@/lib/db/ingest-events";
import type { NormalisedEvent } from "@/lib/domain/event";
import { eventsAfter } from "@/lib/queries/events-after";
import { buildEvent } from "@/tests/fixtures/events";
import { openTestDatabase, resetDatabase } from "./test-database";

// A zone other than UTC for this file's process: a stored time read back as local time would then differ.
process.env.TZ = "Asia/Shanghai";

const database = openTestDatabase();
const { db } = database;

function event(i: number): NormalisedEvent {
  return buildEvent({
    eventId: `after-${i}`,
    eventTime: new Date(Date.UTC(2026, 2, 4, 5, 6, 7, i)),
    eventName: i % 2 ? "DescribeInstances" : "ConsoleSignin",
    eventType: i % 2 ? "ApiCall" : "ConsoleSignin",
    readOnly: i % 3 === 0 ? null : i % 3 === 1,
    sensitive: i % 4 === 0,
    accountId: i % 5 === 0 ? null : "1234567890123",
    userIdentity: {
      principalId: i % 2 ? "p-1" : null,
      userName: i % 2 ? "alice" : "nobody",
      accessKeyId: i % 2 ? "LTAIAFTER00000000001" : null,
      mfaUsed: i % 3 === 0 ? null : i % 3 === 2,
    },
    sourceIpAddress: i % 7 === 0 ? null : `203.0.113.${i}`,
    userAgent: "aliyun-cli/3.0",
    region: "cn-hangzhou",
    resources: i % 2 ? [{ type: "ACS::ECS::Instance", name: `i-${i}` }] : [],
    requestId: `req-${i}`,
    errorCode: i % 6 === 0 ? "Forbidden" : null,
    errorMessage: i % 6 === 0 ? "=cmd|' /C calc'!A0 \u00e9\u4e2d" : null,
    requestParameters: i % 2 ? { RegionId: "cn-hangzhou", n: i } : null,
  });
}

beforeAll(async () => {
  await resetDatabase(database);
  const account = await db.account.create({ data: { accountId: "1234567890123", name: "Test Org" } });
  const alice = await db.user.create({
    data: { accountId: account.id, userName: "alice", principalId: "p-1", displayName: "Alice", userType: "SubUser" },
  });
  await db.accessKey.create({
    data: { accessKeyId: "LTAIAFTER00000000001", userId: alice.id, secretEncrypted: "v1:x:y:z" },
  });
  await ingestEvents(
    database,
    Array.from({ length: 30 }, (_, i) => event(i)),
  );
});

afterAll(async () => {
  await db.$disconnect();
});

describe("eventsAfter", () => {
  it("reads Prisma's records, in seq order, from any position and with any limit", async () => {
    const all = await db.event.findMany({ orderBy: { seq: "asc" } });
    expect(all).toHaveLength(30);
    // The fixture covers what a conversion could get wrong.
    expect(new Set(all.map((e) => e.readOnly))).toEqual(new Set([true, false, null]));
    expect(all.some((e) => e.userId !== null) && all.some((e) => e.userId === null)).toBe(true);
    for (const [position, limit] of [
      [0, 1000],
      [0, 7],
      [all[11].seq, 5],
      [all[29].seq, 10],
    ]) {
      const prisma = await db.event.findMany({
        where: { seq: { gt: position } },
        orderBy: { seq: "asc" },
        take: limit,
      });
      expect(await eventsAfter(database, position, limit)).toEqual(prisma);
    }
    expect(await eventsAfter(database, all[29].seq, 10)).toEqual([]);
  });
});
