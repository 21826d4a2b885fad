// POST /api/v1/events end to end against a real database: real Request objects signed with the client helper,
// handled by handleIngestRequest. Covers storage and idempotency, per-event answers, every refusal, and the
// audit of the call itself (PutEvents, AccessKey last-used fields).
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleIngestRequest } from "@/lib/api/ingest-request";
import { DOOR_ERRORS } from "@/lib/api/route-door";
import { signRequest } from "@/lib/api/sign-request";
import { encryptionKey } from "@/lib/config/local-secrets";
import { decryptSecret, encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { setAccessKeyIngest } from "@/lib/access-keys/access-key-ingest";
import { findSigningKey } from "@/lib/db/signing-key-lookup";
import { trustClientAddressHeader } from "@/lib/events/request-meta";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const env = { KEYTRAIL_ENCRYPTION_KEY: randomBytes(32).toString("base64url") };
const URL_ = "http://keytrail.test:3000/api/v1/events";
const ACTIVE = { id: "LTAIAPIACTIVE0000001", secret: "activeSecret-0123456789abcdefghij" };
const DISABLED = { id: "LTAIAPIDISABLED00001", secret: "disabledSecret-0123456789abcdefgh" };
const ORPHANED = { id: "LTAIAPIORPHANED00001", secret: "orphanSecret-0123456789abcdefghij" };
const DELETED = { id: "LTAIAPIDELETED000001", secret: "deletedSecret-0123456789abcdefghi" };
/** A key no administrator allowed to send events. */
const READER = { id: "LTAIAPIREADER0000001", secret: "readerSecret-0123456789abcdefghij" };
/** Named by the refused-signature flood only. */
const FLOODED = { id: "LTAIAPIFLOODED000001", secret: "floodedSecret-0123456789abcdefghi" };
/** Whole minutes, far from the real clock's: each refusal test owns its minutes, so the counters it reads are its own. */
const MINUTE_0 = Math.floor(Date.now() / 3_600_000) * 3_600_000 + 10 * 3_600_000;
const minute = (n: number, second = 0) => new Date(MINUTE_0 + n * 60_000 + second * 1000);
// As the console's server (scripts/server.ts) hands over the client address it resolved.
trustClientAddressHeader();
const CLIENT = { "x-keytrail-client-ip": "198.51.100.23", "user-agent": "keytrail-test/1.0" };

interface SendOptions {
  key?: { id: string; secret: string };
  signedBody?: string;
  now?: Date;
  serverNow?: Date;
  region?: string;
  contentType?: string;
  headers?: Record<string, string>;
  unsigned?: boolean;
}

/** Sign `signedBody` (default: body), send `body`, and return status and parsed JSON. */
async function send(body: string, options: SendOptions = {}) {
  const key = options.key ?? ACTIVE;
  const signed = options.unsigned
    ? { "content-type": "application/json" }
    : await signRequest({
        url: URL_,
        body: options.signedBody ?? body,
        accessKeyId: key.id,
        secret: key.secret,
        region: options.region,
        contentType: options.contentType,
        now: options.now,
      });
  const request = new Request(URL_, { method: "POST", headers: { ...signed, ...CLIENT, ...options.headers }, body });
  const response = await handleIngestRequest(request, database, { env, now: options.serverNow });
  return { status: response.status, json: await response.json() };
}

function event(eventId: string, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    eventId,
    eventTime: "2026-03-04T05:06:07.089Z",
    eventName: "DescribeInstances",
    eventSource: "ecs.aliyuncs.com",
    eventType: "ApiCall",
    readOnly: true,
    accountId: "1234567890123",
    userIdentity: { type: "SubUser", principalId: "p-bob", userName: "bob", accessKeyId: "LTAIEXTERNAL0000001" },
    sourceIpAddress: "203.0.113.7",
    userAgent: "aliyun-cli/3.0",
    region: "cn-beijing",
    resources: [{ type: "ACS::ECS::Instance", name: "i-bp1abc" }],
    requestId: `req-${eventId}`,
    requestParameters: { RegionId: "cn-beijing" },
    ...overrides,
  };
}

