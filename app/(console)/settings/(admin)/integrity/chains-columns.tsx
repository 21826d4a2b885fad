"use client";
// Each event chain's length against its newest signed digest.
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";
import { LocalTime } from "@/components/ui/local-time";

export interface ChainRow {
  chainKey: string;
  account: string;
  length: string;
  /** The newest digest's end (ISO), or null when the chain has none yet. */
  digestTo: string | null;
  digestValid: boolean;
  digestCount: string;
}

const columns: ColumnDef<ChainRow, unknown>[] = [
  { accessorKey: "account", header: "Account" },
  { accessorKey: "length", header: "Events in the chain" },
  {
    id: "newestDigest",
    header: "Newest signed digest",
    cell: ({ row }) => {
      const { digestTo, digestValid } = row.original;
      return (
        <>
          {digestTo ? <LocalTime iso={digestTo} /> : "None yet"}
          {digestTo && !digestValid ? " (signature not valid)" : ""}
        </>
      );
    },
  },
  { accessorKey: "digestCount", header: "Events it records" },
];

export function ChainsTable({ rows }: { rows: ChainRow[] }) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      caption="Event chains"
      emptyMessage="No events yet."
      emptyAs="message"
      getRowId={(row) => row.chainKey}
    />
  );
}
