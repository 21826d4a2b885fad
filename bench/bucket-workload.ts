// The trail-bucket benchmarks, against the local S3 server (tests/support/s3-server.ts: s3rver behind a front that
// checks every request's signature) with the AWS SDK's S3 client:
//  (a) backfill: the import workload's CloudTrail set (`copies` × the invictus records, each copy with its own
//      eventIDs) split into 5-minute objects (one day folder per copy), read by a backfill into a fresh database,
//      against the file import of the same records as one .json.gz in the same run (a child process, as the
//      import workload runs it);
//  (b) poll: a bucket already holding `objects` small objects, all read (ConnectionObject rows and the position
//      after the last), and 1 new: ms from the poll's start until the new object's events are visible, and the
//      listing pages the poll asked for.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { readBucket } from "@/lib/connections/bucket/read-bucket";
import type { Database } from "@/lib/db/client";
import { DAY_MS } from "@/lib/domain/time";
import { dataset } from "@/tests/fixtures/datasets";
import { startS3Server } from "@/tests/support/s3-server";
import {
  addBucketConnection,
  bucketSettingsFor,
  putObject,
  reloadBucketConnection,
  TRAIL_ACCOUNT,
} from "@/tests/support/trail-bucket";
import { buildCloudTrailFile, IMPORT_HEAP_MB } from "./import-workload";
import { summarise, type Figure } from "./measure";

type Fresh = (name: string) => Promise<{ url: string; database: Database }>;
type Rec = Record<string, unknown> & { eventID: string; eventTime: string };

/** The local S3 server is on loopback, which connections refuse unless the operator allows private addresses. */
const allowLoopback = () => (process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS = "1");

const STREAM = `AWSLogs/${TRAIL_ACCOUNT}/CloudTrail/us-east-1/`;
const FIVE_MINUTES = 5 * 60 * 1000;

export interface BucketBackfillResult {
  records: number;
  objects: number;
  events: number;
  bucketEventsPerSecond: number;
  fileEventsPerSecond: number;
  ratio: number;
}

export interface BucketPollResult {
  objectsAlreadyRead: number;
  visibleMs: Figure;
  /** The most listing pages one poll asked for (ListObjectsV2 requests, as the server counted them). */
  maxPages: number;
  gets: number;
}

const invictus = (): Rec[] => {
  const source = dataset("invictus-aws-cloudtrail", "CloudTrail");
  return readdirSync(source)
    .filter((f) => f.endsWith(".json"))
    .flatMap((f) => (JSON.parse(readFileSync(path.join(source, f), "utf8")) as { Records: Rec[] }).Records);
};

const slashedDay = (time: number) => new Date(time).toISOString().slice(0, 10).replaceAll("-", "/");
const stamp = (time: number) =>
  new Date(time)
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\d\d\.\d+Z$/, "Z");

/** (a): the file import's events/s (child process) and the bucket backfill's, same records, fresh databases. */
export async function benchBucketBackfill(dir: string, copies: number, fresh: Fresh): Promise<BucketBackfillResult> {
  allowLoopback();
  mkdirSync(dir, { recursive: true });
  const { file, records } = await buildCloudTrailFile(dir, copies);
  const fileTarget = await fresh(`bucket-file-${copies}x`);
  await fileTarget.database.db.$disconnect();
  const child = spawnSync(
    process.execPath,
    [
      `--max-old-space-size=${IMPORT_HEAP_MB}`,
      "--import",
      "tsx",
      path.resolve("bench/import-child.ts"),
      fileTarget.url,
      file,
    ],
    { encoding: "utf8", env: process.env },
  );
  if (child.status !== 0) throw new Error(`import child failed: ${child.stderr}`);
  const imported = JSON.parse(child.stdout.trim().split("\n").pop()!) as { events: number; ms: number };

  // The same records (same eventIDs as the file), copy c in day folder 2023-07-10 minus c days, 5-minute objects.
  const originals = invictus();
  const s3 = await startS3Server(["bench-trail"]);
  const { database } = await fresh(`bucket-backfill-${copies}x`);
  try {
    let objects = 0;
    for (let copy = 0; copy < copies; copy++) {
      const groups = new Map<number, Rec[]>();
      for (const r of originals) {
        const slot = Math.floor(Date.parse(r.eventTime) / FIVE_MINUTES) * FIVE_MINUTES - copy * DAY_MS;
        const group = groups.get(slot) ?? [];
        group.push({ ...r, eventID: `${r.eventID}-bench${copy}` });
        groups.set(slot, group);
      }
      for (const [slot, group] of groups) {
        const key = `${STREAM}${slashedDay(slot)}/${TRAIL_ACCOUNT}_CloudTrail_us-east-1_${stamp(slot + FIVE_MINUTES)}_c${copy}.json.gz`;
        s3.seedObject("bench-trail", key, gzipSync(JSON.stringify({ Records: group })));
        objects++;
      }
    }
    const connection = await addBucketConnection(
      database,
      "bench-backfill",
      bucketSettingsFor(s3, "bench-trail", "aws-cloudtrail"),
      s3.secretAccessKey,
    );
    await database.db.connection.update({
      where: { id: connection.id },
      data: {
        backfill: JSON.stringify({
          from: "2000-01-01T00:00:00.000Z",
          to: "2030-01-01T00:00:00.000Z",
          state: "running",
          done: 0,
          found: 0,
          position: {},
          startedAt: new Date().toISOString(),
        }),
      },
    });
    const started = performance.now();
    const report = await readBucket(database, await reloadBucketConnection(database, connection), "backfill");
    const ms = performance.now() - started;
    if (report.objectsRead !== objects || report.imported !== imported.events)
      throw new Error(`bucket backfill read ${report.objectsRead}/${objects} objects, ${report.imported} events`);
    const bucketEventsPerSecond = report.imported / (ms / 1000);
    const fileEventsPerSecond = imported.events / (imported.ms / 1000);
    return {
      records,
      objects,
      events: report.imported,
      bucketEventsPerSecond,
      fileEventsPerSecond,
      ratio: bucketEventsPerSecond / fileEventsPerSecond,
    };
  } finally {
    await database.db.$disconnect();
    await s3.stop();
  }
}

