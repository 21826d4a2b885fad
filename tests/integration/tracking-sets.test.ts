// Tracking sets against a real database and real destinations: hourly gzip files in a directory, a local webhook
// server that fails and then recovers (dead letter, retry now), a local syslog collector; resume after a restart;
// historical delivery of a past range; retention that waits for delivery and keeps the chain verifiable; signed
// digests delivered to a set's directory.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import http from "node:http";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createDatabase } from "@/lib/db/client";
import { ingestEvents } from "@/lib/db/ingest-events";
import { verifyWebhookSignature } from "@/lib/delivery/webhook-destination";
import type { NormalisedEvent } from "@/lib/domain/event";
import { DELIVER_EVERYTHING } from "@/lib/domain/tracking/filter";
import { digestKeys } from "@/lib/integrity/digest-key";
import { writeDigests } from "@/lib/integrity/digests";
import { verifyEvents } from "@/lib/integrity/verify-events";
import { deliverSet, retryDeadLetter, runHistoricalDelivery } from "@/lib/tracking/deliver-sets";
import { applyRetention } from "@/lib/tracking/retention";
import { createTrackingSet } from "@/lib/tracking/tracking-sets";
import { buildEvent } from "@/tests/fixtures/events";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const root = mkdtempSync(path.join(os.tmpdir(), "keytrail-tracking-"));
const fast = { webhook: { attempts: 2, baseDelayMs: 1 } };

let n = 0;
function event(eventTime: Date, overrides: Partial<Omit<NormalisedEvent, "raw">> = {}): NormalisedEvent {
  n++;
  return buildEvent({
    eventId: `track-${String(n).padStart(4, "0")}`,
    eventTime,
    userIdentity: { type: "ram-user", principalId: "p-alice", userName: "alice" },
    sourceIpAddress: "203.0.113.7",
    userAgent: "test",
    region: "cn-hangzhou",
    ...overrides,
  });
}

/** Every delivered record under a directory destination, by file. */
function deliveredFiles(dir: string): Map<string, { eventId: string; raw: string }[]> {
  const files = new Map<string, { eventId: string; raw: string }[]>();
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const full = path.join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else
        files.set(
          path.relative(dir, full),
          gunzipSync(readFileSync(full))
            .toString("utf8")
            .trim()
            .split("\n")
            .map((l) => JSON.parse(l)),
        );
    }
  };
  walk(dir);
  return files;
}

beforeAll(async () => {
  await resetDatabase(database);
  // The webhook receivers here listen on 127.0.0.1: allowed only by the operator's switch (refusal tested below).
  process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS = "1";
});

afterAll(async () => {
  delete process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS;
  await db.$disconnect();
  rmSync(root, { recursive: true, force: true });
});

describe("directory delivery", () => {
  it("writes hourly gzip JSON Lines files per account, then resumes after a restart with only the new events", async () => {
    const dir = path.join(root, "archive");
    const created = await createTrackingSet(database, {
      name: "archive",
      filter: DELIVER_EVERYTHING,
      destination: { kind: "directory", path: dir },
    });
    if (!created.ok) throw new Error(created.error);
    const t = (h: number, m: number) => new Date(Date.UTC(2026, 10, 20, h, m));
    const batch = [event(t(9, 5)), event(t(9, 40), { accountId: "999999999999" }), event(t(10, 1)), event(t(10, 59))];
    await ingestEvents(database, batch);
    expect(await deliverSet(database, created.id)).toEqual({ read: 4, delivered: 4, deadLettered: 0 });
    const files = deliveredFiles(dir);
    expect([...files.keys()].map((f) => f.replace(/_[0-9a-f]{8}\.jsonl\.gz$/, "")).sort()).toEqual([
      "2026/11/20/09/1234567890123_archive_20261120T090500Z",
      "2026/11/20/09/999999999999_archive_20261120T094000Z",
      "2026/11/20/10/1234567890123_archive_20261120T100100Z",
    ]);
    const records = [...files.values()].flat();
    expect(records.map((r) => r.eventId).sort()).toEqual(batch.map((e) => e.eventId));
    expect(records.find((r) => r.eventId === batch[0].eventId)!.raw).toBe(batch[0].raw);
    const set = await db.trackingSet.findUniqueOrThrow({ where: { id: created.id } });
    expect(set.lastDeliveredEventTime).toEqual(t(10, 59));

    // A restart: a new client, the same set resumes from its stored position.
    const later = [event(t(11, 0)), event(t(11, 30))];
    await ingestEvents(database, later);
    const restarted = createDatabase(process.env.DATABASE_URL);
    expect(await deliverSet(restarted, created.id)).toEqual({ read: 2, delivered: 2, deadLettered: 0 });
    await restarted.db.$disconnect();
    const all = [...deliveredFiles(dir).values()].flat().map((r) => r.eventId);
    expect(all.sort()).toEqual([...batch, ...later].map((e) => e.eventId).sort());
    await db.trackingSet.update({ where: { id: created.id }, data: { enabled: false } });
  });
});

