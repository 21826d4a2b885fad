"use client";
import Link from "next/link";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";

export interface UserTableRow {
  userName: string;
  displayName: string;
  userType: string;
  consoleRole: string;
  mfa: string;
  groups: string;
  accessKeys: string;
  created: string;
}

const columns: ColumnDef<UserTableRow, unknown>[] = [
  {
    accessorKey: "userName",
    header: "User name",
    cell: ({ row }) => (
      <Link href={`/users/${encodeURIComponent(row.original.userName)}`}>{row.original.userName}</Link>
    ),
  },
  { accessorKey: "displayName", header: "Display name" },
  { accessorKey: "userType", header: "User type" },
  { accessorKey: "consoleRole", header: "Console role" },
  { accessorKey: "mfa", header: "MFA" },
  { accessorKey: "groups", header: "Groups" },
  { accessorKey: "accessKeys", header: "AccessKeys" },
  { accessorKey: "created", header: "Created" },
];

export function UsersTable({ rows }: { rows: UserTableRow[] }) {
  return (
    <DataTable columns={columns} data={rows} caption="Users" emptyMessage="No users." getRowId={(r) => r.userName} />
  );
}