const batch = (events: unknown[]) => JSON.stringify({ events });
const putEvents = (accessKeyId: string, errorCode: string | null = null) =>
  db.event.findMany({ where: { eventName: "PutEvents", accessKeyId, errorCode }, orderBy: { seq: "asc" } });

beforeAll(async () => {
  await resetDatabase(database);
  const account = await db.account.create({ data: { accountId: "1234567890123", name: "Test Org" } });
  const user = (userName: string, deletedAt: Date | null = null) =>
    db.user.create({
      data: {
        accountId: account.id,
        userName,
        principalId: `p-${userName}`,
        displayName: userName,
        userType: "SubUser",
        deletedAt,
      },
    });
  const alice = await user("alice");
  const gone = await user("gone", new Date("2026-01-01T00:00:00Z"));
  const aesKey = encryptionKey(env);
  const key = (
    k: { id: string; secret: string },
    userId: number,
    status = "Active",
    deletedAt: Date | null = null,
    mayIngest = true,
  ) =>
    db.accessKey.create({
      data: {
        accessKeyId: k.id,
        userId,
        status,
        deletedAt,
        mayIngest,
        secretEncrypted: encryptSecret(k.secret, aesKey, secretContext.accessKey(k.id)),
      },
    });
  await key(ACTIVE, alice.id);
  await key(DISABLED, alice.id, "Disabled");
  await key(ORPHANED, gone.id);
  await key(DELETED, alice.id, "Disabled", new Date("2026-02-01T00:00:00Z"));
  await key(READER, alice.id, "Active", null, false);
  await key(FLOODED, alice.id);
});

afterAll(async () => {
  await db.$disconnect();
});

