// Is every log file the trail delivered in Keytrail, unchanged? For an AWS CloudTrail bucket with log file
// validation on, CloudTrail's hourly digest files name each log file and the SHA-256 of its bytes as stored: the
// digests are read as they arrive (readDigests) and compared with the objects the connector read and hashed
// (ConnectionObject.sha256). For other layouts, or a trail without digests, the check is the delivery cadence: the
// stretches with no object longer than the trail's rhythm (lib/domain/connections/object-time.ts).
// The digests' own RSA signatures are not verified: the log files' hashes are what this check compares.
import { gunzipSync } from "node:zlib";
import {
  GetObjectCommand,
  ListObjectsV2Command,
  type ListObjectsV2CommandInput,
  type S3Client,
} from "@aws-sdk/client-s3";
import type { Database } from "@/lib/db/client";
import { parseCloudTrailDigest, type CloudTrailDigest } from "@/lib/domain/connections/cloudtrail-digest";
import { cadenceGaps, objectTime, type ObjectTime } from "@/lib/domain/connections/object-time";
import { settingsOf, type BucketSettings } from "@/lib/domain/connections/settings";
import { DAY_MS, utcDay, utcDayStart } from "@/lib/domain/time";
import { ConnectionError } from "../connection-error";
import type { LoadedConnection } from "../connector";

/** At most this many digest files are read per call; the next call goes on from there. */
export const DIGESTS_PER_READ = 200;
/** Lists on the connection page are cut here; the totals say how many there are. */
export const COMPLETENESS_LIST_LIMIT = 100;
/** A digest lists one hour's log files: a few kilobytes. Anything far larger is not one. */
const MAX_DIGEST_BYTES = 16 * 1024 * 1024;
const MAX_DIGEST_JSON_BYTES = 128 * 1024 * 1024;
const CHUNK = 500;

export interface DigestReadReport {
  /** Digest files read (refused ones included). */
  digestsRead: number;
  /** Of those, refused as malformed, with the reason recorded as a connection problem. */
  digestsRefused: number;
  /** Log files newly expected. */
  logFilesListed: number;
  /** Every digest folder was read to its end (false when DIGESTS_PER_READ stopped the read). */
  caughtUp: boolean;
}

export interface DigestReadOptions {
  maxDigests?: number;
  signal?: AbortSignal;
}

/**
 * Reads the CloudTrail digest files not read yet: `[prefix/]AWSLogs/[o-orgid/]<account>/CloudTrail-Digest/<region>/
 * YYYY/MM/DD/*.json.gz`. Accounts and regions are found one listed key per folder (childFolders); each region's
 * digests are listed from its stored position with StartAfter (listingStart), never from the start again. Each
 * digest is committed with the log files it names in one transaction: a kill in between reads it again.
 */
export async function readDigests(
  database: Database,
  connection: LoadedConnection<BucketSettings>,
  s3: S3Client,
  options: DigestReadOptions = {},
): Promise<DigestReadReport> {
  const { bucket } = connection.settings;
  const budget = options.maxDigests ?? DIGESTS_PER_READ;
  const report: DigestReadReport = { digestsRead: 0, digestsRefused: 0, logFilesListed: 0, caughtUp: true };
  const list = (input: Omit<ListObjectsV2CommandInput, "Bucket">) => pages(s3, { Bucket: bucket, ...input }, options);

  for (const regionFolder of await digestFolders(list, connection.settings.prefix)) {
    const StartAfter = await listingStart(database, connection.id, regionFolder);
    for await (const page of list({ Prefix: regionFolder, StartAfter })) {
      const keys = (page.Contents ?? []).flatMap((object) => (object.Key?.endsWith(".json.gz") ? [object.Key] : []));
      const known = await database.db.connectionDigest.findMany({
        where: { connectionId: connection.id, key: { in: keys } },
        select: { key: true },
      });
      const read = new Set(known.map((digest) => digest.key));
      for (const key of keys) {
        if (read.has(key)) continue;
        if (report.digestsRead >= budget) return { ...report, caughtUp: false };
        const content = await readObject(s3, bucket, key, options);
        const stored = await storeDigest(database, connection.id, bucket, key, content);
        report.digestsRead++;
        if (stored.refused) report.digestsRefused++;
        report.logFilesListed += stored.listed;
      }
    }
  }
  return report;
}

export type DigestReadResult = ({ ok: true } & DigestReadReport) | { ok: false; error: ConnectionError };

/**
 * What the bucket connector calls once per live run, with its S3 client: reads the new digest files when the
 * connection is an AWS CloudTrail bucket with `readDigests` on, else does nothing (null). It never throws for the
 * cloud's answers: a failure (say, no permission on CloudTrail-Digest/) comes back as `{ ok: false, error }`, so the
 * log files' import is never held up by the check.
 */
