"use client";
// The AccessKey audit's tables: services in the window, and one service's Event / IP / Resource list. Rows
// arrive ready to show (links built on the server); every value is rendered as text.
import Link from "next/link";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";

export interface ServiceRow {
  service: string;
  href: string;
  current: boolean;
  lastAccess: string;
  calls: string;
  failedCalls: string;
}

const serviceColumns: ColumnDef<ServiceRow, unknown>[] = [
  {
    accessorKey: "service",
    header: "Service",
    cell: ({ row }) => (
      <Link href={row.original.href} scroll={false} aria-current={row.original.current ? "true" : undefined}>
        {row.original.service}
      </Link>
    ),
  },
  { accessorKey: "lastAccess", header: "Last access time" },
  { accessorKey: "calls", header: "Number of calls" },
  { accessorKey: "failedCalls", header: "Failed calls" },
];

export function ServicesTable({ rows, emptyMessage }: { rows: ServiceRow[]; emptyMessage: string }) {
  return (
    <DataTable
      columns={serviceColumns}
      data={rows}
      caption="Services"
      emptyMessage={emptyMessage}
      getRowId={(r) => r.service}
    />
  );
}

export type ListKind = "events" | "ips" | "resources";

export interface ListRow {
  id: string;
  /** Event name, source IP, or resource type and name. */
  first: string;
  second: string | null;
  lastAccess: string;
  calls: string;
  detailsHref: string;
}

const viewDetails: ColumnDef<ListRow, unknown> = {
  id: "details",
  header: "Details",
  cell: ({ row }) => (
    <Link href={row.original.detailsHref} scroll={false}>
      View details
    </Link>
  ),
};

const LIST_COLUMNS: Record<ListKind, ColumnDef<ListRow, unknown>[]> = {
  events: [
    { accessorKey: "first", header: "Event name" },
    { accessorKey: "lastAccess", header: "Last access time" },
    { accessorKey: "calls", header: "Number of calls" },
    viewDetails,
  ],
  ips: [
    { accessorKey: "first", header: "Source IP" },
    { accessorKey: "lastAccess", header: "Last request time" },
    { accessorKey: "calls", header: "Number of calls" },
    viewDetails,
  ],
  resources: [
    { accessorKey: "first", header: "Resource type" },
    { accessorKey: "second", header: "Resource name" },
    { accessorKey: "lastAccess", header: "Last access time" },
    { accessorKey: "calls", header: "Number of calls" },
    viewDetails,
  ],
};

const LIST_CAPTIONS: Record<ListKind, string> = { events: "Event list", ips: "IP list", resources: "Resource list" };

export function UsageListTable({
  kind,
  rows,
  emptyMessage,
}: {
  kind: ListKind;
  rows: ListRow[];
  emptyMessage: string;
}) {
  return (
    <DataTable
      columns={LIST_COLUMNS[kind]}
      data={rows}
      caption={LIST_CAPTIONS[kind]}
      emptyMessage={emptyMessage}
      getRowId={(r) => r.id}
    />
  );
}
