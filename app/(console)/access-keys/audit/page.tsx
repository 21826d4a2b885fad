// The AccessKey audit: which services a key called, from where, on what, and when last, live. Everything on the
// page follows from the URL (key, window, service, list, page, selected event), so a view is a link. No
// loading.tsx on purpose: a key outside the viewer's scope must answer a real 404, which streaming would turn
// into a 200.
import type { Metadata } from "next";
import { Pager } from "@/components/data-table/pager";
import Link from "next/link";
import { notFound } from "next/navigation";
import { KeyCallsChart } from "@/components/charts/key-calls-chart";
import { EventDetails } from "@/components/events/event-details";
import { CloseOnEscape } from "@/components/ui/close-on-escape";
import { FormError } from "@/components/ui/form-status";
import { PageHeader } from "@/components/ui/page-header";
import { canOpen } from "@/lib/auth/roles";
import { requireSection, type ConsoleUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import {
  AUDIT_WINDOW_LABELS,
  AUDIT_WINDOWS,
  auditPageParams,
  auditPresetParams,
  DEFAULT_AUDIT_WINDOW,
} from "@/lib/domain/audit-window";
import { formatCount, formatTime } from "@/lib/domain/format";
import { keyCallsSeries } from "@/lib/domain/key-calls-series";
import { parseResourceValue, parseSeenMark, type UsageRow } from "@/lib/domain/key-usage";
import { parseSearchParams, readSearchParams } from "@/lib/domain/search-params";
import { hrefWith, toSearchParams } from "@/lib/domain/url-state";
import { recordUserOperation } from "@/lib/events/record-user-operation";
import {
  findAuditedKey,
  keyDailyCalls,
  keyServices,
  keyUsageList,
  type AuditedKey,
  type AuditListKind,
} from "@/lib/queries/access-key-audit";
import { getEvent } from "@/lib/queries/events";
import { keyFlags } from "@/lib/queries/key-flags";
import { KEY_FLAG_LABELS, type KeyFlag } from "@/lib/domain/key-risk";
import { userScopeOf } from "@/lib/queries/scope";
import { KeySearch } from "./_components/key-search";
import {
  ServicesTable,
  UsageListTable,
  type ListKind,
  type ListRow,
  type ServiceRow,
} from "./_components/usage-columns";
import { DetailsList } from "@/components/ui/details-list";
import { DAY_MS } from "@/lib/domain/time";

export const metadata: Metadata = { title: "AccessKey audit" };

const PATH = "/access-keys/audit";
const PAGE_SIZE = 20;
const LISTS: { kind: ListKind; usage: AuditListKind; label: string }[] = [
  { kind: "events", usage: "event", label: "Event list" },
  { kind: "ips", usage: "ip", label: "IP list" },
  { kind: "resources", usage: "resource", label: "Resource list" },
];

type SearchParams = Promise<Record<string, string | string[] | undefined>>;

export default async function AccessKeyAuditPage({ searchParams }: { searchParams: SearchParams }) {
  const user = await requireSection("accessKeyAudit");
  const params = toSearchParams(await searchParams);
  const now = new Date();
  const state = readSearchParams(auditPageParams, params);
  const keyId = state.key;
  const rangeParam = params.get("range");
  const preset = parseSearchParams(auditPresetParams(now), params);
  const header = (
    <PageHeader
      title="AccessKey audit"
      description={
        user.role === "TeamLead"
          ? "Audit the AccessKeys of the members of the groups you lead: live, within a second of each call."
          : "Which services a key called, from where, on what, and when last: live, within a second of each call."
      }
    />
  );
  const search = <KeySearch initial={keyId} range={rangeParam} />;
  if (!keyId) {
    return (
      <>
        {header}
        {search}
        <p className="panel muted">
          Enter an AccessKey ID, from the inventory or seen only in imported logs, to see its owner, the services it
          called and, per service, its event, IP and resource lists.{" "}
          <Link href="/access-keys">Browse all AccessKeys</Link>.
        </p>
      </>
    );
  }
  if (!preset.ok) {
    return (
      <>
        {header}
        {search}
        <FormError>
          The time window &ldquo;{rangeParam}&rdquo; is not one of {AUDIT_WINDOWS.join(", ")}.
        </FormError>
      </>
    );
  }
  const window = preset.value.range;
  const range = window.preset ?? DEFAULT_AUDIT_WINDOW;

  const database = getDatabase();
  const scope = await userScopeOf(database, user);
  const key = await findAuditedKey(database, keyId, scope);
  await recordLookup(user, keyId, range, state, key !== null);
  if (!key) notFound();

  const selectedId = state.event;
  const [services, daily, selected, flags] = await Promise.all([
    keyServices(database, key.accessKeyId, window),
    keyDailyCalls(database, key.accessKeyId, window),
    selectedId ? getEvent(database, selectedId, scope) : Promise.resolve(null),
    keyFlags(database, now, [key.accessKeyId]),
  ]);
  if (selectedId && !selected) notFound();

  const service = state.service ?? services[0]?.value ?? null;
  const list = LISTS.find((l) => l.kind === state.list) ?? LISTS[0];
  const listPage = service
    ? await keyUsageList(database, key.accessKeyId, service, list.usage, window, {
        number: state.page,
        size: PAGE_SIZE,
      })
    : null;

  const view = (changes: Record<string, string | null>) => hrefWith(PATH, params, changes);
  const serviceRows: ServiceRow[] = services.map((row) => ({
    service: row.value,
    href: view({ service: row.value, page: null, event: null }),
    current: row.value === service,
    lastAccess: formatTime(parseSeenMark(row.lastSeen).time),
    calls: formatCount(row.calls),
    failedCalls: formatCount(row.failedCalls),
  }));
  const listRows: ListRow[] = (listPage?.rows ?? []).map((row) =>
    toListRow(list.kind, row, (id) => view({ event: id })),
  );
  const series = keyCallsSeries(daily, window.from, window.to);
  const explorerHref = `/operation-records?${new URLSearchParams({ accessKeyId: key.accessKeyId, range })}`;
  const closeHref = view({ event: null });
  const keyFlagsFound = flags.get(key.accessKeyId);

  return (
    <>
      {header}
      {search}
      <KeyHeader
        auditedKey={key}
        user={user}
        now={now}
        flags={keyFlagsFound?.flags ?? []}
        riskReasons={keyFlagsFound?.riskReasons ?? []}
      />
      <nav className="segmented" aria-label="Time window">
        {AUDIT_WINDOWS.map((w) => (
          <Link
            key={w}
            href={view({ range: w, page: null, event: null })}
            aria-current={w === range ? "page" : undefined}
            scroll={false}
          >
            {AUDIT_WINDOW_LABELS[w]}
          </Link>
        ))}
      </nav>
      <div className={selected ? "explorer with-details" : "explorer"}>
        <div className="stack">
          <section className="panel" aria-label="Calls per day">
            <div className="results-bar">
              <h2>Calls per day, by service</h2>
              <Link href={explorerHref}>View in operation records</Link>
            </div>
            {services.length === 0 ? (
              <p className="empty">No calls with this key in the {AUDIT_WINDOW_LABELS[range].toLowerCase()}.</p>
            ) : (
              <KeyCallsChart
                data={series.data}
                services={series.services}
                label={`Calls per day of ${key.accessKeyId}, ${AUDIT_WINDOW_LABELS[range].toLowerCase()}, stacked by service`}
              />
            )}
          </section>
          <section className="panel" aria-label="Services">
            <h2>Services</h2>
            <ServicesTable
              rows={serviceRows}
              emptyMessage={`This key called no service in the ${AUDIT_WINDOW_LABELS[range].toLowerCase()}. Try a longer window.`}
            />
          </section>
          {service && listPage && (
            <section className="panel" aria-label={`Lists for ${service}`}>
              <div className="results-bar">
                <h2>{service}</h2>
                <Link
                  href={`/operation-records?${new URLSearchParams({ accessKeyId: key.accessKeyId, service, range })}`}
                >
                  View {service} calls in operation records
                </Link>
              </div>
              <nav className="tabs" aria-label="Lists">
                {LISTS.map((l) => (
                  <Link
                    key={l.kind}
                    href={view({ service, list: l.kind, page: null, event: null })}
                    aria-current={l.kind === list.kind ? "page" : undefined}
                    scroll={false}
                  >
                    {l.label}
                  </Link>
                ))}
              </nav>
              <UsageListTable
                kind={list.kind}
                rows={listRows}
                emptyMessage={`No ${list.label.toLowerCase()} entries for ${service} in this window.`}
              />
              <Pager
                label="List pages"
                scroll={false}
                status={
                  <>
                    Page {listPage.page} of {listPage.pageCount} ({formatCount(listPage.total)}{" "}
                    {listPage.total === 1 ? "row" : "rows"}), newest first
                  </>
                }
                previous={{
                  href: listPage.page > 1 ? view({ page: String(listPage.page - 1), event: null }) : null,
                }}
                next={{
                  href:
                    listPage.page < listPage.pageCount ? view({ page: String(listPage.page + 1), event: null }) : null,
                }}
              />
            </section>
          )}
        </div>
        {selected && (
          <>
            <CloseOnEscape href={closeHref} />
            <EventDetails
              event={selected}
              params={new URLSearchParams()}
              previousHref={null}
              nextHref={null}
              closeHref={closeHref}
              utc={false}
            />
          </>
        )}
      </div>
    </>
  );
}

function toListRow(kind: ListKind, row: UsageRow, detailsHref: (eventId: string) => string): ListRow {
  const { time, eventId } = parseSeenMark(row.lastSeen);
  const resource = kind === "resources" ? parseResourceValue(row.value) : null;
  return {
    id: row.value,
    first: resource ? resource.type : row.value,
    second: resource ? resource.name : null,
    lastAccess: formatTime(time),
    calls: formatCount(row.calls),
    detailsHref: detailsHref(eventId),
  };
}

function ageText(from: Date, now: Date): string {
  const ms = Math.max(0, now.getTime() - from.getTime());
  const [n, unit] =
    ms < 3_600_000
      ? [Math.floor(ms / 60_000), "minute"]
      : ms < DAY_MS
        ? [Math.floor(ms / 3_600_000), "hour"]
        : [Math.floor(ms / DAY_MS), "day"];
  return `${formatCount(n)} ${unit}${n === 1 ? "" : "s"}`;
}

function KeyHeader({
  auditedKey: key,
  user,
  now,
  flags,
  riskReasons,
}: {
  auditedKey: AuditedKey;
  user: ConsoleUser;
  now: Date;
  flags: KeyFlag[];
  riskReasons: string[];
}) {
  const ownerName = key.owner.userName;
  const ownerHref = ownerName
    ? canOpen(user.role, "users") && key.owner.userId !== null
      ? `/users/${encodeURIComponent(ownerName)}`
      : `/operation-records?${new URLSearchParams({ userName: ownerName })}`
    : null;
  const rows: [string, React.ReactNode][] = [
    ["AccessKey ID", <code key="id">{key.accessKeyId}</code>],
    [
      "Owner",
      ownerHref ? (
        <>
          <Link href={ownerHref}>{ownerName}</Link>
          {key.owner.deletedAt && <span className="muted"> (deleted {formatTime(key.owner.deletedAt)})</span>}
          {!key.inInventory && <span className="muted"> (from the events&rsquo; userIdentity)</span>}
        </>
      ) : (
        "—"
      ),
    ],
    ["Account", key.owner.accountId ?? "—"],
    [
      "Status",
      <span key="s" className={key.status === "Active" ? "ok" : key.status === "Not in inventory" ? "muted" : "failed"}>
        {key.status}
      </span>,
    ],
    ["Created", key.createdAt ? formatTime(key.createdAt) : "— (not in the inventory)"],
    [
      "Age",
      key.createdAt
        ? ageText(key.createdAt, now)
        : key.firstSeen
          ? `first seen ${ageText(key.firstSeen, now)} ago`
          : "—",
    ],
    [
      "Last used",
      key.lastUsed ? (
        <>
          {formatTime(key.lastUsed.time)} <span className="muted">({ageText(key.lastUsed.time, now)} ago)</span>
        </>
      ) : (
        "Never"
      ),
    ],
    ["Last used service", key.lastUsed?.service ?? "—"],
    ["Last used region", key.lastUsed?.region ?? "—"],
    ["Last used source IP", key.lastUsed?.sourceIp ?? "—"],
    [
      "Flags",
      flags.length ? (
        <ul className="plain-list flag-list">
          {flags.map((f) => (
            <li key={f}>
              <span className={f === "atRisk" ? "badge badge-danger" : "badge"}>{KEY_FLAG_LABELS[f]}</span>
            </li>
          ))}
          {riskReasons.map((r) => (
            <li key={r} className="muted">
              {r}
            </li>
          ))}
        </ul>
      ) : (
        "None"
      ),
    ],
  ];
  return (
    <section className="panel" aria-label="AccessKey">
      <DetailsList rows={rows} className="key-header" />
    </section>
  );
}

// Auditing a key is itself audited, found or not.
async function recordLookup(
  user: ConsoleUser,
  accessKeyId: string,
  range: string,
  state: { service: string | null; list: string | null },
  found: boolean,
) {
  await recordUserOperation(user, {
    eventName: "GetAccessKeyLastUsed",
    readOnly: true,
    requestParameters: {
      accessKeyId,
      range,
      ...(state.service ? { service: state.service, list: state.list ?? "events" } : {}),
    },
    ...(found
      ? {}
      : {
          errorCode: "EntityNotExist.AccessKey",
          errorMessage: "The AccessKey is unknown or outside the caller's scope.",
        }),
  });
}