describe("POST /api/v1/events: storing events", () => {
  it("accepts a signed batch; the events are readable by eventId at once, exactly as sent", async () => {
    const records = [
      event("api-1"),
      event("api-2", { eventName: "StopInstance", readOnly: false, sensitive: true }),
      event("api-3"),
    ];
    const { status, json } = await send(batch(records), { contentType: "application/json; charset=utf-8" });
    expect(status).toBe(200);
    expect(json).toEqual({
      accepted: 3,
      duplicates: 0,
      rejected: 0,
      results: [
        { index: 0, eventId: "api-1", status: "accepted" },
        { index: 1, eventId: "api-2", status: "accepted" },
        { index: 2, eventId: "api-3", status: "accepted" },
      ],
    });
    const row = await db.event.findUnique({ where: { eventId: "api-2" } });
    expect(row).toMatchObject({
      eventTime: new Date("2026-03-04T05:06:07.089Z"),
      origin: "api",
      eventName: "StopInstance",
      eventSource: "ecs.aliyuncs.com",
      service: "ecs",
      eventType: "ApiCall",
      readOnly: false,
      sensitive: true,
      accountId: "1234567890123",
      identityType: "SubUser",
      principalId: "p-bob",
      userName: "bob",
      accessKeyId: "LTAIEXTERNAL0000001",
      sourceIpAddress: "203.0.113.7",
      userAgent: "aliyun-cli/3.0",
      region: "cn-beijing",
      requestId: "req-api-2",
      errorCode: null,
      errorMessage: null,
      responseElements: null,
    });
    expect(JSON.parse(row!.resources)).toEqual([{ type: "ACS::ECS::Instance", name: "i-bp1abc" }]);
    expect(JSON.parse(row!.requestParameters!)).toEqual({ RegionId: "cn-beijing" });
    expect(row!.raw).toBe(JSON.stringify(records[1]));
  });

  it("answers a retried identical batch with all duplicates and stores nothing twice", async () => {
    const before = await db.event.count({ where: { origin: "api" } });
    const records = [
      event("api-1"),
      event("api-2", { eventName: "StopInstance", readOnly: false, sensitive: true }),
      event("api-3"),
    ];
    const { status, json } = await send(batch(records));
    expect(status).toBe(200);
    expect(json).toMatchObject({ accepted: 0, duplicates: 3, rejected: 0 });
    expect(json.results.map((r: { status: string }) => r.status)).toEqual(["duplicate", "duplicate", "duplicate"]);
    expect(await db.event.count({ where: { origin: "api" } })).toBe(before);
  });

  it("answers a mixed batch per index with reasons, and stores the valid events", async () => {
    const records = [
      event("mix-1"),
      event("mix-2", { eventName: "" }),
      42,
      { eventTime: "yesterday" },
      event("mix-5", { eventTime: "2026-03-04" }),
      event("mix-6"),
    ];
    const { status, json } = await send(batch(records));
    expect(status).toBe(200);
    expect(json).toMatchObject({ accepted: 2, duplicates: 0, rejected: 4 });
    expect(json.results).toEqual([
      { index: 0, eventId: "mix-1", status: "accepted" },
      { index: 1, eventId: "mix-2", status: "rejected", reason: "eventName: eventName is empty" },
      { index: 2, eventId: null, status: "rejected", reason: expect.stringMatching(/^record: /) },
      { index: 3, eventId: null, status: "rejected", reason: expect.stringMatching(/^eventId: /) },
      { index: 4, eventId: "mix-5", status: "rejected", reason: "eventTime: eventTime must be an ISO-8601 date-time" },
      { index: 5, eventId: "mix-6", status: "accepted" },
    ]);
    const stored = await db.event.findMany({ where: { eventId: { startsWith: "mix-" } }, select: { eventId: true } });
    expect(stored.map((e) => e.eventId).sort()).toEqual(["mix-1", "mix-6"]);
  });

  it("accepts the first of two events with the same eventId in one batch and calls the second a duplicate", async () => {
    const { json } = await send(batch([event("dup-1"), event("dup-1", { eventName: "Other" }), event("dup-2")]));
    expect(json.results).toEqual([
      { index: 0, eventId: "dup-1", status: "accepted" },
      { index: 1, eventId: "dup-1", status: "duplicate" },
      { index: 2, eventId: "dup-2", status: "accepted" },
    ]);
    expect(json).toMatchObject({ accepted: 2, duplicates: 1, rejected: 0 });
    expect((await db.event.findUniqueOrThrow({ where: { eventId: "dup-1" } })).eventName).toBe("DescribeInstances");
  });

  it("records the signed call as PutEvents and as the key's last use", async () => {
    // Later than every earlier call, whole seconds (what X-Amz-Date carries).
    const now = new Date(Math.ceil(Date.now() / 1000) * 1000 + 60_000);
    const { status } = await send(batch([event("use-1"), event("use-2")]), {
      now,
      serverNow: now,
      region: "ap-guangzhou",
    });
    expect(status).toBe(200);
    const key = await db.accessKey.findUniqueOrThrow({ where: { accessKeyId: ACTIVE.id } });
    expect(key).toMatchObject({
      lastUsedAt: now,
      lastUsedService: "keytrail",
      lastUsedRegion: "ap-guangzhou",
      lastUsedIp: "198.51.100.23",
    });

    const alice = await db.user.findUniqueOrThrow({ where: { userName: "alice" } });
    const call = (await putEvents(ACTIVE.id)).find((e) => e.eventTime.getTime() === now.getTime());
    expect(call).toMatchObject({
      origin: "keytrail",
      eventSource: "keytrail",
      service: "keytrail",
      eventType: "ApiCall",
      readOnly: false,
      accountId: "1234567890123",
      identityType: "SubUser",
      principalId: "p-alice",
      userName: "alice",
      accessKeyId: ACTIVE.id,
      region: "ap-guangzhou",
      sourceIpAddress: "198.51.100.23",
      userAgent: "keytrail-test/1.0",
      errorCode: null,
      userId: alice.id,
    });
    expect(JSON.parse(call!.requestParameters!)).toEqual({ eventCount: 2 });
    expect(JSON.parse(call!.responseElements!)).toEqual({ accepted: 2, duplicates: 0, rejected: 0 });
    expect(call!.raw).not.toContain("use-1");
  });
});

