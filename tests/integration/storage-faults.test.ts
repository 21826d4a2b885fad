// The ingest API when the database cannot take a write, against a real database: locked by another writer past
// the wait (SQLite and PostgreSQL), full and read-only (SQLite: the engine's own limits, max_page_count and
// query_only; PostgreSQL: a read-only database). Each time: 503 with the reason and Retry-After, nothing of the
// batch stored, the chain untouched; once the condition clears, the same request stores the batch exactly once.
import { randomBytes } from "node:crypto";
import Sqlite from "better-sqlite3";
import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleIngestRequest } from "@/lib/api/ingest-request";
import { signRequest } from "@/lib/api/sign-request";
import { encryptionKey } from "@/lib/config/local-secrets";
import { encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { createDatabase, type Database } from "@/lib/db/client";
import { sqliteFilePath } from "@/lib/db/database-url";
import { sqlIn, sqlOf } from "@/lib/db/sql";
import { STORAGE_PROBLEM_MESSAGES } from "@/lib/db/storage-errors";
import { openTestDatabase, resetDatabase } from "./test-database";

const URL_ = "http://keytrail.test:3000/api/v1/events";
const KEY = { id: "LTAIFAULTS0000000001", secret: "faultsSecret-0123456789abcdefghij" };
const env = { KEYTRAIL_ENCRYPTION_KEY: randomBytes(32).toString("base64url") };
const url = process.env.DATABASE_URL!;
const main = openTestDatabase();
// The database the API writes through: a short lock wait, so a locked database answers in a fraction of a second.
process.env.KEYTRAIL_DB_LOCK_TIMEOUT_MS = "300";
const api = createDatabase(url);
const isSqlite = main.provider === "sqlite";

let batchNo = 0;
function batch(size = 50) {
  const n = ++batchNo;
  return JSON.stringify({
    events: Array.from({ length: size }, (_, i) => ({
      eventId: `fault-${n}-${i}`,
      eventTime: "2026-11-01T00:00:00.000Z",
      eventName: "DescribeInstances",
      eventSource: "ecs.aliyuncs.com",
      accountId: "1234567890123",
      userIdentity: { type: "SubUser", userName: "bob" },
      sourceIpAddress: "203.0.113.7",
      // Bulky enough that a batch needs new database pages.
      requestParameters: { padding: "x".repeat(2000), i },
    })),
  });
}

async function send(database: Database, body: string) {
  const headers = await signRequest({ url: URL_, body, accessKeyId: KEY.id, secret: KEY.secret });
  const response = await handleIngestRequest(new Request(URL_, { method: "POST", headers, body }), database, { env });
  return { status: response.status, retryAfter: response.headers.get("retry-after"), json: await response.json() };
}

const stored = async (body: string) =>
  main.db.event.count({
    where: { eventId: { in: JSON.parse(body).events.map((e: { eventId: string }) => e.eventId) } },
  });
const chainLength = async () =>
  (await main.db.chainHead.findUnique({ where: { chainKey: "1234567890123" } }))?.length ?? 0;

async function expectRefusedThenStored(
  body: string,
  problem: keyof typeof STORAGE_PROBLEM_MESSAGES,
  clear: () => Promise<void> | void,
  database: Database = api,
) {
  const refusals = () => main.db.event.count({ where: { eventName: "PutEvents", errorCode: "ServiceUnavailable" } });
  const [before, refusedBefore] = [await chainLength(), await refusals()];
  const refused = await send(database, body);
  expect(refused).toEqual({
    status: 503,
    retryAfter: "5",
    json: { error: STORAGE_PROBLEM_MESSAGES[problem], reason: problem },
  });
  expect(await stored(body)).toBe(0);
  // Nothing of the batch; only the audit of the refusal, when the database could still take that one small row.
  expect((await chainLength()) - before).toBe((await refusals()) - refusedBefore);
  const afterRefusal = await chainLength();
  await clear();
  const retried = await send(api, body);
  expect(retried.status).toBe(200);
  expect(retried.json).toMatchObject({ accepted: 50, duplicates: 0, rejected: 0 });
  expect(await stored(body)).toBe(50);
  // The 50 events and the audited call itself (PutEvents, in the same account).
  expect(await chainLength()).toBe(afterRefusal + 51);
  // A second retry (the answer lost on the way, say) stores nothing twice.
  expect((await send(api, body)).json).toMatchObject({ accepted: 0, duplicates: 50 });
  expect(await stored(body)).toBe(50);
}

beforeAll(async () => {
  await resetDatabase(main);
  const account = await main.db.account.create({ data: { accountId: "1234567890123", name: "Faults Org" } });
  const user = await main.db.user.create({
    data: { accountId: account.id, userName: "bob", principalId: "p-bob", displayName: "bob", userType: "SubUser" },
  });
  await main.db.accessKey.create({
    data: {
      accessKeyId: KEY.id,
      userId: user.id,
      status: "Active",
      mayIngest: true,
      secretEncrypted: encryptSecret(KEY.secret, encryptionKey(env), secretContext.accessKey(KEY.id)),
    },
  });
  expect((await send(api, batch())).status).toBe(200);
});

afterAll(async () => {
  delete process.env.KEYTRAIL_DB_LOCK_TIMEOUT_MS;
  await api.db.$disconnect();
  await main.db.$disconnect();
});

describe("a database locked by another writer", () => {
  it.runIf(isSqlite)("SQLite: 503 while another connection holds the write lock, stored once it lets go", async () => {
    const other = new Sqlite(sqliteFilePath(url));
    other.exec("BEGIN IMMEDIATE");
    try {
      await expectRefusedThenStored(batch(), "locked", () => void other.exec("ROLLBACK"));
    } finally {
      if (other.inTransaction) other.exec("ROLLBACK");
      other.close();
    }
  });

  it.runIf(!isSqlite)(
    "PostgreSQL: 503 while another transaction holds the chain heads, stored once it commits",
    async () => {
      const other = createDatabase(url);
      let release = () => {};
      const released = new Promise<void>((resolve) => (release = resolve));
      let locked = () => {};
      const isLocked = new Promise<void>((resolve) => (locked = resolve));
      const holder = other.db.$transaction(
        async (tx) => {
          // EXCLUSIVE: writers wait, readers (the checks below) do not.
          await sql`LOCK TABLE ${sql.table("ChainHead")} IN EXCLUSIVE MODE`.execute(sqlIn(tx, other.provider));
          locked();
          await released;
        },
        { timeout: 60_000 },
      );
      await isLocked;
      try {
        await expectRefusedThenStored(batch(), "locked", async () => {
          release();
          await holder;
        });
      } finally {
        release();
        await holder.catch(() => undefined);
        await other.db.$disconnect();
      }
    },
  );
});

describe("a database that cannot grow or be written", () => {
  it.runIf(isSqlite)("SQLite full: 503, nothing stored; stored once it may grow again", async () => {
    const connection = api.sqlite!();
    // No free pages left to reuse, and no room for one more.
    connection.exec("VACUUM");
    const pages = connection.pragma("page_count", { simple: true }) as number;
    connection.pragma(`max_page_count = ${pages}`);
    await expectRefusedThenStored(batch(), "full", () => void connection.pragma("max_page_count = 1073741823"));
  });

  it.runIf(isSqlite)("SQLite read-only: 503, nothing stored; stored once writable again", async () => {
    const connection = api.sqlite!();
    connection.pragma("query_only = 1");
    await expectRefusedThenStored(batch(), "readOnly", () => void connection.pragma("query_only = 0"));
  });

  it.runIf(!isSqlite)("PostgreSQL read-only: 503, nothing stored; stored once writable again", async () => {
    const name = new URL(url).pathname.slice(1);
    const readOnlyDefault = (on: boolean) =>
      sql`ALTER DATABASE ${sql.id(name)} SET default_transaction_read_only = ${sql.raw(on ? "on" : "off")}`
        .execute(sqlOf(main))
        .then(() => undefined);
    await readOnlyDefault(true);
    const readOnly = createDatabase(url); // new connections take the setting
    try {
      await expectRefusedThenStored(batch(), "readOnly", () => readOnlyDefault(false), readOnly);
    } finally {
      await readOnlyDefault(false);
      await readOnly.db.$disconnect();
    }
  });
});
