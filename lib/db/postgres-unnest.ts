// Multi-row writes on PostgreSQL as one array per column: `INSERT ... SELECT * FROM unnest($1::text[], ...)`.
// A batch then binds one parameter per column instead of one per value (a 100-event batch: 31, not 3,100), and
// binding each parameter is most of a small batch's cost through the driver adapter. unnest yields the rows in
// array order, so rows are inserted (and numbered by a serial column) in the order given.

/** A column and its PostgreSQL type, e.g. ["eventTime", "timestamp(3)"]. */
export type TypedColumn = readonly [name: string, type: string];

/** The statement for `columns`, with `tail` (ON CONFLICT ..., RETURNING ...) after it. */
export function unnestInsertSql(table: string, columns: readonly TypedColumn[], tail = ""): string {
  const names = columns.map(([name]) => `"${name}"`).join(", ");
  const arrays = columns.map(([, type], i) => `$${i + 1}::${type}[]`).join(", ");
  return `INSERT INTO "${table}" (${names}) SELECT * FROM unnest(${arrays})${tail ? ` ${tail}` : ""}`;
}

/** Rows (each in column order) as one array per column: the statement's parameters. Dates become ISO text, which
 *  a timestamp(3) column reads as UTC, as Prisma writes them. */
export function columnArrays(rows: readonly (readonly unknown[])[], width: number): unknown[][] {
  const columns: unknown[][] = Array.from({ length: width }, () => new Array(rows.length));
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    if (row.length !== width) throw new Error(`row ${r} has ${row.length} values, not ${width}`);
    for (let c = 0; c < width; c++) {
      const value = row[c];
      columns[c][r] = value instanceof Date ? value.toISOString() : value;
    }
  }
  return columns;
}
