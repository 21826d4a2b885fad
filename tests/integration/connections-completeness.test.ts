// The trail buckets' completeness check against a local S3-compatible server, with the AWS SDK's S3 client:
// - CloudTrail: dataset log files gzipped in the AWS layout, with digest files in CloudTrail's format naming them
//   and their SHA-256; the connector's records of what it read (ConnectionObject: key, size, etag, sha256 of the
//   bytes) are written here as the connector writes them. Every file read: nothing missing or altered; one never
//   read: missing; one changed in the bucket after its digest was written, then read: altered. A malformed digest
//   is refused by name; digests are read once, and a new one is found from the stored position.
// - Other layouts: the delivery cadence; ActionTrail keys every 5 minutes with one hour missing show that hour.
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { bucketClient } from "@/lib/connections/bucket/s3-client";
import { bucketCompleteness, readNewDigests } from "@/lib/connections/bucket/completeness";
import type { LoadedConnection } from "@/lib/connections/connector";
import { encryptedSecrets, loadConnection } from "@/lib/connections/load-connection";
import { parseConnectionInput, splitSecrets, type BucketSettings } from "@/lib/domain/connections/settings";
import { dataset } from "../fixtures/datasets";
import { digestFile, sha256Hex } from "../support/cloudtrail-digests";
import { startS3Server, type S3Server } from "../support/s3-server";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const BUCKET = "trail-bucket";
const ACCOUNT = "218007301253";
const LOGS = `AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2023/07/10/`;
const NAMES = [
  "218007301253_CloudTrail_us-east-1_20230710T1145Z_7xgocspSowgK0Gto",
  "218007301253_CloudTrail_us-east-1_20230710T1150Z_1vnLavRRp0ek1mP4",
  "218007301253_CloudTrail_us-east-1_20230710T1200Z_iLj9fb7yyUG9X4Bf",
  "218007301253_CloudTrail_us-east-1_20230710T1205Z_lKy08gyrqqRJyzsn",
  "218007301253_CloudTrail_us-east-1_20230710T1210Z_ZgEBhdXGdLTXGoIe",
  "218007301253_CloudTrail_us-east-1_20230710T1215Z_dTTFsx4I2m3om5Oy",
  "218007301253_CloudTrail_us-east-1_20230710T1235Z_Vp7r3boWJKtPb3wM",
];
const keyOf = (name: string) => `${LOGS}${name}.json.gz`;
const KEYS = NAMES.map(keyOf);

let server: S3Server;
let s3: S3Client;
let connection: LoadedConnection<BucketSettings>;
/** The log files' bytes as first delivered (gzipped). */
const delivered = new Map<string, Buffer>();

const at = (text: string) => new Date(text);

async function addConnection(name: string, layout: string, prefix = ""): Promise<number> {
  const parsed = parseConnectionInput({
    kind: "bucket",
    name,
    layout,
    endpoint: server.endpoint,
    region: "us-east-1",
    bucket: BUCKET,
    prefix,
    accessKeyId: server.accessKeyId,
    secretAccessKey: server.secretAccessKey,
    pathStyle: true,
  });
  if (!parsed.ok) throw new Error(parsed.error);
  const { kind, settings, secrets } = splitSecrets(parsed.value);
  const row = await db.connection.create({ data: { name, kind, settings: JSON.stringify(settings) } });
  await db.connection.update({ where: { id: row.id }, data: { secretEncrypted: encryptedSecrets(row.id, secrets) } });
  return row.id;
}

/** The listings the client sends from now on (bucket and continuation token left out). */
function recordListings(): Record<string, unknown>[] {
  const seen: Record<string, unknown>[] = [];
  s3.middlewareStack.add(
    (next, context) => async (args) => {
      if (context.commandName === "ListObjectsV2Command") {
        const input = args.input as Record<string, unknown>;
        seen.push(Object.fromEntries(Object.entries(input).filter(([k, v]) => v !== undefined && k !== "Bucket")));
      }
      return next(args);
    },
    { step: "initialize", name: "recordListings", override: true },
  );
  return seen;
}

const put = (key: string, body: Uint8Array) => s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body }));

