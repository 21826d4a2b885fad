"use client";
// The one table of the console, over TanStack Table: column definitions in, rows out. Every table is a
// `*-columns.tsx` file (its column definitions, a client module) plus this component. Cells render as text (React
// escapes them): event fields are attacker-controlled and never become HTML.
//
// Options: a visible or hidden caption (the table's accessible name either way), an empty message in a row or in
// place of the table, a column menu, headers' aria-sort (sorting is the server's: the URL holds it, see
// SortHeader), and selectable rows: a click or Enter opens a row's link, j / k move the selection and Esc clears it.
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type RowData,
  type VisibilityState,
} from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { useEffect, useState, useTransition, type ReactNode } from "react";
import { ColumnMenu } from "./column-menu";
import { isTableShortcut, movedSelection } from "./row-navigation";

declare module "@tanstack/react-table" {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface ColumnMeta<TData extends RowData, TValue> {
    /** The header's aria-sort, for tables sorted by the server (the URL holds the sort). */
    ariaSort?: "ascending" | "descending" | "none";
    /** The column's name in the column menu, when its header is not a plain string. */
    label?: string;
    /** Class of the column's cells (e.g. "wrap" for long text). */
    className?: string;
  }
}

/** Rows that select: each has a link (opened by click or Enter, moved through by j / k), Esc goes to closeHref. */
export interface RowSelection<Row> {
  selectedId: string | null;
  hrefOf: (row: Row) => string;
  closeHref: string;
}

export function DataTable<Row>({
  columns,
  data,
  caption,
  captionVisible = false,
  emptyMessage,
  emptyAs = "row",
  getRowId,
  rowClassName,
  selection,
  columnMenu = false,
}: {
  columns: ColumnDef<Row, unknown>[];
  data: Row[];
  /** The table's accessible name; shown above it with captionVisible, else for screen readers only. */
  caption: string;
  captionVisible?: boolean;
  emptyMessage: ReactNode;
  /** "row": the empty message in the table's body; "message": a paragraph in place of the table. */
  emptyAs?: "row" | "message";
  getRowId?: (row: Row) => string;
  rowClassName?: (row: Row) => string | undefined;
  selection?: RowSelection<Row>;
  /** A "Columns" menu of checkboxes that show and hide columns. */
  columnMenu?: boolean;
}) {
  const router = useRouter();
  const [navigating, startNavigation] = useTransition();
  const [visibility, setVisibility] = useState<VisibilityState>({});
  // TanStack Table v8 returns new functions every render, so the React Compiler leaves this component alone.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data,
    columns,
    state: { columnVisibility: visibility },
    onColumnVisibilityChange: setVisibility,
    getCoreRowModel: getCoreRowModel(),
    getRowId,
  });
  const rows = table.getRowModel().rows;
  const go = (href: string) => startNavigation(() => router.push(href, { scroll: false }));

  useEffect(() => {
    if (!selection) return;
    const onKey = (event: KeyboardEvent) => {
      if (!isTableShortcut(event)) return;
      if (event.key === "Escape") {
        if (selection.selectedId) startNavigation(() => router.push(selection.closeHref, { scroll: false }));
        return;
      }
      const nextId = movedSelection(
        rows.map((r) => r.id),
        selection.selectedId,
        event.key,
      );
      const next = rows.find((r) => r.id === nextId);
      if (next) startNavigation(() => router.push(selection.hrefOf(next.original), { scroll: false }));
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [rows, selection, router]);

  if (rows.length === 0 && emptyAs === "message") return <p className="empty">{emptyMessage}</p>;
  return (
    <>
      {columnMenu && <ColumnMenu columns={table.getAllLeafColumns()} />}
      <div className="table-wrap">
        <table className={selection ? "table table-interactive" : "table"} aria-busy={navigating || undefined}>
          <caption className={captionVisible ? undefined : "visually-hidden"}>{caption}</caption>
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
            {rows.length === 0 ? (
              <tr>
                <td colSpan={table.getVisibleLeafColumns().length} className="empty">
                  {emptyMessage}
                </td>
              </tr>
            ) : (
              rows.map((row) => (
                <tr
                  key={row.id}
                  className={rowClassName?.(row.original)}
                  {...(selection && {
                    tabIndex: 0,
                    "aria-selected": row.id === selection.selectedId,
                    onClick: () => go(selection.hrefOf(row.original)),
                    onKeyDown: (event: React.KeyboardEvent) => {
                      if (event.key === "Enter") go(selection.hrefOf(row.original));
                    },
                  })}
                >
                  {row.getVisibleCells().map((cell) => (
                    <td key={cell.id} className={cell.column.columnDef.meta?.className}>
                      {flexRender(cell.column.columnDef.cell, cell.getContext())}
                    </td>
                  ))}
                </tr>
              ))
            )}
          </tbody>
        </table>
      </div>
    </>
  );
}
