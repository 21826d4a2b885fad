"use client";
// The events that triggered an alarm, each linking to its details in the explorer (unless retention removed it).
import Link from "next/link";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";
import { LocalTime } from "@/components/ui/local-time";

export interface AlarmEventRow {
  eventId: string;
  eventTime: string;
  eventName: string;
  user: string;
  sourceIp: string;
  result: string;
  /** The event's details in the explorer; null once retention removed the event. */
  href: string | null;
}

const columns: ColumnDef<AlarmEventRow, unknown>[] = [
  { id: "eventTime", header: "Event time", cell: ({ row }) => <LocalTime iso={row.original.eventTime} /> },
  { accessorKey: "eventName", header: "Event name" },
  { accessorKey: "user", header: "User" },
  { accessorKey: "sourceIp", header: "Source IP" },
  { accessorKey: "result", header: "Result" },
  {
    id: "eventId",
    header: "Event ID",
    cell: ({ row }) =>
      row.original.href ? <Link href={row.original.href}>{row.original.eventId}</Link> : row.original.eventId,
  },
];

export function AlarmEventsTable({ rows }: { rows: AlarmEventRow[] }) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      caption="Events that triggered the alarm"
      emptyMessage="No linked events."
      getRowId={(row) => row.eventId}
    />
  );
}
