// One connection: its state (the error in words when failing), last success, counters, lag and what is waiting,
// backfill progress, the last 20 runs, what it skipped and why, and the completeness check. Administrators also
// get its controls; auditors read the same page without them (and the actions refuse them anyway). The page
// refreshes itself while visible, so an import in progress is seen moving.
import type { Metadata } from "next";
import Link from "next/link";
import { Suspense } from "react";
import { notFound } from "next/navigation";
import { DetailsList, type DetailRow } from "@/components/ui/details-list";
import { LocalTime } from "@/components/ui/local-time";
import { PageHeader } from "@/components/ui/page-header";
import { can } from "@/lib/auth/permissions";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import {
  API_CLOUD_LABELS,
  backfillPercent,
  describeLag,
  ENVELOPE_LABELS,
  formValuesOf,
  KIND_LABELS,
  LAYOUT_PRESETS,
  STATE_LABELS,
} from "@/lib/domain/connections/connection-form";
import type { ApiSettings, BucketSettings, PushSettings } from "@/lib/domain/connections/settings";
import { formatCount } from "@/lib/domain/format";
import { DAY_MS, utcDay } from "@/lib/domain/time";
import { connectionCompleteness, connectionPage, type ConnectionView } from "@/lib/queries/connections";
import { AutoRefresh } from "../_components/auto-refresh";
import { CompletenessSection } from "./completeness-section";
import { ConnectionControls } from "./connection-controls";
import { ProblemsTable } from "./problems-columns";
import { RunsTable } from "./runs-columns";

export const metadata: Metadata = { title: "Connection" };

function settingsRows(connection: ConnectionView): DetailRow[] {
  if (connection.kind === "bucket") {
    const s = connection.settings as BucketSettings;
    const preset = LAYOUT_PRESETS.find((p) => p.value === s.layout);
    return [
      ["Layout", `${preset?.label ?? s.layout}${s.layout === "pattern" ? `: ${s.pattern ?? ""}` : ""}`],
      ["Endpoint", s.endpoint],
      ["Region", s.region],
      ["Bucket", s.bucket],
      ["Prefix", s.prefix || "None"],
      ["AccessKey ID", s.accessKeyId],
      ["Addressing", s.pathStyle ? "Path-style" : "Virtual-hosted"],
      ["Polls every", `${s.pollSeconds} s`],
    ];
  }
  if (connection.kind === "api") {
    const s = connection.settings as ApiSettings;
    return [
      ["API", API_CLOUD_LABELS[s.cloud] ?? s.cloud],
      ["Region", s.region],
      ["Endpoint", s.endpoint ?? "The cloud's public endpoint"],
      ["AccessKey ID", s.accessKeyId],
      ["Polls every", `${s.pollSeconds} s`],
      ["Overlap", `${s.overlapMinutes} min`],
    ];
  }
  const s = connection.settings as PushSettings;
  return [
    ["Envelope", ENVELOPE_LABELS[s.envelope] ?? s.envelope],
    ["URL", connection.push ? <code key="url">{connection.push.url}</code> : "—"],
    ["Header", <code key="header">{connection.push?.header ?? "—"}</code>],
    ["Secret", "Stored encrypted; rotate it to get a new one"],
  ];
}

function stateRows(c: ConnectionView): DetailRow[] {
  const rows: DetailRow[] = [
    ["State", STATE_LABELS[c.state]],
    ["Last error", c.lastError ? `${c.lastErrorKind ? `${c.lastErrorKind}: ` : ""}${c.lastError}` : "None"],
    ["Last success", c.lastSuccessAt ? <LocalTime iso={c.lastSuccessAt} /> : "Never"],
    ["Events today", formatCount(c.eventsToday)],
    ["Events imported", formatCount(c.eventsImported)],
    ["Duplicates skipped", formatCount(c.duplicates)],
    ["Rejected", formatCount(c.rejected)],
  ];
  if (c.kind === "bucket") rows.push(["Objects read", formatCount(c.objectsRead)]);
  if (c.kind === "api") rows.push(["Pages read", formatCount(c.pagesRead)]);
  if (c.kind === "push") rows.push(["Deliveries refused", formatCount(c.pushRefused)]);
  rows.push(["Lag", describeLag(c.lagSeconds)]);
  if (c.kind !== "push") rows.push(["Waiting", `${formatCount(c.waiting)} ${c.kind === "api" ? "pages" : "objects"}`]);
  return rows;
}

export default async function ConnectionPage({ params }: { params: Promise<{ id: string }> }) {
  const viewer = await requireSection("connections");
  const { id } = await params;
  const connectionId = /^\d{1,9}$/.test(id) ? Number(id) : NaN;
  if (!Number.isSafeInteger(connectionId)) notFound();
  const connection = await connectionPage(getDatabase(), connectionId);
  if (!connection) notFound();
  const manages = can(viewer.role, "manageConnections");
  const now = new Date();
  const backfill = connection.backfill;
  const unit = connection.kind === "api" ? "pages" : "objects";
  return (
    <>
      <PageHeader title={connection.name} description={KIND_LABELS[connection.kind] ?? connection.kind} />
      <AutoRefresh />
      <p>
        <Link href="/settings/connections">All connections</Link>
      </p>
      {connection.state === "failing" && connection.lastError && (
        <p className="form-error">Failing: {connection.lastError}</p>
      )}
      <section className="panel" aria-labelledby="connection-state">
        <h2 id="connection-state">State</h2>
        <DetailsList rows={stateRows(connection)} className="connection-state" />
      </section>
      {backfill && (
        <section className="panel" aria-labelledby="connection-backfill">
          <h2 id="connection-backfill">Backfill</h2>
          <p>
            From {backfill.from.slice(0, 10)}: {backfill.state}, {formatCount(backfill.done)} of{" "}
            {formatCount(backfill.found)} {unit} done{backfill.error ? ` (${backfill.error})` : ""}.
          </p>
          <progress
            max={Math.max(backfill.found, 1)}
            value={Math.min(backfill.done, Math.max(backfill.found, 1))}
            aria-label={`Backfill progress of ${connection.name}`}
          >
            {backfillPercent(backfill.done, backfill.found)}%
          </progress>
        </section>
      )}
      {manages && (
        <ConnectionControls
          id={connection.id}
          name={connection.name}
          kind={connection.kind}
          paused={connection.state === "paused"}
          settingsValues={formValuesOf(connection.settings as unknown as Record<string, unknown>)}
          backfillFrom={utcDay(new Date(now.getTime() - 30 * DAY_MS))}
        />
      )}
      <section className="panel" aria-labelledby="connection-runs">
        <h2 id="connection-runs">Runs</h2>
        <RunsTable name={connection.name} runs={connection.runs} />
      </section>
      <section className="panel" aria-labelledby="connection-problems">
        <h2 id="connection-problems">Problems</h2>
        <ProblemsTable name={connection.name} problems={connection.problems} />
      </section>
      {connection.kind === "bucket" && (
        <section className="panel" aria-labelledby="connection-completeness">
          <h2 id="connection-completeness">Completeness</h2>
          <Suspense fallback={<p className="muted">Checking…</p>}>
            <CompletenessSection check={connectionCompleteness(getDatabase(), connection)} />
          </Suspense>
        </section>
      )}
      <section className="panel" aria-labelledby="connection-settings">
        <h2 id="connection-settings">Settings</h2>
        <DetailsList rows={settingsRows(connection)} />
      </section>
    </>
  );
}
