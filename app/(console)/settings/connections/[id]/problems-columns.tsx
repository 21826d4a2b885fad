"use client";
// What a connection skipped and why: the object, API page or delivery by name, and the reason, as text (both come
// from outside: an object key is whatever the bucket holds).
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";
import { LocalTime } from "@/components/ui/local-time";
import type { ConnectionProblemView } from "@/lib/queries/connections";

const columns: ColumnDef<ConnectionProblemView, unknown>[] = [
  { id: "at", header: "When", cell: ({ row }) => <LocalTime iso={row.original.at} /> },
  { accessorKey: "source", header: "Object or page", meta: { className: "wrap" } },
  { accessorKey: "reason", header: "Reason", meta: { className: "wrap" } },
];

export function ProblemsTable({ name, problems }: { name: string; problems: ConnectionProblemView[] }) {
  return (
    <DataTable
      columns={columns}
      data={problems}
      caption={`Problems of ${name}`}
      captionVisible
      emptyMessage="Nothing skipped."
    />
  );
}
