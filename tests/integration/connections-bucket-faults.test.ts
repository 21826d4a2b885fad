// The trail-bucket connector's faults against the signature-checking local S3 server: each cloud refusal or network
// failure becomes a ConnectionError of its kind in words; throttling and dropped connections are retried; a bad
// secret stops the run and a later run with the right one continues from the stored position; the secret is
// never written anywhere.
import { createServer } from "node:net";
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { readBucket } from "@/lib/connections/bucket/read-bucket";
import { ConnectionError } from "@/lib/connections/connection-error";
import { encryptedSecrets } from "@/lib/connections/load-connection";
import type { BucketSettings } from "@/lib/domain/connections/settings";
import { dataset } from "@/tests/fixtures/datasets";
import { startS3Server, type S3Server } from "@/tests/support/s3-server";
import {
  addBucketConnection,
  bucketSettingsFor,
  putObject,
  reloadBucketConnection,
  TRAIL_ACCOUNT,
  uploadCloudTrail,
} from "@/tests/support/trail-bucket";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
let s3: S3Server;
const NOW = new Date("2023-07-10T23:00:00Z");
const WRONG_SECRET = "wrong-Secret-7Q9zX2";
const STREAM = `AWSLogs/${TRAIL_ACCOUNT}/CloudTrail/us-east-1/2023/07/10/`;

/** The ConnectionError a run throws (or fails the test). */
async function failure(settings: Partial<BucketSettings>, secret = s3.secretAccessKey): Promise<ConnectionError> {
  const connection = await addBucketConnection(
    database,
    `fault-${Math.random().toString(36).slice(2, 8)}`,
    bucketSettingsFor(s3, "trail", "aws-cloudtrail", settings),
    secret,
  );
  const error = await readBucket(database, connection, "live", { now: NOW }).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ConnectionError);
  expect((error as Error).message).not.toContain(secret);
  return error as ConnectionError;
}

const closedPort = () =>
  new Promise<number>((resolve) => {
    const server = createServer().listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

beforeAll(async () => {
  process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS = "1";
  s3 = await startS3Server(["trail"]);
  await uploadCloudTrail(s3, "trail", { day: "2023-07-10", stratus: false, limit: 3 });
});

afterAll(async () => {
  delete process.env.KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS;
  await s3?.stop();
  await db.$disconnect();
});

beforeEach(async () => {
  await resetDatabase(database);
});

describe("bucket faults", () => {
  it("names each refusal and network failure", async () => {
    const credentials = await failure({}, WRONG_SECRET);
    expect(credentials.kind).toBe("credentials");
    expect(credentials.message).toBe(
      `bucket trail at ${s3.endpoint} refused the AccessKey S3RVER (SignatureDoesNotMatch): check the AccessKey ID and secret, and that the key is active`,
    );
    expect((await failure({ accessKeyId: "NOSUCHKEY" })).kind).toBe("credentials");
    const noBucket = await failure({ bucket: "deleted-trail" });
    expect(noBucket.kind).toBe("noSuchBucket");
    expect(noBucket.message).toBe(
      `bucket deleted-trail at ${s3.endpoint} does not exist (NoSuchBucket): check the bucket name`,
    );
    const region = await failure({ region: "eu-central-1" });
    expect(region.kind).toBe("wrongRegion");
    expect(region.message).toMatch(/is not in region eu-central-1 \(AuthorizationHeaderMalformed\)/);
    await s3.failNext(1, 403, "AccessDenied");
    expect((await failure({})).kind).toBe("accessDenied");
    const closed = await failure({ endpoint: `http://127.0.0.1:${await closedPort()}` });
    expect(closed.kind).toBe("unreachable");
    expect(closed.message).toMatch(/cannot be reached \(ECONNREFUSED\)/);
    const dns = await failure({ endpoint: "http://trail-store.invalid" });
    expect(dns).toMatchObject({ kind: "unreachable", retryable: true });
    expect(dns.message).toMatch(/^trail-store\.invalid: the name does not resolve/);
    // Nothing was stored by a failed run.
    expect(await db.event.count()).toBe(0);
    expect(await db.connectionObject.count()).toBe(0);
  });

  it("retries throttling and dropped connections, and gives up on endless throttling", async () => {
    const connection = await addBucketConnection(
      database,
      "throttled",
      bucketSettingsFor(s3, "trail", "aws-cloudtrail"),
      s3.secretAccessKey,
    );
    await s3.failNext(2);
    await s3.dropNext(1);
    const report = await readBucket(database, connection, "live", { now: NOW });
    expect(report).toMatchObject({ objectsRead: 3, caughtUp: true });
    await s3.failNext(1000);
    const other = await addBucketConnection(
      database,
      "throttled-2",
      bucketSettingsFor(s3, "trail", "aws-cloudtrail"),
      s3.secretAccessKey,
    );
    const error = await readBucket(database, other, "live", { now: NOW }).catch((e: unknown) => e);
    await s3.failNext(0);
    expect(error).toMatchObject({ kind: "throttled", retryable: true });
    expect((error as Error).message).toMatch(/is throttling requests \(SlowDown\)/);
  });

  it("stops on a bad secret and continues from its position once the secret is fixed; the secret is never stored", async () => {
    const connection = await addBucketConnection(
      database,
      "rotated",
      bucketSettingsFor(s3, "trail", "aws-cloudtrail"),
      s3.secretAccessKey,
    );
    expect(await readBucket(database, connection, "live", { now: NOW })).toMatchObject({ objectsRead: 3 });
    const imported = await db.event.count();

    await db.connection.update({
      where: { id: connection.id },
      data: { secretEncrypted: encryptedSecrets(connection.id, { secretAccessKey: WRONG_SECRET }) },
    });
    const source = dataset("invictus-aws-cloudtrail", "CloudTrail");
    const file = readdirSync(source).sort()[10];
    const records = (JSON.parse(readFileSync(path.join(source, file), "utf8")) as { Records: object[] }).Records;
    await putObject(s3, "trail", `${STREAM}zz-after-rotation.json.gz`, gzipSync(JSON.stringify({ Records: records })));
    const stopped = await readBucket(database, await reloadBucketConnection(database, connection), "live", {
      now: NOW,
    }).catch((e: unknown) => e);
    expect(stopped).toMatchObject({ kind: "credentials" });

    await db.connection.update({
      where: { id: connection.id },
      data: { secretEncrypted: encryptedSecrets(connection.id, { secretAccessKey: s3.secretAccessKey }) },
    });
    const resumed = await readBucket(database, await reloadBucketConnection(database, connection), "live", {
      now: NOW,
    });
    expect(resumed).toMatchObject({ objectsRead: 1, imported: records.length });
    expect(await db.event.count()).toBe(imported + records.length);

    for (const secret of [WRONG_SECRET, s3.secretAccessKey]) {
      const row = await db.connection.findUniqueOrThrow({ where: { id: connection.id } });
      expect(JSON.stringify({ ...row, secretEncrypted: null })).not.toContain(secret);
      expect(await db.event.count({ where: { raw: { contains: secret } } })).toBe(0);
      expect(await db.connectionProblem.count({ where: { reason: { contains: secret } } })).toBe(0);
      expect(await db.connectionRun.count()).toBe(0);
    }
  });
});
