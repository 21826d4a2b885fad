// Sign-in limits under attack, against a real database: 30 parallel guesses against one user, one unknown name
// and from one source IP each get exactly the limit's worth of password checks; forged ConsoleSignin events and
// key uses sent through the ingest path (origin "api") move no lockout, throttle, abnormal-sign-in baseline,
// report sign-in history or key last use; a typed password is not stored as a user name; a restored user's old
// sessions stay ended.
import { randomUUID } from "node:crypto";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { createSession, touchSession } from "@/lib/auth/console-sessions";
import { hashPassword } from "@/lib/auth/password";
import { DEFAULT_PASSWORD_POLICY, savePasswordPolicy } from "@/lib/auth/password-policy";
import { checkSignIn, INVALID_USER_NAME, type SignInResult } from "@/lib/auth/sign-in";
import { ingestEvents } from "@/lib/db/ingest-events";
import type { DirectoryActor } from "@/lib/directory/directory-events";
import { deleteUser, restoreUser } from "@/lib/directory/user-changes";
import type { EventOrigin, NormalisedEvent } from "@/lib/domain/event";
import { signinAttemptsByUser } from "@/lib/queries/signin-history";
import { buildEvent } from "@/tests/fixtures/events";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const ACCOUNT = "3234567890123";
const PASSWORD = "correct horse battery";
let accountDbId = 0;
let ipCounter = 0;
const freshIp = () => `198.18.${Math.floor(++ipCounter / 250)}.${(ipCounter % 250) + 1}`;
const meta = (sourceIpAddress = freshIp()) => ({ sourceIpAddress, userAgent: "integration-test/1.0" });

async function createUser(userName: string) {
  return db.user.create({
    data: {
      accountId: accountDbId,
      userName,
      principalId: `p-${userName}`,
      displayName: userName,
      userType: "SubUser",
      consoleAccess: true,
      consoleRole: "Auditor",
      passwordHash: await hashPassword(PASSWORD),
    },
  });
}

