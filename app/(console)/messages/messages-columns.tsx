"use client";
// The signed-in user's messages, newest first: unread rows are marked and carry a "Mark read" button; a message's
// title links to its alarm for those who may open alarms. Titles and bodies are shown as text.
import Link from "next/link";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";
import { LocalTime } from "@/components/ui/local-time";
import { formAction } from "@/lib/actions/action-state";
import { markMessageReadAction } from "@/lib/actions/message-actions";

export interface MessageRow {
  id: number;
  createdAt: string;
  severity: string;
  title: string;
  body: string;
  /** The alarm's page, when the viewer may open alarms. */
  alarmHref: string | null;
  read: boolean;
}

const columns: ColumnDef<MessageRow, unknown>[] = [
  { id: "received", header: "Received", cell: ({ row }) => <LocalTime iso={row.original.createdAt} /> },
  {
    id: "severity",
    header: "Severity",
    cell: ({ row }) => <span className={`badge severity-${row.original.severity}`}>{row.original.severity}</span>,
  },
  {
    id: "alarm",
    header: "Alarm",
    cell: ({ row }) =>
      row.original.alarmHref ? <Link href={row.original.alarmHref}>{row.original.title}</Link> : row.original.title,
  },
  { accessorKey: "body", header: "What happened", meta: { className: "wrap" } },
  {
    id: "status",
    header: "Status",
    cell: ({ row }) =>
      row.original.read ? (
        "Read"
      ) : (
        <form action={formAction(markMessageReadAction)}>
          <input type="hidden" name="messageId" value={row.original.id} />
          <button
            type="submit"
            className="button button-quiet button-small"
            aria-label={`Mark "${row.original.title}" read`}
          >
            Mark read
          </button>
        </form>
      ),
  },
];

export function MessagesTable({ rows, emptyMessage }: { rows: MessageRow[]; emptyMessage: string }) {
  return (
    <DataTable
      columns={columns}
      data={rows}
      caption="Messages"
      emptyMessage={emptyMessage}
      emptyAs="message"
      getRowId={(row) => String(row.id)}
      rowClassName={(row) => (row.read ? undefined : "unread")}
    />
  );
}
