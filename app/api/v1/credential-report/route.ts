// POST /api/v1/credential-report (generate under the 4-hour rule) and GET ?format=tencent|aws (download); see
// lib/api/credential-report-request.ts.
import { cookies } from "next/headers";
import { handleDownloadReportRequest, handleGenerateReportRequest } from "@/lib/api/credential-report-request";
import { VERIFICATION_COOKIE } from "@/lib/auth/identity-verification";
import { currentUser } from "@/lib/auth/session";
import { authSecret } from "@/lib/config/local-secrets";
import { getDatabase } from "@/lib/db/client";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

// A signed request is judged by its signature alone, never by a cookie that happens to ride along.
const sessionOf = async (request: Request) => (request.headers.has("authorization") ? null : await currentUser());

export async function POST(request: Request) {
  return handleGenerateReportRequest(request, getDatabase(), { sessionUser: await sessionOf(request) });
}

export async function GET(request: Request) {
  return handleDownloadReportRequest(request, getDatabase(), {
    sessionUser: await sessionOf(request),
    verificationToken: (await cookies()).get(VERIFICATION_COOKIE)?.value,
    authSecret: authSecret(),
  });
}
