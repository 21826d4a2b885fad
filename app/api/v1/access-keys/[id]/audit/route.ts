// GET /api/v1/access-keys/{id}/audit: owner, status, last use and services of one AccessKey (lib/api).
import { handleAccessKeyAuditRequest } from "@/lib/api/access-key-audit-request";
import { currentUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  // A signed request is judged by its signature alone, never by a cookie that happens to ride along.
  const sessionUser = request.headers.has("authorization") ? null : await currentUser();
  return handleAccessKeyAuditRequest(request, getDatabase(), { accessKeyId: id }, { sessionUser });
}
