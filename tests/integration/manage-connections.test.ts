// The connection services against a real database: add, edit, pause, backfill, rotate and remove, the errors
// that name their field, and the secrets: stored encrypted and bound to the row, never in settings, status or
// list, except a push secret answered once.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConnection } from "@/lib/connections/load-connection";
import { commitProgress } from "@/lib/connections/progress";
import {
  connectionStatus,
  createConnection,
  findConnectionByName,
  listConnections,
  pushUrlOf,
  removeConnection,
  rotatePushSecret,
  setConnectionPaused,
  startBackfill,
  updateConnection,
} from "@/lib/connections/manage-connections";
import { MAX_CONNECTIONS } from "@/lib/domain/connections/settings";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY-0001";
const NEW_SECRET = "wJalrXUtnFEMI-K7MDENG-bPxRfiCYEXAMPLEKEY-0002";
const now = new Date("2026-12-01T12:00:00Z");
const bucket = {
  kind: "bucket",
  name: "prod-trail",
  layout: "aws-cloudtrail",
  endpoint: "https://s3.us-east-1.amazonaws.com",
  region: "us-east-1",
  bucket: "my-trail",
  prefix: "",
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: SECRET,
  pathStyle: false,
  pollSeconds: 60,
};

/** Everything a reader of the database row or the views could see, as one string. */
async function everythingShown(): Promise<string> {
  const rows = await db.connection.findMany();
  return JSON.stringify({
    settings: rows.map((r) => r.settings),
    list: await listConnections(database, now),
    statuses: await Promise.all(rows.map((r) => connectionStatus(database, r.id, now))),
  });
}

beforeAll(async () => {
  await resetDatabase(database);
});

afterAll(async () => {
  await resetDatabase(database);
  await db.$disconnect();
});

