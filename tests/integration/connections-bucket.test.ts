// The trail-bucket connector against a local S3 server that checks every request's signature, with the AWS SDK's
// S3 client as it talks to S3, OSS, COS or BOS: each preset layout read to exactly the events a clean file import
// of the same files gives; a second poll reads nothing; one new object is the only one read, with few listings;
// damaged objects are named and skipped; a backfill reads older days without moving the live position.
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readBucket } from "@/lib/connections/bucket/read-bucket";
import { importFiles } from "@/lib/import/import-files";
import { dataset } from "@/tests/fixtures/datasets";
import { startS3Server, type S3Server } from "@/tests/support/s3-server";
import {
  addBucketConnection,
  bucketSettingsFor,
  putObject,
  reloadBucketConnection,
  TRAIL_ACCOUNT,
  uploadActionTrail,
  uploadCloudAudit,
  uploadCloudTrail,
} from "@/tests/support/trail-bucket";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
let s3: S3Server;
let work = "";
const DAY = "2023-07-10";
const NOW = new Date("2023-07-10T23:00:00Z");
const BUCKETS = ["cloudtrail", "actiontrail", "cloudaudit", "damaged", "backfill"];

const eventIds = async () => (await db.event.findMany({ select: { eventId: true } })).map((e) => e.eventId).sort();

/** The event IDs a clean file import of `files` stores (into the emptied database, emptied again after). */
async function cleanImport(files: string[]): Promise<string[]> {
  await resetDatabase(database);
  const summary = await importFiles(database, files);
  expect(summary.imported).toBeGreaterThan(0);
  const ids = await eventIds();
  await resetDatabase(database);
  return ids;
}

beforeAll(async () => {
  process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS = "1";
  work = mkdtempSync(path.join(tmpdir(), "keytrail-bucket-"));
  s3 = await startS3Server(BUCKETS);
});

afterAll(async () => {
  delete process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS;
  await s3?.stop();
  rmSync(work, { recursive: true, force: true });
  await db.$disconnect();
});

beforeEach(async () => {
  await resetDatabase(database);
});

