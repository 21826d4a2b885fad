// The connections API against a real database: administrators' sessions and signed AccessKeys manage, auditors
// read, team leads are refused; errors name the parameter; bodies are capped; every change is an event; and no
// answer or event ever holds a secret, except the push secret in the answer that made it.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  handleAddConnection,
  handleBackfillConnection,
  handleDeleteConnection,
  handleGetConnection,
  handleListConnections,
  handlePatchConnection,
  handleRotateSecret,
} from "@/lib/api/connections-request";
import { signRequest } from "@/lib/api/sign-request";
import { encryptionKey } from "@/lib/config/local-secrets";
import { encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const env = { KEYTRAIL_ENCRYPTION_KEY: randomBytes(32).toString("base64url") };
const HOST = "http://keytrail.test";
const KEY_ID = "LTAICONNADMIN0000001";
const KEY_SECRET = "connections-key-secret-0123456789abc";
const CLOUD_SECRET = "cloud-secret-NEVER-SHOWN-0123456789abcdef";
const users: Record<string, { id: number }> = {};
const answers: string[] = [];

type Caller = { session?: string; signed?: boolean };

async function call(
  handler: (request: Request, options: object) => Promise<Response>,
  method: string,
  path: string,
  body: unknown,
  caller: Caller,
) {
  const url = `${HOST}${path}`;
  const text = body === undefined ? "" : typeof body === "string" ? body : JSON.stringify(body);
  const headers: Record<string, string> = caller.signed
    ? await signRequest({ url, method, body: text, accessKeyId: KEY_ID, secret: KEY_SECRET })
    : { "content-type": "application/json" };
  const request = new Request(url, { method, headers, body: method === "GET" ? undefined : text });
  const response = await handler(request, { sessionUser: caller.session ? users[caller.session] : null, env });
  const raw = await response.text();
  answers.push(raw);
  return { status: response.status, json: raw ? JSON.parse(raw) : null };
}

const list = (caller: Caller) =>
  call((r, o) => handleListConnections(r, database, o), "GET", "/api/v1/connections", undefined, caller);
const add = (body: unknown, caller: Caller) =>
  call((r, o) => handleAddConnection(r, database, o), "POST", "/api/v1/connections", body, caller);
const one = (name: string, caller: Caller) =>
  call((r, o) => handleGetConnection(r, database, name, o), "GET", `/api/v1/connections/${name}`, undefined, caller);
const patch = (name: string, body: unknown, caller: Caller) =>
  call((r, o) => handlePatchConnection(r, database, name, o), "PATCH", `/api/v1/connections/${name}`, body, caller);

const bucket = {
  kind: "bucket",
  name: "prod-trail",
  layout: "aws-cloudtrail",
  endpoint: "https://s3.us-east-1.amazonaws.com",
  region: "us-east-1",
  bucket: "my-trail",
  prefix: "",
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: CLOUD_SECRET,
  pathStyle: false,
  pollSeconds: 60,
};

beforeAll(async () => {
  await resetDatabase(database);
  const account = await db.account.create({ data: { accountId: "555555555555", name: "Connections API Org" } });
  for (const [userName, consoleRole] of [
    ["admin", "Administrator"],
    ["auditor", "Auditor"],
    ["lead", "TeamLead"],
  ]) {
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
    users[userName] = { id: user.id };
  }
  await db.accessKey.create({
    data: {
      accessKeyId: KEY_ID,
      userId: users.admin.id,
      secretEncrypted: encryptSecret(KEY_SECRET, encryptionKey(env), secretContext.accessKey(KEY_ID)),
    },
  });
});

afterAll(async () => {
  await resetDatabase(database);
  await db.$disconnect();
});

describe("the connections API", () => {
  it("adds with an administrator's session, and answers the status shape without the secret", async () => {
    const { status, json } = await add(bucket, { session: "admin" });
    expect(status).toBe(201);
    expect(json).toMatchObject({
      name: "prod-trail",
      kind: "bucket",
      state: "running",
      eventsImported: 0,
      lagSeconds: null,
    });
    for (const field of ["lastSuccessAt", "duplicates", "rejected", "objectsRead", "pagesRead", "waiting"])
      expect(json).toHaveProperty(field);
    expect(json.settings).not.toHaveProperty("secretAccessKey");
  });

  it("refuses auditors and team leads from changing, team leads from reading, and strangers", async () => {
    expect((await add({ ...bucket, name: "x" }, { session: "auditor" })).status).toBe(403);
    expect((await add({ ...bucket, name: "x" }, { session: "lead" })).status).toBe(403);
    expect((await list({ session: "lead" })).status).toBe(403);
    expect((await list({})).status).toBe(401);
    const read = await list({ session: "auditor" });
    expect(read.status).toBe(200);
    expect(read.json.connections.map((c: { name: string }) => c.name)).toEqual(["prod-trail"]);
    expect((await one("prod-trail", { session: "auditor" })).json).toMatchObject({ name: "prod-trail" });
    expect((await one("nope", { session: "auditor" })).status).toBe(404);
  });

  it("names the parameter in errors, and refuses a taken name, bad JSON and a large body", async () => {
    expect(await add({ ...bucket, name: "other", layout: "nope" }, { session: "admin" })).toEqual({
      status: 400,
      json: { error: expect.stringMatching(/^layout: one of/), parameter: "layout" },
    });
    expect((await add(bucket, { session: "admin" })).status).toBe(409);
    expect((await add("{not json", { session: "admin" })).json).toEqual({
      error: expect.stringMatching(/^Body is not valid JSON/),
    });
    const large = await add({ ...bucket, name: "big", prefix: "x".repeat(70 * 1024) }, { session: "admin" });
    expect(large.status).toBe(413);
  });

  it("pauses, resumes, edits (keeping the secret), backfills and removes, signed or by session", async () => {
    expect((await patch("prod-trail", { paused: true }, { signed: true })).json).toMatchObject({ state: "paused" });
    expect((await patch("prod-trail", { paused: "yes" }, { session: "admin" })).json).toEqual({
      error: "paused: true or false",
      parameter: "paused",
    });
    expect((await patch("prod-trail", { paused: false }, { session: "admin" })).json).toMatchObject({
      state: "running",
    });
    const { secretAccessKey: _kept, ...edit } = bucket;
    void _kept;
    const edited = await patch("prod-trail", { ...edit, name: "prod trail", pollSeconds: 120 }, { session: "admin" });
    expect(edited.json).toMatchObject({ name: "prod trail", settings: { pollSeconds: 120 } });

    const backfill = (body: unknown, caller: Caller) =>
      call(
        (r, o) => handleBackfillConnection(r, database, "prod%20trail", o),
        "POST",
        "/api/v1/connections/prod%20trail/backfill",
        body,
        caller,
      );
    expect(await backfill({ from: "last week" }, { session: "admin" })).toMatchObject({
      status: 400,
      json: { parameter: "from" },
    });
    expect(await backfill({ from: "2026-11-01", to: "x" }, { session: "admin" })).toMatchObject({
      status: 400,
      json: { parameter: "to" },
    });
    const started = await backfill({ from: "2026-11-01" }, { signed: true });
    expect(started.status).toBe(200);
    expect(started.json.backfill).toMatchObject({ from: "2026-11-01T00:00:00.000Z", state: "running", done: 0 });
    expect((await backfill({ from: "2026-11-02" }, { session: "admin" })).status).toBe(409);
  });

  it("makes a push receiver whose secret is answered once, and rotates it", async () => {
    const made = await add({ kind: "push", name: "bus", envelope: "cloudevents" }, { signed: true });
    expect(made.status).toBe(201);
    expect(made.json.push).toEqual({
      path: expect.stringMatching(/^\/api\/v1\/push\/[A-Za-z0-9_-]{43}$/),
      url: expect.stringMatching(/^http:\/\/keytrail\.test\/api\/v1\/push\/[A-Za-z0-9_-]{43}$/),
      header: "X-Keytrail-Secret",
      secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    const shown = await one("bus", { session: "admin" });
    expect(shown.json.push).toEqual({
      path: made.json.push.path,
      url: made.json.push.url,
      header: "X-Keytrail-Secret",
    });
    const rotated = await call(
      (r, o) => handleRotateSecret(r, database, "bus", o),
      "POST",
      "/api/v1/connections/bus/rotate-secret",
      undefined,
      { session: "admin" },
    );
    expect(rotated.json).toEqual({
      name: "bus",
      url: made.json.push.url,
      header: "X-Keytrail-Secret",
      secret: expect.not.stringMatching(made.json.push.secret),
    });
    const secrets = [made.json.push.secret, rotated.json.secret];
    // Each secret is in exactly one answer: the one that made it.
    for (const secret of secrets) expect(answers.filter((a) => a.includes(secret))).toHaveLength(1);
    const gone = await call(
      (r, o) => handleDeleteConnection(r, database, "bus", o),
      "DELETE",
      "/api/v1/connections/bus",
      undefined,
      { signed: true },
    );
    expect(gone.json).toEqual({ name: "bus", removed: true });
    expect((await one("bus", { session: "admin" })).status).toBe(404);
  });

  it("records every change as an event, signed calls as API calls, and never a secret", async () => {
    const events = await db.event.findMany({ where: { service: "keytrail" }, orderBy: { eventTime: "asc" } });
    const names = events.map((e) => e.eventName);
    expect(names.filter((n) => n === "CreateConnection")).toHaveLength(4); // 2 added, 2 refused (a bad layout, a taken name)
    expect(names).toEqual(
      expect.arrayContaining([
        "PauseConnection",
        "ResumeConnection",
        "UpdateConnection",
        "StartConnectionBackfill",
        "RotateConnectionSecret",
        "DeleteConnection",
      ]),
    );
    const pause = events.find((e) => e.eventName === "PauseConnection")!;
    expect(pause).toMatchObject({ eventType: "ApiCall", accessKeyId: KEY_ID, userName: "admin" });
    const refused = events.filter((e) => e.errorCode);
    expect(refused.map((e) => e.errorCode)).toEqual(expect.arrayContaining(["InvalidParameter", "Conflict"]));
    const everything = JSON.stringify(events) + answers.join("\n");
    expect(everything).not.toContain(CLOUD_SECRET);
  });
});
