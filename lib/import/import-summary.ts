// What an import reports: counts, and per file the rejected records with their first reasons and the skipped
// files. Its own module so that the importer and the summary printer both depend on it, not on each other.
import type { SkippedFile } from "./read-source-files";

/** How many reasons are kept and shown per file. */
export const MAX_REASONS = 5;

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
