// The trail-bucket connector: reads the objects a trail delivered since its stored position, each once, through
// the file import's reader, and commits its position after their events (kill-safe: an object read again finds
// its events duplicates). A poll lists each stream (an account/region folder, or a Tencent hour folder) only after
// the last key it read, so it never lists the whole bucket; new streams are found with delimiter listings every
// DISCOVER_EVERY_MS. Live starts at the UTC day of its first run; a backfill reads from its date up to where live
// started, with a position of its own, and never moves the live one.
import { GetObjectCommand, type S3Client } from "@aws-sdk/client-s3";
import type { Database } from "@/lib/db/client";
import { ingestEvents } from "@/lib/db/ingest-events";
import { dayStart, hourStart, layoutOf, type Layout } from "@/lib/domain/connections/layouts";
import type { BucketSettings } from "@/lib/domain/connections/settings";
import type { NormalisedEvent } from "@/lib/domain/event";
import { ConnectionError } from "../connection-error";
import {
  EMPTY_REPORT,
  type Connector,
  type LoadedConnection,
  type RunMode,
  type RunOptions,
  type RunReport,
} from "../connector";
import { checkEndpoint } from "../endpoint-check";
import { commitProgress } from "../progress";
import type { RecordProblem } from "../store-records";
import { bucketError } from "./bucket-errors";
import { readNewDigests } from "./completeness";
import { discoverStreams, listAfter, listFolders, type ListedObject } from "./list-bucket";
import { objectRecords } from "./object-records";
import { bucketClient } from "./s3-client";

/** How often a poll looks for new account/region folders (a delimiter listing per level). */
export const DISCOVER_EVERY_MS = 15 * 60 * 1000;
/** Events stored per transaction, about (several objects share one: larger transactions import faster, as the
 *  file import's batches do; a kill re-reads at most this many events as duplicates). */
export const FLUSH_EVENTS = 10_000;
/** Objects fetched ahead while the current one is parsed. */
const PREFETCH = 4;
/** An object larger than this is reported and skipped rather than read into memory. */
export const MAX_OBJECT_BYTES = 512 * 1024 * 1024;
const HOUR_MS = 3_600_000;
const KEYS_PER_QUERY = 500;

/** Connection.position (live) or backfill.position. */
export interface BucketPosition {
  /** ISO: the UTC day live started reading from (live), or the backfill's lower bound. */
  since?: string;
  /** ISO: when streams were last looked for. */
  discoveredAt?: string;
  /** Stream (folder) → the last key read in it, or the StartAfter bound it starts from. */
  streams?: Record<string, string>;
  /** Hourly layouts: the newest hour folder read (ISO, UTC). */
  newestHour?: string;
}

export const readBucket: Connector<BucketSettings> = async (database, connection, mode, options = {}) => {
  const { settings } = connection;
  const secret = connection.secrets.secretAccessKey;
  if (!secret)
    throw new ConnectionError("credentials", "no secret stored for this connection: edit it and set the secret");
  const layout = layoutOf(settings);
  if (!layout.ok) throw new ConnectionError("invalid", layout.error);
  if (mode === "backfill" && connection.backfill?.state !== "running") return { ...EMPTY_REPORT };
  await checkEndpoint(settings.endpoint);
  const client = bucketClient(settings, secret);
  try {
    const report = await new BucketRun(database, connection, mode, layout.layout, client, options).run();
    // The digests are checked against the objects read (./completeness.ts): read them once the logs are in. A
    // failure to read them never holds up the logs; the connection's page says how many were read.
    if (mode === "live" && report.caughtUp)
      await readNewDigests(database, connection, client, { signal: options.signal });
    return report;
  } catch (error) {
    throw bucketError(error, settings);
  } finally {
    client.destroy();
  }
};

interface Pending {
  object: ListedObject;
  events: NormalisedEvent[];
  rejected: number;
  problems: RecordProblem[];
  sha256: string;
}

class BucketRun {
  private readonly report: RunReport = { ...EMPTY_REPORT };
  private readonly position: BucketPosition;
  private readonly now: Date;
  private readonly deadline: number;
  private readonly lower: Date;
  /** Backfill: keys from this day on belong to live. */
  private readonly upper: Date | null;
  private pending: Pending[] = [];
  private pendingEvents = 0;
  private pagesSinceCommit = 0;
  private backfillDone: number;
  private backfillFound: number;
  private stopped = false;