describe("reading each layout", () => {
  it("reads an AWS CloudTrail bucket to exactly a clean import's events, then only what is new", async () => {
    const upload = await uploadCloudTrail(s3, "cloudtrail", { day: DAY });
    expect(upload.keys).toHaveLength(55 + 35);
    const expected = await cleanImport(upload.files);
    expect(expected).toHaveLength(2900 + 310 - 0);

    const connection = await addBucketConnection(
      database,
      "aws",
      bucketSettingsFor(s3, "cloudtrail", "aws-cloudtrail"),
      s3.secretAccessKey,
    );
    await s3.resetCounts();
    const first = await readBucket(database, connection, "live", { now: NOW });
    expect(first).toMatchObject({ objectsRead: 90, imported: expected.length, rejected: 0, caughtUp: true });
    expect(await eventIds()).toEqual(expected);
    // Streams found level by level: AWSLogs/, two accounts, their CloudTrail/ folders; then one listing each.
    expect(await s3.counts()).toMatchObject({ listFolders: 5, list: 2, get: 90, refused: 0 });

    const stored = await db.connectionObject.findMany({ where: { connectionId: connection.id } });
    expect(stored.map((o) => o.key).sort()).toEqual([...upload.keys].sort());
    const sample = stored.find((o) => o.key === upload.keys[0])!;
    const bytes = gzipSync(readFileSync(upload.files[0]));
    expect(sample).toMatchObject({ size: bytes.length, sha256: createHash("sha256").update(bytes).digest("hex") });
    expect(await db.connection.findUniqueOrThrow({ where: { id: connection.id } })).toMatchObject({
      eventsImported: expected.length,
      objectsRead: 90,
      newestEventTime: expect.any(Date),
    });

    await s3.resetCounts();
    const again = await readBucket(database, await reloadBucketConnection(database, connection), "live", { now: NOW });
    expect(again).toMatchObject({ objectsRead: 0, imported: 0, pagesRead: 2, caughtUp: true });
    expect(await s3.counts()).toMatchObject({ listFolders: 0, list: 2, get: 0 });

    const record = { ...JSON.parse(readFileSync(upload.files[0], "utf8")).Records[0], eventID: "new-one-1" };
    const key = `AWSLogs/${TRAIL_ACCOUNT}/CloudTrail/us-east-1/2023/07/10/${TRAIL_ACCOUNT}_CloudTrail_us-east-1_20230710T2300Z_new.json.gz`;
    await putObject(s3, "cloudtrail", key, gzipSync(JSON.stringify({ Records: [record] })));
    await s3.resetCounts();
    const next = await readBucket(database, await reloadBucketConnection(database, connection), "live", { now: NOW });
    expect(next).toMatchObject({ objectsRead: 1, imported: 1, duplicates: 0, pagesRead: 2 });
    expect(await s3.counts()).toMatchObject({ listFolders: 0, list: 2, get: 1 });
    expect(await db.event.count()).toBe(expected.length + 1);
  });

  it("reads an Alibaba ActionTrail bucket to exactly a clean import's events", async () => {
    const upload = await uploadActionTrail(s3, "actiontrail", { day: DAY, prefix: "org/trail" });
    const expected = await cleanImport(upload.files);
    expect(expected).toHaveLength(20); // one of the 21 samples repeats another's eventId
    const connection = await addBucketConnection(
      database,
      "alibaba",
      bucketSettingsFor(s3, "actiontrail", "alibaba-actiontrail", { prefix: "org/trail/" }),
      s3.secretAccessKey,
    );
    const report = await readBucket(database, connection, "live", { now: NOW });
    expect(report).toMatchObject({ objectsRead: 3, imported: 20, rejected: 0, caughtUp: true });
    expect(await eventIds()).toEqual(expected);
    const again = await readBucket(database, await reloadBucketConnection(database, connection), "live", { now: NOW });
    expect(again).toMatchObject({ objectsRead: 0, imported: 0 });
  });

  it("reads a Tencent CloudAudit bucket's hour folders to exactly a clean import's events", async () => {
    const hour = new Date("2023-07-10T02:00:00Z");
    const upload = await uploadCloudAudit(s3, "cloudaudit", { hour, workDir: path.join(work, "cloudaudit") });
    expect(upload.keys[0]).toMatch(/^2023071010\/cloudaudit_0_/);
    const expected = await cleanImport(upload.files);
    const connection = await addBucketConnection(
      database,
      "tencent",
      bucketSettingsFor(s3, "cloudaudit", "tencent-cloudaudit"),
      s3.secretAccessKey,
    );
    const report = await readBucket(database, connection, "live", { now: NOW });
    expect(report).toMatchObject({ objectsRead: 3, imported: expected.length, caughtUp: true });
    expect(await eventIds()).toEqual(expected);
    const after = await reloadBucketConnection(database, connection);
    expect(after.position.newestHour).toBe("2023-07-10T04:00:00.000Z");
    const again = await readBucket(database, after, "live", { now: NOW });
    expect(again).toMatchObject({ objectsRead: 0, imported: 0 });
  });
});

