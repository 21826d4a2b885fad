// A bucket read killed with SIGKILL halfway, then run again, against a real database (SQLite and PostgreSQL): the
// final event set is exactly the objects' records, each object is recorded once, and the position after the run
// is past the last object. The reader runs as its own process (node --import tsx), so the kill reaches it.
import { spawn, spawnSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { dataset } from "@/tests/fixtures/datasets";
import { startS3Server, type S3Server } from "@/tests/support/s3-server";
import { addBucketConnection, bucketSettingsFor, TRAIL_ACCOUNT } from "@/tests/support/trail-bucket";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const COPIES = 6;
const NOW = "2023-07-10T23:00:00.000Z";
const STREAM = `AWSLogs/${TRAIL_ACCOUNT}/CloudTrail/us-east-1/2023/07/10/`;
let s3: S3Server;
const expected = new Set<string>();
const keys: string[] = [];

beforeAll(async () => {
  process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS = "1";
  await resetDatabase(database);
  s3 = await startS3Server(["kill"]);
  // The invictus files COPIES times over, each copy's records with their own eventIDs: 330 objects.
  const source = dataset("invictus-aws-cloudtrail", "CloudTrail");
  const files = readdirSync(source)
    .filter((f) => f.endsWith(".json"))
    .sort();
  for (let copy = 0; copy < COPIES; copy++)
    for (const file of files) {
      const records = (JSON.parse(readFileSync(path.join(source, file), "utf8")) as { Records: { eventID: string }[] })
        .Records;
      const mine = records.map((r) => ({ ...r, eventID: `${r.eventID}-kill${copy}` }));
      for (const r of mine) expected.add(r.eventID);
      const key = `${STREAM}${file.replace(/\.json$/, `_${copy}.json.gz`)}`;
      s3.seedObject("kill", key, gzipSync(JSON.stringify({ Records: mine })));
      keys.push(key);
    }
}, 60_000);

afterAll(async () => {
  delete process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS;
  await s3?.stop();
  await db.$disconnect();
});

const reader = (id: number) => [path.resolve("tests/support/read-bucket-child.ts"), String(id), NOW];

describe("a bucket read killed halfway", () => {
  it("run again, stores exactly the objects' events, each object recorded once", async () => {
    const connection = await addBucketConnection(
      database,
      "killed",
      bucketSettingsFor(s3, "kill", "aws-cloudtrail"),
      s3.secretAccessKey,
    );
    const child = spawn(process.execPath, ["--import", "tsx", ...reader(connection.id)], {
      env: process.env,
      stdio: "ignore",
    });
    const exited = new Promise<NodeJS.Signals | null>((resolve) =>
      child.on("exit", (_code, signal) => resolve(signal)),
    );
    for (;;) {
      if ((await db.connectionObject.count()) >= keys.length / 4) break;
      await new Promise((r) => setTimeout(r, 20));
    }
    child.kill("SIGKILL");
    expect(await exited).toBe("SIGKILL");
    const objectsAtKill = await db.connectionObject.count();
    expect(objectsAtKill).toBeLessThan(keys.length);

    const again = spawnSync(process.execPath, ["--import", "tsx", ...reader(connection.id)], {
      env: process.env,
      encoding: "utf8",
    });
    expect(again.status).toBe(0);
    const report = JSON.parse(again.stdout.trim().split("\n").pop()!) as { objectsRead: number; caughtUp: boolean };
    expect(report.caughtUp).toBe(true);
    expect(report.objectsRead).toBe(keys.length - objectsAtKill);

    const rows = await db.event.findMany({ select: { eventId: true } });
    expect(rows.length).toBe(expected.size);
    expect(new Set(rows.map((r) => r.eventId))).toEqual(expected);
    const objects = await db.connectionObject.findMany({ select: { key: true } });
    expect(objects.map((o) => o.key).sort()).toEqual([...keys].sort());
    const position = JSON.parse((await db.connection.findUniqueOrThrow({ where: { id: connection.id } })).position);
    expect(position.streams[`AWSLogs/${TRAIL_ACCOUNT}/CloudTrail/us-east-1/`]).toBe([...keys].sort().at(-1));
  }, 180_000);
});
