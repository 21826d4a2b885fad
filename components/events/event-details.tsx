// The right-hand "Event details" panel: every field of one event, values that add themselves as filters,
// previous / next within the current view, and the raw record, pretty-printed, with a copy button. Its links lead
// to dynamic pages without a loading boundary, so they do not prefetch (see the explorer's page.tsx).
import Link from "next/link";
import { CopyButton } from "@/components/ui/copy-button";
import { LocalTime } from "@/components/ui/local-time";
import { formatTime } from "@/lib/domain/format";
import { hrefAddingFilter } from "@/lib/domain/url-state";
import { parseResources } from "@/lib/queries/event-json";
import type { EventRecord } from "@/lib/queries/events";
import { DetailsList } from "@/components/ui/details-list";

const PATH = "/operation-records";

function prettyRaw(raw: string): string {
  try {
    return JSON.stringify(JSON.parse(raw), null, 2);
  } catch {
    return raw; // not JSON: shown exactly as received
  }
}

export function EventDetails({
  event,
  params,
  previousHref,
  nextHref,
  closeHref,
  utc,
}: {
  event: EventRecord;
  params: URLSearchParams;
  previousHref: string | null;
  nextHref: string | null;
  closeHref: string;
  utc: boolean;
}) {
  const filterLink = (key: string, value: string | null) =>
    value ? (
      <Link prefetch={false} href={hrefAddingFilter(PATH, params, key, value)} title={`Filter by ${value}`}>
        {value}
      </Link>
    ) : (
      "—"
    );
  const resources = parseResources(event.resources);
  const readWrite = event.readOnly === null ? "—" : event.readOnly ? "Read" : "Write";
  const rows: [string, React.ReactNode][] = [
    ["Event name", filterLink("eventName", event.eventName)],
    ["Time (UTC)", formatTime(event.eventTime)],
    ["Time (local)", <LocalTime key="t" iso={event.eventTime.toISOString()} utc={utc} />],
    [
      "Operator",
      <>
        {filterLink("userName", event.userName)}{" "}
        {event.identityType && <span className="muted">({event.identityType})</span>}
      </>,
    ],
    ["Role", event.roleName ?? "—"],
    ["Account ID", filterLink("accountId", event.accountId)],
    ["Principal ID", event.principalId ?? "—"],
    [
      "AccessKey ID",
      event.accessKeyId ? (
        <>
          {filterLink("accessKeyId", event.accessKeyId)}{" "}
          <Link prefetch={false} href={`/access-keys/audit?key=${encodeURIComponent(event.accessKeyId)}`}>
            AccessKey audit
          </Link>
        </>
      ) : (
        "—"
      ),
    ],
    ["Source IP", filterLink("sourceIp", event.sourceIpAddress)],
    ["User agent", event.userAgent ?? "—"],
    ["Region", filterLink("region", event.region)],
    [
      "Service",
      <>
        {filterLink("service", event.service)} <span className="muted">{event.eventSource}</span>
      </>,
    ],
    ["Event type", filterLink("eventType", event.eventType)],
    ["Read/write", readWrite],
    ["Sensitive", event.sensitive ? "Yes" : "No"],
    ["MFA used", event.mfaUsed === null ? "—" : event.mfaUsed ? "Yes" : "No"],
    [
      "Resources",
      resources.length ? (
        <ul className="plain-list">
          {resources.map((r, i) => (
            <li key={i}>
              <span className="muted">{r.type}</span> {filterLink("resourceName", r.name)}
            </li>
          ))}
        </ul>
      ) : (
        "—"
      ),
    ],
    ["Request ID", filterLink("requestId", event.requestId)],
    ["Event ID", event.eventId],
    ["Error code", event.errorCode ? filterLink("errorCode", event.errorCode) : "—"],
    ["Error message", event.errorMessage ?? "—"],
  ];
  const raw = prettyRaw(event.raw);
  return (
    <aside className="details-panel" role="region" aria-label="Event details">
      <div className="details-header">
        <h2>{event.eventName}</h2>
        <nav className="details-nav" aria-label="Event navigation">
          {previousHref ? (
            <Link prefetch={false} href={previousHref} scroll={false}>
              Previous event
            </Link>
          ) : (
            <span className="muted">Previous event</span>
          )}
          {nextHref ? (
            <Link prefetch={false} href={nextHref} scroll={false}>
              Next event
            </Link>
          ) : (
            <span className="muted">Next event</span>
          )}
          <Link prefetch={false} href={closeHref} scroll={false} aria-label="Close event details">
            Close
          </Link>
        </nav>
      </div>
      <DetailsList rows={rows} />
      <div className="raw-header">
        <h3>Raw record</h3>
        <CopyButton text={raw} label="Copy JSON" />
      </div>
      <pre className="raw-json" aria-label="Raw record JSON">
        {raw}
      </pre>
    </aside>
  );
}
