// Tracking-set destination "directory": hourly gzip-compressed JSON Lines files under a root directory.
//
//   <root>/YYYY/MM/DD/HH/<account>_<set>_<start>_<hash8>.jsonl.gz
//
// - YYYY/MM/DD/HH: the UTC hour of the event's eventTime. A batch is split by (hour, account): one file each.
// - <account>: the event's accountId, or `none` when it has none; made filename-safe like the set name.
// - <set>: the tracking set's name made filename-safe (safeNamePart): every run of characters other than ASCII
//   letters, digits, `.` and `-` becomes one `-` (so `_` only ever separates the four parts), leading and
//   trailing `.`/`-` are dropped (no hidden files, which would look like our temp files), at most 64 characters,
//   `set` when nothing is left. Example: "Prod IAM / writes_only" -> "Prod-IAM-writes-only".
// - <start>: the eventTime of the file's first event (in batch order), UTC, compact: YYYYMMDDTHHMMSSZ.
// - <hash8> (an extension of the plain `<account>_<set>_<start>` rule): the first 8 hex digits of SHA-256 over the
//   set name (unsanitised), the accountId and the first event's eventId. Delivery is at-least-once: a batch
//   redelivered after a crash (from the same position) names the same files, so the rename replaces them instead
//   of adding duplicates; it also keeps apart two files whose names would otherwise collide (same start second,
//   or two set names that sanitise alike).
//
// Each file is written atomically: gzip stream into `.<name>.tmp-<pid>-<random>` in the target directory, fsync
// it, rename it over the final name, fsync the directory (and any directories just created). A process killed
// mid-write leaves at most a temp file, never a torn .jsonl.gz; removeStaleTempFiles clears those.
// Plain TypeScript: no database, no Next.js.
import { createHash, randomBytes } from "node:crypto";
import { mkdir, open, readdir, rename, stat, unlink } from "node:fs/promises";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import type { NormalisedEvent } from "@/lib/domain/event";
import { deliveredLine } from "./delivered-record";

const TEMP_FILE = /^\..+\.tmp-\d+-[0-9a-f]{8}$/;

/** A name made safe for a file name part (the rule is in the header comment). */
export function safeNamePart(value: string, fallback: string): string {
  const safe = value
    .replace(/[^A-Za-z0-9.-]+/g, "-")
    .replace(/^[.-]+/, "")
    .slice(0, 64)
    .replace(/[.-]+$/, "");
  return safe || fallback;
}

/** UTC time as YYYYMMDDTHHMMSSZ. */
export function compactUtc(time: Date): string {
  return time
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
}

/** The relative path (posix separators) of the file whose first event is `first`. */
export function directoryFilePath(setName: string, first: NormalisedEvent): string {
  const iso = first.eventTime.toISOString();
  const hash = createHash("sha256")
    .update(JSON.stringify([setName, first.accountId, first.eventId]))
    .digest("hex")
    .slice(0, 8);
  const name = `${safeNamePart(first.accountId ?? "none", "none")}_${safeNamePart(setName, "set")}_${compactUtc(first.eventTime)}_${hash}.jsonl.gz`;
  return path.posix.join(iso.slice(0, 4), iso.slice(5, 7), iso.slice(8, 10), iso.slice(11, 13), name);
}

/**
 * Write a batch as one file per (UTC hour, account), in batch order within each file. Resolves with the files'
 * paths relative to `root` (posix separators) once every file and directory entry is on disk.
 */
export async function deliverToDirectory(
  root: string,
  setName: string,
  events: NormalisedEvent[],
): Promise<{ files: string[] }> {
  const groups = new Map<string, NormalisedEvent[]>();
  for (const event of events) {
    if (Number.isNaN(event.eventTime.getTime())) throw new Error(`event ${event.eventId} has an invalid eventTime`);
    const key = JSON.stringify([event.eventTime.toISOString().slice(0, 13), event.accountId]);
    const group = groups.get(key);
    if (group) group.push(event);
    else groups.set(key, [event]);
  }
  const base = path.resolve(root);
  const files: string[] = [];
  for (const group of groups.values()) {
    const relative = directoryFilePath(setName, group[0]);
    await writeAtomically(path.join(base, ...relative.split("/")), group);
    files.push(relative);
  }
  return { files };
}

async function writeAtomically(file: string, events: NormalisedEvent[]): Promise<void> {
  const dir = path.dirname(file);
  await makeDirectoryDurably(dir);
  const temp = path.join(dir, `.${path.basename(file)}.tmp-${process.pid}-${randomBytes(4).toString("hex")}`);
  const handle = await open(temp, "wx");
  try {
    await pipeline(Readable.from(lineChunks(events)), createGzip(), async (source: AsyncIterable<Buffer>) => {
      for await (const chunk of source) await handle.write(chunk);
    });
    await handle.sync();
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(temp).catch(() => undefined);
    throw error;
  }
  await handle.close();
  await rename(temp, file);
  await syncDirectory(dir);
}

// Lines joined into ~64 KiB strings: far fewer stream chunks than one per event.
function* lineChunks(events: NormalisedEvent[]): Generator<string> {
  let chunk = "";
  for (const event of events) {
    chunk += deliveredLine(event);
    if (chunk.length >= 65_536) {
      yield chunk;
      chunk = "";
    }
  }
  if (chunk) yield chunk;
}

// mkdir -p, then fsync every directory that gained an entry, so a new hour directory survives a power loss too.
async function makeDirectoryDurably(dir: string): Promise<void> {
  const firstCreated = await mkdir(dir, { recursive: true });
  if (!firstCreated) return;
  const stop = path.dirname(firstCreated);
  for (let d = path.dirname(dir); ; d = path.dirname(d)) {
    await syncDirectory(d);
    if (d === stop || d === path.dirname(d)) break;
  }
}

async function syncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; everywhere else this makes the rename itself durable.
  if (process.platform === "win32") return;
  const handle = await open(dir, "r");
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Remove temp files (`.<name>.tmp-<pid>-<random>`) left under `root` by a killed delivery, when not modified for
 * `olderThanMinutes` (a live write touches its temp file continuously). Returns the removed paths relative to
 * `root`. A missing root removes nothing.
 */
export async function removeStaleTempFiles(
  root: string,
  olderThanMinutes: number,
  now: Date = new Date(),
): Promise<string[]> {
  const base = path.resolve(root);
  const cutoff = now.getTime() - olderThanMinutes * 60_000;
  const removed: string[] = [];
  const walk = async (dir: string): Promise<void> => {
    let entries;
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full);
      else if (entry.isFile() && TEMP_FILE.test(entry.name)) {
        try {
          if ((await stat(full)).mtimeMs > cutoff) continue;
          await unlink(full);
          removed.push(path.relative(base, full).split(path.sep).join("/"));
        } catch (error) {
          // Another cleaner got there first.
          if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
        }
      }
    }
  };
  await walk(base);
  return removed.sort();
}