describe("POST /api/v1/events: refusals", () => {
  const INVALID = { error: "The AccessKey or signature is not valid" };

  it("refuses an unsigned request", async () => {
    expect(await send(batch([event("x-unsigned")]), { unsigned: true })).toEqual({
      status: 401,
      json: { error: "Missing or malformed SigV4 Authorization header" },
    });
  });

  it("refuses a wrong secret and an unknown key alike; audits the known key's failed call", async () => {
    expect(await send(batch([event("x-wrong")]), { key: { id: ACTIVE.id, secret: "not-the-secret" } })).toEqual({
      status: 401,
      json: INVALID,
    });
    expect(
      await send(batch([event("x-unknown")]), { key: { id: "LTAINOSUCHKEY0000001", secret: "whatever" } }),
    ).toEqual({ status: 401, json: INVALID });
    expect(await putEvents(ACTIVE.id, "SignatureDoesNotMatch")).toHaveLength(1);
    expect(await db.event.count({ where: { accessKeyId: "LTAINOSUCHKEY0000001" } })).toBe(0);
    expect(await db.event.count({ where: { eventId: { in: ["x-wrong", "x-unknown"] } } })).toBe(0);
  });

  it("a refused call by someone without the secret does not move the key's last-used fields", async () => {
    const before = await db.accessKey.findUniqueOrThrow({ where: { accessKeyId: ACTIVE.id } });
    const later = new Date(Math.ceil(Date.now() / 1000) * 1000 + 3_600_000);
    const forged = await send(batch([event("x-forged")]), {
      key: { id: ACTIVE.id, secret: "guess" },
      now: later,
      serverNow: later,
      region: "eu-central-1",
    });
    expect(forged.status).toBe(401);
    expect(await putEvents(ACTIVE.id, "SignatureDoesNotMatch")).toHaveLength(2);
    const after = await db.accessKey.findUniqueOrThrow({ where: { accessKeyId: ACTIVE.id } });
    expect([after.lastUsedAt, after.lastUsedRegion, after.lastUsedIp]).toEqual([
      before.lastUsedAt,
      before.lastUsedRegion,
      before.lastUsedIp,
    ]);
  });

  it("refuses a body changed after signing", async () => {
    const tampered = await send(batch([event("x-tampered", { eventName: "DeleteTrail" })]), {
      signedBody: batch([event("x-tampered")]),
    });
    expect(tampered).toEqual({
      status: 401,
      json: { error: "x-amz-content-sha256 does not match the SHA-256 of the body" },
    });
    // Without the payload-hash header the server hashes the body itself: the signature then fails.
    const headers = await signRequest({
      url: URL_,
      body: batch([event("x-tampered")]),
      accessKeyId: ACTIVE.id,
      secret: ACTIVE.secret,
    });
    delete headers["x-amz-content-sha256"];
    const request = new Request(URL_, {
      method: "POST",
      headers,
      body: batch([event("x-tampered", { eventName: "DeleteTrail" })]),
    });
    expect((await handleIngestRequest(request, database, { env })).status).toBe(401);
    expect(await db.event.count({ where: { eventId: "x-tampered" } })).toBe(0);
  });

  it("refuses a correctly signed call with a disabled key, without counting it as a use", async () => {
    expect(await send(batch([event("x-disabled")]), { key: DISABLED })).toEqual({
      status: 403,
      json: { error: "The AccessKey is disabled" },
    });
    expect(await putEvents(DISABLED.id, "InvalidAccessKeyId.Inactive")).toHaveLength(1);
    expect((await db.accessKey.findUniqueOrThrow({ where: { accessKeyId: DISABLED.id } })).lastUsedAt).toBeNull();
    // Without the secret, the key's state is not revealed.
    expect(await send(batch([event("x-disabled")]), { key: { id: DISABLED.id, secret: "guess" } })).toEqual({
      status: 401,
      json: INVALID,
    });
  });

  it("refuses a key whose owner is deleted with 401, as for a deleted user's session", async () => {
    expect(await send(batch([event("x-orphan")]), { key: ORPHANED })).toEqual({
      status: 401,
      json: { error: "The AccessKey's owner has been deleted" },
    });
    expect(await putEvents(ORPHANED.id, "InvalidAccessKeyId.OwnerDeleted")).toHaveLength(1);
    expect(await db.event.count({ where: { eventId: "x-orphan" } })).toBe(0);
  });

  it("refuses a deleted key, and audits the call", async () => {
    expect(await send(batch([event("x-deleted")]), { key: DELETED })).toEqual({
      status: 403,
      json: { error: "The AccessKey has been deleted" },
    });
    expect(await putEvents(DELETED.id, "InvalidAccessKeyId.Deleted")).toHaveLength(1);
    expect(await db.event.count({ where: { eventId: "x-deleted" } })).toBe(0);
  });

  it("looks the signing key up with its owner and account, in one statement on the direct connection", async () => {
    const aesKey = encryptionKey(env);
    const rows = await Promise.all([ACTIVE, DISABLED, ORPHANED, DELETED].map((k) => findSigningKey(database, k.id)));
    const alice = await db.user.findUniqueOrThrow({ where: { userName: "alice" } });
    const gone = await db.user.findUniqueOrThrow({ where: { userName: "gone" } });
    const owner = (u: typeof alice) => ({
      userName: u.userName,
      principalId: u.principalId,
      userType: "SubUser",
      ownerDeleted: u.deletedAt !== null,
      accountId: "1234567890123",
      accountDbId: u.accountId,
      ownerId: u.id,
      ownerConsoleAccess: false,
      ownerConsoleRole: null,
      ownerMustChangePassword: false,
    });
    expect(
      rows.map(
        (row) =>
          row && {
            ...row,
            secretEncrypted: decryptSecret(row.secretEncrypted, aesKey, secretContext.accessKey(row.accessKeyId)),
          },
      ),
    ).toEqual([
      {
        accessKeyId: ACTIVE.id,
        status: "Active",
        deleted: false,
        secretEncrypted: ACTIVE.secret,
        mayIngest: true,
        ...owner(alice),
      },
      {
        accessKeyId: DISABLED.id,
        status: "Disabled",
        deleted: false,
        secretEncrypted: DISABLED.secret,
        mayIngest: true,
        ...owner(alice),
      },
      {
        accessKeyId: ORPHANED.id,
        status: "Active",
        deleted: false,
        secretEncrypted: ORPHANED.secret,
        mayIngest: true,
        ...owner(gone),
      },
      {
        accessKeyId: DELETED.id,
        status: "Disabled",
        deleted: true,
        secretEncrypted: DELETED.secret,
        mayIngest: true,
        ...owner(alice),
      },
    ]);
    expect(await findSigningKey(database, READER.id)).toMatchObject({ mayIngest: false });
    expect(await findSigningKey(database, "LTAIAPIUNKNOWN000001")).toBeNull();
    // Exact match only: LIKE-style or case-folded look-ups would let one key's signature name another.
    expect(await findSigningKey(database, ACTIVE.id.toLowerCase())).toBeNull();
  });

  it("refuses a request signed more than 15 minutes from the server clock, either way", async () => {
    const skewed = { status: 401, json: { error: "Request time is more than 15 minutes from the server time" } };
    // Two minutes of their own: each refusal is the first of its minute, so each is recorded.
    expect(
      await send(batch([event("x-old")]), { now: new Date(minute(0).getTime() - 16 * 60_000), serverNow: minute(0) }),
    ).toEqual(skewed);
    expect(
      await send(batch([event("x-new")]), { now: new Date(minute(1).getTime() + 16 * 60_000), serverNow: minute(1) }),
    ).toEqual(skewed);
    expect(await putEvents(ACTIVE.id, "RequestTimeTooSkewed")).toHaveLength(2);
  });

  it("refuses more than 1,000 events in one request", async () => {
    const many = Array.from({ length: 1001 }, (_, i) => event(`x-many-${i}`));
    const { status, json } = await send(batch(many));
    expect(status).toBe(413);
    expect(json.error).toMatch(/1001 .*at most 1,000 events/);
    expect(await db.event.count({ where: { eventId: { startsWith: "x-many-" } } })).toBe(0);
  });

  it("refuses a body over 5 MB, whether announced by Content-Length or only found while reading", async () => {
    const tooLarge = {
      status: 413,
      json: { error: "Body larger than 5 MB: send at most 1,000 events or 5 MB per request" },
    };
    const big = batch([event("x-big", { requestParameters: { blob: "x".repeat(5 * 1024 * 1024) } })]);
    expect(await send(big, { headers: { "content-length": String(Buffer.byteLength(big)) } })).toEqual(tooLarge);
    expect(await send(big)).toEqual(tooLarge);
  });

  it("refuses a content type other than JSON", async () => {
    expect(await send(batch([event("x-type")]), { headers: { "content-type": "text/plain" } })).toEqual({
      status: 415,
      json: { error: "Content-Type must be application/json" },
    });
  });

  it("refuses broken JSON and a body without an events array, with the reason", async () => {
    const broken = await send('{"events": [');
    expect(broken.status).toBe(400);
    expect(broken.json.error).toMatch(/^Body is not valid JSON: /);
    expect(await send(JSON.stringify([event("x-bare")]))).toEqual({
      status: 400,
      json: { error: 'Body must be a JSON object with an "events" array' },
    });
    expect(await putEvents(ACTIVE.id, "InvalidJson")).toHaveLength(1);
  });
});

