"use client";
// The "Columns" menu: one checkbox per column, named by the column's meta.label or its string header.
import type { Column } from "@tanstack/react-table";

export function columnLabel<Row>(column: Column<Row, unknown>): string {
  const { meta, header } = column.columnDef;
  return meta?.label ?? (typeof header === "string" ? header : column.id);
}

export function ColumnMenu<Row>({ columns }: { columns: Column<Row, unknown>[] }) {
  return (
    <details className="column-menu">
      <summary>Columns</summary>
      <fieldset>
        <legend className="visually-hidden">Visible columns</legend>
        {columns.map((column) => (
          <label key={column.id} className="checkbox">
            <input
              type="checkbox"
              aria-label={`Show the ${columnLabel(column)} column`}
              checked={column.getIsVisible()}
              onChange={column.getToggleVisibilityHandler()}
            />
            {columnLabel(column)}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
