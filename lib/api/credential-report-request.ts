// The credential report API. POST /api/v1/credential-report asks for a report under the 4-hour rule and answers
// { state, generatedAt, nextPossibleAt }; GET /api/v1/credential-report?format=tencent|aws streams the latest
// complete report as CSV, or answers 404 with { state } while there is none. Callers: a request signed with an
// AccessKey of an administrator or auditor, or such a console session; a session must also have verified its
// identity within 5 minutes to download (a signed request is already proven by its signature).
import { isVerified } from "@/lib/auth/identity-verification";
import type { Database } from "@/lib/db/client";
import {
  latestReport,
  reportState,
  requestCredentialReport,
  type ReportState,
} from "@/lib/credential-report/credential-reports";
import { actorOf, consoleEvent } from "@/lib/domain/console-event";
import { reportCsvStream, reportFileName } from "@/lib/domain/credential-report/csv";
import { isReportFormat, type ReportFormat } from "@/lib/domain/credential-report/snapshot";
import { recordConsoleEvent } from "@/lib/events/record-console-event";
import { requestMetaFrom } from "@/lib/events/request-meta";
import type { QueryRequestOptions, Viewer } from "./query-request";
import { errorResponse, openDoor } from "./route-door";

export interface ReportRequestOptions extends QueryRequestOptions {
  /** The identity verification cookie of a session request. */
  verificationToken?: string;
  authSecret?: string;
}

export function stateJson(state: ReportState) {
  if (state.state === "Complete") {
    return {
      state: state.state,
      generatedAt: state.generatedAt.toISOString(),
      nextPossibleAt: state.nextPossibleAt.toISOString(),
    };
  }
  if (state.state === "InProgress") return { state: state.state, startedAt: state.startedAt.toISOString() };
  return { state: state.state };
}

const REPORT_RULE = {
  permission: "credentialReport",
  callers: "either",
  forbidden: "Only administrators and auditors may read the credential report",
} as const;

async function reportViewer(
  request: Request,
  database: Database,
  options: ReportRequestOptions,
): Promise<{ viewer: Viewer; accountDbId: number } | Response> {
  const door = await openDoor(request, database, REPORT_RULE, options);
  return door.ok ? { viewer: door.caller, accountDbId: door.caller.accountDbId } : door.response;
}

function record(
  database: Database,
  request: Request,
  viewer: Viewer,
  options: ReportRequestOptions,
  eventName: string,
  fields: Record<string, unknown>,
) {
  return recordConsoleEvent(
    (base) =>
      consoleEvent({
        ...base,
        eventName,
        eventType: request.headers.has("authorization") ? "ApiCall" : "ConsoleOperation",
        readOnly: eventName === "GetCredentialReport",
        sensitive: eventName === "GetCredentialReport",
        accountId: viewer.accountId,
        actor: actorOf(viewer),
        meta: requestMetaFrom(request.headers),
        accessKeyId: viewer.accessKeyId ?? null,
        ...fields,
      }),
    database,
  );
}

export async function handleGenerateReportRequest(
  request: Request,
  database: Database,
  options: ReportRequestOptions = {},
): Promise<Response> {
  const caller = await reportViewer(request, database, options);
  if (caller instanceof Response) return caller;
  const { viewer, accountDbId } = caller;
  const now = () => options.now ?? new Date();
  const outcome = await requestCredentialReport(database, accountDbId, { now });
  const state = outcome.report ? await reportState(database, accountDbId, now()) : outcome.state;
  await record(database, request, viewer, options, "GenerateCredentialReport", {
    responseElements: { ...stateJson(state), generated: outcome.generated },
  });
  return Response.json(stateJson(state), {
    status: outcome.generated ? 201 : state.state === "InProgress" ? 202 : 200,
  });
}

export async function handleDownloadReportRequest(
  request: Request,
  database: Database,
  options: ReportRequestOptions = {},
): Promise<Response> {
  const caller = await reportViewer(request, database, options);
  if (caller instanceof Response) return caller;
  const { viewer, accountDbId } = caller;
  const params = new URL(request.url).searchParams;
  for (const key of params.keys()) if (key !== "format") return errorResponse(400, `${key}: unknown parameter`, key);
  const format: ReportFormat | string = params.get("format") ?? "tencent";
  if (!isReportFormat(format)) return errorResponse(400, "format: must be tencent or aws", "format");
  const now = options.now ?? new Date();
  const signed = request.headers.has("authorization");
  if (!signed && !isVerified(options.verificationToken, viewer.id, now, options.authSecret ?? "")) {
    return errorResponse(403, "Verify your identity (password or MFA code) before downloading the credential report");
  }
  const report = await latestReport(database, accountDbId);
  if (!report) return Response.json(stateJson(await reportState(database, accountDbId, now)), { status: 404 });
  await record(database, request, viewer, options, "GetCredentialReport", {
    requestParameters: { format },
    responseElements: { generatedAt: report.generatedAt.toISOString(), users: report.snapshot.users.length },
  });
  return new Response(reportCsvStream(report.snapshot, format), {
    headers: {
      "Content-Type": "text/csv; charset=utf-8",
      "Content-Disposition": `attachment; filename="${reportFileName(report.snapshot.accountId, report.generatedAt)}"`,
      "Cache-Control": "no-store",
      "X-Report-Generated-At": report.generatedAt.toISOString(),
    },
  });
}
