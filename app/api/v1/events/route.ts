// The signed ingest API (docs/product.md): the handler lives in lib/api/ingest-request.ts so it is testable
// without Next.
import { handleIngestRequest } from "@/lib/api/ingest-request";
import { getDatabase } from "@/lib/db/client";

// node:crypto, Prisma and the local secret files need the Node.js runtime; every call is fresh.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  return handleIngestRequest(request, getDatabase());
}