export async function readNewDigests(
  database: Database,
  loaded: LoadedConnection<BucketSettings>,
  client: S3Client,
  options: DigestReadOptions = {},
): Promise<DigestReadResult | null> {
  if (loaded.settings.layout !== "aws-cloudtrail" || loaded.settings.readDigests === false) return null;
  try {
    return { ok: true, ...(await readDigests(database, loaded, client, options)) };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return { ok: false, error: s3Error(error) };
  }
}

type Lister = (input: Omit<ListObjectsV2CommandInput, "Bucket">) => AsyncGenerator<{ Contents?: { Key?: string }[] }>;

/**
 * Where a region's listing starts: the day before the newest date folder read. Not simply after the last key read:
 * several trails may write to one bucket (their names sort apart within a day) and CloudTrail writes a late digest
 * (`_backfill`) beside the others, so the last day is listed again and the digests already read are skipped.
 */
async function listingStart({ db }: Database, connectionId: number, regionFolder: string): Promise<string | undefined> {
  const recent = await db.connectionDigest.findMany({
    where: { connectionId, key: { startsWith: regionFolder } },
    orderBy: { id: "desc" },
    take: 50,
    select: { key: true },
  });
  const days = recent.flatMap(({ key }) => {
    const match = key.startsWith(regionFolder) && /^(\d{4})\/(\d{2})\/(\d{2})\//.exec(key.slice(regionFolder.length));
    return match ? [`${match[1]}-${match[2]}-${match[3]}`] : [];
  });
  const newest = days.sort().at(-1);
  if (!newest) return undefined;
  return regionFolder + utcDay(new Date(utcDayStart(newest).getTime() - DAY_MS)).replaceAll("-", "/");
}

/** The `.../CloudTrail-Digest/<region>/` folders under the connection's prefix, sorted. */
async function digestFolders(list: Lister, prefix: string): Promise<string[]> {
  // A prefix may already reach into AWSLogs/ (an account, or a region's log folder): keep to what it names.
  const at = prefix.indexOf("AWSLogs/");
  const root = at >= 0 ? prefix.slice(0, at + "AWSLogs/".length) : withSlash(prefix) + "AWSLogs/";
  const scope = at >= 0 ? prefix.replace("/CloudTrail/", "/CloudTrail-Digest/") : root;
  const within = (folder: string) => folder.startsWith(scope) || scope.startsWith(folder);
  const subfolders = async (folder: string) => (await childFolders(list, folder)).filter(within);

  const accounts: string[] = [];
  for (const folder of await subfolders(root)) {
    const name = folder.slice(root.length, -1);
    if (/^\d{12}$/.test(name)) accounts.push(folder);
    else if (/^o-[a-z0-9]{10,32}$/.test(name))
      accounts.push(...(await subfolders(folder)).filter((inner) => /\/\d{12}\/$/.test(inner)));
  }
  const regions: string[] = [];
  for (const account of accounts) regions.push(...(await subfolders(`${account}CloudTrail-Digest/`)));
  return regions.sort();
}

/**
 * The folders directly under `folder`, one request each: list one key, take its folder, then start after every key
 * in that folder ("<folder>/" sorts just before "<folder>0"). A delimited listing would do it in one request on S3,
 * but several S3-compatible stores answer delimited listings of nested folders with nothing, and this would still
 * walk the log files of a large bucket's account folder page by page.
 */
async function childFolders(list: Lister, folder: string): Promise<string[]> {
  const found: string[] = [];
  let after: string | undefined;
  for (;;) {
    const { value: page } = await list({ Prefix: folder, StartAfter: after, MaxKeys: 1 }).next();
    const key = page?.Contents?.[0]?.Key;
    if (!key) return found;
    const slash = key.indexOf("/", folder.length);
    if (slash < 0) {
      after = key; // an object beside the folders
      continue;
    }
    const child = key.slice(0, slash + 1);
    found.push(child);
    after = `${child.slice(0, -1)}0`;
  }
}

const withSlash = (prefix: string) => (prefix && !prefix.endsWith("/") ? `${prefix}/` : prefix);

async function* pages(s3: S3Client, input: ListObjectsV2CommandInput, options: DigestReadOptions) {
  let token: string | undefined;
  do {
    const page = await s3.send(new ListObjectsV2Command({ ...input, ContinuationToken: token }), {
      abortSignal: options.signal,
    });
    yield page;
    token = page.IsTruncated ? page.NextContinuationToken : undefined;
  } while (token);
}

