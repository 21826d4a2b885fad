// Puts the datasets into a local S3 server (./s3-server.ts) as the clouds' trails deliver them: CloudTrail files
// gzipped in the AWS layout, the ActionTrail samples in the ActionTrail layout, the CloudAudit examples in hour
// folders. Each upload returns the keys and the dataset files they came from, so a test can compare a bucket
// read with a clean file import of the same files.
//
//   const s3 = await startS3Server(["trail"]);
//   const put = await uploadCloudTrail(s3, "trail", { day: "2023-07-10" });   // { keys, files }
//   await putObject(s3, "trail", "AWSLogs/…/x.json.gz", bytes);
//   const settings = bucketSettingsFor(s3, "trail", "aws-cloudtrail");          // BucketSettings, path-style
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import { PutObjectCommand, S3Client } from "@aws-sdk/client-s3";
import type { LoadedConnection } from "@/lib/connections/connector";
import { encryptedSecrets, loadConnection } from "@/lib/connections/load-connection";
import type { Database } from "@/lib/db/client";
import type { BucketLayout, BucketSettings } from "@/lib/domain/connections/settings";
import { dataset } from "@/tests/fixtures/datasets";
import type { S3Server } from "./s3-server";

export const TRAIL_ACCOUNT = "218007301253";
export const STRATUS_ACCOUNT = "123456789012";
export const ALIBABA_ACCOUNT = "1234567890123456";

export interface Upload {
  keys: string[];
  /** The dataset files (or files written beside them) whose records the objects hold. */
  files: string[];
}

/** An S3 client for the server, signed with its key pair (path-style, checksums only when required). */
export function testClient(s3: S3Server): S3Client {
  return new S3Client({
    endpoint: s3.endpoint,
    region: s3.region,
    forcePathStyle: true,
    credentials: { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey },
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
  });
}

export async function putObject(s3: S3Server, bucket: string, key: string, body: Uint8Array | string): Promise<void> {
  const client = testClient(s3);
  try {
    await client.send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: body }));
  } finally {
    client.destroy();
  }
}

/** A bucket connection's settings for the server (everything but the name and the secret). */
export function bucketSettingsFor(
  s3: S3Server,
  bucket: string,
  layout: BucketLayout,
  more: Partial<BucketSettings> = {},
): BucketSettings {
  return {
    kind: "bucket",
    layout,
    endpoint: s3.endpoint,
    region: s3.region,
    bucket,
    prefix: "",
    accessKeyId: s3.accessKeyId,
    pathStyle: true,
    pollSeconds: 60,
    readDigests: false,
    ...more,
  };
}

const compact = (day: string) => day.replaceAll("-", "");
const slashed = (day: string) => day.replaceAll("-", "/");
const withPrefix = (prefix: string | undefined, key: string) => (prefix ? `${prefix.replace(/\/?$/, "/")}${key}` : key);

/** The invictus CloudTrail files (their own names, gzipped) and, unless `stratus: false`, the Stratus files as
 *  a second account's, all in the AWS layout under `day`. */
export async function uploadCloudTrail(
  s3: S3Server,
  bucket: string,
  options: { day: string; prefix?: string; stratus?: boolean; limit?: number },
): Promise<Upload> {
  const upload: Upload = { keys: [], files: [] };
  const invictus = dataset("invictus-aws-cloudtrail", "CloudTrail");
  const files = readdirSync(invictus)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .slice(0, options.limit);
  for (const name of files) {
    const key = withPrefix(
      options.prefix,
      `AWSLogs/${TRAIL_ACCOUNT}/CloudTrail/us-east-1/${slashed(options.day)}/${name.replace(/_\d{8}T/, `_${compact(options.day)}T`)}.gz`,
    );
    await putObject(s3, bucket, key, gzipSync(readFileSync(path.join(invictus, name))));
    upload.keys.push(key);
    upload.files.push(path.join(invictus, name));
  }
  if (options.stratus !== false) {
    const stratus = dataset("stratus-red-team-detonation-logs");
    const techniques = readdirSync(stratus)
      .filter((f) => f.endsWith(".json"))
      .sort()
      .slice(0, options.limit);
    for (const [n, name] of techniques.entries()) {
      const minute = String(n % 60).padStart(2, "0");
      const key = withPrefix(
        options.prefix,
        `AWSLogs/${STRATUS_ACCOUNT}/CloudTrail/eu-west-1/${slashed(options.day)}/${STRATUS_ACCOUNT}_CloudTrail_eu-west-1_${compact(options.day)}T00${minute}Z_${name.replace(/\.json$/, "")}.json.gz`,
      );
      await putObject(s3, bucket, key, gzipSync(readFileSync(path.join(stratus, name))));
      upload.keys.push(key);
      upload.files.push(path.join(stratus, name));
    }
  }
  return upload;
}