describe("POST /api/v1/events: the ingest permission", () => {
  const NOT_ALLOWED = DOOR_ERRORS.ingest;

  it("refuses a correctly signed call by a key not allowed to send events: 403, nothing stored, a refused PutEvents", async () => {
    expect(await send(batch([event("perm-1")]), { key: READER })).toEqual({
      status: 403,
      json: { error: NOT_ALLOWED },
    });
    expect(await db.event.count({ where: { eventId: "perm-1" } })).toBe(0);
    const refused = await putEvents(READER.id, "NoPermission.Ingest");
    expect(refused).toHaveLength(1);
    expect(refused[0]).toMatchObject({
      userName: "alice",
      errorMessage: NOT_ALLOWED,
      sourceIpAddress: expect.any(String),
    });
  });

  it("accepts the key once an administrator allowed it, records the change, and refuses again once revoked", async () => {
    const alice = await db.user.findUniqueOrThrow({ where: { userName: "alice" }, include: { account: true } });
    const admin = {
      id: alice.id,
      role: "Administrator" as const,
      userName: "alice",
      principalId: "p-alice",
      userType: "SubUser",
      accountId: "1234567890123",
      accountDbId: alice.accountId,
    };
    const meta = { sourceIpAddress: "192.0.2.1", userAgent: "test" };
    expect(await setAccessKeyIngest(database, admin, READER.id, true, meta)).toEqual({
      ok: true,
      message: `AccessKey ${READER.id} may now send events.`,
    });
    expect(await send(batch([event("perm-2")]), { key: READER })).toMatchObject({ status: 200, json: { accepted: 1 } });
    expect(await db.event.count({ where: { eventId: "perm-2" } })).toBe(1);

    expect(await setAccessKeyIngest(database, admin, READER.id, false, meta)).toMatchObject({ ok: true });
    expect((await send(batch([event("perm-3")]), { key: READER })).status).toBe(403);
    expect(await db.event.count({ where: { eventId: "perm-3" } })).toBe(0);
    const changes = await db.event.findMany({
      where: { eventName: "UpdateAccessKeyIngestPermission" },
      orderBy: { seq: "asc" },
    });
    expect(changes.map((e) => [e.userName, e.errorCode, JSON.parse(e.requestParameters!)])).toEqual([
      ["alice", null, { AccessKeyId: READER.id, MayIngest: true, UserName: "alice" }],
      ["alice", null, { AccessKeyId: READER.id, MayIngest: false, UserName: "alice" }],
    ]);
    // Only an administrator changes it, and the refusal is recorded too.
    expect(await setAccessKeyIngest(database, { ...admin, role: "Auditor" }, READER.id, true, meta)).toMatchObject({
      ok: false,
    });
    expect(
      await db.event.count({ where: { eventName: "UpdateAccessKeyIngestPermission", errorCode: "NoPermission" } }),
    ).toBe(1);
    expect((await db.accessKey.findUniqueOrThrow({ where: { accessKeyId: READER.id } })).mayIngest).toBe(false);
  });
});

