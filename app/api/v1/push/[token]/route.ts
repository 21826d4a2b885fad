// POST /api/v1/push/<token>: the push receiver a cloud's event bus delivers to (README "Push receivers"). No console
// session and no SigV4: the connection's own secret opens it, through the push door (lib/api/push-door.ts). The
// handler lives in lib/connections/push so it is testable without Next.
import { handlePushRequest, pushMethodNotAllowed } from "@/lib/connections/push/receive-push";
import { getDatabase } from "@/lib/db/client";

// node:crypto, Prisma and the local secret files need the Node.js runtime; every call is fresh.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request, { params }: { params: Promise<{ token: string }> }) {
  const { token } = await params;
  return handlePushRequest(request, getDatabase(), token);
}

export const GET = pushMethodNotAllowed;
export const PUT = pushMethodNotAllowed;
export const PATCH = pushMethodNotAllowed;
export const DELETE = pushMethodNotAllowed;