/** What the connector records for an object it read: key, size, ETag and the SHA-256 of the bytes it got. */
async function recordRead(connectionId: number, key: string) {
  const answer = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  const bytes = await answer.Body!.transformToByteArray();
  await db.connectionObject.create({
    data: { connectionId, key, size: bytes.length, etag: answer.ETag ?? null, sha256: sha256Hex(bytes), events: 1 },
  });
}

function digestOf(start: string, end: string, names: string[], previousKey?: string) {
  return digestFile({
    bucket: BUCKET,
    account: ACCOUNT,
    region: "us-east-1",
    trail: "keytrail-test",
    start: at(start),
    end: at(end),
    previousKey,
    logFiles: names.map((name) => ({
      key: keyOf(name),
      bytes: delivered.get(keyOf(name))!,
      oldestEventTime: "2023-07-10T11:40:00Z",
      newestEventTime: "2023-07-10T12:35:00Z",
    })),
  });
}

beforeAll(async () => {
  await resetDatabase(database);
  server = await startS3Server([BUCKET]);
  for (const [index, name] of NAMES.entries()) {
    const bytes = gzipSync(readFileSync(dataset("invictus-aws-cloudtrail", "CloudTrail", `${name}.json`)));
    delivered.set(KEYS[index], bytes);
  }
  const id = await addConnection("prod-trail", "aws-cloudtrail");
  connection = (await loadConnection(database, id)) as LoadedConnection<BucketSettings>;
  s3 = bucketClient(connection.settings, connection.secrets.secretAccessKey!);
  for (const [key, bytes] of delivered) await put(key, bytes);
}, 60_000);

afterAll(async () => {
  s3?.destroy();
  await server?.stop();
  await resetDatabase(database);
  await db.$disconnect();
});

