// The ingest path against a real database: read back by eventId exactly, idempotent on eventId,
// attribution to inventory users, and AccessKey last-used fields that only move forward.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingestEvents } from "@/lib/db/ingest-events";
import type { NormalisedEvent } from "@/lib/domain/event";
import { buildEvent } from "@/tests/fixtures/events";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;

function apiEvent(eventId: string, eventTime: string, overrides: Partial<NormalisedEvent> = {}): NormalisedEvent {
  return {
    ...buildEvent({
      eventId,
      eventTime: new Date(eventTime),
      userIdentity: { principalId: "p-1", userName: "alice", accessKeyId: "LTAIKEYALICE000000001" },
      sourceIpAddress: "203.0.113.7",
      userAgent: "aliyun-cli/3.0",
      region: "cn-hangzhou",
      resources: [{ type: "ACS::ECS::Instance", name: "i-bp1abc" }],
      requestId: `req-${eventId}`,
      requestParameters: { RegionId: "cn-hangzhou" },
    }),
    ...overrides,
  };
}

beforeAll(async () => {
  await resetDatabase(database);
  const account = await db.account.create({ data: { accountId: "1234567890123", name: "Test Org" } });
  const alice = await db.user.create({
    data: { accountId: account.id, userName: "alice", principalId: "p-1", displayName: "Alice", userType: "SubUser" },
  });
  await db.user.create({
    data: { accountId: account.id, userName: "bob", principalId: "p-2", displayName: "Bob", userType: "SubUser" },
  });
  await db.accessKey.create({
    data: { accessKeyId: "LTAIKEYALICE000000001", userId: alice.id, secretEncrypted: "v1:x:y:z" },
  });
});

afterAll(async () => {
  await db.$disconnect();
});

