"use client";
// A plain, accessible table over TanStack Table: column definitions in, rows out. Cells render as text
// (React escapes them): event fields are attacker-controlled and never become HTML.
import { flexRender, getCoreRowModel, useReactTable, type ColumnDef, type RowData } from "@tanstack/react-table";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** The header's aria-sort, for tables sorted by the server (the URL holds the sort). */
    ariaSort?: "ascending" | "descending" | "none";
  }
}

export function DataTable<Row>({
  columns,
  data,
  caption,
  emptyMessage,
  getRowId,
}: {
  columns: ColumnDef<Row, unknown>[];
  data: Row[];
  caption: string;
  emptyMessage: string;
  getRowId?: (row: Row) => string;
}) {
  // TanStack Table v8 returns new functions every render, so the React Compiler leaves this component alone.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({ data, columns, getCoreRowModel: getCoreRowModel(), getRowId });
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {group.headers.map((header) => (
                <th key={header.id} scope="col" aria-sort={header.column.columnDef.meta?.ariaSort}>
                  {header.isPlaceholder ? null : flexRender(header.column.columnDef.header, header.getContext())}
                </th>
              ))}
            </tr>
          ))}
        </thead>
        <tbody>
          {table.getRowModel().rows.length === 0 ? (
            <tr>
              <td colSpan={columns.length} className="empty">
                {emptyMessage}
              </td>
            </tr>
          ) : (
            table.getRowModel().rows.map((row) => (
              <tr key={row.id}>
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