/** (b): `objects` already read, then `runs` polls that each find 1 new object. */
export async function benchBucketPoll(objects: number, runs: number, fresh: Fresh): Promise<BucketPollResult> {
  allowLoopback();
  const s3 = await startS3Server(["bench-poll"]);
  const { database } = await fresh("bucket-poll");
  try {
    const connection = await addBucketConnection(
      database,
      "bench-poll",
      bucketSettingsFor(s3, "bench-poll", "aws-cloudtrail"),
      s3.secretAccessKey,
    );
    // One 5-minute object each, back from 2023-07-10T12:00Z: the bucket holds them all, tiny but real.
    const first = Date.parse("2023-07-10T12:00:00Z") - objects * FIVE_MINUTES;
    const keys: string[] = [];
    for (let n = 0; n < objects; n++) {
      const slot = first + n * FIVE_MINUTES;
      const key = `${STREAM}${slashedDay(slot)}/${TRAIL_ACCOUNT}_CloudTrail_us-east-1_${stamp(slot)}_old${n}.json.gz`;
      s3.seedObject("bench-poll", key, gzipSync('{"Records":[]}'));
      keys.push(key);
    }
    for (let n = 0; n < keys.length; n += 5_000)
      await database.db.connectionObject.createMany({
        data: keys.slice(n, n + 5_000).map((key) => ({ connectionId: connection.id, key, size: 34, sha256: "" })),
      });
    const now = new Date();
    await database.db.connection.update({
      where: { id: connection.id },
      data: {
        position: JSON.stringify({
          since: new Date(first).toISOString(),
          discoveredAt: now.toISOString(),
          streams: { [STREAM]: keys.at(-1) },
        }),
      },
    });
    const template = invictus().slice(0, 20);
    const samples: number[] = [];
    let maxPages = 0;
    let gets = 0;
    for (let run = 0; run < runs; run++) {
      const slot = Date.parse("2023-07-10T12:00:00Z") + run * FIVE_MINUTES;
      const ids = template.map((r, i) => `${r.eventID}-poll${run}-${i}`);
      const body = { Records: template.map((r, i) => ({ ...r, eventID: ids[i] })) };
      await putObject(
        s3,
        "bench-poll",
        `${STREAM}${slashedDay(slot)}/${TRAIL_ACCOUNT}_CloudTrail_us-east-1_${stamp(slot)}_new${run}.json.gz`,
        gzipSync(JSON.stringify(body)),
      );
      const loaded = await reloadBucketConnection(database, connection);
      await s3.resetCounts();
      const started = performance.now();
      const report = await readBucket(database, loaded, "live", { now });
      const visible = await database.db.event.count({ where: { eventId: { in: ids } } });
      samples.push(performance.now() - started);
      if (report.objectsRead !== 1 || visible !== ids.length)
        throw new Error(`poll ${run}: read ${report.objectsRead} objects, ${visible}/${ids.length} events visible`);
      const counts = await s3.counts();
      maxPages = Math.max(maxPages, counts.list + counts.listFolders);
      gets += counts.get;
    }
    return { objectsAlreadyRead: objects, visibleMs: summarise(samples), maxPages, gets };
  } finally {
    await database.db.$disconnect();
    await s3.stop();
  }
}
