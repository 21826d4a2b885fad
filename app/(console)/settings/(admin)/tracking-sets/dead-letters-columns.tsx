"use client";
// A tracking set's undelivered batches, each with "Retry now" (posting to the retry action DeadLetters holds, so
// the outcome outlives the row).
import type { ColumnDef } from "@tanstack/react-table";
import { LocalTime } from "@/components/ui/local-time";
import type { DeadLetterView } from "./set-controls";

export function deadLetterColumns({
  action,
  pending,
  retrying,
  onRetry,
}: {
  action: (formData: FormData) => void;
  pending: boolean;
  /** The batch being retried, whose button says "Retrying…". */
  retrying: number | null;
  onRetry: (id: number) => void;
}): ColumnDef<DeadLetterView, unknown>[] {
  return [
    { id: "failed", header: "Failed", cell: ({ row }) => <LocalTime iso={row.original.createdAt} /> },
    { accessorKey: "eventCount", header: "Events" },
    {
      id: "eventTimes",
      header: "Event times",
      cell: ({ row }) => (
        <>
          <LocalTime iso={row.original.firstEventTime} /> – <LocalTime iso={row.original.lastEventTime} />
        </>
      ),
    },
    { accessorKey: "attempts", header: "Attempts" },
    { accessorKey: "error", header: "Error", meta: { className: "wrap" } },
    {
      id: "retry",
      header: () => <span className="visually-hidden">Retry</span>,
      meta: { label: "Retry" },
      cell: ({ row }) => (
        <form action={action} onSubmit={() => onRetry(row.original.id)}>
          <input type="hidden" name="deadLetterId" value={row.original.id} />
          <button type="submit" className="button button-small" disabled={pending}>
            {pending && retrying === row.original.id ? "Retrying…" : "Retry now"}
          </button>
        </form>
      ),
    },
  ];
}