describe("POST /api/v1/events: a flood of refused signatures", () => {
  it("stores the first refusal of a key's minute and one aggregate with the exact count, with server-chosen fields only", async () => {
    const flood = minute(10, 5);
    const longAgent = `flood-agent/${"x".repeat(500)}`;
    const bodies = Array.from({ length: 200 }, (_, i) => batch([event(`flood-${i}`, { eventName: `Forged${i}` })]));
    const answers = await Promise.all(
      bodies.map((body) =>
        send(body, {
          key: { id: FLOODED.id, secret: "guessed-secret" },
          now: flood,
          serverNow: flood,
          region: "attacker-region",
          headers: { "user-agent": longAgent },
        }),
      ),
    );
    expect(answers.every((a) => a.status === 401)).toBe(true);
    const refused = () => db.event.findMany({ where: { accessKeyId: FLOODED.id }, orderBy: { seq: "asc" } });
    const during = await refused();
    expect(during).toHaveLength(1);
    expect(during[0]).toMatchObject({
      eventName: "PutEvents",
      errorCode: "SignatureDoesNotMatch",
      errorMessage: "The AccessKey or signature is not valid",
      region: null,
      requestParameters: null,
      responseElements: null,
      userAgent: longAgent.slice(0, 64),
    });
    expect(await db.signatureRefusal.findMany({ where: { accessKeyId: FLOODED.id, sourceIp: "" } })).toEqual([
      { accessKeyId: FLOODED.id, minute: Math.floor(flood.getTime() / 60_000), sourceIp: "", count: 200 },
    ]);

    // The next minute's first proven call closes the minute: one aggregate, the counters gone.
    const next = minute(11, 5);
    expect((await send(batch([event("flood-good")]), { key: FLOODED, now: next, serverNow: next })).status).toBe(200);
    const after = (await refused()).filter((e) => e.errorCode !== null);
    expect(after).toHaveLength(2);
    expect(after[1]).toMatchObject({
      eventName: "PutEvents",
      errorCode: "SignatureDoesNotMatch.Aggregated",
      region: null,
      userAgent: null,
      requestParameters: null,
      eventTime: new Date(minute(11).getTime() - 1),
    });
    const aggregate = JSON.parse(after[1].responseElements!);
    expect(aggregate).toMatchObject({ refusedCalls: 200, minute: minute(10).toISOString(), otherSources: 0 });
    expect(aggregate.sources.reduce((sum: number, s: { count: number }) => sum + s.count, 0)).toBe(200);
    expect(await db.signatureRefusal.count({ where: { accessKeyId: FLOODED.id } })).toBe(0);
    // Nothing the callers sent was stored: no body field, no forged event.
    expect(await db.event.count({ where: { eventId: { startsWith: "flood-" } } })).toBe(1);
    expect(await db.event.count({ where: { eventName: { startsWith: "Forged" } } })).toBe(0);
    // Once closed, the minute is not recorded again.
    const later = minute(12, 5);
    expect(
      (
        await send(batch([event("flood-bad")]), {
          key: { id: FLOODED.id, secret: "again" },
          now: later,
          serverNow: later,
        })
      ).status,
    ).toBe(401);
    expect(
      await db.event.count({ where: { accessKeyId: FLOODED.id, errorCode: "SignatureDoesNotMatch.Aggregated" } }),
    ).toBe(1);
  });
});

describe("values a database would refuse", () => {
  it("rejects the one record with a NUL character and stores the rest of the batch", async () => {
    const { status, json } = await send(
      batch([event("nul-bad", { userIdentity: { type: "SubUser", userName: "bo\u0000b" } }), event("nul-good")]),
    );
    expect(status).toBe(200);
    expect(json).toMatchObject({
      accepted: 1,
      duplicates: 0,
      rejected: 1,
      results: [
        { index: 0, eventId: "nul-bad", status: "rejected", reason: "userIdentity.userName: contains a NUL character" },
        { index: 1, eventId: "nul-good", status: "accepted" },
      ],
    });
    expect(await db.event.count({ where: { eventId: { in: ["nul-bad", "nul-good"] } } })).toBe(1);
  });
});