  constructor(
    private readonly database: Database,
    private readonly connection: LoadedConnection<BucketSettings>,
    private readonly mode: RunMode,
    private readonly layout: Layout,
    private readonly client: S3Client,
    private readonly options: RunOptions,
  ) {
    this.now = options.now ?? new Date();
    this.deadline = options.budgetMs === undefined ? Infinity : Date.now() + options.budgetMs;
    const live = connection.position as BucketPosition;
    const liveSince = live.since ? new Date(live.since) : dayStart(this.now);
    if (mode === "live") {
      this.position = { ...live, since: liveSince.toISOString(), streams: { ...live.streams } };
      this.lower = liveSince;
      this.upper = null;
    } else {
      const backfill = connection.backfill!;
      const stored = backfill.position as BucketPosition;
      this.lower = new Date(backfill.from);
      const to = backfill.to ? new Date(backfill.to) : liveSince;
      this.upper = dayStart(new Date(Math.min(to.getTime(), liveSince.getTime())));
      this.position = { ...stored, since: this.lower.toISOString(), streams: { ...stored.streams } };
    }
    this.backfillDone = connection.backfill?.done ?? 0;
    this.backfillFound = connection.backfill?.found ?? 0;
  }

  async run(): Promise<RunReport> {
    if (this.layout.kind === "dated") await this.readDated(this.layout);
    else await this.readHourly(this.layout);
    await this.flush(this.stopped ? undefined : "end");
    this.report.caughtUp = !this.stopped;
    if (!this.stopped) this.report.waiting = 0;
    return this.report;
  }

  private async readDated(layout: Extract<Layout, { kind: "dated" }>): Promise<void> {
    const streams = this.position.streams!;
    const discovered = this.position.discoveredAt ? new Date(this.position.discoveredAt).getTime() : 0;
    if (this.now.getTime() - discovered >= DISCOVER_EVERY_MS || Object.keys(streams).length === 0) {
      const found = await discoverStreams(this.client, this.connection.settings.bucket, layout, this.options.signal);
      this.report.pagesRead += found.pages;
      this.pagesSinceCommit += found.pages;
      for (const stream of found.streams) streams[stream] ??= layout.startAfter(stream, this.lower);
      this.position.discoveredAt = this.now.toISOString();
    }
    for (const stream of Object.keys(streams).sort()) {
      const bound = this.upper ? layout.startAfter(stream, this.upper) : null;
      await this.readStream(stream, (key) => (bound !== null && key > bound ? "stop" : "read"));
      if (this.stopped) return;
    }
  }

  private async readHourly(layout: Extract<Layout, { kind: "hourly" }>): Promise<void> {
    const newest = this.position.newestHour ? new Date(this.position.newestHour) : null;
    // Hour folders fill up to a few minutes after their hour ends: read the last one again.
    const from = hourStart(
      newest && newest.getTime() - HOUR_MS > this.lower.getTime() ? new Date(newest.getTime() - HOUR_MS) : this.lower,
    );
    const listed = await listFolders(
      this.client,
      this.connection.settings.bucket,
      layout.base,
      layout.foldersStartAfter(from),
      this.options.signal,
    );
    this.report.pagesRead += listed.pages;
    this.pagesSinceCommit += listed.pages;
    const folders = listed.folders
      .map((folder) => ({ folder, hour: layout.folderHour(folder.slice(layout.base.length)) }))
      .filter((f): f is { folder: string; hour: Date } => f.hour !== null && f.hour >= from)
      .filter((f) => !this.upper || f.hour < this.upper)
      .sort((a, b) => a.hour.getTime() - b.hour.getTime() || a.folder.localeCompare(b.folder));
    const streams = this.position.streams!;
    for (const { folder, hour } of folders) {
      streams[folder] ??= "";
      await this.readStream(folder, () => "read");
      if (this.stopped) return;
      if (!this.position.newestHour || hour > new Date(this.position.newestHour))
        this.position.newestHour = hour.toISOString();
    }
    // Folders older than the re-read window are done: keep the position small.
    const keepFrom = new Date(this.position.newestHour ?? from.toISOString()).getTime() - 2 * HOUR_MS;
    for (const folder of Object.keys(streams)) {
      const hour = layout.folderHour(folder.slice(layout.base.length));
      if (!hour || hour.getTime() < keepFrom) delete streams[folder];
    }
  }

