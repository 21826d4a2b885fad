// The operation-records explorer. Everything it shows follows from the URL (filters, range, order, page
// cursor, selected event), so a view is a link. No loading.tsx here on purpose: an event outside the viewer's
// scope must answer a real 404, which streaming would turn into a 200. Without one, prefetching a view's links
// would fetch only route metadata (a server request per link, after every page) and save the click nothing:
// its links do not prefetch.
import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { Pager } from "@/components/data-table/pager";
import { FormError } from "@/components/ui/form-status";
import { PageHeader } from "@/components/ui/page-header";
import { canOpen } from "@/lib/auth/roles";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { explorerViewParams, parseEventFilter, VIEW_PARAMS } from "@/lib/domain/event-filter";
import { readSearchParams } from "@/lib/domain/search-params";
import { formatCount } from "@/lib/domain/format";
import { hrefWith, toSearchParams } from "@/lib/domain/url-state";
import { recordUserOperation } from "@/lib/events/record-user-operation";
import { parseResources } from "@/lib/queries/event-json";
import { countEvents, getEvent, listEvents, neighbours, type EventRecord } from "@/lib/queries/events";
import { listKnownOperators } from "@/lib/queries/operators";
import { userScopeOf } from "@/lib/queries/scope";
import { EventDetails } from "@/components/events/event-details";
import { EventsTable, type ExplorerRow } from "./_components/events-columns";
import { FilterForm } from "./_components/filter-form";

export const metadata: Metadata = { title: "Operation records" };

const PATH = "/operation-records";

export default async function OperationRecordsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireSection("operationRecords");
  const params = toSearchParams(await searchParams);
  const database = getDatabase();
  const scope = await userScopeOf(database, user);
  const parsed = parseEventFilter(params, { now: new Date(), allowUnknown: true });
  const { event: selectedId, utc } = readSearchParams(explorerViewParams, params);
  const operators = await listKnownOperators(database, scope);
  const header = (
    <PageHeader
      title="Operation records"
      description={
        scope
          ? "Operations by the members of the groups you lead."
          : "Who did what, when, from where, across every account."
      }
    />
  );
  const form = <FilterForm query={params.toString()} operators={operators} showAccount={scope === null} />;
  if (!parsed.ok) {
    return (
      <>
        {header}
        {form}
        <FormError>This filter cannot be applied: {parsed.message}.</FormError>
      </>
    );
  }
  const filter = parsed.value;
  // Reading the audit log is itself audited. A list view's record is written while its queries run (it may wait
  // for the event writer behind a busy ingest); opening an event is recorded once the event is known to exist
  // and to be in the viewer's scope.
  const filterQuery = new URLSearchParams(
    [...params].filter(([key]) => !(VIEW_PARAMS as readonly string[]).includes(key)),
  );
  const recordView = (eventId: string | null) =>
    recordUserOperation(user, {
      eventName: eventId ? "GetEvent" : "LookupEvents",
      readOnly: true,
      requestParameters: { filter: filterQuery.toString(), ...(eventId ? { eventId } : {}) },
    });
  const [page, total, selected] = await Promise.all([
    listEvents(database, filter, scope),
    countEvents(database, filter, scope),
    selectedId ? getEvent(database, selectedId, scope) : Promise.resolve(null),
    selectedId ? null : recordView(null),
  ]);
  if (selectedId && !selected) notFound();
  const around = selected ? await neighbours(database, filter, scope, selected) : null;
  if (selected) await recordView(selected.eventId);

  const eventHref = (id: string) => hrefWith(PATH, params, { event: id });
  const rows: ExplorerRow[] = page.events.map((e: EventRecord) => ({
    eventId: e.eventId,
    eventTime: e.eventTime.toISOString(),
    eventName: e.eventName,
    operator: e.userName ?? e.principalId ?? "—",
    operatorType: e.identityType ?? "",
    service: e.service,
    resource: parseResources(e.resources)[0]?.name ?? "—",
    sourceIp: e.sourceIpAddress ?? "—",
    accessKeyId: e.accessKeyId ?? "—",
    result: e.errorCode ?? "Success",
    href: eventHref(e.eventId),
  }));
  const closeHref = hrefWith(PATH, params, { event: null });
  const totalText = total.capped
    ? `more than ${formatCount(total.count)} events`
    : `${formatCount(total.count)} ${total.count === 1 ? "event" : "events"}`;
  const activeFilters = [...filterQuery.keys()].filter((k) => !["range", "order", "limit", "cursor"].includes(k));

  return (
    <>
      {header}
      {form}
      <div className={selected ? "explorer with-details" : "explorer"}>
        <section className="panel" aria-label="Results">
          <div className="results-bar">
            <strong aria-live="polite">{totalText}</strong>
            <span className="results-links">
              <Link
                prefetch={false}
                href={hrefWith(PATH, params, { order: filter.order === "desc" ? "asc" : null, cursor: null })}
              >
                {filter.order === "desc" ? "Newest first: show oldest first" : "Oldest first: show newest first"}
              </Link>
              <Link prefetch={false} href={hrefWith(PATH, params, { utc: utc ? null : "1" })}>
                {utc ? "Show local time" : "Show UTC"}
              </Link>
              <a href={`/api/v1/events/export?format=csv&${filterQuery}`}>Export CSV</a>
              <a href={`/api/v1/events/export?format=jsonl&${filterQuery}`}>Export JSON Lines</a>
              {canOpen(user.role, "importLogs") && (
                <Link prefetch={false} href="/operation-records/import">
                  Import log files
                </Link>
              )}
            </span>
          </div>
          <EventsTable
            rows={rows}
            selectedId={selected?.eventId ?? null}
            closeHref={closeHref}
            utc={utc}
            emptyMessage={`No events match${activeFilters.length ? ` these filters (${activeFilters.join(", ")})` : ""} in this time range. Widen the time range or clear a filter.`}
          />
          <Pager
            label="Pages"
            prefetch={false}
            previous={{
              href: page.previousCursor ? hrefWith(PATH, params, { cursor: page.previousCursor, event: null }) : null,
            }}
            next={{ href: page.nextCursor ? hrefWith(PATH, params, { cursor: page.nextCursor, event: null }) : null }}
          />
        </section>
        {selected && (
          <EventDetails
            event={selected}
            params={params}
            previousHref={around?.previous ? eventHref(around.previous) : null}
            nextHref={around?.next ? eventHref(around.next) : null}
            closeHref={closeHref}
            utc={utc}
          />
        )}
      </div>
    </>
  );
}