/** The digest's JSON text, or why it cannot be one. */
async function readObject(
  s3: S3Client,
  bucket: string,
  key: string,
  options: DigestReadOptions,
): Promise<{ text: string } | { reason: string }> {
  const answer = await s3.send(new GetObjectCommand({ Bucket: bucket, Key: key }), { abortSignal: options.signal });
  if ((answer.ContentLength ?? 0) > MAX_DIGEST_BYTES)
    return { reason: `not a CloudTrail digest file: larger than ${MAX_DIGEST_BYTES} bytes` };
  const bytes = await answer.Body!.transformToByteArray();
  try {
    return { text: gunzipSync(bytes, { maxOutputLength: MAX_DIGEST_JSON_BYTES }).toString("utf8") };
  } catch (error) {
    return { reason: `not a CloudTrail digest file: not gzip data (${(error as Error).message})` };
  }
}

async function storeDigest(
  { db }: Database,
  connectionId: number,
  bucket: string,
  key: string,
  content: { text: string } | { reason: string },
): Promise<{ refused: boolean; listed: number }> {
  const parsed =
    "text" in content
      ? parseCloudTrailDigest(content.text, { key, bucket })
      : { ok: false as const, reason: content.reason };
  if (!parsed.ok) {
    await db.$transaction([
      db.connectionDigest.create({ data: { connectionId, key, problem: parsed.reason } }),
      db.connectionProblem.create({ data: { connectionId, source: key.slice(0, 1024), reason: parsed.reason } }),
    ]);
    return { refused: true, listed: 0 };
  }
  const digest: CloudTrailDigest = parsed.digest;
  // A log file is expected once: a backfill digest may name one an earlier digest named.
  const files = new Map(
    digest.logFiles.filter((file) => file.s3Bucket === bucket).map((file) => [file.s3Object, file]),
  );
  return db.$transaction(async (tx) => {
    await tx.connectionDigest.create({
      data: {
        connectionId,
        key,
        digestStartTime: digest.digestStartTime,
        digestEndTime: digest.digestEndTime,
        logFiles: digest.logFiles.length,
      },
    });
    const keys = [...files.keys()];
    let listed = 0;
    for (let start = 0; start < keys.length; start += CHUNK) {
      const chunk = keys.slice(start, start + CHUNK);
      const known = await tx.connectionDigestEntry.findMany({
        where: { connectionId, logKey: { in: chunk } },
        select: { logKey: true },
      });
      const seen = new Set(known.map((entry) => entry.logKey));
      const fresh = chunk.filter((logKey) => !seen.has(logKey));
      if (fresh.length === 0) continue;
      await tx.connectionDigestEntry.createMany({
        data: fresh.map((logKey) => ({
          connectionId,
          logKey,
          sha256: files.get(logKey)!.sha256,
          digestKey: key,
          digestEndTime: digest.digestEndTime,
        })),
      });
      listed += fresh.length;
    }
    return { refused: false, listed };
  });
}

/** The S3 protocol's refusals as a connection error in words a person can act on. */
function s3Error(error: unknown): ConnectionError {
  if (error instanceof ConnectionError) return error;
  const { name = "", message = String(error) } = error as { name?: string; message?: string };
  const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
  const code = (error as { code?: string }).code;
  const reading = "reading the CloudTrail digest files";
  if (name === "NoSuchBucket") return new ConnectionError("noSuchBucket", `${reading}: the bucket does not exist`);
  if (name === "InvalidAccessKeyId" || name === "SignatureDoesNotMatch" || name === "ExpiredToken")
    return new ConnectionError("credentials", `${reading}: the access key was refused (${name})`);
  if (name === "AccessDenied" || status === 403)
    return new ConnectionError(
      "accessDenied",
      `${reading}: access denied; the key needs s3:ListBucket and s3:GetObject on CloudTrail-Digest/`,
    );
  if (name === "PermanentRedirect" || name === "AuthorizationHeaderMalformed" || status === 301)
    return new ConnectionError("wrongRegion", `${reading}: the bucket is in another region`);
  if (name === "SlowDown" || status === 429 || status === 503)
    return new ConnectionError("throttled", `${reading}: the store asked to slow down`);
  if (code === "ECONNREFUSED" || code === "ENOTFOUND" || code === "ETIMEDOUT" || name === "TimeoutError")
    return new ConnectionError("unreachable", `${reading}: the endpoint could not be reached (${code ?? name})`);
  return new ConnectionError("failed", `${reading}: ${message}`);
}

export interface DigestCompleteness {
  kind: "digest";
  /** Digest files read, and those refused (each with its reason). */
  digests: { read: number; refusedTotal: number; refused: { key: string; reason: string }[] };
  /** The end of the latest digest read: log files delivered after it are not checked yet. */
  checkedThrough: Date | null;
  /** Log files the digests name. */
  expected: number;
  /** Of those, how many the connection read (unchanged or not). */
  imported: number;
  missingTotal: number;
  missing: { key: string; digestKey: string }[];
  alteredTotal: number;
  altered: { key: string; expectedSha256: string; actualSha256: string }[];
}

