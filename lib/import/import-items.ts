// What an import reads, as a stream of items in order: the file count, batches of normalised events (a batch may
// span several small files: fewer transactions), each rejected record with its reason, and each file's end.
// Storing is the caller's (import-files.ts), so the reading can run on another thread (import-worker.ts).
import type { NormalisedEvent } from "@/lib/domain/event";
import { detectFormat, type Detection } from "@/lib/domain/normalise/detect";
import { unstorable } from "@/lib/domain/normalise/storable";
import { listSourceFiles, readSourceFile, type SkippedFile } from "./read-source-files";

export type ImportItem =
  | { kind: "files"; total: number; skipped: SkippedFile[] }
  | { kind: "batch"; events: NormalisedEvent[] }
  | { kind: "reject"; file: string; reason: string; count: number }
  | { kind: "fileDone"; file: string; filesDone: number; filesTotal: number };

/** Batches start at `batchSize` events and double up to `maxBatchSize`: the first batch reaches the database soon
 *  (storing overlaps reading from the start), later ones commit less often (each commit rewrites the index pages
 *  it touched, so larger batches import faster: docs/performance.md). */
export async function* importItems(
  paths: string[],
  batchSize: number,
  maxBatchSize = batchSize,
): AsyncGenerator<ImportItem> {
  let limit = batchSize;
  const list = await listSourceFiles(paths);
  yield { kind: "files", total: list.files.length, skipped: list.skipped };
  for (const missing of list.missing) yield { kind: "reject", file: missing, reason: "file: not found", count: 1 };

  let batch: NormalisedEvent[] = [];
  for (const [n, file] of list.files.entries()) {
    let detection: Detection | null = null;
    let unknownRecords = 0;
    for await (const item of readSourceFile(file)) {
      if (item.kind === "error") {
        yield { kind: "reject", file, reason: `${item.label}: ${item.reason}`, count: 1 };
        continue;
      }
      detection ??= detectFormat(item.record, item.container);
      if (!detection.ok) {
        unknownRecords++; // the whole file is refused: count every record in it
        continue;
      }
      const result = detection.normalise(item.record, item.raw);
      const problem = result.ok ? unstorable(result.event) : result.reason;
      if (!result.ok || problem) {
        yield { kind: "reject", file, reason: `${item.label}: ${problem}`, count: 1 };
        continue;
      }
      batch.push(result.event);
      if (batch.length >= limit) {
        yield { kind: "batch", events: batch };
        batch = [];
        limit = Math.min(limit * 2, Math.max(batchSize, maxBatchSize));
      }
    }
    if (detection && !detection.ok)
      yield { kind: "reject", file, reason: `file: ${detection.reason}`, count: unknownRecords };
    yield { kind: "fileDone", file, filesDone: n + 1, filesTotal: list.files.length };
  }
  if (batch.length) yield { kind: "batch", events: batch };
}
