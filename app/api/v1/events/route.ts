// The events API (docs/product.md): POST ingests signed batches, GET queries with the explorer's filters.
// The handlers live in lib/api so they are testable without Next.
import { handleIngestRequest } from "@/lib/api/ingest-request";
import { handleQueryRequest } from "@/lib/api/query-request";
import { currentUser } from "@/lib/auth/session";
import { getDatabase } from "@/lib/db/client";

// node:crypto, Prisma and the local secret files need the Node.js runtime; every call is fresh.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  return handleIngestRequest(request, getDatabase());
}

export async function GET(request: Request) {
  // A signed request is judged by its signature alone, never by a cookie that happens to ride along.
  const sessionUser = request.headers.has("authorization") ? null : await currentUser();
  return handleQueryRequest(request, getDatabase(), { sessionUser });
}
