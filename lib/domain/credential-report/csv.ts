// A credential report as CSV text, streamed in chunks: RFC 4180 quoting (../csv-rows.ts, as the event export),
// CRLF line endings, UTF-8, a byte-order mark first in the Tencent layout only (so spreadsheet programs show
// non-ASCII names; the AWS layout's consumers are parsers that expect the header as its first bytes, as in AWS's
// own reports), and every cell through the formula guard (user names are user-controlled text).
//
// The real AWS reports separate rows with a bare LF; RFC 4180 says CRLF, and every CSV parser (Prowler's and
// ScoutSuite's Python csv module, Steampipe's Go encoding/csv) reads either.
import { csvRows } from "@/lib/domain/csv-rows";
import { neutraliseFormula } from "@/lib/domain/csv-safe";
import { reportColumns } from "./columns";
import { reportRow } from "./rows";
import type { ReportFormat, ReportSnapshot } from "./snapshot";

export const UTF8_BOM = "\uFEFF";
/** Users per chunk: small enough to stream. */
export const CSV_CHUNK_ROWS = 1000;

// csvRows quotes a cell holding a comma, a quote or any line break (a name with one must not split its record);
// csv-stringify, used before, gave the same bytes more slowly (docs/performance.md).
const toCsv = csvRows;
const safe = (row: string[]) => row.map(neutraliseFormula);

/** The report's CSV text in chunks: the BOM (Tencent only) with the header, then CSV_CHUNK_ROWS users a chunk. */
export function* reportCsvChunks(snapshot: ReportSnapshot, format: ReportFormat): Generator<string, void, undefined> {
  yield (format === "tencent" ? UTF8_BOM : "") + toCsv([safe([...reportColumns(format)])]);
  const { users } = snapshot;
  for (let start = 0; start < users.length; start += CSV_CHUNK_ROWS) {
    yield toCsv(users.slice(start, start + CSV_CHUNK_ROWS).map((user) => safe(reportRow(snapshot, user, format))));
  }
}

/** The whole report as one string (what is stored, and what a download sends). */
export function reportCsv(snapshot: ReportSnapshot, format: ReportFormat): string {
  let text = "";
  for (const chunk of reportCsvChunks(snapshot, format)) text += chunk;
  return text;
}

/** The report as a stream of UTF-8 bytes, for a Response body. */
export function reportCsvStream(snapshot: ReportSnapshot, format: ReportFormat): ReadableStream<Uint8Array> {
  const chunks = reportCsvChunks(snapshot, format);
  const encoder = new TextEncoder();
  return new ReadableStream({
    pull(controller) {
      const next = chunks.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
  });
}

/** `credential-report-<account>-<UTC time like 20261121T095600Z>.csv`; with format "aws", `-aws` before `.csv`
 *  so the two layouts of one report download side by side. The account ID is digits; anything else is
 *  replaced so the name is always safe in a Content-Disposition header. */
export function reportFileName(accountId: string, generatedAt: Date, format?: ReportFormat): string {
  const stamp = generatedAt.toISOString().slice(0, 19).replace(/[-:]/g, "") + "Z";
  const account = accountId.replace(/[^A-Za-z0-9_-]/g, "_");
  return `credential-report-${account}-${stamp}${format === "aws" ? "-aws" : ""}.csv`;
}
