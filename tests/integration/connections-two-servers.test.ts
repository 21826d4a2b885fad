// Two console servers' runners (`npm run connections -- work`, two processes) on one database with one trail
// bucket connection: every object is read once, by one of them at a time, and the events equal one clean import.
// The bucket holds CloudTrail dataset files, gzipped, in the AWS layout under today's folder (a new connection
// reads from the start of its first run's UTC day), on a local S3 server.
import { spawn } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection } from "@/lib/connections/manage-connections";
import { dataset } from "@/tests/fixtures/datasets";
import { startS3Server, type S3Server } from "@/tests/support/s3-server";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const COMMAND = ["--import", "tsx", path.resolve("scripts/connections.ts"), "work"];
const env = { ...process.env, KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS: "1", KEYTRAIL_CONNECTION_TICK_MS: "100" };
const FILES = 8;
let s3: S3Server;
const records: { eventID: string }[] = [];

beforeAll(async () => {
  process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS = "1";
  await resetDatabase(database);
  s3 = await startS3Server(["trail"]);
  const client = new S3Client({
    endpoint: s3.endpoint,
    region: "us-east-1",
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
  const folder = dataset("invictus-aws-cloudtrail", "CloudTrail");
  const day = new Date().toISOString().slice(0, 10).replaceAll("-", "/");
  try {
    for (const file of readdirSync(folder).sort().slice(0, FILES)) {
      const text = readFileSync(path.join(folder, file), "utf8");
      records.push(...(JSON.parse(text) as { Records: { eventID: string }[] }).Records);
      const key = `AWSLogs/218007301253/CloudTrail/us-east-1/${day}/${file}.gz`;
      await client.send(new PutObjectCommand({ Bucket: "trail", Key: key, Body: gzipSync(text) }));
    }
  } finally {
    client.destroy();
  }
});

afterAll(async () => {
  delete process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS;
  await s3?.stop();
  await resetDatabase(database);
  await db.$disconnect();
});

describe("two console servers on one database", () => {
  it("read every object of one bucket connection once, never at the same time", async (context) => {
    const created = await createConnection(database, {
      kind: "bucket",
      name: "shared-trail",
      layout: "aws-cloudtrail",
      endpoint: s3.endpoint,
      region: "us-east-1",
      bucket: "trail",
      accessKeyId: s3.accessKeyId,
      secretAccessKey: s3.secretAccessKey,
      pathStyle: true,
      pollSeconds: 5,
    });
    if (!created.ok) throw new Error(created.error);
    const id = created.id;
    const workers = [0, 1].map(() => spawn(process.execPath, COMMAND, { env, stdio: ["ignore", "pipe", "pipe"] }));
    const exits = workers.map((worker) => new Promise<number | null>((resolve) => worker.on("exit", resolve)));
    const output: string[] = [];
    // Each is running (and stops cleanly on SIGTERM) once it says so.
    const started = workers.map(
      (worker) =>
        new Promise<void>((resolve) => {
          worker.stdout!.on("data", (chunk: Buffer) => {
            output.push(chunk.toString());
            if (/running connections as server-/.test(chunk.toString())) resolve();
          });
          worker.stderr!.on("data", (chunk: Buffer) => output.push(chunk.toString()));
        }),
    );
    let placeholder = false;
    try {
      await Promise.all(started);
      const deadline = Date.now() + 120_000;
      for (;;) {
        const row = await db.connection.findUniqueOrThrow({ where: { id } });
        if (row.lastError && /not built yet/.test(row.lastError)) {
          placeholder = true;
          break;
        }
        if (row.objectsRead >= FILES || Date.now() > deadline) break;
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      // One more poll's worth of runs, so a second reading would show if it were to happen.
      if (!placeholder) await new Promise((resolve) => setTimeout(resolve, 1_500));
    } finally {
      for (const worker of workers) worker.kill("SIGTERM");
    }
    expect(await Promise.all(exits)).toEqual([0, 0]);
    // Until the bucket connector is built, its placeholder fails every run.
    if (placeholder) return context.skip();

    const row = await db.connection.findUniqueOrThrow({ where: { id } });
    const unique = new Set(records.map((r) => r.eventID)).size;
    const figures = { objectsRead: row.objectsRead, eventsImported: row.eventsImported, lastError: row.lastError };
    // (A run after the last object may have failed on a slow local server: the figures are what must hold.)
    expect(figures, output.join("")).toMatchObject({ objectsRead: FILES, eventsImported: unique });
    expect(row.duplicates + row.rejected).toBe(records.length - unique);
    expect(await db.connectionObject.count({ where: { connectionId: id } })).toBe(FILES);
    expect(await db.event.count({ where: { service: { not: "keytrail" } } })).toBe(unique);
    const runs = await db.connectionRun.findMany({ where: { connectionId: id }, orderBy: { id: "asc" } });
    expect(runs.reduce((sum, run) => sum + run.objectsRead, 0)).toBe(FILES);
    for (let i = 1; i < runs.length; i++)
      expect(runs[i].startedAt.getTime()).toBeGreaterThanOrEqual(runs[i - 1].finishedAt!.getTime());
    expect(row.leaseOwner).toBeNull();
  });
});