const tally = (results: SignInResult[]) => {
  const counts: Record<string, number> = {};
  for (const r of results) {
    const key = r.ok ? "ok" : r.reason;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return counts;
};

const signinErrors = async (where: Record<string, unknown>) => {
  const events = await db.event.findMany({
    where: { eventName: "ConsoleSignin", ...where },
    select: { errorCode: true },
  });
  const counts: Record<string, number> = {};
  for (const e of events) counts[e.errorCode ?? "Success"] = (counts[e.errorCode ?? "Success"] ?? 0) + 1;
  return counts;
};

/** A ConsoleSignin (or any call) as a client would send it through the ingest API. */
function forged(
  overrides: Partial<NormalisedEvent> & { userName?: string; accessKeyId?: string },
  origin: EventOrigin = "api",
): NormalisedEvent {
  const { userName = null, accessKeyId = null, ...rest } = overrides;
  return buildEvent({
    eventId: randomUUID(),
    eventTime: new Date(),
    origin,
    eventName: "ConsoleSignin",
    eventSource: "keytrail",
    service: "keytrail",
    eventType: "ConsoleSignin",
    readOnly: false,
    accountId: ACCOUNT,
    userIdentity: { userName, accessKeyId },
    userAgent: "forger",
    errorCode: "InvalidCredentials",
    errorMessage: "Incorrect user name or password.",
    responseElements: { ConsoleSignin: "Failure" },
    raw: "{}",
    ...rest,
  });
}

beforeAll(async () => {
  await resetDatabase(database);
  accountDbId = (await db.account.create({ data: { accountId: ACCOUNT, name: "Race Org" } })).id;
});

afterEach(() => {
  delete process.env.KEYTRAIL_SIGNIN_IP_MAX_FAILURES;
});

afterAll(async () => {
  await db.$disconnect();
});

describe("30 parallel wrong passwords", () => {
  it("lock a user after exactly the policy's limit: only that many passwords are checked", async () => {
    await savePasswordPolicy(database, accountDbId, {
      ...DEFAULT_PASSWORD_POLICY,
      lockoutAttempts: 3,
      lockoutMinutes: 20,
    });
    const racer = await createUser("racer");
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 30 }, () => checkSignIn(database, { userName: "racer", password: "wrong" }, meta(), now)),
    );
    // The third failure locks (and says so); every other attempt was refused before its password was checked.
    expect(tally(results)).toEqual({ InvalidCredentials: 2, Locked: 28 });
    expect(await signinErrors({ userName: "racer" })).toEqual({ InvalidCredentials: 3, AccountLocked: 27 });
    const locked = await db.event.findMany({
      where: { userName: "racer", errorCode: "InvalidCredentials" },
      select: { responseElements: true },
    });
    expect(locked.filter((e) => JSON.parse(e.responseElements!).accountLocked === true)).toHaveLength(1);
    const user = await db.user.findUniqueOrThrow({ where: { id: racer.id } });
    expect(user.lockedUntil!.getTime()).toBe(now.getTime() + 20 * 60_000);
    expect(user.failedSignins).toBe(3);
    // Even the right password is refused until the lock runs out; then it works and the count starts afresh.
    expect(await checkSignIn(database, { userName: "racer", password: PASSWORD }, meta(), now)).toEqual({
      ok: false,
      reason: "Locked",
    });
    expect(
      (
        await checkSignIn(
          database,
          { userName: "racer", password: PASSWORD },
          meta(),
          new Date(now.getTime() + 21 * 60_000),
        )
      ).ok,
    ).toBe(true);
    expect(await db.user.findUniqueOrThrow({ where: { id: racer.id } })).toMatchObject({
      failedSignins: 0,
      lockedUntil: null,
    });
    await savePasswordPolicy(database, accountDbId, DEFAULT_PASSWORD_POLICY);
  });

  it("lock an unknown user name the same way", async () => {
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 30 }, () => checkSignIn(database, { userName: "ghost-racer", password: "x" }, meta(), now)),
    );
    expect(tally(results)).toEqual({ InvalidCredentials: 4, Locked: 26 });
    expect(await signinErrors({ userName: "ghost-racer" })).toEqual({ InvalidCredentials: 5, AccountLocked: 25 });
    // Locked for the policy's 15 minutes from the locking failure, then open again.
    expect(
      await checkSignIn(
        database,
        { userName: "ghost-racer", password: "x" },
        meta(),
        new Date(now.getTime() + 14 * 60_000),
      ),
    ).toEqual({ ok: false, reason: "Locked" });
    expect(
      await checkSignIn(
        database,
        { userName: "ghost-racer", password: "x" },
        meta(),
        new Date(now.getTime() + 16 * 60_000),
      ),
    ).toEqual({ ok: false, reason: "InvalidCredentials" });
  });

  it("from one source IP are throttled after exactly the per-IP limit", async () => {
    process.env.KEYTRAIL_SIGNIN_IP_MAX_FAILURES = "5";
    const ip = "203.0.113.200";
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 30 }, (_, i) =>
        checkSignIn(database, { userName: `ip-racer-${i}`, password: "x" }, meta(ip), now),
      ),
    );
    expect(tally(results)).toEqual({ InvalidCredentials: 5, Throttled: 25 });
    expect(await signinErrors({ sourceIpAddress: ip })).toEqual({ InvalidCredentials: 5, SigninThrottled: 25 });
    // A user with the right password is refused from that address too, and not from another.
    await createUser("bystander");
    expect(await checkSignIn(database, { userName: "bystander", password: PASSWORD }, meta(ip), now)).toEqual({
      ok: false,
      reason: "Throttled",
    });
    expect((await checkSignIn(database, { userName: "bystander", password: PASSWORD }, meta(), now)).ok).toBe(true);
  });

  it("a success gives its place back: sign-ins that succeed never throttle an address", async () => {
    process.env.KEYTRAIL_SIGNIN_IP_MAX_FAILURES = "2";
    await createUser("regular");
    const ip = "203.0.113.201";
    // (An attempt in flight holds its place, so this is one after another.)
    const results: SignInResult[] = [];
    for (let i = 0; i < 10; i++)
      results.push(await checkSignIn(database, { userName: "regular", password: PASSWORD }, meta(ip)));
    expect(tally(results)).toEqual({ ok: 10 });
    expect(await db.attemptCounter.findUniqueOrThrow({ where: { key: `ip:${ip}` } })).toMatchObject({ count: 0 });
  });
});