describe("a CloudTrail bucket with digest files", () => {
  it("checks the cadence while no digest has been read", async () => {
    for (const key of KEYS) await recordRead(connection.id, key);
    expect(await bucketCompleteness(database, connection.id)).toEqual({
      kind: "cadence",
      expectedMinutes: 5,
      objects: 7,
      undated: 0,
      gapsTotal: 2,
      gaps: [
        { from: at("2023-07-10T11:50:00Z"), to: at("2023-07-10T12:00:00Z") },
        { from: at("2023-07-10T12:15:00Z"), to: at("2023-07-10T12:35:00Z") },
      ],
    });
  });

  it("reads each digest once and finds every log file read and unchanged", async () => {
    const first = digestOf("2023-07-10T11:00:00Z", "2023-07-10T12:00:00Z", NAMES.slice(0, 2));
    const second = digestOf("2023-07-10T12:00:00Z", "2023-07-10T13:00:00Z", NAMES.slice(2, 6), first.key);
    await put(first.key, first.body);
    await put(second.key, second.body);
    // A digest folder's stray object that is not gzip: refused by name, the others read.
    const broken = `AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/2023/07/10/broken.json.gz`;
    await put(broken, Buffer.from("{ not gzip"));
    // An object in the log folder is not a digest.
    await put(`AWSLogs/${ACCOUNT}/CloudTrail/us-east-1/2023/07/10/notes.json.gz`, gzipSync("{}"));

    expect(await readNewDigests(database, connection, s3)).toEqual({
      ok: true,
      digestsRead: 3,
      digestsRefused: 1,
      logFilesListed: 6,
      caughtUp: true,
    });
    expect(await readNewDigests(database, connection, s3)).toEqual({
      ok: true,
      digestsRead: 0,
      digestsRefused: 0,
      logFilesListed: 0,
      caughtUp: true,
    });
    expect(await db.connectionDigestEntry.count({ where: { connectionId: connection.id } })).toBe(6);
    const problems = await db.connectionProblem.findMany({ where: { connectionId: connection.id } });
    expect(problems.map(({ source, reason }) => ({ source, reason }))).toEqual([
      { source: broken, reason: "not a CloudTrail digest file: not gzip data (incorrect header check)" },
    ]);

    expect(await bucketCompleteness(database, connection.id)).toEqual({
      kind: "digest",
      digests: {
        read: 3,
        refusedTotal: 1,
        refused: [{ key: broken, reason: "not a CloudTrail digest file: not gzip data (incorrect header check)" }],
      },
      checkedThrough: at("2023-07-10T13:00:00Z"),
      expected: 6,
      imported: 6,
      missingTotal: 0,
      missing: [],
      alteredTotal: 0,
      altered: [],
    });
  });

  it("finds a log file never read (missing) and one changed after its digest (altered)", async () => {
    // The 13:00-14:00 digest names the 12:35 file; it arrives later and is found from the stored position.
    const third = digestOf("2023-07-10T13:00:00Z", "2023-07-10T14:00:00Z", NAMES.slice(6));
    await put(third.key, third.body);
    const listings = recordListings();
    expect(await readNewDigests(database, connection, s3, { maxDigests: 5 })).toMatchObject({
      ok: true,
      digestsRead: 1,
      logFilesListed: 1,
    });
    // One key per account and region folder found, one more to see there are no others; the region's digests
    // from the day before the newest one read.
    expect(listings.splice(0)).toEqual([
      { Prefix: "AWSLogs/", MaxKeys: 1 },
      { Prefix: "AWSLogs/", MaxKeys: 1, StartAfter: `AWSLogs/${ACCOUNT}0` },
      { Prefix: `AWSLogs/${ACCOUNT}/CloudTrail-Digest/`, MaxKeys: 1 },
      {
        Prefix: `AWSLogs/${ACCOUNT}/CloudTrail-Digest/`,
        MaxKeys: 1,
        StartAfter: `AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-10`,
      },
      {
        Prefix: `AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/`,
        StartAfter: `AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/2023/07/09`,
      },
    ]);

    // Never read by the connector.
    await db.connectionObject.delete({ where: { connectionId_key: { connectionId: connection.id, key: KEYS[1] } } });
    // Replaced in the bucket (a record removed) before the connector read it.
    const original = JSON.parse(
      readFileSync(dataset("invictus-aws-cloudtrail", "CloudTrail", `${NAMES[4]}.json`), "utf8"),
    );
    original.Records = original.Records.slice(1);
    const changed = gzipSync(JSON.stringify(original));
    await put(KEYS[4], changed);
    await db.connectionObject.delete({ where: { connectionId_key: { connectionId: connection.id, key: KEYS[4] } } });
    await recordRead(connection.id, KEYS[4]);

    expect(await bucketCompleteness(database, connection.id)).toEqual({
      kind: "digest",
      digests: {
        read: 4,
        refusedTotal: 1,
        refused: [
          {
            key: `AWSLogs/${ACCOUNT}/CloudTrail-Digest/us-east-1/2023/07/10/broken.json.gz`,
            reason: "not a CloudTrail digest file: not gzip data (incorrect header check)",
          },
        ],
      },
      checkedThrough: at("2023-07-10T14:00:00Z"),
      expected: 7,
      imported: 6,
      missingTotal: 1,
      missing: [{ key: KEYS[1], digestKey: digestOf("2023-07-10T11:00:00Z", "2023-07-10T12:00:00Z", []).key }],
      alteredTotal: 1,
      altered: [{ key: KEYS[4], expectedSha256: sha256Hex(delivered.get(KEYS[4])!), actualSha256: sha256Hex(changed) }],
    });
  });

  it("does nothing for other layouts or with digests turned off, and names a refused key", async () => {
    const id = await addConnection("actiontrail-bucket", "alibaba-actiontrail");
    const other = (await loadConnection(database, id)) as LoadedConnection<BucketSettings>;
    expect(await readNewDigests(database, other, s3)).toBeNull();
    expect(
      await readNewDigests(database, { ...connection, settings: { ...connection.settings, readDigests: false } }, s3),
    ).toBeNull();
    const refused = { ...connection, settings: { ...connection.settings, accessKeyId: "NOTAKEY" } };
    const result = await readNewDigests(
      database,
      refused,
      bucketClient(refused.settings, connection.secrets.secretAccessKey!, { maxAttempts: 1 }),
    );
    expect(result).toMatchObject({ ok: false, error: { kind: "credentials" } });
  });
});

