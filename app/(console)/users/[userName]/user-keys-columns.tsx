"use client";
// A user's AccessKeys with the inventory's flags and risk reasons, and (for administrators, on live keys) the
// button that allows or stops the key sending events.
import Link from "next/link";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";
import { AccessKeyIngestButton } from "../_components/admin-forms";

export interface UserKeyRow {
  accessKeyId: string;
  status: string;
  created: string;
  lastUsed: string;
  daysUnused: string;
  flags: { key: string; label: string; risk: boolean }[];
  riskReasons: string[];
  mayIngest: boolean;
  /** Whether the viewer gets the ingest button (administrators, keys not deleted). */
  canToggleIngest: boolean;
}

const columns: ColumnDef<UserKeyRow, unknown>[] = [
  {
    id: "accessKeyId",
    header: "AccessKey ID",
    cell: ({ row }) => (
      <Link href={`/access-keys/audit?key=${encodeURIComponent(row.original.accessKeyId)}`}>
        {row.original.accessKeyId}
      </Link>
    ),
  },
  { accessorKey: "status", header: "Status" },
  { accessorKey: "created", header: "Created" },
  { accessorKey: "lastUsed", header: "Last used" },
  { accessorKey: "daysUnused", header: "Days unused" },
  {
    id: "flags",
    header: "Flags",
    cell: ({ row }) => {
      const { flags, riskReasons } = row.original;
      return (
        <div className="key-flags">
          {flags.length === 0 ? <span className="muted">—</span> : null}
          {flags.map((flag) => (
            <span key={flag.key} className={flag.risk ? "flag flag-risk" : "flag"}>
              {flag.label}
            </span>
          ))}
          {riskReasons.length > 0 && (
            <ul className="risk-reasons">
              {riskReasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          )}
        </div>
      );
    },
  },
  {
    id: "sendsEvents",
    header: "Sends events",
    cell: ({ row }) => (
      <div className="row-actions">
        <span>{row.original.mayIngest ? "Allowed" : "No"}</span>
        {row.original.canToggleIngest && (
          <AccessKeyIngestButton accessKeyId={row.original.accessKeyId} allowed={row.original.mayIngest} />
        )}
      </div>
    ),
  },
];

export function UserKeysTable({ userName, rows }: { userName: string; rows: UserKeyRow[] }) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      caption={`AccessKeys of ${userName}`}
      emptyMessage={`${userName} has no AccessKeys.`}
      emptyAs="message"
      getRowId={(row) => row.accessKeyId}
    />
  );
}