describe("connections", () => {
  let bucketId = 0;

  it("adds a bucket connection, its secret encrypted apart and shown nowhere", async () => {
    const created = await createConnection(database, bucket, { now });
    expect(created).toMatchObject({ ok: true, name: "prod-trail" });
    if (!created.ok) return;
    bucketId = created.id;
    expect("push" in created).toBe(false);
    const row = await db.connection.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.secretEncrypted).toBeTruthy();
    expect(row.secretEncrypted).not.toContain(SECRET);
    expect((await loadConnection(database, created.id))!.secrets).toEqual({ secretAccessKey: SECRET });
    expect(await everythingShown()).not.toContain(SECRET);

    const view = await connectionStatus(database, created.id, now);
    expect(view).toMatchObject({
      name: "prod-trail",
      kind: "bucket",
      state: "running",
      lastSuccessAt: null,
      eventsImported: 0,
      eventsToday: 0,
      duplicates: 0,
      rejected: 0,
      objectsRead: 0,
      waiting: 0,
      lagSeconds: null,
      backfill: null,
      push: null,
      runs: [],
      problems: [],
    });
    expect(view!.settings).toMatchObject({
      layout: "aws-cloudtrail",
      bucket: "my-trail",
      accessKeyId: bucket.accessKeyId,
    });
    expect(view!.settings).not.toHaveProperty("secretAccessKey");
  });

  it("refuses bad input by its field, a taken name, and a refused endpoint", async () => {
    expect(await createConnection(database, { ...bucket, name: "other", region: "US East" })).toEqual({
      ok: false,
      error: expect.stringMatching(/^region: /),
    });
    expect(await createConnection(database, bucket)).toEqual({
      ok: false,
      error: 'name: a connection named "prod-trail" already exists',
    });
    const metadata = await createConnection(database, { ...bucket, name: "meta", endpoint: "http://169.254.169.254/" });
    expect(metadata.ok).toBe(false);
    if (!metadata.ok) expect(metadata.error).toMatch(/^endpoint: .*refused/);
    expect(await db.connection.count()).toBe(1);
  });

  it("edits a connection: a missing secret keeps the stored one, the kind cannot change", async () => {
    const { secretAccessKey: _omitted, ...withoutSecret } = bucket;
    void _omitted;
    expect(await updateConnection(database, bucketId, { ...withoutSecret, prefix: "org/" })).toMatchObject({
      ok: true,
    });
    expect((await loadConnection(database, bucketId))!.secrets.secretAccessKey).toBe(SECRET);
    expect((await loadConnection(database, bucketId))!.settings).toMatchObject({ prefix: "org/" });
    await updateConnection(database, bucketId, { ...bucket, secretAccessKey: "" });
    expect((await loadConnection(database, bucketId))!.secrets.secretAccessKey).toBe(SECRET);

    expect(await updateConnection(database, bucketId, { ...bucket, secretAccessKey: NEW_SECRET })).toMatchObject({
      ok: true,
    });
    expect((await loadConnection(database, bucketId))!.secrets.secretAccessKey).toBe(NEW_SECRET);
    expect(
      await updateConnection(database, bucketId, { kind: "push", name: "prod-trail", envelope: "eventbridge" }),
    ).toEqual({
      ok: false,
      error: expect.stringMatching(/^kind: a connection's kind cannot change/),
    });
    expect(await everythingShown()).not.toContain(NEW_SECRET);
  });

  it("pauses and resumes", async () => {
    expect(await setConnectionPaused(database, bucketId, true)).toMatchObject({ ok: true, paused: true });
    expect((await connectionStatus(database, bucketId, now))!.state).toBe("paused");
    await setConnectionPaused(database, bucketId, false);
    expect((await connectionStatus(database, bucketId, now))!.state).toBe("running");
  });

  it("starts a backfill, once at a time; an API connection only within 90 days", async () => {
    const started = await startBackfill(database, bucketId, new Date("2026-11-01T00:00:00Z"), now);
    expect(started).toMatchObject({ ok: true });
    expect((await connectionStatus(database, bucketId, now))!.backfill).toEqual({
      from: "2026-11-01T00:00:00.000Z",
      to: now.toISOString(),
      state: "running",
      done: 0,
      found: 0,
    });
    expect(await startBackfill(database, bucketId, new Date("2026-10-01T00:00:00Z"), now)).toEqual({
      ok: false,
      error: expect.stringMatching(/already running \(0 of 0 done\)/),
    });
    expect(await startBackfill(database, bucketId, new Date("2027-01-01T00:00:00Z"), now)).toEqual({
      ok: false,
      error: "from: must be in the past",
    });

    const api = await createConnection(database, {
      kind: "api",
      name: "aws-api",
      cloud: "aws",
      region: "us-east-1",
      accessKeyId: "AKIAIOSFODNN7EXAMPLE",
      secretAccessKey: SECRET,
    });
    if (!api.ok) throw new Error(api.error);
    const refused = await startBackfill(database, api.id, new Date("2026-08-01T00:00:00Z"), now);
    expect(refused).toEqual({
      ok: false,
      error: expect.stringMatching(/^from: .* keep 90 days: choose 2026-09-02 or later/),
    });
    expect(await startBackfill(database, api.id, new Date("2026-09-02T12:00:00Z"), now)).toMatchObject({ ok: true });
  });

  it("makes a push receiver with an unguessable URL and a secret answered once, and rotates it", async () => {
    const created = await createConnection(
      database,
      { kind: "push", name: "bus", envelope: "eventbridge" },
      { baseUrl: "https://keytrail.example.com" },
    );
    if (!created.ok || !created.push) throw new Error("no push address");
    const row = await db.connection.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.pushToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(created.push).toEqual({
      url: `https://keytrail.example.com/api/v1/push/${row.pushToken}`,
      header: "X-Keytrail-Secret",
      secret: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(pushUrlOf(row.pushToken!, "https://k.example/")).toBe(`https://k.example/api/v1/push/${row.pushToken}`);
    expect((await loadConnection(database, created.id))!.secrets).toEqual({ pushSecret: created.push.secret });
    const view = await connectionStatus(database, created.id, now, { baseUrl: "https://keytrail.example.com" });
    expect(view!.push).toEqual({
      path: `/api/v1/push/${row.pushToken}`,
      url: created.push.url,
      header: "X-Keytrail-Secret",
    });
    expect(await everythingShown()).not.toContain(created.push.secret);
    expect(await startBackfill(database, created.id, new Date("2026-11-01"), now)).toMatchObject({ ok: false });

    const rotated = await rotatePushSecret(database, created.id, { baseUrl: "https://keytrail.example.com" });
    if (!rotated.ok) throw new Error(rotated.error);
    expect(rotated.url).toBe(created.push.url);
    expect(rotated.secret).not.toBe(created.push.secret);
    expect((await loadConnection(database, created.id))!.secrets).toEqual({ pushSecret: rotated.secret });
    expect(await everythingShown()).not.toContain(rotated.secret);
    expect(await rotatePushSecret(database, bucketId)).toMatchObject({ ok: false });

    // An edit keeps the push secret and URL.
    expect(
      await updateConnection(database, created.id, { kind: "push", name: "bus-2", envelope: "cloudevents" }),
    ).toMatchObject({
      ok: true,
    });
    expect((await loadConnection(database, created.id))!.secrets).toEqual({ pushSecret: rotated.secret });
  });

  it("counts the events imported today (UTC), and lag from the newest event", async () => {
    await db.connectionRun.createMany({
      data: [
        { connectionId: bucketId, mode: "live", startedAt: new Date("2026-11-30T23:59:00Z"), ok: true, imported: 7 },
        { connectionId: bucketId, mode: "live", startedAt: new Date("2026-12-01T00:01:00Z"), ok: true, imported: 5 },
        {
          connectionId: bucketId,
          mode: "backfill",
          startedAt: new Date("2026-12-01T11:00:00Z"),
          ok: true,
          imported: 3,
        },
      ],
    });
    const position = { streams: {} };
    await commitProgress(database, bucketId, {
      mode: "live",
      position,
      imported: 7,
      at: new Date("2026-11-30T23:59:30Z"),
    });
    await commitProgress(database, bucketId, {
      mode: "live",
      position,
      imported: 5,
      at: new Date("2026-12-01T00:01:30Z"),
    });
    await commitProgress(database, bucketId, {
      mode: "live",
      position,
      imported: 3,
      newestEventTime: new Date("2026-12-01T11:58:30Z"),
      at: new Date("2026-12-01T11:30:00Z"),
    });
    const view = (await connectionStatus(database, bucketId, now))!;
    expect(view).toMatchObject({ eventsToday: 8, eventsImported: 15, lagSeconds: 90 });
    // The next day starts at 0.
    const tomorrow = (await connectionStatus(database, bucketId, new Date("2026-12-02T00:00:01Z")))!;
    expect(tomorrow).toMatchObject({ eventsToday: 0, eventsImported: 15 });
    expect(view.runs.map((r) => r.imported)).toEqual([3, 5, 7]);
  });

  it("finds by name, lists by name, removes with runs but not events", async () => {
    expect(await findConnectionByName(database, " prod-trail ")).toMatchObject({ id: bucketId, kind: "bucket" });
    expect((await listConnections(database, now)).map((c) => c.name)).toEqual(["aws-api", "bus-2", "prod-trail"]);
    expect(await removeConnection(database, bucketId)).toEqual({ ok: true, id: bucketId, name: "prod-trail" });
    expect(await db.connectionRun.count({ where: { connectionId: bucketId } })).toBe(0);
    expect(await removeConnection(database, bucketId)).toMatchObject({ ok: false });
    expect(await findConnectionByName(database, "prod-trail")).toBeNull();
  });

  it(`refuses more than ${MAX_CONNECTIONS} connections`, async () => {
    const have = await db.connection.count();
    await db.connection.createMany({
      data: Array.from({ length: MAX_CONNECTIONS - have }, (_, i) => ({
        name: `filler-${i}`,
        kind: "push",
        settings: JSON.stringify({ kind: "push", envelope: "eventbridge" }),
      })),
    });
    expect(await createConnection(database, { kind: "push", name: "one-too-many", envelope: "eventbridge" })).toEqual({
      ok: false,
      error: `At most ${MAX_CONNECTIONS} connections: remove one you no longer need first`,
    });
  });
});
