"use client";
// The explorer's table: newest (or oldest) first, a column menu, and the keyboard: Enter opens the focused
// row's details, j / k move the selection, Esc closes the panel. Cells are text: event fields never become HTML.
import {
  flexRender,
  getCoreRowModel,
  useReactTable,
  type ColumnDef,
  type VisibilityState,
} from "@tanstack/react-table";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { ResultCell } from "@/components/events/result-cell";
import { LocalTime } from "@/components/ui/local-time";

export interface ExplorerRow {
  eventId: string;
  eventTime: string;
  eventName: string;
  operator: string;
  operatorType: string;
  service: string;
  resource: string;
  sourceIp: string;
  accessKeyId: string;
  result: string;
  /** Link that selects this row (opens the details panel), keeping the rest of the view. */
  href: string;
}

export function EventsTable({
  rows,
  selectedId,
  closeHref,
  utc,
}: {
  rows: ExplorerRow[];
  selectedId: string | null;
  closeHref: string;
  utc: boolean;
}) {
  const router = useRouter();
  const [visibility, setVisibility] = useState<VisibilityState>({});
  const open = (row: ExplorerRow) => router.push(row.href, { scroll: false });

  const columns: ColumnDef<ExplorerRow, unknown>[] = [
    {
      accessorKey: "eventTime",
      header: "Time",
      cell: ({ getValue }) => <LocalTime iso={String(getValue())} utc={utc} />,
    },
    { accessorKey: "eventName", header: "Event name" },
    {
      accessorKey: "operator",
      header: "Operator",
      cell: ({ row }) => (
        <>
          {row.original.operator}{" "}
          {row.original.operatorType && <span className="muted">({row.original.operatorType})</span>}
        </>
      ),
    },
    { accessorKey: "service", header: "Service" },
    { accessorKey: "resource", header: "Resource" },
    { accessorKey: "sourceIp", header: "Source IP" },
    { accessorKey: "accessKeyId", header: "AccessKey ID" },
    {
      accessorKey: "result",
      header: "Result",
      cell: ({ getValue }) => <ResultCell value={String(getValue())} />,
    },
  ];
  // TanStack Table v8 returns new functions every render, so the React Compiler leaves this component alone.
  // eslint-disable-next-line react-hooks/incompatible-library
  const table = useReactTable({
    data: rows,
    columns,
    state: { columnVisibility: visibility },
    onColumnVisibilityChange: setVisibility,
    getCoreRowModel: getCoreRowModel(),
    getRowId: (row) => row.eventId,
  });

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement;
      if (
        target.closest("input, select, textarea, [contenteditable]") ||
        event.metaKey ||
        event.ctrlKey ||
        event.altKey
      )
        return;
      const index = rows.findIndex((r) => r.eventId === selectedId);
      if (event.key === "j" || event.key === "k") {
        const next =
          rows[Math.min(rows.length - 1, Math.max(0, index === -1 ? 0 : index + (event.key === "j" ? 1 : -1)))];
        if (next) router.push(next.href, { scroll: false });
      } else if (event.key === "Escape" && selectedId) {
        router.push(closeHref, { scroll: false });
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [rows, selectedId, closeHref, router]);

  return (
    <>
      <details className="column-menu">
        <summary>Columns</summary>
        <fieldset>
          <legend className="visually-hidden">Visible columns</legend>
          {table.getAllLeafColumns().map((column) => (
            <label key={column.id} className="checkbox">
              <input
                type="checkbox"
                aria-label={`Show the ${String(column.columnDef.header)} column`}
                checked={column.getIsVisible()}
                onChange={column.getToggleVisibilityHandler()}
              />
              {String(column.columnDef.header)}
            </label>
          ))}
        </fieldset>
      </details>
      <div className="table-wrap">
        <table className="table table-interactive">
          <caption className="visually-hidden">Operation records</caption>
          <thead>
            {table.getHeaderGroups().map((group) => (
              <tr key={group.id}>
                {group.headers.map((header) => (
                  <th key={header.id} scope="col">
                    {flexRender(header.column.columnDef.header, header.getContext())}
                  </th>
                ))}
              </tr>
            ))}
          </thead>
          <tbody>
            {table.getRowModel().rows.map((row) => (
              <tr
                key={row.id}
                tabIndex={0}
                aria-selected={row.id === selectedId}
                onClick={() => open(row.original)}
                onKeyDown={(event) => {
                  if (event.key === "Enter") open(row.original);
                }}
              >
                {row.getVisibleCells().map((cell) => (
                  <td key={cell.id}>{flexRender(cell.column.columnDef.cell, cell.getContext())}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
