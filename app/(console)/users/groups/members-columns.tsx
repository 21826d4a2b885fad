"use client";
// A group's members; administrators get Mark lead / Unmark lead and Remove on each row.
import Link from "next/link";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";
import { GroupOperationButton } from "../_components/admin-forms";

export interface MemberRow {
  userName: string;
  displayName: string;
  deleted: boolean;
  isLead: boolean;
}

const columns: ColumnDef<MemberRow, unknown>[] = [
  {
    id: "userName",
    header: "User name",
    cell: ({ row }) => (
      <>
        <Link href={`/users/${encodeURIComponent(row.original.userName)}`}>{row.original.userName}</Link>
        {row.original.deleted && <span className="muted"> (in the recycle bin)</span>}
      </>
    ),
  },
  { accessorKey: "displayName", header: "Display name" },
  { id: "teamLead", header: "Team lead", cell: ({ row }) => (row.original.isLead ? "Yes" : "No") },
];

function actionsColumn(groupName: string): ColumnDef<MemberRow, unknown> {
  return {
    id: "actions",
    header: "Actions",
    cell: ({ row }) => {
      const { userName, isLead } = row.original;
      return (
        <div className="row-actions">
          {isLead ? (
            <GroupOperationButton
              groupName={groupName}
              userName={userName}
              operation="unmarkLead"
              label="Unmark lead"
              title={`Unmark ${userName} as team lead of ${groupName}?`}
              body="They stop seeing this team's records as its lead."
            />
          ) : (
            <GroupOperationButton
              groupName={groupName}
              userName={userName}
              operation="markLead"
              label="Mark lead"
              title={`Mark ${userName} as team lead of ${groupName}?`}
              body="With the Team lead console role they see this team's operation records and AccessKeys."
            />
          )}
          <GroupOperationButton
            groupName={groupName}
            userName={userName}
            operation="removeMember"
            label="Remove"
            title={`Remove ${userName} from ${groupName}?`}
            body="The user stays; only the membership goes."
          />
        </div>
      );
    },
  };
}

export function MembersTable({ groupName, rows, admin }: { groupName: string; rows: MemberRow[]; admin: boolean }) {
  return (
    <DataTable
      columns={admin ? [...columns, actionsColumn(groupName)] : columns}
      data={rows}
      caption={`Members of ${groupName}`}
      emptyMessage="No members."
      emptyAs="message"
      getRowId={(row) => row.userName}
    />
  );
}