describe("ingestEvents", () => {
  it("stores an event that reads back by eventId with every field and the raw record verbatim", async () => {
    // Raw as a source would send it: odd spacing, key order and non-ASCII kept byte for byte.
    const raw = '{ "eventId":"e-read-1",  "note":"日本語 ünïcode", "eventName" : "DescribeInstances" }';
    const event = apiEvent("e-read-1", "2026-03-04T05:06:07.089Z", { raw });
    expect(await ingestEvents(database, [event])).toEqual({
      inserted: 1,
      duplicates: 0,
      insertedEventIds: ["e-read-1"],
    });

    const row = await db.event.findUnique({ where: { eventId: "e-read-1" } });
    const alice = await db.user.findUniqueOrThrow({ where: { userName: "alice" } });
    expect(row).toMatchObject({
      eventId: "e-read-1",
      eventTime: new Date("2026-03-04T05:06:07.089Z"),
      origin: "api",
      eventName: "DescribeInstances",
      eventSource: "ecs.aliyuncs.com",
      service: "ecs",
      eventType: "ApiCall",
      readOnly: true,
      sensitive: false,
      accountId: "1234567890123",
      identityType: "SubUser",
      principalId: "p-1",
      userName: "alice",
      accessKeyId: "LTAIKEYALICE000000001",
      mfaUsed: null,
      sourceIpAddress: "203.0.113.7",
      userAgent: "aliyun-cli/3.0",
      region: "cn-hangzhou",
      requestId: "req-e-read-1",
      errorCode: null,
      userId: alice.id,
    });
    expect(JSON.parse(row!.resources)).toEqual([{ type: "ACS::ECS::Instance", name: "i-bp1abc" }]);
    expect(JSON.parse(row!.requestParameters!)).toEqual({ RegionId: "cn-hangzhou" });
    expect(row!.responseElements).toBeNull();
    expect(row!.raw).toBe(raw);
  });

  it("does not store a duplicate eventId twice, across batches or within one", async () => {
    const before = await db.event.count();
    const again = await ingestEvents(database, [
      apiEvent("e-read-1", "2026-03-04T05:06:07.089Z", { eventName: "Changed" }),
    ]);
    expect(again).toEqual({ inserted: 0, duplicates: 1, insertedEventIds: [] });

    const batch = [
      apiEvent("e-dup-1", "2026-03-05T00:00:00.000Z"),
      apiEvent("e-dup-1", "2026-03-05T00:00:00.000Z"),
      apiEvent("e-dup-2", "2026-03-05T00:00:01.000Z"),
    ];
    expect(await ingestEvents(database, batch)).toEqual({
      inserted: 2,
      duplicates: 1,
      insertedEventIds: ["e-dup-1", "e-dup-2"],
    });
    expect(await db.event.count()).toBe(before + 2);
    expect((await db.event.findUniqueOrThrow({ where: { eventId: "e-read-1" } })).eventName).toBe("DescribeInstances");
    expect(await db.event.count({ where: { eventId: "e-dup-1" } })).toBe(1);
  });

  it("attributes events by AccessKey, else by account and user name, else to nobody", async () => {
    const bob = await db.user.findUniqueOrThrow({ where: { userName: "bob" } });
    const noKey = { type: "SubUser", principalId: "p-2", accessKeyId: null, mfaUsed: true, roleName: null };
    await ingestEvents(database, [
      apiEvent("e-bob", "2026-03-06T00:00:00.000Z", { userIdentity: { ...noKey, userName: "bob" } }),
      apiEvent("e-stranger", "2026-03-06T00:00:01.000Z", { userIdentity: { ...noKey, userName: "mallory" } }),
      apiEvent("e-other-account", "2026-03-06T00:00:02.000Z", {
        accountId: "999999999999",
        userIdentity: { ...noKey, userName: "bob" },
      }),
    ]);
    const owners = await db.event.findMany({
      where: { eventId: { in: ["e-bob", "e-stranger", "e-other-account"] } },
      orderBy: { eventId: "asc" },
    });
    expect(owners.map((e) => [e.eventId, e.userId])).toEqual([
      ["e-bob", bob.id],
      ["e-other-account", null],
      ["e-stranger", null],
    ]);
  });

  it("keeps the AccessKey's last-used time, service, region and IP at its newest event", async () => {
    // An imported cloud trail's calls: the ingest API's own (origin api) never set a key's last use.
    const trail = { origin: "actiontrail" } as const;
    await ingestEvents(database, [
      apiEvent("e-new", "2026-04-01T10:00:00.000Z", {
        ...trail,
        service: "oss",
        region: "cn-beijing",
        sourceIpAddress: "198.51.100.1",
      }),
      apiEvent("e-older", "2026-03-31T10:00:00.000Z", {
        ...trail,
        service: "rds",
        region: "cn-shanghai",
        sourceIpAddress: "198.51.100.2",
      }),
    ]);
    // A late-arriving older event does not move it back; a refused call with an inactive key does not count.
    await ingestEvents(database, [
      apiEvent("e-late", "2026-03-01T00:00:00.000Z", { ...trail, service: "vpc" }),
      apiEvent("e-refused", "2026-05-01T00:00:00.000Z", {
        ...trail,
        errorCode: "InvalidAccessKeyId.Inactive",
        service: "kms",
      }),
    ]);
    const key = await db.accessKey.findUniqueOrThrow({ where: { accessKeyId: "LTAIKEYALICE000000001" } });
    expect(key).toMatchObject({
      lastUsedAt: new Date("2026-04-01T10:00:00.000Z"),
      lastUsedService: "oss",
      lastUsedRegion: "cn-beijing",
      lastUsedIp: "198.51.100.1",
    });
  });

  it("stores `then`'s events after the batch, in its transaction, made from the eventIds that were new", async () => {
    const seen: string[][] = [];
    const result = await ingestEvents(
      database,
      [apiEvent("e-then-1", "2026-03-06T00:00:00.000Z"), apiEvent("e-dup-1", "2026-03-05T00:00:00.000Z")],
      {
        then: (inserted) => {
          seen.push(inserted);
          return [
            apiEvent("e-then-record", "2026-03-06T00:00:01.000Z", {
              eventName: "PutEvents",
              responseElements: { accepted: inserted.length },
            }),
          ];
        },
      },
    );
    // The result describes the batch only; `then` saw the batch's new eventIds, not the duplicate.
    expect(result).toEqual({ inserted: 1, duplicates: 1, insertedEventIds: ["e-then-1"] });
    expect(seen).toEqual([["e-then-1"]]);
    const [batchRow, record] = await db.event.findMany({
      where: { eventId: { in: ["e-then-1", "e-then-record"] } },
      orderBy: { seq: "asc" },
    });
    expect([batchRow.eventId, record.eventId, record.responseElements]).toEqual([
      "e-then-1",
      "e-then-record",
      '{"accepted":1}',
    ]);
    // Next in the account's chain, right after the batch.
    expect(record.chainIndex).toBe(batchRow.chainIndex! + 1);

    // An empty batch still stores `then`'s events; a failing `then` stores nothing of the batch either.
    await ingestEvents(database, [], { then: () => [apiEvent("e-then-alone", "2026-03-06T00:00:02.000Z")] });
    expect(await db.event.count({ where: { eventId: "e-then-alone" } })).toBe(1);
    await expect(
      ingestEvents(database, [apiEvent("e-then-lost", "2026-03-06T00:00:03.000Z")], {
        then: () => {
          throw new Error("the record cannot be made");
        },
      }),
    ).rejects.toThrow("the record cannot be made");
    expect(await db.event.count({ where: { eventId: "e-then-lost" } })).toBe(0);
  });
});
