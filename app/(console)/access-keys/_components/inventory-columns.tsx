"use client";
// The AccessKey inventory as a TanStack table. Sorting is the server's (the URL holds it): headers are links.
// Administrators get Disable / Enable / Delete, each confirmed in the kit's ConfirmDialog that posts to the
// server action. Every cell is text: owner names, regions and IPs may come from imported logs.
import Link from "next/link";
import { useState } from "react";
import type { ColumnDef } from "@tanstack/react-table";
import { DataTable } from "@/components/data-table/data-table";
import { ariaSortOf, SortHeader } from "@/components/data-table/sort-header";
import { accessKeyAction } from "@/lib/actions/access-key-actions";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { defaultOrderOf, type SortColumn } from "@/lib/domain/key-inventory-params";
import { hrefWith } from "@/lib/domain/url-state";

export interface InventoryTableRow {
  accessKeyId: string;
  auditHref: string;
  owner: string;
  ownerHref: string | null;
  ownerDeleted: boolean;
  status: string;
  /** Which changes an administrator may make: none for deleted keys and keys seen only in logs. */
  canChange: boolean;
  active: boolean;
  created: string;
  lastUsed: string;
  lastUsedService: string;
  lastUsedRegion: string;
  daysUnused: string;
  flags: { key: string; label: string }[];
  riskReasons: string[];
}

type Operation = "disable" | "enable" | "delete";

interface PendingChange {
  accessKeyId: string;
  owner: string;
  operation: Operation;
}

const OPERATION_TEXT: Record<Operation, { button: string; title: string; body: string }> = {
  disable: {
    button: "Disable",
    title: "Disable AccessKey",
    body: "Requests signed with this key will be refused until it is enabled again.",
  },
  enable: { button: "Enable", title: "Enable AccessKey", body: "The key will be able to sign requests again." },
  delete: {
    button: "Delete",
    title: "Delete AccessKey",
    body: "The key will never sign a request again and cannot be restored. Its history stays auditable.",
  },
};

export function InventoryTable({
  rows,
  query,
  sort,
  order,
  canChange,
}: {
  rows: InventoryTableRow[];
  query: string;
  sort: SortColumn;
  order: "asc" | "desc";
  canChange: boolean;
}) {
  const [pending, setPending] = useState<PendingChange | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const sortable = (
    column: SortColumn,
    label: string,
  ): Pick<ColumnDef<InventoryTableRow, unknown>, "header" | "meta"> => ({
    header: () => {
      const current = sort === column ? order : null;
      const nextOrder = current ? (current === "asc" ? "desc" : "asc") : defaultOrderOf(column);
      const href = hrefWith("/access-keys", new URLSearchParams(query), { sort: column, order: nextOrder });
      return <SortHeader label={label} href={href} current={current} />;
    },
    meta: { ariaSort: ariaSortOf(sort === column ? order : null), label },
  });
  const open = (row: InventoryTableRow, operation: Operation) => {
    setNotice(null);
    setPending({ accessKeyId: row.accessKeyId, owner: row.owner, operation });
  };

  const columns: ColumnDef<InventoryTableRow, unknown>[] = [
    {
      id: "accessKeyId",
      ...sortable("accessKeyId", "AccessKey ID"),
      cell: ({ row }) => <Link href={row.original.auditHref}>{row.original.accessKeyId}</Link>,
    },
    {
      id: "owner",
      ...sortable("owner", "Owner"),
      cell: ({ row }) => {
        const r = row.original;
        const name = r.ownerHref ? <Link href={r.ownerHref}>{r.owner}</Link> : <span>{r.owner}</span>;
        return r.ownerDeleted ? (
          <>
            {name} <span className="muted">(deleted)</span>
          </>
        ) : (
          name
        );
      },
    },
    {
      id: "status",
      ...sortable("status", "Status"),
      cell: ({ row }) => (
        <span className={`key-status key-status-${row.original.status.replace(/\s+/g, "-").toLowerCase()}`}>
          {row.original.status}
        </span>
      ),
    },
    { id: "created", ...sortable("created", "Created"), cell: ({ row }) => row.original.created },
    { id: "lastUsed", ...sortable("lastUsed", "Last used"), cell: ({ row }) => row.original.lastUsed },
    {
      id: "lastUsedService",
      ...sortable("lastUsedService", "Service"),
      cell: ({ row }) => row.original.lastUsedService,
    },
    { id: "lastUsedRegion", ...sortable("lastUsedRegion", "Region"), cell: ({ row }) => row.original.lastUsedRegion },
    { id: "daysUnused", ...sortable("daysUnused", "Days unused"), cell: ({ row }) => row.original.daysUnused },
    {
      id: "flags",
      ...sortable("flags", "Flags"),
      cell: ({ row }) => (
        <div className="key-flags">
          {row.original.flags.length === 0 ? <span className="muted">—</span> : null}
          {row.original.flags.map((flag) => (
            <span key={flag.key} className={flag.key === "atRisk" ? "flag flag-risk" : "flag"}>
              {flag.label}
            </span>
          ))}
          {row.original.riskReasons.length > 0 && (
            <ul className="risk-reasons">
              {row.original.riskReasons.map((reason) => (
                <li key={reason}>{reason}</li>
              ))}
            </ul>
          )}
        </div>
      ),
    },
  ];
  if (canChange) {
    columns.push({
      id: "actions",
      header: "Actions",
      cell: ({ row }) =>
        row.original.canChange ? (
          <div className="row-actions">
            {row.original.active ? (
              <button
                type="button"
                className="button button-quiet button-small"
                onClick={() => open(row.original, "disable")}
                aria-label={`Disable ${row.original.accessKeyId}`}
              >
                Disable
              </button>
            ) : (
              <button
                type="button"
                className="button button-quiet button-small"
                onClick={() => open(row.original, "enable")}
                aria-label={`Enable ${row.original.accessKeyId}`}
              >
                Enable
              </button>
            )}
            <button
              type="button"
              className="button button-quiet button-small"
              onClick={() => open(row.original, "delete")}
              aria-label={`Delete ${row.original.accessKeyId}`}
            >
              Delete
            </button>
          </div>
        ) : (
          <span className="muted">—</span>
        ),
    });
  }

  return (
    <>
      {notice && (
        <p className="notice" role="status">
          {notice}
        </p>
      )}
      <DataTable
        columns={columns}
        data={rows}
        caption="AccessKeys"
        emptyMessage="No AccessKeys match these filters."
        getRowId={(r) => r.accessKeyId}
      />
      {pending && (
        <ConfirmDialog
          key={`${pending.accessKeyId}:${pending.operation}`}
          title={`${OPERATION_TEXT[pending.operation].title} ${pending.accessKeyId}?`}
          body={`Owner: ${pending.owner}. ${OPERATION_TEXT[pending.operation].body}`}
          submitLabel={`${OPERATION_TEXT[pending.operation].button} key`}
          danger={pending.operation === "delete"}
          action={accessKeyAction}
          fields={{ accessKeyId: pending.accessKeyId, operation: pending.operation }}
          onClose={() => setPending(null)}
          onDone={setNotice}
        />
      )}
    </>
  );
}
