// What an import reads, as a stream of items in order: the file count, batches of normalised events (a batch may
// span several small files: fewer transactions), each rejected record with its reason, and each file's end.
// Storing is the caller's (import-files.ts), so the reading can run on another thread (import-worker.ts).
import type { NormalisedEvent } from "@/lib/domain/event";
import { detectFormat, type Detection } from "@/lib/domain/normalise/detect";
import { unstorable } from "@/lib/domain/normalise/storable";
import { listSourceFiles, readSourceFile, type SkippedFile, type SourceItem } from "./read-source-files";

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
    const normaliser = new FileNormaliser();
    for await (const item of readSourceFile(file)) {
      const taken = normaliser.take(item);
      if (taken === null) continue;
      if (typeof taken === "string") {
        yield { kind: "reject", file, reason: taken, count: 1 };
        continue;
      }
      batch.push(taken);
      if (batch.length >= limit) {
        yield { kind: "batch", events: batch };
        batch = [];
        limit = Math.min(limit * 2, Math.max(batchSize, maxBatchSize));
      }
    }
    const unknown = normaliser.unknownFormat();
    if (unknown) yield { kind: "reject", file, reason: unknown.reason, count: unknown.count };
    yield { kind: "fileDone", file, filesDone: n + 1, filesTotal: list.files.length };
  }
  if (batch.length) yield { kind: "batch", events: batch };
}

/** One file's records into events: the format detected from its first record, each record normalised. */
export class FileNormaliser {
  private detection: Detection | null = null;
  private unknownRecords = 0;

  /** The record's event, or why it is rejected, or null when the file's format is unknown (counted). */
  take(item: SourceItem): NormalisedEvent | string | null {
    if (item.kind === "error") return `${item.label}: ${item.reason}`;
    this.detection ??= detectFormat(item.record, item.container);
    if (!this.detection.ok) {
      this.unknownRecords++; // the whole file is refused: count every record in it
      return null;
    }
    const result = this.detection.normalise(item.record, item.raw);
    const problem = result.ok ? unstorable(result.event) : result.reason;
    if (!result.ok || problem) return `${item.label}: ${problem}`;
    return result.event;
  }

  /** After the last record: the file's refusal when its format is unknown. */
  unknownFormat(): { reason: string; count: number } | null {
    return this.detection && !this.detection.ok
      ? { reason: `file: ${this.detection.reason}`, count: this.unknownRecords }
      : null;
  }
}