describe("forged sign-in events (ingest API, origin api)", () => {
  it("neither lock a user or a name, nor throttle an address", async () => {
    await createUser("victim");
    const ip = "203.0.113.202";
    const forgedFailures = [
      ...Array.from({ length: 30 }, () => forged({ userName: "victim", sourceIpAddress: "192.0.2.1" })),
      ...Array.from({ length: 30 }, () => forged({ userName: "forged-ghost", sourceIpAddress: "192.0.2.1" })),
      ...Array.from({ length: 30 }, () => forged({ userName: "someone", sourceIpAddress: ip })),
    ];
    expect((await ingestEvents(database, forgedFailures)).inserted).toBe(90);
    expect((await checkSignIn(database, { userName: "victim", password: PASSWORD }, meta(ip))).ok).toBe(true);
    expect(await checkSignIn(database, { userName: "forged-ghost", password: "x" }, meta(ip))).toEqual({
      ok: false,
      reason: "InvalidCredentials",
    });
  });

  it("teach the abnormal sign-in rule nothing, and stay out of the report's sign-in history", async () => {
    const user = await createUser("baseline");
    const t = Date.now() - 3_600_000;
    const home = meta("203.0.113.5");
    expect((await checkSignIn(database, { userName: "baseline", password: PASSWORD }, home, new Date(t))).ok).toBe(
      true,
    );
    // A forger claims earlier successes from the network they will sign in from, and a burst of failures.
    await ingestEvents(database, [
      ...Array.from({ length: 3 }, (_, i) =>
        forged({
          userName: "baseline",
          sourceIpAddress: "192.0.2.50",
          errorCode: null,
          errorMessage: null,
          responseElements: { ConsoleSignin: "Success" },
          eventTime: new Date(t + 1000 + i),
        }),
      ),
      ...Array.from({ length: 6 }, (_, i) =>
        forged({ userName: "baseline", sourceIpAddress: "192.0.2.51", eventTime: new Date(t + 100_000 + i) }),
      ),
    ]);
    expect(
      (
        await checkSignIn(
          database,
          { userName: "baseline", password: PASSWORD },
          meta("192.0.2.60"),
          new Date(t + 120_000),
        )
      ).ok,
    ).toBe(true);
    const latest = await db.event.findFirstOrThrow({
      where: { userName: "baseline", origin: "keytrail" },
      orderBy: { seq: "desc" },
    });
    expect(JSON.parse(latest.responseElements!).abnormal).toEqual(["NewNetwork"]);

    const attempts = (await signinAttemptsByUser(database, accountDbId, new Date(t + 200_000))).get(user.id)!;
    expect(attempts.map((a) => [a.sourceIp, a.success])).toEqual([
      ["203.0.113.5", true],
      ["192.0.2.60", true],
    ]);
    // An imported cloud trail's sign-ins are the account's record and do count.
    await ingestEvents(database, [
      forged(
        { userName: "baseline", sourceIpAddress: "198.51.100.9", errorCode: null, eventTime: new Date(t + 150_000) },
        "actiontrail",
      ),
    ]);
    expect((await signinAttemptsByUser(database, accountDbId, new Date(t + 200_000))).get(user.id)).toHaveLength(3);
  });
});

