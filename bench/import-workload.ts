// The import benchmark: CloudTrail .json.gz files built from the invictus dataset's records (each copy with its
// own eventIDs), imported by the real importer in a child process (events/s, peak RSS), at two file sizes to show
// memory flat in file size; baseline: the very rows the import stored, inserted raw in one better-sqlite3
// transaction into a fresh database with the same schema and indexes.
import { spawnSync } from "node:child_process";
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import Sqlite from "better-sqlite3";
import { EVENT_COLUMNS } from "@/lib/db/event-rows";

export interface ImportRun {
  records: number;
  fileMb: number;
  events: number;
  eventsPerSecond: number;
  maxRssMb: number;
  baselineEventsPerSecond: number;
}

export const IMPORT_HEAP_MB = 128;
const SOURCE = path.resolve("../shared/datasets/invictus-aws-cloudtrail/CloudTrail");

/** A CloudTrail delivery file of `copies` × the invictus records; returns its path and record count. */
export function buildCloudTrailFile(dir: string, copies: number): { file: string; records: number } {
  const originals = readdirSync(SOURCE)
    .filter((f) => f.endsWith(".json"))
    .flatMap((f) => (JSON.parse(readFileSync(path.join(SOURCE, f), "utf8")) as { Records: Record<string, unknown>[] }).Records);
  const records: Record<string, unknown>[] = [];
  for (let copy = 0; copy < copies; copy++) for (const r of originals) records.push({ ...r, eventID: `${r.eventID}-bench${copy}` });
  const file = path.join(dir, `import-${copies}x_CloudTrail.json.gz`);
  writeFileSync(file, gzipSync(JSON.stringify({ Records: records })));
  return { file, records: records.length };
}

/** The rows the import stored, inserted raw into `emptyFile` in one transaction: ms. */
function rawCopy(importedFile: string, emptyFile: string): number {
  const columns = EVENT_COLUMNS.map((c) => `"${c}"`).join(", ");
  const source = new Sqlite(importedFile, { readonly: true });
  const rows = source.prepare(`SELECT ${columns} FROM "Event" ORDER BY "seq"`).raw().all() as unknown[][];
  source.close();
  const target = new Sqlite(emptyFile);
  target.pragma("journal_mode = WAL");
  target.pragma("synchronous = NORMAL");
  const insert = target.prepare(`INSERT INTO "Event" (${columns}) VALUES (${EVENT_COLUMNS.map(() => "?").join(", ")})`);
  const started = performance.now();
  target.transaction(() => {
    for (const row of rows) insert.run(...row);
  })();
  const ms = performance.now() - started;
  target.close();
  return ms;
}

/** One import of `file` into the fresh database at `url` (a child process), and the raw baseline. */
export function runImport(file: string, records: number, url: string, baselineFile: string): ImportRun {
  // A 128 MB JavaScript heap whatever the file's size: the importer streams, and the peak RSS shows it.
  const child = spawnSync(process.execPath, [`--max-old-space-size=${IMPORT_HEAP_MB}`, "--import", "tsx", path.resolve("bench/import-child.ts"), url, file], {
    encoding: "utf8",
    env: process.env,
  });
  if (child.status !== 0) throw new Error(`import child failed: ${child.stderr}`);
  const measured = JSON.parse(child.stdout.trim().split("\n").pop()!) as { events: number; ms: number; maxRssMb: number };
  const baselineMs = rawCopy(url.slice("file:".length), baselineFile);
  return {
    records,
    fileMb: readFileSync(file).length / 1024 / 1024,
    events: measured.events,
    eventsPerSecond: measured.events / (measured.ms / 1000),
    maxRssMb: measured.maxRssMb,
    baselineEventsPerSecond: measured.events / (baselineMs / 1000),
  };
}
