// GET /api/v1/access-keys/{id}/audit/services/{service}/{events|ips|resources}: one service's list (lib/api).
import { handleAccessKeyAuditRequest } from "@/lib/api/access-key-audit-request";
import { currentUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string; service: string; list: string }> }) {
  const { id, service, list } = await params;
  const sessionUser = request.headers.has("authorization") ? null : await currentUser();
  return handleAccessKeyAuditRequest(request, getDatabase(), { accessKeyId: id, service, list }, { sessionUser });
}
