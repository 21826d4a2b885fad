"use client";
// Users in the recycle bin; administrators get Restore and Delete permanently on each row.
import Link from "next/link";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";
import { RecycleBinActions } from "../_components/admin-forms";

export interface RecycleBinRow {
  userName: string;
  displayName: string;
  userType: string;
  deleted: string;
  accessKeys: string;
}

const columns: ColumnDef<RecycleBinRow, unknown>[] = [
  {
    id: "userName",
    header: "User name",
    cell: ({ row }) => (
      <Link href={`/users/${encodeURIComponent(row.original.userName)}`}>{row.original.userName}</Link>
    ),
  },
  { accessorKey: "displayName", header: "Display name" },
  { accessorKey: "userType", header: "User type" },
  { accessorKey: "deleted", header: "Deleted" },
  { accessorKey: "accessKeys", header: "AccessKeys" },
];

const actionsColumn: ColumnDef<RecycleBinRow, unknown> = {
  id: "actions",
  header: "Actions",
  cell: ({ row }) => <RecycleBinActions userName={row.original.userName} />,
};

export function RecycleBinTable({ rows, admin }: { rows: RecycleBinRow[]; admin: boolean }) {
  return (
    <DataTable
      columns={admin ? [...columns, actionsColumn] : columns}
      data={rows}
      caption="Recycle bin"
      emptyMessage="The recycle bin is empty."
      emptyAs="message"
      getRowId={(row) => row.userName}
    />
  );
}
