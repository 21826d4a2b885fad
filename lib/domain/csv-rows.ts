// RFC 4180 rows for the event export's hot path: a field is quoted when it holds a comma, a quote or a line break
// (a lone LF or CR included), and quotes inside are doubled; records end with CRLF. csv-stringify gives the same
// bytes otherwise (csv-rows.test.ts checks it on generated input), but leaves a lone LF or CR bare when records
// end with CRLF, which a strict parser reads as the end of the row, and it took a large share of the export's
// time (docs/performance.md).
const NEEDS_QUOTES = /[",\r\n]/;

export function csvField(value: string): string {
  return NEEDS_QUOTES.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvRows(rows: readonly (readonly string[])[]): string {
  let out = "";
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) out += (i ? "," : "") + csvField(row[i]);
    out += "\r\n";
  }
  return out;
}