  /** Reads a stream's new keys in order; `verdict` ends it at the backfill's upper bound. */
  private async readStream(stream: string, verdict: (key: string) => "read" | "stop"): Promise<void> {
    const streams = this.position.streams!;
    const bucket = this.connection.settings.bucket;
    for await (const page of listAfter(
      this.client,
      bucket,
      stream,
      streams[stream] || undefined,
      this.options.signal,
    )) {
      this.report.pagesRead++;
      this.pagesSinceCommit++;
      let ended = false;
      const inRange: ListedObject[] = [];
      for (const object of page.objects) {
        if (verdict(object.key) === "stop") {
          ended = true;
          break;
        }
        inRange.push(object);
      }
      const logs = inRange.filter((o) => this.layout.parseKey(o.key).kind === "log");
      const known = await this.alreadyRead(logs.map((o) => o.key));
      const toRead = logs.filter((o) => !known.has(o.key));
      if (this.mode === "backfill")
        this.backfillFound = Math.max(this.backfillFound, this.backfillDone + toRead.length);
      const fetches = new Map<string, Promise<Uint8Array | Error>>();
      const fetchAhead = (from: number) => {
        for (const o of toRead.slice(from, from + PREFETCH + 1))
          if (!fetches.has(o.key)) fetches.set(o.key, this.fetch(o));
      };
      let next = 0;
      for (const object of inRange) {
        if (known.has(object.key) || !logs.includes(object)) {
          streams[stream] = object.key;
          continue;
        }
        if (this.outOfTime()) {
          this.stopped = true;
          this.report.waiting = toRead.length - next + (page.truncated ? 1 : 0);
          return;
        }
        fetchAhead(next);
        const bytes = await fetches.get(object.key)!;
        fetches.delete(object.key);
        next++;
        if (bytes instanceof Error) throw bytes;
        await this.take(object, bytes);
        streams[stream] = object.key;
        if (this.pendingEvents >= FLUSH_EVENTS) await this.flush();
      }
      if (ended || !page.truncated) break;
    }
  }

  private fetch(object: ListedObject): Promise<Uint8Array | Error> {
    if (object.size > MAX_OBJECT_BYTES) return Promise.resolve(new Uint8Array());
    return this.client
      .send(new GetObjectCommand({ Bucket: this.connection.settings.bucket, Key: object.key }), {
        abortSignal: this.options.signal,
      })
      .then((answer) => answer.Body!.transformToByteArray())
      .catch((error: unknown) => (error instanceof Error ? error : new Error(String(error))));
  }

  private async take(object: ListedObject, bytes: Uint8Array): Promise<void> {
    if (object.size > MAX_OBJECT_BYTES) {
      const reason = `object larger than ${MAX_OBJECT_BYTES / 1024 / 1024} MiB: skipped`;
      this.pending.push({ object, events: [], rejected: 1, problems: [{ source: object.key, reason }], sha256: "" });
      return;
    }
    const records = await objectRecords(object.key, bytes);
    this.pending.push({ object: { ...object, size: bytes.length }, ...records });
    this.pendingEvents += records.events.length;
  }

  private async alreadyRead(keys: string[]): Promise<Set<string>> {
    const read = new Set<string>();
    // A page holds up to 1,000 keys: ask in parts, under SQLite's limit on a statement's parameters.
    for (let n = 0; n < keys.length; n += KEYS_PER_QUERY) {
      const rows = await this.database.db.connectionObject.findMany({
        where: { connectionId: this.connection.id, key: { in: keys.slice(n, n + KEYS_PER_QUERY) } },
        select: { key: true },
      });
      for (const row of rows) read.add(row.key);
    }
    return read;
  }

  private outOfTime(): boolean {
    return Date.now() >= this.deadline || Boolean(this.options.signal?.aborted);
  }

  /** Stores the pending objects' events, then commits the objects read and the position after them together. */
  private async flush(end?: "end"): Promise<void> {
    const pending = this.pending;
    this.pending = [];
    this.pendingEvents = 0;
    const events = pending.flatMap((p) => p.events);
    const stored = events.length ? await ingestEvents(this.database, events) : { inserted: 0, duplicates: 0 };
    let newest: Date | null = null;
    for (const event of events) if (!newest || event.eventTime > newest) newest = event.eventTime;
    const rejected = pending.reduce((n, p) => n + p.rejected, 0);
    this.report.imported += stored.inserted;
    this.report.duplicates += stored.duplicates;
    this.report.rejected += rejected;
    this.report.objectsRead += pending.length;
    this.backfillDone += pending.length;
    this.backfillFound = Math.max(this.backfillFound, this.backfillDone);
    const finished = this.mode === "backfill" && end === "end";
    await commitProgress(this.database, this.connection.id, {
      mode: this.mode,
      position: this.position as Record<string, unknown>,
      imported: stored.inserted,
      duplicates: stored.duplicates,
      rejected,
      objectsRead: pending.length,
      pagesRead: this.pagesSinceCommit,
      newestEventTime: newest,
      problems: pending.flatMap((p) => p.problems),
      objects: pending.map((p) => ({
        key: p.object.key,
        size: p.object.size,
        etag: p.object.etag ?? null,
        sha256: p.sha256,
        events: p.events.length,
        rejected: p.rejected,
      })),
      ...(this.mode === "backfill"
        ? {
            backfill: {
              done: this.backfillDone,
              found: this.backfillFound,
              ...(finished ? { state: "done" as const, finishedAt: new Date().toISOString() } : {}),
            },
          }
        : {}),
    });
    this.pagesSinceCommit = 0;
  }
}
