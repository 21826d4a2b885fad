// What the import command prints: ONE summary line, then, only when something was rejected or skipped, the files
// concerned with their first reasons. Pure: no I/O.
import { MAX_REASONS, type ImportSummary } from "./import-summary";

const number = (n: number) => n.toLocaleString("en-US");
const count = (n: number, one: string, many: string) => `${number(n)} ${n === 1 ? one : many}`;

/** e.g. "Imported 2,900 events from 12 files: 2,870 new, 30 duplicates skipped, 0 records rejected." */
export function summaryLine(summary: ImportSummary): string {
  return (
    `Imported ${count(summary.imported + summary.duplicates, "event", "events")} ` +
    `from ${count(summary.files, "file", "files")}: ${number(summary.imported)} new, ` +
    `${count(summary.duplicates, "duplicate", "duplicates")} skipped, ` +
    `${count(summary.rejected, "record", "records")} rejected.`
  );
}

const MAX_SKIPPED_LISTED = 5;

/** The summary line, then the rejected files with their first reasons, then the skipped files. */
export function summaryLines(summary: ImportSummary): string[] {
  const lines = [summaryLine(summary)];
  for (const file of summary.rejectedByFile) {
    lines.push(`  ${file.file}: ${count(file.count, "record", "records")} rejected`);
    for (const reason of file.firstReasons) lines.push(`    ${reason}`);
    // Fewer reasons than records means one reason covered many (an unknown-format file), not that some are hidden.
    const unlisted = file.count - file.firstReasons.length;
    if (unlisted > 0 && file.firstReasons.length >= MAX_REASONS) lines.push(`    ... and ${number(unlisted)} more`);
  }
  const skipped = summary.skippedFiles;
  if (skipped.length > 0) {
    lines.push(`Skipped ${count(skipped.length, "file", "files")}:`);
    for (const s of skipped.slice(0, MAX_SKIPPED_LISTED)) lines.push(`  ${s.path}: ${s.reason}`);
    if (skipped.length > MAX_SKIPPED_LISTED)
      lines.push(`  ... and ${number(skipped.length - MAX_SKIPPED_LISTED)} more`);
  }
  return lines;
}
