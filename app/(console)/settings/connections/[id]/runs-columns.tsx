"use client";
// A connection's last 20 runs: when, which mode, what it read and stored, and the error in words when it failed.
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";
import { LocalTime } from "@/components/ui/local-time";
import { formatCount } from "@/lib/domain/format";
import type { ConnectionRunView } from "@/lib/queries/connections";

const MODES: Record<string, string> = { live: "Live", backfill: "Backfill", push: "Push" };

const columns: ColumnDef<ConnectionRunView, unknown>[] = [
  { id: "started", header: "Started", cell: ({ row }) => <LocalTime iso={row.original.startedAt} /> },
  { id: "mode", header: "Mode", cell: ({ row }) => MODES[row.original.mode] ?? row.original.mode },
  {
    id: "outcome",
    header: "Outcome",
    meta: { className: "wrap" },
    cell: ({ row }) =>
      !row.original.finishedAt ? "Running" : row.original.ok ? "OK" : `Failed: ${row.original.error ?? "unknown"}`,
  },
  {
    id: "read",
    header: "Read",
    cell: ({ row }) => {
      const { objectsRead, pagesRead } = row.original;
      return pagesRead > 0 && objectsRead === 0
        ? `${formatCount(pagesRead)} pages`
        : `${formatCount(objectsRead)} objects`;
    },
  },
  { id: "imported", header: "Imported", cell: ({ row }) => formatCount(row.original.imported) },
  { id: "duplicates", header: "Duplicates", cell: ({ row }) => formatCount(row.original.duplicates) },
  { id: "rejected", header: "Rejected", cell: ({ row }) => formatCount(row.original.rejected) },
];

export function RunsTable({ name, runs }: { name: string; runs: ConnectionRunView[] }) {
  return (
    <DataTable
      columns={columns}
      data={runs}
      caption={`Last runs of ${name}`}
      captionVisible
      emptyMessage="No runs yet."
    />
  );
}
