"use client";
// Every connection with its state (the error in words when failing), last success, events today and in total,
// lag and what is waiting. A row opens the connection's page.
import type { ColumnDef } from "@tanstack/react-table";
import Link from "next/link";
import { DataTable } from "@/components/data-table/data-table";
import { LocalTime } from "@/components/ui/local-time";
import { describeLag, describeState, KIND_LABELS } from "@/lib/domain/connections/connection-form";
import { formatCount } from "@/lib/domain/format";
import type { ConnectionState } from "@/lib/domain/connections/connection-state";

/** One row: what the list shows of a connection's view. */
export interface ConnectionSummary {
  id: number;
  name: string;
  kind: string;
  state: ConnectionState;
  lastError: string | null;
  lastSuccessAt: string | null;
  eventsToday: number;
  eventsImported: number;
  lagSeconds: number | null;
  waiting: number;
}

const href = (row: ConnectionSummary) => `/settings/connections/${row.id}`;

const columns: ColumnDef<ConnectionSummary, unknown>[] = [
  {
    id: "name",
    header: "Name",
    cell: ({ row }) => <Link href={href(row.original)}>{row.original.name}</Link>,
  },
  { id: "kind", header: "Kind", cell: ({ row }) => KIND_LABELS[row.original.kind] ?? row.original.kind },
  {
    id: "state",
    header: "State",
    meta: { className: "wrap" },
    cell: ({ row }) => describeState(row.original.state, row.original.lastError),
  },
  {
    id: "lastSuccess",
    header: "Last success",
    cell: ({ row }) => (row.original.lastSuccessAt ? <LocalTime iso={row.original.lastSuccessAt} /> : "Never"),
  },
  {
    id: "events",
    header: "Events today / total",
    cell: ({ row }) => `${formatCount(row.original.eventsToday)} / ${formatCount(row.original.eventsImported)}`,
  },
  { id: "lag", header: "Lag", cell: ({ row }) => describeLag(row.original.lagSeconds) },
  { id: "waiting", header: "Waiting", cell: ({ row }) => formatCount(row.original.waiting) },
];

export function ConnectionsTable({ rows }: { rows: ConnectionSummary[] }) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      caption="Connections"
      emptyMessage="No connections yet."
      getRowId={(row) => String(row.id)}
    />
  );
}
