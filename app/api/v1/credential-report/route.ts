// POST /api/v1/credential-report (generate under the 4-hour rule) and GET ?format=tencent|aws (download); see
// lib/api/credential-report-request.ts (through the route door).
import { cookies } from "next/headers";
import { handleDownloadReportRequest, handleGenerateReportRequest } from "@/lib/api/credential-report-request";
import { sessionFor } from "@/lib/api/route-session";
import { VERIFICATION_COOKIE } from "@/lib/auth/identity-verification";
import { authSecret } from "@/lib/config/local-secrets";
import { getDatabase } from "@/lib/db/client";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  return handleGenerateReportRequest(request, getDatabase(), { sessionUser: await sessionFor(request) });
}

export async function GET(request: Request) {
  return handleDownloadReportRequest(request, getDatabase(), {
    sessionUser: await sessionFor(request),
    verificationToken: (await cookies()).get(VERIFICATION_COOKIE)?.value,
    authSecret: authSecret(),
  });
}
