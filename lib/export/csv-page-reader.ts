// Reads the CSV export's keyset pages through the database driver itself (a better-sqlite3 connection of its
// own, or the pg pool), not Prisma: a page is one statement (the explorer's page, lib/queries/event-filter-sql.ts)
// whose rows come back as arrays and become CSV cells at once. Prisma compiled each page's query and built an object per row: over a
// third of the time of exporting a million events. The cells are what Prisma's records gave: ISO times in UTC,
// true/false, empty for null, formula-safe text.
import type { CompiledQuery } from "kysely";
import type { Database } from "@/lib/db/client";
import { builderFor, dialectOf, rowsOf } from "@/lib/db/sql";
import { neutraliseFormula } from "@/lib/domain/csv-safe";
import type { EventFilter } from "@/lib/domain/event-filter";
import { eventPage } from "@/lib/queries/event-filter-sql";
import { selectEventColumns } from "@/lib/queries/event-record-sql";
import type { UserScope } from "@/lib/queries/scope";

export interface CsvPage {
  /** The page's rows as CSV cells, in the filter's order. */
  rows: string[][];
  /** Where the next page starts, or null when this was the last. */
  next: { eventTime: Date; eventId: string } | null;
}

const BOOLEAN_COLUMNS = new Set(["readOnly", "sensitive", "mfaUsed"]);

/** SQLite keeps Prisma's DateTime as "2026-11-21T12:00:00.000+00:00". */
function sqliteTimeToIso(text: string): string {
  return text.length === 29 && text.endsWith("+00:00") ? `${text.slice(0, 23)}Z` : new Date(text).toISOString();
}

type CellOf = (value: unknown) => string;

const textCell: CellOf = (value) => (value === null || value === undefined ? "" : neutraliseFormula(String(value)));
const booleanCell: CellOf = (value) =>
  value === null || value === undefined ? "" : value === true || value === 1 ? "true" : "false";

/** One page's statement: `columns` of the filter's events, times as UTC text on both databases. */
export function csvPageQuery(
  database: Database,
  columns: readonly string[],
  filter: EventFilter,
  scope: UserScope,
): CompiledQuery {
  const dialect = dialectOf(database.provider);
  return eventPage(
    selectEventColumns(builderFor(database.provider), dialect, columns),
    filter,
    scope,
    dialect,
  ).compile();
}

/** A reader of pages of `columns` (Event columns; eventTime and eventId among them) for this database. */
export function csvPageReader(
  database: Database,
  columns: readonly string[],
): (filter: EventFilter, scope: UserScope) => Promise<CsvPage> {
  const timeAt = columns.indexOf("eventTime");
  const idAt = columns.indexOf("eventId");
  if (timeAt < 0 || idAt < 0) throw new Error("the CSV page reader needs the eventTime and eventId columns");
  const postgres = database.provider === "postgresql";
  const cells: CellOf[] = columns.map((c) =>
    c === "eventTime"
      ? (v) => (postgres ? String(v) : sqliteTimeToIso(String(v)))
      : BOOLEAN_COLUMNS.has(c)
        ? booleanCell
        : textCell,
  );

  // Every page after the first has the same text (only the cursor's values change): rowsOf prepares it once.
  const query = (filter: EventFilter, scope: UserScope) =>
    rowsOf(database, csvPageQuery(database, columns, filter, scope));

  // Forward pages only (an export reads from its start to its end): the cursor's direction must be "after".
  return async (filter, scope) => {
    if (filter.cursor?.direction === "before") throw new Error("the CSV page reader reads forward only");
    const found = await query(filter, scope);
    const page = found.slice(0, filter.limit);
    const last = page[page.length - 1];
    // The cursor from the stored values, not the cells (an ID may have been made formula-safe).
    const next =
      found.length > filter.limit && last
        ? { eventTime: new Date(cells[timeAt](last[timeAt])), eventId: String(last[idAt]) }
        : null;
    return { rows: page.map((row) => row.map((value, i) => cells[i](value))), next };
  };
}
