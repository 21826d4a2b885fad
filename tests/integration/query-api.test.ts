// GET /api/v1/events against a real database: session or signed callers, each within their role's scope,
// the explorer's filters as parameters, paging by cursor, and 400s that name the parameter.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleQueryRequest } from "@/lib/api/query-request";
import { DOOR_ERRORS } from "@/lib/api/route-door";
import { signRequest } from "@/lib/api/sign-request";
import { encryptionKey } from "@/lib/config/local-secrets";
import { encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { ingestEvents } from "@/lib/db/ingest-events";
import { buildEvent } from "@/tests/fixtures/events";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const env = { KEYTRAIL_ENCRYPTION_KEY: randomBytes(32).toString("base64url") };
const BASE = "http://keytrail.test/api/v1/events";
const now = new Date();
const KEYS = { admin: "LTAIQUERYADMIN000001", lead: "LTAIQUERYLEAD0000001", plain: "LTAIQUERYPLAIN000001" };
const SECRET = "query-secret-0123456789abcdefghij";
const users: Record<
  string,
  {
    id: number;
    userName: string;
    principalId: string;
    userType: string;
    role: "Administrator" | "TeamLead";
    accountId: string;
  }
> = {};

async function get(query: string, caller: { session?: keyof typeof users; key?: string; secret?: string } = {}) {
  const url = `${BASE}${query ? `?${query}` : ""}`;
  const headers = caller.key
    ? await signRequest({ url, method: "GET", body: "", accessKeyId: caller.key, secret: caller.secret ?? SECRET })
    : {};
  const response = await handleQueryRequest(new Request(url, { headers }), database, {
    sessionUser: caller.session ? users[caller.session] : null,
    env,
  });
  return { status: response.status, json: await response.json() };
}

beforeAll(async () => {
  await resetDatabase(database);
  const account = await db.account.create({ data: { accountId: "333333333333", name: "Query API Org" } });
  const make = async (userName: string, consoleRole: string | null) => {
    const user = await db.user.create({
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
      users[userName] = {
        id: user.id,
        userName,
        principalId: user.principalId,
        userType: "SubUser",
        role: consoleRole as "Administrator" | "TeamLead",
        accountId: "333333333333",
      };
    return user;
  };
  const admin = await make("admin", "Administrator");
  const lead = await make("lead", "TeamLead");
  const member = await make("member", null);
  const plain = await make("plain", null);
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
    [plain, KEYS.plain],
  ] as const) {
    await db.accessKey.create({
      data: {
        accessKeyId: id,
        userId: owner.id,
        secretEncrypted: encryptSecret(SECRET, aes, secretContext.accessKey(id)),
      },
    });
  }
  await ingestEvents(
    database,
    Array.from({ length: 30 }, (_, i) =>
      buildEvent({
        eventId: `api-q-${String(i).padStart(2, "0")}`,
        eventTime: new Date(now.getTime() - (i + 1) * 60_000),
        eventName: i % 2 ? "GetUser" : "DeleteUser",
        eventSource: "ram.aliyuncs.com",
        service: "ram",
        readOnly: i % 2 === 1,
        accountId: "333333333333",
        userIdentity: { userName: i % 3 === 0 ? "member" : "admin" },
        sourceIpAddress: "198.51.100.4",
        region: "cn-shanghai",
      }),
    ),
  );
});

afterAll(async () => {
  await db.$disconnect();
});

const ids = (json: { events: { eventId: string }[] }) => json.events.map((e) => e.eventId);

describe("GET /api/v1/events", () => {
  it("answers a session caller with normalised events, newest first, and pages by cursor", async () => {
    const first = await get("eventName=DeleteUser&limit=10", { session: "admin" });
    expect(first.status).toBe(200);
    expect(ids(first.json)).toEqual(Array.from({ length: 10 }, (_, k) => `api-q-${String(k * 2).padStart(2, "0")}`));
    expect(first.json.events[0]).toMatchObject({
      eventName: "DeleteUser",
      serviceName: "ram",
      userIdentity: { userName: "member" },
      raw: expect.any(String),
    });
    const second = await get(`eventName=DeleteUser&limit=10&cursor=${first.json.nextCursor}`, { session: "admin" });
    expect(ids(second.json)).toEqual(["api-q-20", "api-q-22", "api-q-24", "api-q-26", "api-q-28"]);
    expect(second.json.nextCursor).toBeNull();
  });

  it("treats a repeated parameter as OR and combines fields with AND", async () => {
    const both = await get("eventName=DeleteUser&eventName=GetUser&userName=member&readOnly=true&limit=1000", {
      session: "admin",
    });
    expect(ids(both.json)).toEqual(["api-q-03", "api-q-09", "api-q-15", "api-q-21", "api-q-27"]);
  });

  it("answers 400 naming the parameter for unknown parameters and bad values", async () => {
    expect(await get("colour=red", { session: "admin" })).toEqual({
      status: 400,
      json: { error: "colour: unknown parameter", parameter: "colour" },
    });
    expect(await get("event=api-q-01", { session: "admin" })).toMatchObject({
      status: 400,
      json: { parameter: "event" },
    });
    expect(await get("limit=1001", { session: "admin" })).toEqual({
      status: 400,
      json: { error: "limit: must be a whole number from 1 to 1000", parameter: "limit" },
    });
    expect(await get("readOnly=maybe", { session: "admin" })).toMatchObject({
      status: 400,
      json: { parameter: "readOnly" },
    });
    expect(await get("from=last-week", { session: "admin" })).toMatchObject({
      status: 400,
      json: { parameter: "from" },
    });
  });

  it("answers a signed caller within its owner's console role, and records the read as a use of the key", async () => {
    const admin = await get("limit=1000", { key: KEYS.admin });
    expect(admin.status).toBe(200);
    expect(admin.json.events.filter((e: { eventId: string }) => e.eventId.startsWith("api-q-"))).toHaveLength(30);
    const lead = await get("limit=1000", { key: KEYS.lead });
    expect(ids(lead.json).filter((id) => id.startsWith("api-q-"))).toEqual(
      Array.from({ length: 10 }, (_, k) => `api-q-${String(k * 3).padStart(2, "0")}`),
    );
    const read = await db.event.findFirstOrThrow({ where: { eventName: "LookupEvents", accessKeyId: KEYS.lead } });
    expect(read).toMatchObject({ userName: "lead", eventType: "ApiCall", readOnly: true });
    expect((await db.accessKey.findUniqueOrThrow({ where: { accessKeyId: KEYS.lead } })).lastUsedService).toBe(
      "keytrail",
    );
  });

  it("refuses callers without a session, without a console role, or with a bad signature", async () => {
    expect((await get("")).status).toBe(401);
    expect(await get("", { key: KEYS.plain })).toEqual({ status: 401, json: { error: DOOR_ERRORS.ownerNoAccess } });
    expect(await get("", { key: KEYS.admin, secret: "wrong" })).toEqual({
      status: 401,
      json: { error: "The AccessKey or signature is not valid" },
    });
  });

  // The role table's last column holds for signed requests too: what a disabled or deleted user could not open in
  // the console, their AccessKey cannot read either.
  describe("a caller whose user changed since", () => {
    const setUser = (
      userName: string,
      data: { consoleAccess?: boolean; deletedAt?: Date | null; mustChangePassword?: boolean },
    ) => db.user.update({ where: { userName }, data });
    const reads = async () => db.event.count({ where: { eventName: "LookupEvents", userName: "admin" } });

    it("refuses a signed GET whose owner's console access is disabled with 401, and records no read", async () => {
      const before = await reads();
      await setUser("admin", { consoleAccess: false });
      try {
        expect(await get("", { key: KEYS.admin })).toEqual({ status: 401, json: { error: DOOR_ERRORS.ownerNoAccess } });
        expect(await get("", { session: "admin" })).toEqual({ status: 401, json: { error: DOOR_ERRORS.noAccess } });
        expect(await reads()).toBe(before);
      } finally {
        await setUser("admin", { consoleAccess: true });
      }
      expect((await get("", { key: KEYS.admin })).status).toBe(200);
    });

    it("refuses a signed GET whose owner is deleted with 401", async () => {
      await setUser("admin", { deletedAt: new Date() });
      try {
        expect(await get("", { key: KEYS.admin })).toEqual({
          status: 401,
          json: { error: "The AccessKey's owner has been deleted" },
        });
        expect(await get("", { session: "admin" })).toEqual({ status: 401, json: { error: DOOR_ERRORS.noAccess } });
      } finally {
        await setUser("admin", { deletedAt: null });
      }
    });

    it("refuses a session that must change its password with 403; its signed key still reads", async () => {
      await setUser("admin", { mustChangePassword: true });
      try {
        expect(await get("", { session: "admin" })).toEqual({
          status: 403,
          json: { error: DOOR_ERRORS.mustChangePassword },
        });
        expect((await get("", { key: KEYS.admin })).status).toBe(200);
      } finally {
        await setUser("admin", { mustChangePassword: false });
      }
    });

    it("answers a session by the role read now, not the one the session started with", async () => {
      await db.user.update({ where: { userName: "lead" }, data: { consoleRole: null } });
      try {
        expect(await get("", { session: "lead" })).toEqual({ status: 401, json: { error: DOOR_ERRORS.noAccess } });
        expect(await get("", { key: KEYS.lead })).toEqual({ status: 401, json: { error: DOOR_ERRORS.ownerNoAccess } });
      } finally {
        await db.user.update({ where: { userName: "lead" }, data: { consoleRole: "TeamLead" } });
      }
    });
  });
});
