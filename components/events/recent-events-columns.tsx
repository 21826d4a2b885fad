"use client";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";
import { ResultCell } from "./result-cell";

/** An event as the table shows it: times already formatted on the server. */
export interface EventRow {
  eventId: string;
  time: string;
  eventName: string;
  service: string;
  eventType: string;
  readWrite: string;
  operator: string;
  accessKeyId: string;
  sourceIpAddress: string;
  result: string;
}

const columns: ColumnDef<EventRow, unknown>[] = [
  { accessorKey: "time", header: "Time" },
  { accessorKey: "eventName", header: "Event name" },
  { accessorKey: "operator", header: "Operator" },
  { accessorKey: "service", header: "Service" },
  { accessorKey: "eventType", header: "Event type" },
  { accessorKey: "readWrite", header: "Read/write" },
  { accessorKey: "accessKeyId", header: "AccessKey ID" },
  { accessorKey: "sourceIpAddress", header: "Source IP" },
  {
    accessorKey: "result",
    header: "Result",
    cell: ({ getValue }) => <ResultCell value={String(getValue())} />,
  },
];

export function RecentEventsTable({ rows, caption }: { rows: EventRow[]; caption: string }) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      caption={caption}
      emptyMessage="No operation records yet."
      getRowId={(row) => row.eventId}
    />
  );
}
