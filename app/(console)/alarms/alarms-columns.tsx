"use client";
// Raised alarms: when (linking to the alarm), which policy, how many events, for whom, live or from a history run.
import Link from "next/link";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";
import { LocalTime } from "@/components/ui/local-time";

export interface AlarmRow {
  id: number;
  createdAt: string;
  policyName: string;
  severity: string;
  eventCount: string;
  firstEventTime: string;
  lastEventTime: string;
  groupKey: string;
  how: string;
}

const columns: ColumnDef<AlarmRow, unknown>[] = [
  {
    id: "raised",
    header: "Raised",
    cell: ({ row }) => (
      <Link href={`/alarms/${row.original.id}`}>
        <LocalTime iso={row.original.createdAt} />
      </Link>
    ),
  },
  { accessorKey: "policyName", header: "Policy" },
  {
    id: "severity",
    header: "Severity",
    cell: ({ row }) => <span className={`badge severity-${row.original.severity}`}>{row.original.severity}</span>,
  },
  { accessorKey: "eventCount", header: "Events" },
  { id: "firstEvent", header: "First event", cell: ({ row }) => <LocalTime iso={row.original.firstEventTime} /> },
  { id: "lastEvent", header: "Last event", cell: ({ row }) => <LocalTime iso={row.original.lastEventTime} /> },
  { accessorKey: "groupKey", header: "For" },
  { accessorKey: "how", header: "How" },
];

export function AlarmsTable({ rows, emptyMessage }: { rows: AlarmRow[]; emptyMessage: string }) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      caption="Raised alarms"
      emptyMessage={emptyMessage}
      emptyAs="message"
      getRowId={(row) => String(row.id)}
    />
  );
}
