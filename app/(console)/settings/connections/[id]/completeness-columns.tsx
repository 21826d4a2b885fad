"use client";
// The completeness check's findings: log files the AWS digests list that were never imported, files whose bytes
// differ from the digest's hash, and, for the other layouts, hours with no file where the trail delivers often.
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";
import { LocalTime } from "@/components/ui/local-time";

export interface MissingFile {
  key: string;
  digestKey: string;
}
export interface AlteredFile {
  key: string;
  expectedSha256: string;
  actualSha256: string;
}
export interface DeliveryGap {
  from: string;
  to: string;
}

const missingColumns: ColumnDef<MissingFile, unknown>[] = [
  { accessorKey: "key", header: "Log file", meta: { className: "wrap" } },
  { accessorKey: "digestKey", header: "Listed in digest", meta: { className: "wrap" } },
];
const alteredColumns: ColumnDef<AlteredFile, unknown>[] = [
  { accessorKey: "key", header: "Log file", meta: { className: "wrap" } },
  { accessorKey: "expectedSha256", header: "SHA-256 in the digest", meta: { className: "wrap" } },
  { accessorKey: "actualSha256", header: "SHA-256 read", meta: { className: "wrap" } },
];
export interface RefusedDigest {
  key: string;
  reason: string;
}

const refusedColumns: ColumnDef<RefusedDigest, unknown>[] = [
  { accessorKey: "key", header: "Digest file", meta: { className: "wrap" } },
  { accessorKey: "reason", header: "Reason", meta: { className: "wrap" } },
];
const gapColumns: ColumnDef<DeliveryGap, unknown>[] = [
  { id: "from", header: "No file from", cell: ({ row }) => <LocalTime iso={row.original.from} /> },
  { id: "to", header: "To", cell: ({ row }) => <LocalTime iso={row.original.to} /> },
];

export function MissingFilesTable({ rows }: { rows: MissingFile[] }) {
  return (
    <DataTable
      columns={missingColumns}
      data={rows}
      caption="Missing log files"
      captionVisible
      emptyMessage="None missing."
      getRowId={(r) => r.key}
    />
  );
}

export function AlteredFilesTable({ rows }: { rows: AlteredFile[] }) {
  return (
    <DataTable
      columns={alteredColumns}
      data={rows}
      caption="Altered log files"
      captionVisible
      emptyMessage="None altered."
      getRowId={(r) => r.key}
    />
  );
}

export function DeliveryGapsTable({ rows }: { rows: DeliveryGap[] }) {
  return (
    <DataTable
      columns={gapColumns}
      data={rows}
      caption="Gaps in delivery"
      captionVisible
      emptyMessage="No gaps."
      getRowId={(r) => r.from}
    />
  );
}

export function RefusedDigestsTable({ rows }: { rows: RefusedDigest[] }) {
  return (
    <DataTable
      columns={refusedColumns}
      data={rows}
      caption="Digest files not used"
      captionVisible
      emptyMessage="None."
      getRowId={(r) => r.key}
    />
  );
}
