// GET /api/v1/access-keys/{id}/audit: owner, status, last use and services of one AccessKey (lib/api).
// Who may call is decided by the route door (lib/api/route-door.ts).
import { handleAccessKeyAuditRequest } from "@/lib/api/access-key-audit-request";
import { sessionFor } from "@/lib/api/route-session";
import { getDatabase } from "@/lib/db/client";

export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  return handleAccessKeyAuditRequest(
    request,
    getDatabase(),
    { accessKeyId: id },
    { sessionUser: await sessionFor(request) },
  );
}
