// The import benchmark: CloudTrail .json.gz files built from the invictus dataset's records (each copy with its
// own eventIDs), imported by the real importer in a child process (events/s, peak RSS), at several file sizes to show
// memory flat in file size; baseline: the very rows the import stored, inserted raw in one transaction into a
// fresh database with the same schema and indexes (./bench-store.ts).
import { spawnSync } from "node:child_process";
import { createWriteStream, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { dataset } from "@/tests/fixtures/datasets";
import { pipeline } from "node:stream/promises";
import { createGzip } from "node:zlib";
import type { BenchStore } from "./bench-store";

export interface ImportRun {
  records: number;
  fileMb: number;
  events: number;
  eventsPerSecond: number;
  maxRssMb: number;
  baselineEventsPerSecond: number;
}

export const IMPORT_HEAP_MB = 128;
const SOURCE = dataset("invictus-aws-cloudtrail", "CloudTrail");

/** A CloudTrail delivery file of `copies` × the invictus records, written as a gzip stream (a large file does not
 *  fit in one string); returns its path and record count. */
export async function buildCloudTrailFile(dir: string, copies: number): Promise<{ file: string; records: number }> {
  const originals = readdirSync(SOURCE)
    .filter((f) => f.endsWith(".json"))
    .flatMap(
      (f) => (JSON.parse(readFileSync(path.join(SOURCE, f), "utf8")) as { Records: Record<string, unknown>[] }).Records,
    );
  const file = path.join(dir, `import-${copies}x_CloudTrail.json.gz`);
  const gzip = createGzip();
  const done = pipeline(gzip, createWriteStream(file));
  const write = (text: string) =>
    gzip.write(text) ? Promise.resolve() : new Promise<void>((r) => gzip.once("drain", () => r()));
  await write('{"Records":[');
  let records = 0;
  for (let copy = 0; copy < copies; copy++) {
    for (const r of originals)
      await write(`${records++ ? "," : ""}${JSON.stringify({ ...r, eventID: `${r.eventID}-bench${copy}` })}`);
  }
  await write("]}");
  gzip.end();
  await done;
  return { file, records };
}

/** One import of `file` into the fresh database at `url` (a child process), and the raw baseline: the rows it
 *  stored, inserted raw into the empty database at `baselineUrl`. */
export async function runImport(
  file: string,
  records: number,
  url: string,
  baselineUrl: string,
  store: BenchStore,
): Promise<ImportRun> {
  // A 128 MB JavaScript heap whatever the file's size: the importer streams, and the peak RSS shows it.
  const child = spawnSync(
    process.execPath,
    [`--max-old-space-size=${IMPORT_HEAP_MB}`, "--import", "tsx", path.resolve("bench/import-child.ts"), url, file],
    {
      encoding: "utf8",
      env: process.env,
    },
  );
  if (child.status !== 0) throw new Error(`import child failed: ${child.stderr}`);
  const measured = JSON.parse(child.stdout.trim().split("\n").pop()!) as {
    events: number;
    ms: number;
    maxRssMb: number;
  };
  const baselineMs = await store.rawInsert(baselineUrl, await store.readRows(url));
  return {
    records,
    fileMb: readFileSync(file).length / 1024 / 1024,
    events: measured.events,
    eventsPerSecond: measured.events / (measured.ms / 1000),
    maxRssMb: measured.maxRssMb,
    baselineEventsPerSecond: measured.events / (baselineMs / 1000),
  };
}