export interface CadenceCompleteness {
  kind: "cadence";
  expectedMinutes: number;
  /** Objects read, and of those how many have keys that show no time (left out of the check). */
  objects: number;
  undated: number;
  gapsTotal: number;
  /** The newest COMPLETENESS_LIST_LIMIT gaps, oldest first. */
  gaps: { from: Date; to: Date }[];
}

export type Completeness = DigestCompleteness | CadenceCompleteness;

export interface CompletenessOptions {
  /** The trail's delivery cadence for the cadence check (inferred from the objects when absent). */
  expectedMinutes?: number;
  /** The window of the cadence check (default: from the first object to the last). */
  from?: Date;
  to?: Date;
}

/**
 * The completeness of a bucket connection: by the digests for an AWS CloudTrail bucket whose digests were read,
 * else by the delivery cadence. Null when there is no such bucket connection.
 */
export async function bucketCompleteness(
  database: Database,
  connectionId: number,
  options: CompletenessOptions = {},
): Promise<Completeness | null> {
  const row = await database.db.connection.findUnique({
    where: { id: connectionId },
    select: { kind: true, settings: true },
  });
  if (!row || row.kind !== "bucket") return null;
  const settings = settingsOf(row.kind, row.settings) as BucketSettings;
  if (settings.layout === "aws-cloudtrail" && settings.readDigests !== false) {
    const read = await database.db.connectionDigest.count({ where: { connectionId } });
    if (read > 0) return digestCompleteness(database, connectionId, read);
  }
  return cadenceCompleteness(database, connectionId, settings, options);
}

async function digestCompleteness({ db }: Database, connectionId: number, read: number): Promise<DigestCompleteness> {
  const [refusedTotal, refused, latest] = await Promise.all([
    db.connectionDigest.count({ where: { connectionId, problem: { not: null } } }),
    db.connectionDigest.findMany({
      where: { connectionId, problem: { not: null } },
      orderBy: { id: "asc" },
      take: COMPLETENESS_LIST_LIMIT,
      select: { key: true, problem: true },
    }),
    db.connectionDigest.aggregate({ where: { connectionId }, _max: { digestEndTime: true } }),
  ]);
  const result: DigestCompleteness = {
    kind: "digest",
    digests: { read, refusedTotal, refused: refused.map((digest) => ({ key: digest.key, reason: digest.problem! })) },
    checkedThrough: latest._max.digestEndTime,
    expected: 0,
    imported: 0,
    missingTotal: 0,
    missing: [],
    alteredTotal: 0,
    altered: [],
  };
  // In digest order, a chunk at a time: a trail's digests name a few hundred files an hour.
  let after = 0;
  for (;;) {
    const entries = await db.connectionDigestEntry.findMany({
      where: { connectionId, id: { gt: after } },
      orderBy: { id: "asc" },
      take: CHUNK,
      select: { id: true, logKey: true, sha256: true, digestKey: true },
    });
    if (entries.length === 0) break;
    after = entries.at(-1)!.id;
    const objects = await db.connectionObject.findMany({
      where: { connectionId, key: { in: entries.map((entry) => entry.logKey) } },
      select: { key: true, sha256: true },
    });
    const hashes = new Map(objects.map((object) => [object.key, object.sha256.toLowerCase()]));
    for (const entry of entries) {
      result.expected++;
      const actual = hashes.get(entry.logKey);
      if (actual === undefined) {
        if (result.missingTotal++ < COMPLETENESS_LIST_LIMIT)
          result.missing.push({ key: entry.logKey, digestKey: entry.digestKey });
        continue;
      }
      result.imported++;
      if (actual !== entry.sha256 && result.alteredTotal++ < COMPLETENESS_LIST_LIMIT)
        result.altered.push({ key: entry.logKey, expectedSha256: entry.sha256, actualSha256: actual });
    }
  }
  return result;
}

async function cadenceCompleteness(
  { db }: Database,
  connectionId: number,
  settings: BucketSettings,
  options: CompletenessOptions,
): Promise<CadenceCompleteness> {
  const times: ObjectTime[] = [];
  let objects = 0;
  let after = 0;
  for (;;) {
    const rows = await db.connectionObject.findMany({
      where: { connectionId, id: { gt: after } },
      orderBy: { id: "asc" },
      take: CHUNK * 10,
      select: { id: true, key: true },
    });
    if (rows.length === 0) break;
    after = rows.at(-1)!.id;
    objects += rows.length;
    for (const row of rows) {
      const time = objectTime(settings.layout, row.key);
      if (time) times.push(time);
    }
  }
  const { expectedMinutes, gaps } = cadenceGaps(times, options);
  return {
    kind: "cadence",
    expectedMinutes,
    objects,
    undated: objects - times.length,
    gapsTotal: gaps.length,
    gaps: gaps.slice(-COMPLETENESS_LIST_LIMIT),
  };
}