describe("an organization trail under a prefix", () => {
  it("reads only the digests under the connection's prefix, in the organization's account folders", async () => {
    const id = await addConnection("org-trail", "aws-cloudtrail", "corp");
    const org = (await loadConnection(database, id)) as LoadedConnection<BucketSettings>;
    const logKey = `corp/AWSLogs/o-abcdefghij/111122223333/CloudTrail/eu-west-1/2023/07/10/111122223333_CloudTrail_eu-west-1_20230710T1200Z_abc.json.gz`;
    const bytes = delivered.get(KEYS[0])!;
    await put(logKey, bytes);
    const digest = digestFile({
      bucket: BUCKET,
      root: "corp/",
      organization: "o-abcdefghij",
      account: "111122223333",
      region: "eu-west-1",
      trail: "org-trail",
      start: at("2023-07-10T11:00:00Z"),
      end: at("2023-07-10T12:00:00Z"),
      logFiles: [
        { key: logKey, bytes, oldestEventTime: "2023-07-10T11:55:00Z", newestEventTime: "2023-07-10T11:59:00Z" },
      ],
    });
    await put(digest.key, digest.body);
    expect(digest.key).toBe(
      "corp/AWSLogs/o-abcdefghij/111122223333/CloudTrail-Digest/eu-west-1/2023/07/10/111122223333_CloudTrail-Digest_eu-west-1_org-trail_eu-west-1_20230710T120000Z.json.gz",
    );
    await recordRead(id, logKey);
    expect(await readNewDigests(database, org, s3)).toEqual({
      ok: true,
      digestsRead: 1,
      digestsRefused: 0,
      logFilesListed: 1,
      caughtUp: true,
    });
    expect(await bucketCompleteness(database, id)).toMatchObject({
      kind: "digest",
      digests: { read: 1, refusedTotal: 0 },
      checkedThrough: at("2023-07-10T12:00:00Z"),
      expected: 1,
      imported: 1,
      missingTotal: 0,
      alteredTotal: 0,
    });
  });
});

describe("a bucket without digest files", () => {
  it("shows the hour with no ActionTrail file when the trail delivers every 5 minutes", async () => {
    const id = await addConnection("actiontrail-cadence", "alibaba-actiontrail");
    const keys: string[] = [];
    for (let minute = 10 * 60; minute < 13 * 60; minute += 5) {
      if (minute >= 11 * 60 && minute < 12 * 60) continue; // the trail delivered nothing from 11:00 to 11:59
      const hh = String(Math.floor(minute / 60)).padStart(2, "0");
      const mm = String(minute % 60).padStart(2, "0");
      keys.push(
        `AliyunLogs/Actiontrail/cn-hangzhou/2024/03/05/Actiontrail_cn-hangzhou_20240305${hh}${mm}00_1002_3_1024_0a1b2c3d.gz`,
      );
    }
    keys.push("AliyunLogs/Actiontrail/cn-hangzhou/README.txt");
    await db.connectionObject.createMany({
      data: keys.map((key, index) => ({
        connectionId: id,
        key,
        size: 1024,
        etag: `"${index}"`,
        sha256: "0".repeat(64),
      })),
    });
    expect(await bucketCompleteness(database, id)).toEqual({
      kind: "cadence",
      expectedMinutes: 5,
      objects: 25,
      undated: 1,
      gapsTotal: 1,
      gaps: [{ from: at("2024-03-05T10:55:00Z"), to: at("2024-03-05T12:00:00Z") }],
    });
    // With the window up to 13:30, the silence after the last file counts too.
    expect(await bucketCompleteness(database, id, { to: at("2024-03-05T13:30:00Z") })).toMatchObject({
      gapsTotal: 2,
      gaps: [
        { from: at("2024-03-05T10:55:00Z"), to: at("2024-03-05T12:00:00Z") },
        { from: at("2024-03-05T12:55:00Z"), to: at("2024-03-05T13:30:00Z") },
      ],
    });
    expect(await bucketCompleteness(database, 999_999)).toBeNull();
  });
});
