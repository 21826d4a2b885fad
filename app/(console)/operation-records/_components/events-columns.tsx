"use client";
// The explorer's columns: newest (or oldest) first, with the column menu; a row click or Enter opens its details,
// j / k move the selection, Esc closes the panel. Cells are text: event fields never become HTML.
import type { ColumnDef } from "@tanstack/react-table";
import type { ReactNode } from "react";
import { DataTable } from "@/components/data-table/data-table";
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

function explorerColumns(utc: boolean): ColumnDef<ExplorerRow, unknown>[] {
  return [
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
}

export function EventsTable({
  rows,
  selectedId,
  closeHref,
  utc,
  emptyMessage,
}: {
  rows: ExplorerRow[];
  selectedId: string | null;
  closeHref: string;
  utc: boolean;
  emptyMessage: ReactNode;
}) {
  return (
    <DataTable
      columns={explorerColumns(utc)}
      data={rows}
      caption="Operation records"
      emptyMessage={emptyMessage}
      emptyAs="message"
      getRowId={(row) => row.eventId}
      selection={{ selectedId, closeHref, hrefOf: (row) => row.href }}
      columnMenu
    />
  );
}
