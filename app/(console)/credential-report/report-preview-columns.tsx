"use client";
// The credential report preview: the report's own header and cells, exactly as the CSV will carry them.
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";

export function ReportPreviewTable({ header, rows, caption }: { header: string[]; rows: string[][]; caption: string }) {
  const columns: ColumnDef<string[], unknown>[] = header.map((name, i) => ({
    id: `c${i}`,
    header: name,
    accessorFn: (row) => row[i],
  }));
  return (
    <DataTable
      columns={columns}
      data={rows}
      caption={caption}
      emptyMessage="No user matches this filter."
      getRowId={(row) => row[1] ?? row[0]}
    />
  );
}