describe("damaged objects", () => {
  it("names a malformed object, a truncated gzip and an unknown format, and reads the rest", async () => {
    const stream = `AWSLogs/${TRAIL_ACCOUNT}/CloudTrail/us-east-1/2023/07/10/`;
    const source = dataset("invictus-aws-cloudtrail", "CloudTrail");
    const [, second] = readdirSync(source).sort();
    const records = (file: string) =>
      (JSON.parse(readFileSync(path.join(source, file), "utf8")) as { Records: unknown[] }).Records;
    // A delivery large enough that gunzip hands over records before it reaches the cut.
    const all = readdirSync(source).flatMap((file) => records(file));
    const big = all.map((r, n) => ({ ...(r as object), eventID: `truncated-${n}` }));
    const whole = gzipSync(JSON.stringify({ Records: big }));
    await putObject(s3, "damaged", `${stream}a-malformed.json.gz`, gzipSync('{"Records":[{"eventID":"x",'));
    await putObject(s3, "damaged", `${stream}b-truncated.json.gz`, whole.subarray(0, Math.floor(whole.length * 0.6)));
    await putObject(s3, "damaged", `${stream}c-unknown.json`, JSON.stringify([{ hello: "world" }, { hello: 2 }]));
    await putObject(s3, "damaged", `${stream}d-good.json.gz`, gzipSync(readFileSync(path.join(source, second))));
    const connection = await addBucketConnection(
      database,
      "damaged",
      bucketSettingsFor(s3, "damaged", "aws-cloudtrail"),
      s3.secretAccessKey,
    );
    const report = await readBucket(database, connection, "live", { now: NOW });
    expect(report.objectsRead).toBe(4);
    const problems = await db.connectionProblem.findMany({ orderBy: { id: "asc" } });
    expect(problems.map((p) => p.source)).toEqual([
      `${stream}a-malformed.json.gz`,
      `${stream}b-truncated.json.gz`,
      `${stream}c-unknown.json`,
    ]);
    expect(problems[1].reason).toMatch(/^file: after record \d+: cannot read: unexpected end of file$/);
    expect(problems[2].reason).toMatch(/^file: .* \(2 records\)$/);
    // The good object whole, and the truncated one's records before the damage.
    const good = records(second).length;
    const truncatedRead = (await db.event.count()) - good;
    expect(truncatedRead).toBeGreaterThan(0);
    expect(truncatedRead).toBeLessThan(big.length);
    expect(report.imported).toBe(good + truncatedRead);
    expect(report.rejected).toBe(1 + 1 + 2);
    const objects = await db.connectionObject.findMany({ orderBy: { key: "asc" } });
    expect(objects.map((o) => [o.events, o.rejected])).toEqual([
      [0, 1],
      [truncatedRead, 1],
      [0, 2],
      [good, 0],
    ]);
  });
});

describe("backfill", () => {
  it("reads the days before live started with its own position, and leaves the live one alone", async () => {
    const older = await uploadCloudTrail(s3, "backfill", { day: "2023-07-08", stratus: false, limit: 5 });
    const today = await uploadCloudTrail(s3, "backfill", { day: DAY, stratus: false, limit: 3 });
    const connection = await addBucketConnection(
      database,
      "backfill",
      bucketSettingsFor(s3, "backfill", "aws-cloudtrail"),
      s3.secretAccessKey,
    );
    const live = await readBucket(database, connection, "live", { now: NOW });
    expect(live.objectsRead).toBe(3);
    const afterLive = await db.connection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(JSON.parse(afterLive.position)).toMatchObject({ since: "2023-07-10T00:00:00.000Z" });

    await db.connection.update({
      where: { id: connection.id },
      data: {
        backfill: JSON.stringify({
          from: "2023-07-01T00:00:00.000Z",
          to: "2023-07-10T00:00:00.000Z",
          state: "running",
          done: 0,
          found: 0,
          position: {},
          startedAt: NOW.toISOString(),
        }),
      },
    });
    // A budget spent before the first object: nothing read, the backfill still running.
    const stopped = await readBucket(database, await reloadBucketConnection(database, connection), "backfill", {
      now: NOW,
      budgetMs: 0,
    });
    expect(stopped).toMatchObject({ objectsRead: 0, caughtUp: false, waiting: 5 });
    const report = await readBucket(database, await reloadBucketConnection(database, connection), "backfill", {
      now: NOW,
    });
    expect(report).toMatchObject({ objectsRead: 5, caughtUp: true });
    const row = await db.connection.findUniqueOrThrow({ where: { id: connection.id } });
    expect(row.position).toBe(afterLive.position);
    expect(JSON.parse(row.backfill!)).toMatchObject({
      state: "done",
      done: 5,
      found: 5,
      finishedAt: expect.any(String),
    });
    const keys = (await db.connectionObject.findMany()).map((o) => o.key).sort();
    expect(keys).toEqual([...older.keys, ...today.keys].sort());
    const expected = await cleanImport([...older.files, ...today.files]);
    expect(expected.length).toBeGreaterThan(0);
  });
});
