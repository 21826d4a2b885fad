// The credential report: its state under the 4-hour rule, the layout chooser, "Download credential report"
// (identity verification first), the rules behind the computed columns, and a preview of the same rows.
import type { Metadata } from "next";
import { Pager } from "@/components/data-table/pager";
import Link from "next/link";
import { DownloadReportButton } from "@/components/credential-report/download-report-button";
import { PageHeader } from "@/components/ui/page-header";
import { requireSection } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";
import { latestReport, reportState } from "@/lib/credential-report/credential-reports";
import { ABNORMAL_LOGIN_RULES } from "@/lib/domain/credential-report/abnormal-logins";
import { filterSnapshot, PREVIEW_FILTERS, type PreviewFilter } from "@/lib/domain/credential-report/preview-filters";
import { reportRows } from "@/lib/domain/credential-report/rows";
import type { ReportFormat } from "@/lib/domain/credential-report/snapshot";
import { formatCount, formatTime } from "@/lib/domain/format";
import { RISK_RULES_HELP } from "@/lib/domain/key-risk";
import { reportViewParams } from "@/lib/domain/credential-report/report-view-params";
import { readSearchParams } from "@/lib/domain/search-params";
import { hrefWith, toSearchParams } from "@/lib/domain/url-state";
import { takeReportSnapshot } from "@/lib/queries/credential-report-snapshot";
import { ReportPreviewTable } from "./report-preview-columns";

export const metadata: Metadata = { title: "Credential report" };

const PATH = "/credential-report";
const PAGE_SIZE = 50;
const LAYOUTS: Record<ReportFormat, string> = { tencent: "Tencent CAM layout", aws: "AWS IAM layout" };

export default async function CredentialReportPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const user = await requireSection("credentialReport");
  const params = toSearchParams(await searchParams);
  const { format, filter, page: requested } = readSearchParams(reportViewParams, params);
  const database = getDatabase();
  const now = new Date();
  const [state, stored] = await Promise.all([
    reportState(database, user.accountDbId, now),
    latestReport(database, user.accountDbId),
  ]);
  // Without a stored report the preview shows today's data; the report itself is generated on download.
  const snapshot = stored?.snapshot ?? (await takeReportSnapshot(database, user.accountDbId, now));
  const [header, ...rows] = reportRows(filterSnapshot(snapshot, filter), format);
  const pageCount = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
  const page = Number.isInteger(requested) ? Math.min(Math.max(1, requested), pageCount) : 1;
  const view = (changes: Record<string, string | null>) => hrefWith(PATH, params, changes);

  return (
    <>
      <PageHeader
        title="Credential report"
        description="Every user's password, MFA, protection and AccessKey status, for compliance audits."
      />
      <section className="panel report-state" aria-label="Report">
        <div>
          <h2>Report</h2>
          {state.state === "Complete" ? (
            <p>
              Complete: generated <strong>{formatTime(state.generatedAt)}</strong>. Downloads until{" "}
              <strong>{formatTime(state.nextPossibleAt)}</strong> return this same report; after that a new one is
              generated.
            </p>
          ) : state.state === "InProgress" ? (
            <p>In progress since {formatTime(state.startedAt)}.</p>
          ) : (
            <p>Not present: the first download generates it (at most one report every 4 hours).</p>
          )}
        </div>
        <div className="report-actions">
          <nav className="segmented" aria-label="Layout">
            {(Object.keys(LAYOUTS) as ReportFormat[]).map((f) => (
              <Link
                key={f}
                href={view({ format: f === "tencent" ? null : f, page: null })}
                aria-current={f === format ? "page" : undefined}
              >
                {LAYOUTS[f]}
              </Link>
            ))}
          </nav>
          <DownloadReportButton accountId={user.accountId} format={format} />
        </div>
      </section>
      <details className="panel">
        <summary>How the computed columns are decided</summary>
        <h3>AbnormalLoginsNumWithin30Days</h3>
        <ul>
          {ABNORMAL_LOGIN_RULES.map((rule) => (
            <li key={rule}>{rule}</li>
          ))}
        </ul>
        <h3>AccessKeyNMayBeAtRisk and the key age columns</h3>
        <ul>
          {RISK_RULES_HELP.map((rule) => (
            <li key={rule}>{rule}</li>
          ))}
        </ul>
      </details>
      <section className="panel" aria-label="Preview">
        <div className="results-bar">
          <h2>
            Preview{" "}
            <span className="muted">
              ({stored ? `the report of ${formatTime(stored.generatedAt)}` : "current data; no report stored yet"},{" "}
              {LAYOUTS[format]})
            </span>
          </h2>
          <strong aria-live="polite">
            {formatCount(rows.length)} {rows.length === 1 ? "user" : "users"}
          </strong>
        </div>
        <nav className="report-filters" aria-label="Preview filters">
          <Link href={view({ filter: null, page: null })} aria-current={filter === null ? "true" : undefined}>
            All users
          </Link>
          {(Object.keys(PREVIEW_FILTERS) as PreviewFilter[]).map((f) => (
            <Link key={f} href={view({ filter: f, page: null })} aria-current={f === filter ? "true" : undefined}>
              {PREVIEW_FILTERS[f]}
            </Link>
          ))}
        </nav>
        <ReportPreviewTable
          header={header}
          rows={rows.slice((page - 1) * PAGE_SIZE, page * PAGE_SIZE)}
          caption="Credential report preview"
        />
        <Pager
          label="Preview pages"
          status={`Page ${page} of ${pageCount}`}
          previous={{ href: page > 1 ? view({ page: String(page - 1) }) : null }}
          next={{ href: page < pageCount ? view({ page: String(page + 1) }) : null }}
        />
      </section>
    </>
  );
}
