// CloudTrail's digest files (log file integrity validation): each hour CloudTrail writes, beside the logs, a
// gzipped JSON file naming every log file it delivered in that hour with the SHA-256 of the file as stored
// (compressed). Reading them tells the completeness check which log files must exist and what their bytes hash to.
// The digest's own RSA signature (object metadata, chained through previousDigestSignature) is not verified here.
// Format: https://docs.aws.amazon.com/awscloudtrail/latest/userguide/cloudtrail-log-file-validation-digest-file-structure.html

/** A digest listing more log files than this is refused (CloudTrail lists one hour's files: a few hundred). */
export const MAX_DIGEST_LOG_FILES = 100_000;
/** S3 keys are at most 1,024 bytes. */
const MAX_KEY_LENGTH = 1024;
const SHA256_HEX = /^[0-9a-f]{64}$/;

export interface DigestLogFile {
  s3Bucket: string;
  s3Object: string;
  /** Lower-case hex SHA-256 of the log file's bytes as stored (gzipped). */
  sha256: string;
  newestEventTime: Date | null;
  oldestEventTime: Date | null;
}

export interface CloudTrailDigest {
  awsAccountId: string;
  digestStartTime: Date;
  digestEndTime: Date;
  digestS3Bucket: string;
  digestS3Object: string;
  /** Null in the first digest of a chain. */
  previousDigestS3Object: string | null;
  logFiles: DigestLogFile[];
}

export type ParsedDigest = { ok: true; digest: CloudTrailDigest } | { ok: false; reason: string };

export interface DigestExpectations {
  /** The key the digest was read from: a digest naming another object is a copy, and refused. */
  key?: string;
  /** The bucket it was read from. */
  bucket?: string;
}

/** Parses a digest file's JSON text (already gunzipped); refuses anything that is not one, with the reason. */
export function parseCloudTrailDigest(text: string, expect: DigestExpectations = {}): ParsedDigest {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return refuse("not JSON");
  }
  if (!isObject(value)) return refuse("not a JSON object");

  const awsAccountId = value.awsAccountId;
  if (typeof awsAccountId !== "string" || !/^\d{12}$/.test(awsAccountId))
    return refuse("awsAccountId: expected a 12-digit account ID");
  const start = timeOf(value.digestStartTime);
  if (!start) return refuse("digestStartTime: expected an ISO 8601 time");
  const end = timeOf(value.digestEndTime);
  if (!end) return refuse("digestEndTime: expected an ISO 8601 time");
  if (end < start) return refuse("digestEndTime is before digestStartTime");
  const bucket = value.digestS3Bucket;
  if (!isKey(bucket)) return refuse("digestS3Bucket: expected a bucket name");
  const object = value.digestS3Object;
  if (!isKey(object)) return refuse("digestS3Object: expected an object key");
  if (expect.key !== undefined && object !== expect.key)
    return refuse(`digestS3Object names ${object}, but the file was read from ${expect.key}`);
  if (expect.bucket !== undefined && bucket !== expect.bucket)
    return refuse(`digestS3Bucket names ${bucket}, but the file was read from ${expect.bucket}`);
  const previous = value.previousDigestS3Object;
  if (previous !== undefined && previous !== null && !isKey(previous))
    return refuse("previousDigestS3Object: expected an object key or null");

  const files = value.logFiles;
  if (!Array.isArray(files)) return refuse("logFiles: expected an array");
  if (files.length > MAX_DIGEST_LOG_FILES) return refuse(`logFiles: more than ${MAX_DIGEST_LOG_FILES} entries`);
  const logFiles: DigestLogFile[] = [];
  for (const [index, file] of files.entries()) {
    const parsed = logFileOf(file);
    if (typeof parsed === "string") return refuse(`logFiles[${index}]${parsed}`);
    logFiles.push(parsed);
  }

  return {
    ok: true,
    digest: {
      awsAccountId,
      digestStartTime: start,
      digestEndTime: end,
      digestS3Bucket: bucket,
      digestS3Object: object,
      previousDigestS3Object: typeof previous === "string" ? previous : null,
      logFiles,
    },
  };
}

/** One logFiles entry, or its first bad field and why (".field: why"). */
function logFileOf(file: unknown): DigestLogFile | string {
  if (!isObject(file)) return ": expected an object";
  if (!isKey(file.s3Bucket)) return ".s3Bucket: expected a bucket name";
  if (!isKey(file.s3Object)) return ".s3Object: expected an object key";
  if (file.hashAlgorithm !== "SHA-256") return `.hashAlgorithm: expected SHA-256, got ${String(file.hashAlgorithm)}`;
  const hash = typeof file.hashValue === "string" ? file.hashValue.toLowerCase() : "";
  if (!SHA256_HEX.test(hash)) return ".hashValue: expected 64 hexadecimal digits";
  const newest = optionalTime(file.newestEventTime);
  if (newest === undefined) return ".newestEventTime: expected an ISO 8601 time";
  const oldest = optionalTime(file.oldestEventTime);
  if (oldest === undefined) return ".oldestEventTime: expected an ISO 8601 time";
  return {
    s3Bucket: file.s3Bucket,
    s3Object: file.s3Object,
    sha256: hash,
    newestEventTime: newest,
    oldestEventTime: oldest,
  };
}

function refuse(reason: string): ParsedDigest {
  return { ok: false, reason: `not a CloudTrail digest file: ${reason}` };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isKey(value: unknown): value is string {
  return typeof value === "string" && value.length > 0 && value.length <= MAX_KEY_LENGTH;
}

const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

function timeOf(value: unknown): Date | null {
  if (typeof value !== "string" || !ISO_TIME.test(value)) return null;
  const time = new Date(value);
  return Number.isNaN(time.getTime()) ? null : time;
}

/** A time, null when absent, undefined when present but not a time. */
function optionalTime(value: unknown): Date | null | undefined {
  if (value === undefined || value === null) return null;
  return timeOf(value) ?? undefined;
}
