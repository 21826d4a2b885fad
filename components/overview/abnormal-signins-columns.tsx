"use client";
// The latest abnormal console sign-ins (lib/domain/credential-report/abnormal-logins.ts): who, when, from where
// and why; each row opens the sign-in event (for a burst, the failure that completed it) in the explorer.
import Link from "next/link";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";
import { LocalTime } from "@/components/ui/local-time";
import type { AbnormalReason } from "@/lib/domain/credential-report/abnormal-logins";
import { eventHref } from "@/lib/domain/event-link";

export interface AbnormalSigninRow {
  /** ISO time. */
  time: string;
  userName: string;
  sourceIp: string | null;
  eventId: string | null;
  reasons: AbnormalReason[];
}

const REASON_TEXT: Record<AbnormalReason, string> = {
  NewNetwork: "New network",
  UnusualHour: "Unusual hour",
  FailedBurst: "Burst of failed sign-ins",
};

/** `linkUsers`: the viewer may open user pages (a team lead may not: the name then shows as text). */
const columnsFor = (linkUsers: boolean): ColumnDef<AbnormalSigninRow, unknown>[] => [
  { accessorKey: "time", header: "Time", cell: ({ row }) => <LocalTime iso={row.original.time} /> },
  {
    accessorKey: "userName",
    header: "User",
    cell: ({ row }) =>
      linkUsers ? (
        <Link href={`/users/${encodeURIComponent(row.original.userName)}`}>{row.original.userName}</Link>
      ) : (
        row.original.userName
      ),
  },
  { accessorKey: "sourceIp", header: "Source IP", cell: ({ row }) => row.original.sourceIp ?? "—" },
  { id: "reasons", header: "Why", cell: ({ row }) => row.original.reasons.map((r) => REASON_TEXT[r]).join(", ") },
  {
    id: "event",
    header: "Event",
    cell: ({ row }) =>
      row.original.eventId ? <Link href={eventHref(row.original.eventId, row.original.time)}>View event</Link> : "—",
  },
];

const WITH_USER_LINKS = columnsFor(true);
const WITHOUT_USER_LINKS = columnsFor(false);

export function AbnormalSigninsTable({ rows, linkUsers }: { rows: AbnormalSigninRow[]; linkUsers: boolean }) {
  return (
    <DataTable
      columns={linkUsers ? WITH_USER_LINKS : WITHOUT_USER_LINKS}
      data={rows}
      caption="Recent abnormal sign-ins"
      emptyMessage="No abnormal sign-ins in the last 30 days."
      getRowId={(r) => `${r.eventId ?? ""}|${r.userName}|${r.time}`}
    />
  );
}