/** The three ActionTrail sample files, gzipped, in the single-account ActionTrail layout under `day`. */
export async function uploadActionTrail(
  s3: S3Server,
  bucket: string,
  options: { day: string; prefix?: string },
): Promise<Upload> {
  const upload: Upload = { keys: [], files: [] };
  const folder = dataset("alibaba-actiontrail-samples");
  const files = ["AliCloud_CL.json", "AliCloud_Cloudhub_CL.json", "actiontrail_events.normalized.jsonl"];
  for (const [n, name] of files.entries()) {
    const key = withPrefix(
      options.prefix,
      `AliyunLogs/Actiontrail/cn-hangzhou/${slashed(options.day)}/${ALIBABA_ACCOUNT}_Actiontrail_cn-hangzhou_${compact(options.day)}T010${n}Z_sample${n}.gz`,
    );
    await putObject(s3, bucket, key, gzipSync(readFileSync(path.join(folder, name))));
    upload.keys.push(key);
    upload.files.push(path.join(folder, name));
  }
  return upload;
}

/** The CloudAudit example events (the DescribeEvents and LookUpEvents answers, and the decoded event) as objects
 *  in hour folders `YYYYMMDDH` (UTC+8, hour unpadded) from `hour` on; the answers are written into `workDir` too. */
export async function uploadCloudAudit(
  s3: S3Server,
  bucket: string,
  options: { hour: Date; prefix?: string; workDir: string },
): Promise<Upload> {
  const upload: Upload = { keys: [], files: [] };
  const examples = JSON.parse(readFileSync(dataset("tencent-cloudaudit-examples", "examples.json"), "utf8")) as {
    actions: Record<string, { output: string }[]>;
  };
  mkdirSync(options.workDir, { recursive: true });
  const describe = path.join(options.workDir, "describe-events.json");
  const lookUp = path.join(options.workDir, "lookup-events.json");
  writeFileSync(describe, examples.actions.DescribeEvents[0].output);
  writeFileSync(lookUp, examples.actions.LookUpEvents[0].output);
  const files = [
    describe,
    lookUp,
    dataset("tencent-cloudaudit-examples", "describe_events_example_event.decoded.json"),
  ];
  for (const [n, file] of files.entries()) {
    const local = new Date(options.hour.getTime() + (8 + n) * 3_600_000);
    const folder = `${local.toISOString().slice(0, 10).replaceAll("-", "")}${local.getUTCHours()}`;
    const key = withPrefix(options.prefix, `${folder}/cloudaudit_${n}_${path.basename(file, ".json")}`);
    await putObject(s3, bucket, key, gzipSync(readFileSync(file)));
    upload.keys.push(key);
    upload.files.push(file);
  }
  return upload;
}

/** A stored bucket connection (secret encrypted as the console stores it), loaded as the runner hands it over. */
export async function addBucketConnection(
  database: Database,
  name: string,
  settings: BucketSettings,
  secretAccessKey: string,
): Promise<LoadedConnection<BucketSettings>> {
  const row = await database.db.connection.create({
    data: { name, kind: "bucket", settings: JSON.stringify(settings) },
  });
  await database.db.connection.update({
    where: { id: row.id },
    data: { secretEncrypted: encryptedSecrets(row.id, { secretAccessKey }) },
  });
  return (await loadConnection(database, row.id)) as LoadedConnection<BucketSettings>;
}

/** The connection as stored now (positions and backfill as the last run committed them). */
export async function reloadBucketConnection(
  database: Database,
  connection: { id: number },
): Promise<LoadedConnection<BucketSettings>> {
  return (await loadConnection(database, connection.id)) as LoadedConnection<BucketSettings>;
}
