// Import audit-log files into the event store: per file, detect the format from its first record, normalise every
// record, and store them in batches through ingestEvents (the only write path; idempotent on eventId, so an event
// seen again, in the same file, another file or an earlier run, is counted as a duplicate and stored once).
// Nothing is dropped silently: every record that does not become an event is counted against its file, with reasons.
import type { Database } from "@/lib/db/client";
import { ingestEvents } from "@/lib/db/ingest-events";
import { importItems } from "./import-items";
import { importItemsFromWorker } from "./import-worker-client";
import { MAX_REASONS, type FileRejections, type ImportSummary } from "./import-summary";

export interface ImportProgress {
  file: string;
  filesDone: number;
  filesTotal: number;
  imported: number;
  duplicates: number;
  rejected: number;
}

export interface ImportOptions {
  /** Events in the first transaction (default 1,000); later ones double up to maxBatchSize (default 10,000). */
  batchSize?: number;
  maxBatchSize?: number;
  onProgress?: (progress: ImportProgress) => void;
  /** Read and normalise in a worker thread while this one stores (the command line: runs under tsx). */
  readInWorker?: boolean;
}

export async function importFiles(
  database: Database,
  paths: string[],
  options: ImportOptions = {},
): Promise<ImportSummary> {
  const batchSize = Math.max(1, options.batchSize ?? 1000);
  const maxBatchSize = Math.max(batchSize, options.maxBatchSize ?? 10_000);
  const items = options.readInWorker
    ? importItemsFromWorker(paths, batchSize, maxBatchSize)
    : importItems(paths, batchSize, maxBatchSize);
  const summary: ImportSummary = {
    files: 0,
    imported: 0,
    duplicates: 0,
    rejected: 0,
    rejectedByFile: [],
    skippedFiles: [],
  };
  const rejectionsOf = new Map<string, FileRejections>();
  for await (const item of items) {
    if (item.kind === "files") {
      summary.files = item.total;
      summary.skippedFiles = item.skipped;
    } else if (item.kind === "batch") {
      const result = await ingestEvents(database, item.events);
      summary.imported += result.inserted;
      summary.duplicates += result.duplicates;
    } else if (item.kind === "reject") {
      let entry = rejectionsOf.get(item.file);
      if (!entry) {
        entry = { file: item.file, count: 0, firstReasons: [] };
        rejectionsOf.set(item.file, entry);
        summary.rejectedByFile.push(entry);
      }
      entry.count += item.count;
      summary.rejected += item.count;
      if (entry.firstReasons.length < MAX_REASONS) entry.firstReasons.push(item.reason);
    } else {
      options.onProgress?.({
        file: item.file,
        filesDone: item.filesDone,
        filesTotal: item.filesTotal,
        imported: summary.imported,
        duplicates: summary.duplicates,
        rejected: summary.rejected,
      });
    }
  }
  return summary;
}