describe("an inventory key's last use", () => {
  it("is set by the console's own record of a signed call, never by an ingested event naming the key", async () => {
    const owner = await createUser("key-owner");
    const key = await db.accessKey.create({
      data: { accessKeyId: "LTAIRACEKEY000000001", userId: owner.id, secretEncrypted: "x" },
    });
    const call = (origin: EventOrigin, at: Date) =>
      forged(
        {
          accessKeyId: key.accessKeyId,
          userName: "key-owner",
          eventName: "DescribeInstances",
          eventType: "ApiCall",
          service: "ecs",
          eventSource: "ecs.aliyuncs.com",
          errorCode: null,
          errorMessage: null,
          responseElements: null,
          sourceIpAddress: "192.0.2.99",
          region: "cn-hangzhou",
          eventTime: at,
        },
        origin,
      );
    await ingestEvents(database, [call("api", new Date("2026-12-01T10:00:00Z"))]);
    expect(await db.accessKey.findUniqueOrThrow({ where: { id: key.id } })).toMatchObject({
      lastUsedAt: null,
      lastUsedIp: null,
    });
    await ingestEvents(database, [call("keytrail", new Date("2026-12-01T09:00:00Z"))]);
    await ingestEvents(database, [call("api", new Date("2026-12-02T10:00:00Z"))]);
    expect(await db.accessKey.findUniqueOrThrow({ where: { id: key.id } })).toMatchObject({
      lastUsedAt: new Date("2026-12-01T09:00:00Z"),
      lastUsedService: "ecs",
      lastUsedIp: "192.0.2.99",
    });
  });
});

describe("the typed user name of a failed sign-in", () => {
  it("is stored only when it names a user or could be one; anything else is a placeholder", async () => {
    await createUser("named");
    const nameOf = async (userName: string) => {
      await checkSignIn(database, { userName, password: "wrong" }, meta());
      const event = await db.event.findFirstOrThrow({
        where: { eventName: "ConsoleSignin" },
        orderBy: { seq: "desc" },
      });
      return [event.userName, JSON.parse(event.requestParameters!).userName];
    };
    expect(await nameOf("named")).toEqual(["named", "named"]);
    expect(await nameOf("no.such-user@corp")).toEqual(["no.such-user@corp", "no.such-user@corp"]);
    expect(await nameOf("Tr0ub4dor&3 horse!")).toEqual([INVALID_USER_NAME, INVALID_USER_NAME]);
    expect(await nameOf("x".repeat(65))).toEqual([INVALID_USER_NAME, INVALID_USER_NAME]);
    expect(await db.event.count({ where: { userName: { contains: "Tr0ub4dor" } } })).toBe(0);
  });
});

describe("restoring a user from the recycle bin", () => {
  it("keeps the sessions opened before the deletion ended", async () => {
    const adminRow = await db.user.create({
      data: {
        accountId: accountDbId,
        userName: "race-admin",
        principalId: "p-race-admin",
        displayName: "Admin",
        userType: "SubUser",
        consoleAccess: true,
        consoleRole: "Administrator",
      },
    });
    const admin: DirectoryActor = {
      id: adminRow.id,
      role: "Administrator",
      userName: adminRow.userName,
      principalId: adminRow.principalId,
      userType: adminRow.userType,
      accountId: ACCOUNT,
      accountDbId,
    };
    const user = await createUser("comeback");
    const old = await createSession(database, user.id);
    expect(await touchSession(database, old, user.id)).toBe(true);
    expect(await deleteUser(database, admin, "comeback", meta())).toMatchObject({ ok: true });
    expect(await restoreUser(database, admin, "comeback", meta())).toMatchObject({ ok: true });
    expect(await touchSession(database, old, user.id)).toBe(false);
    expect((await db.consoleSession.findUniqueOrThrow({ where: { id: old } })).revokedAt).not.toBeNull();
  });
});