describe("webhook delivery", () => {
  it("refuses a loopback or metadata webhook without KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS=1, when created and when delivering", async () => {
    let hits = 0;
    const server = http.createServer((_req, res) => {
      hits++;
      res.writeHead(200).end();
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/hook`;
    delete process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS;
    try {
      const destination = { kind: "webhook" as const, url, secret: "s3cret-s3cret-s3cret" };
      expect(await createTrackingSet(database, { name: "loopback", filter: DELIVER_EVERYTHING, destination })).toEqual({
        ok: false,
        error:
          "The webhook URL is refused: 127.0.0.1 is a loopback, link-local or cloud metadata address (set KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS=1 to allow it).",
      });
      expect(
        await createTrackingSet(database, {
          name: "metadata",
          filter: DELIVER_EVERYTHING,
          destination: { ...destination, url: "http://169.254.169.254/latest/meta-data/" },
        }),
      ).toMatchObject({ ok: false });
      // A set saved while it was allowed (or written into the database) is refused when it delivers.
      process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS = "1";
      const created = await createTrackingSet(database, {
        name: "loopback",
        filter: { ...DELIVER_EVERYTHING, eventNames: ["LoopbackProbe"] },
        destination,
      });
      if (!created.ok) throw new Error(created.error);
      delete process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS;
      await ingestEvents(database, [event(new Date(), { eventName: "LoopbackProbe" })]);
      expect(await deliverSet(database, created.id, { options: fast })).toMatchObject({
        delivered: 0,
        deadLettered: 1,
      });
      expect(hits).toBe(0);
      const [letter] = await db.deadLetter.findMany({ where: { trackingSetId: created.id } });
      expect(letter.error).toMatch(/^invalid destination: The webhook URL is refused: 127\.0\.0\.1 is a loopback/);
      await db.trackingSet.update({ where: { id: created.id }, data: { enabled: false } });
    } finally {
      process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS = "1";
      server.close();
    }
  });

  it("dead-letters a batch the receiver refuses, then delivers exactly it on retry now, signed", async () => {
    let status = 500;
    const received: { body: string; ok: boolean }[] = [];
    const server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        const body = Buffer.concat(chunks).toString("utf8");
        const ok = verifyWebhookSignature(
          "s3cret-s3cret-s3cret",
          String(req.headers["x-keytrail-timestamp"]),
          body,
          String(req.headers["x-keytrail-signature"]),
        );
        received.push({ body, ok });
        res.writeHead(status).end();
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}/hook`;
    try {
      const created = await createTrackingSet(database, {
        name: "siem",
        filter: { ...DELIVER_EVERYTHING, eventNames: ["CreateUser"] },
        destination: { kind: "webhook", url, secret: "s3cret-s3cret-s3cret" },
      });
      if (!created.ok) throw new Error(created.error);
      const wanted = [
        event(new Date(), { eventName: "CreateUser", service: "ram" }),
        event(new Date(), { eventName: "CreateUser", service: "ram" }),
      ];
      await ingestEvents(database, [event(new Date()), ...wanted]);
      expect(await deliverSet(database, created.id, { options: fast })).toEqual({
        read: 3,
        delivered: 0,
        deadLettered: 2,
      });
      expect(received).toHaveLength(2); // two attempts
      const [letter] = await db.deadLetter.findMany({ where: { trackingSetId: created.id } });
      expect(JSON.parse(letter.eventIds)).toEqual(wanted.map((e) => e.eventId));
      expect(letter.error).toBe(`HTTP 500 from ${url} after 2 attempts`);
      const set = await db.trackingSet.findUniqueOrThrow({ where: { id: created.id } });
      expect(set).toMatchObject({ failures: 1, lastError: letter.error });

      status = 200;
      expect(await retryDeadLetter(database, letter.id, fast)).toEqual({ ok: true });
      const last = received[received.length - 1];
      expect(last.ok).toBe(true);
      expect((JSON.parse(last.body) as { events: { eventId: string }[] }).events.map((e) => e.eventId)).toEqual(
        wanted.map((e) => e.eventId),
      );
      expect((await db.deadLetter.findUniqueOrThrow({ where: { id: letter.id } })).deliveredAt).not.toBeNull();
      await db.trackingSet.update({ where: { id: created.id }, data: { enabled: false } });
    } finally {
      server.close();
    }
  });
});

describe("syslog delivery and historical delivery", () => {
  it("sends RFC 5424 frames over TCP, and a historical task delivers exactly a past range", async () => {
    const frames: string[] = [];
    const server = net.createServer((socket) => {
      let buffer = "";
      socket.on("data", (chunk) => {
        buffer += chunk.toString("utf8");
        for (;;) {
          const space = buffer.indexOf(" ");
          const length = Number(buffer.slice(0, space));
          if (space < 0 || Buffer.byteLength(buffer.slice(space + 1)) < length) break;
          const bytes = Buffer.from(buffer.slice(space + 1));
          frames.push(bytes.subarray(0, length).toString("utf8"));
          buffer = bytes.subarray(length).toString("utf8");
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const port = (server.address() as net.AddressInfo).port;
      const old = [
        event(new Date("2026-01-05T00:00:00Z")),
        event(new Date("2026-01-06T00:00:00Z")),
        event(new Date("2026-03-01T00:00:00Z")),
      ];
      await ingestEvents(database, old);
      const created = await createTrackingSet(database, {
        name: "syslog",
        filter: DELIVER_EVERYTHING,
        destination: { kind: "syslog", host: "127.0.0.1", port },
      });
      if (!created.ok) throw new Error(created.error);
      const live = event(new Date());
      await ingestEvents(database, [live]);
      expect(await deliverSet(database, created.id)).toEqual({ read: 1, delivered: 1, deadLettered: 0 });
      const task = await db.historicalDelivery.create({
        data: {
          trackingSetId: created.id,
          fromTime: new Date("2026-01-01T00:00:00Z"),
          toTime: new Date("2026-02-01T00:00:00Z"),
          state: "Pending",
        },
      });
      expect(await runHistoricalDelivery(database, task.id)).toBe("done");
      expect(await db.historicalDelivery.findUniqueOrThrow({ where: { id: task.id } })).toMatchObject({
        state: "Complete",
        delivered: 2,
      });
      await new Promise((r) => setTimeout(r, 50));
      const ids = frames.map((f) => /eventId="([^"]+)"/.exec(f)![1]);
      expect(ids).toEqual([live.eventId, old[0].eventId, old[1].eventId]);
      expect(frames[0]).toMatch(/^<133>1 \S+ \S+ keytrail \d+ DescribeInstances \[keytrail@32473 /);
      await db.trackingSet.update({ where: { id: created.id }, data: { enabled: false } });
    } finally {
      server.close();
    }
  });
});

describe("retention", () => {
  it("removes old events only once every enabled set delivered them, and the chain still verifies", async () => {
    await resetDatabase(database);
    const dir = path.join(root, "retained");
    const now = new Date("2026-11-22T00:00:00Z");
    const old = Array.from({ length: 5 }, (_, i) => event(new Date(Date.UTC(2026, 0, 1 + i))));
    const recent = [event(new Date("2026-11-01T00:00:00Z"))];
    await ingestEvents(database, old);
    const created = await createTrackingSet(database, {
      name: "keep",
      filter: DELIVER_EVERYTHING,
      destination: { kind: "directory", path: dir },
    });
    if (!created.ok) throw new Error(created.error);
    await db.trackingSet.update({ where: { id: created.id }, data: { position: 0 } }); // it must deliver the old ones too
    await ingestEvents(database, recent);

    const digests = mkdtempSync(path.join(root, "retained-digests-"));
    expect((await applyRetention(database, { now, days: 180, dir: digests })).removed).toBe(0); // not delivered yet
    await deliverSet(database, created.id);
    const result = await applyRetention(database, { now, days: 180, dir: digests });
    expect(result.removed).toBe(5);
    expect(result.chains).toEqual([{ chainKey: "1234567890123", cutIndex: 5, removed: 5 }]);
    const left = await db.event.findMany({ orderBy: { seq: "asc" }, select: { eventId: true, eventName: true } });
    expect(left.map((e) => (e.eventId === recent[0].eventId ? "recent" : e.eventName))).toEqual([
      "recent",
      "DeleteExpiredEvents",
    ]);

    const report = await verifyEvents(database, digests, digestKeys().publicKey);
    expect(report.findings).toEqual([]);
    // Any other removal still shows.
    await db.event.delete({ where: { eventId: recent[0].eventId } });
    const tampered = await verifyEvents(database, digests, digestKeys().publicKey);
    expect(tampered.findings.map((f) => [f.kind, "fromIndex" in f ? f.fromIndex : null])).toEqual([["deleted", 6]]);
  });
});

describe("signed digests through a tracking set", () => {
  it("delivers each newly written digest, byte for byte, to a directory destination that asks for them", async () => {
    await resetDatabase(database);
    const out = path.join(root, "digest-copies");
    const digests = mkdtempSync(path.join(root, "digests-"));
    const created = await createTrackingSet(database, {
      name: "offsite",
      filter: DELIVER_EVERYTHING,
      destination: { kind: "directory", path: out },
      deliverDigests: true,
    });
    if (!created.ok) throw new Error(created.error);
    const other = await createTrackingSet(database, {
      name: "events only",
      filter: DELIVER_EVERYTHING,
      destination: { kind: "directory", path: path.join(root, "events-only") },
    });
    if (!other.ok) throw new Error(other.error);
    await ingestEvents(database, [event(new Date("2026-11-01T00:00:00Z"))]);
    const { privateKey, publicKey } = generateKeyPairSync("ed25519");
    const written = await writeDigests(
      database,
      digests,
      { privateKey, publicPem: publicKey.export({ type: "spki", format: "pem" }) as string },
      new Date("2026-11-02T03:04:05.000Z"),
    );
    const file = "1234567890123/2026/11/02/1234567890123_20261102T030405Z.json";
    expect(written.map((d) => d.file)).toEqual([file]);
    expect(
      readdirSync(out, { recursive: true })
        .map(String)
        .filter((f) => f.endsWith(".json")),
    ).toEqual([path.join("digests", ...file.split("/"))]);
    expect(readFileSync(path.join(out, "digests", ...file.split("/")), "utf8")).toBe(
      readFileSync(path.join(digests, ...file.split("/")), "utf8"),
    );
    expect(() => readdirSync(path.join(root, "events-only"))).toThrow(/ENOENT/);
    expect((await db.trackingSet.findUniqueOrThrow({ where: { id: created.id } })).lastError).toBeNull();
  });

  it("refuses digest delivery to a syslog destination", async () => {
    expect(
      await createTrackingSet(database, {
        name: "syslog digests",
        filter: DELIVER_EVERYTHING,
        destination: { kind: "syslog", host: "127.0.0.1", port: 514 },
        deliverDigests: true,
      }),
    ).toEqual({
      ok: false,
      error: "Signed digests can be delivered to a directory or a webhook, not to syslog.",
    });
  });
});
