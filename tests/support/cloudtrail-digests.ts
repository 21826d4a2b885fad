// CloudTrail digest files as CloudTrail writes them (log file integrity validation): gzipped JSON at
// `[prefix/]AWSLogs/<account>/CloudTrail-Digest/<region>/YYYY/MM/DD/<account>_CloudTrail-Digest_<region>_<trail>_
// <region>_YYYYMMDDTHHmmssZ.json.gz`, naming each log file of the hour with the SHA-256 of its bytes as stored.
// The signature fields are filled with stand-ins: the completeness check does not verify them.
import { createHash } from "node:crypto";
import { gzipSync } from "node:zlib";

export interface DigestLogFileInput {
  key: string;
  /** The log file's bytes as stored (gzipped). */
  bytes: Uint8Array;
  oldestEventTime: string;
  newestEventTime: string;
}

export interface DigestInput {
  bucket: string;
  /** The folder holding AWSLogs/: "" or "some/prefix/". */
  root?: string;
  /** An organization trail's folder under AWSLogs/ ("o-…"). */
  organization?: string;
  account: string;
  region: string;
  trail: string;
  /** The hour the digest covers. */
  start: Date;
  end: Date;
  logFiles: DigestLogFileInput[];
  previousKey?: string;
}

export const sha256Hex = (bytes: Uint8Array) => createHash("sha256").update(bytes).digest("hex");

const compact = (time: Date) =>
  time
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d{3}/, "");
const iso = (time: Date) => time.toISOString().replace(/\.\d{3}/, "");

export function digestKey(input: Omit<DigestInput, "logFiles" | "start" | "bucket">): string {
  const day = input.end.toISOString().slice(0, 10).replaceAll("-", "/");
  const { root = "", organization, account, region, trail } = input;
  return `${root}AWSLogs/${organization ? `${organization}/` : ""}${account}/CloudTrail-Digest/${region}/${day}/${account}_CloudTrail-Digest_${region}_${trail}_${region}_${compact(input.end)}.json.gz`;
}

/** The digest's key and its gzipped bytes. */
export function digestFile(input: DigestInput): { key: string; body: Buffer; json: Record<string, unknown> } {
  const key = digestKey(input);
  const times = input.logFiles.flatMap((file) => [file.oldestEventTime, file.newestEventTime]).sort();
  const json = {
    awsAccountId: input.account,
    digestStartTime: iso(input.start),
    digestEndTime: iso(input.end),
    digestS3Bucket: input.bucket,
    digestS3Object: key,
    digestPublicKeyFingerprint: "31e8b5433410dfb61a9dc45cc65b22ff",
    digestSignatureAlgorithm: "SHA256withRSA",
    newestEventTime: times.at(-1) ?? null,
    oldestEventTime: times[0] ?? null,
    previousDigestS3Bucket: input.previousKey ? input.bucket : null,
    previousDigestS3Object: input.previousKey ?? null,
    previousDigestHashValue: input.previousKey ? "0".repeat(64) : null,
    previousDigestHashAlgorithm: input.previousKey ? "SHA-256" : null,
    previousDigestSignature: input.previousKey ? "0".repeat(512) : null,
    logFiles: input.logFiles.map((file) => ({
      s3Bucket: input.bucket,
      s3Object: file.key,
      hashValue: sha256Hex(file.bytes),
      hashAlgorithm: "SHA-256",
      newestEventTime: file.newestEventTime,
      oldestEventTime: file.oldestEventTime,
    })),
  };
  return { key, body: gzipSync(JSON.stringify(json)), json };
}
