// The AccessKey inventory: every key in the viewer's scope with its owner, status, last use, days unused and
// flags, filtered and sorted as the URL says. Viewing it is recorded (ListAccessKeys). No loading.tsx here on
// purpose: a refused role must get a real 403, which streaming would turn into a 200.
import type { Metadata } from "next";
import Link from "next/link";
import { FormError } from "@/components/ui/form-status";
import { PageHeader } from "@/components/ui/page-header";
import { canOpen } from "@/lib/auth/roles";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { formatCount, formatTime } from "@/lib/domain/format";
import { parseInventoryQuery } from "@/lib/domain/key-inventory-params";
import { KEY_FLAG_LABELS, RISK_RULES_HELP } from "@/lib/domain/key-risk";
import { toSearchParams } from "@/lib/domain/url-state";
import { recordUserOperation } from "@/lib/events/record-user-operation";
import { listInventory, STATUS_TEXT } from "@/lib/queries/access-key-inventory";
import { userScopeOf } from "@/lib/queries/scope";
import { InventoryFilterForm } from "./_components/inventory-filter-form";
import { InventoryTable, type InventoryTableRow } from "./_components/inventory-columns";
import { can } from "@/lib/auth/permissions";

export const metadata: Metadata = { title: "AccessKeys" };

export default async function AccessKeysPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireSection("accessKeys");
  const params = toSearchParams(await searchParams);
  const database = getDatabase();
  const scope = await userScopeOf(database, user);
  const parsed = parseInventoryQuery(params);
  const header = (
    <PageHeader
      title="AccessKeys"
      description={
        scope
          ? "The AccessKeys of the members of the groups you lead, with their risk flags."
          : "Every AccessKey, its last use and its risk flags."
      }
    />
  );
  const help = (
    <details className="panel help-text">
      <summary>How the flags and the &ldquo;may be at risk&rdquo; rules work</summary>
      <ul>
        {RISK_RULES_HELP.map((sentence) => (
          <li key={sentence}>{sentence}</li>
        ))}
      </ul>
    </details>
  );
  if (!parsed.ok) {
    return (
      <>
        {header}
        <InventoryFilterForm query={params.toString()} owners={[]} />
        <FormError>This filter cannot be applied: {parsed.message}.</FormError>
      </>
    );
  }
  const { value: query } = parsed;
  const now = new Date();
  const page = await listInventory(database, query, { accountDbId: user.accountDbId, scope }, now);

  // Listing the keys is itself audited.
  await recordUserOperation(user, {
    eventName: "ListAccessKeys",
    readOnly: true,
    requestParameters: { filter: params.toString(), count: page.rows.length },
  });

  const seesUsers = canOpen(user.role, "users");
  const isAdministrator = can(user.role, "manageKeys");
  const rows: InventoryTableRow[] = page.rows.map((r) => ({
    accessKeyId: r.accessKeyId,
    auditHref: `/access-keys/audit?key=${encodeURIComponent(r.accessKeyId)}`,
    owner: r.owner.userName ?? "—",
    ownerHref:
      seesUsers && r.owner.userId !== null && r.owner.userName
        ? `/users/${encodeURIComponent(r.owner.userName)}`
        : null,
    ownerDeleted: r.owner.deleted,
    status: STATUS_TEXT[r.status],
    canChange: r.status === "Active" || r.status === "Disabled",
    active: r.status === "Active",
    created: r.createdAt ? formatTime(r.createdAt) : "—",
    lastUsed: r.lastUsedAt ? formatTime(r.lastUsedAt) : "Never",
    lastUsedService: r.lastUsedService ?? "—",
    lastUsedRegion: r.lastUsedRegion ?? "—",
    daysUnused: r.daysUnused === null ? "—" : formatCount(r.daysUnused),
    flags: r.flags.map((key) => ({ key, label: KEY_FLAG_LABELS[key] })),
    riskReasons: r.riskReasons,
  }));
  const filtered = query.flags.length > 0 || query.owners.length > 0 || params.has("status");

  return (
    <>
      {header}
      <InventoryFilterForm query={params.toString()} owners={page.owners} />
      {help}
      <section className="panel" aria-label="AccessKeys">
        <div className="results-bar">
          <strong aria-live="polite">
            {formatCount(rows.length)} {rows.length === 1 ? "key" : "keys"}
          </strong>
          {filtered && <Link href="/access-keys">Clear filters</Link>}
        </div>
        {rows.length === 0 ? (
          <p className="empty">
            {filtered
              ? "No AccessKeys match these filters. Clear a filter, or choose another status."
              : "There are no AccessKeys yet."}
          </p>
        ) : (
          <InventoryTable
            rows={rows}
            query={params.toString()}
            sort={query.sort}
            order={query.order}
            canChange={isAdministrator}
          />
        )}
      </section>
    </>
  );
}
