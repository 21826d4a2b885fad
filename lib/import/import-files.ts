// Import audit-log files into the event store: per file, detect the format from its first record, normalise every
// record, and store them in batches through ingestEvents (the only write path; idempotent on eventId, so an event
// seen again, in the same file, another file or an earlier run, is counted as a duplicate and stored once).
// Nothing is dropped silently: every record that does not become an event is counted against its file, with reasons.
import type { Database } from "@/lib/db/client";
import { ingestEvents } from "@/lib/db/ingest-events";
import type { NormalisedEvent } from "@/lib/domain/event";
import { unstorable } from "@/lib/domain/normalise/storable";
import { detectFormat, type Detection } from "@/lib/domain/normalise/detect";
import { listSourceFiles, readSourceFile, type SkippedFile } from "./read-source-files";
import { MAX_REASONS } from "./summary-line";

export interface FileRejections {
  file: string;
  count: number;
  /** Up to MAX_REASONS, e.g. "record 12: eventTime: missing". */
  firstReasons: string[];
}

export interface ImportSummary {
  /** Files read (skipped files not included). */
  files: number;
  /** Events stored for the first time. */
  imported: number;
  /** Valid events already stored (by eventId). */
  duplicates: number;
  rejected: number;
  rejectedByFile: FileRejections[];
  skippedFiles: SkippedFile[];
}

export interface ImportProgress {
  file: string;
  filesDone: number;
  filesTotal: number;
  imported: number;
  duplicates: number;
  rejected: number;
}

export interface ImportOptions {
  batchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
}

export async function importFiles(database: Database, paths: string[], options: ImportOptions = {}): Promise<ImportSummary> {
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const list = await listSourceFiles(paths);
  const summary: ImportSummary = {
    files: list.files.length,
    imported: 0,
    duplicates: 0,
    rejected: 0,
    rejectedByFile: [],
    skippedFiles: list.skipped,
  };
  const rejectionsOf = new Map<string, FileRejections>();
  const reject = (file: string, reason: string, count = 1) => {
    let entry = rejectionsOf.get(file);
    if (!entry) {
      entry = { file, count: 0, firstReasons: [] };
      rejectionsOf.set(file, entry);
      summary.rejectedByFile.push(entry);
    }
    entry.count += count;
    summary.rejected += count;
    if (entry.firstReasons.length < MAX_REASONS) entry.firstReasons.push(reason);
  };
  for (const missing of list.missing) reject(missing, "file: not found");

  // One batch may span several small files (a CloudTrail tree holds thousands): fewer transactions.
  let batch: NormalisedEvent[] = [];
  const flush = async () => {
    if (batch.length === 0) return;
    const result = await ingestEvents(database, batch);
    summary.imported += result.inserted;
    summary.duplicates += result.duplicates;
    batch = [];
  };

  for (const [n, file] of list.files.entries()) {
    let detection: Detection | null = null;
    let unknownRecords = 0;
    for await (const item of readSourceFile(file)) {
      if (item.kind === "error") {
        reject(file, `${item.label}: ${item.reason}`);
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
        reject(file, `${item.label}: ${problem}`);
        continue;
      }
      batch.push(result.event);
      if (batch.length >= batchSize) await flush();
    }
    if (detection && !detection.ok) reject(file, `file: ${detection.reason}`, unknownRecords);
    options.onProgress?.({
      file,
      filesDone: n + 1,
      filesTotal: list.files.length,
      imported: summary.imported,
      duplicates: summary.duplicates,
      rejected: summary.rejected,
    });
  }
  await flush();
  return summary;
}
