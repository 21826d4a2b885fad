"use client";
// The busiest operators of the last 30 days; each name opens the explorer filtered by that operator over the
// same 30 days.
import Link from "next/link";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";
import { formatCount } from "@/lib/domain/format";

export interface TopOperatorRow {
  userName: string;
  calls: number;
  failed: number;
}

export const operatorRecordsHref = (userName: string) =>
  `/operation-records?${new URLSearchParams({ userName, range: "30d" }).toString()}`;

const columns: ColumnDef<TopOperatorRow, unknown>[] = [
  {
    accessorKey: "userName",
    header: "Operator",
    cell: ({ row }) => <Link href={operatorRecordsHref(row.original.userName)}>{row.original.userName}</Link>,
  },
  { accessorKey: "calls", header: "Calls", cell: ({ row }) => formatCount(row.original.calls) },
  { accessorKey: "failed", header: "Failed calls", cell: ({ row }) => formatCount(row.original.failed) },
];

export function TopOperatorsTable({ rows }: { rows: TopOperatorRow[] }) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      caption="Top operators, last 30 days"
      emptyMessage="No operations in the last 30 days."
      getRowId={(r) => r.userName}
    />
  );
}
