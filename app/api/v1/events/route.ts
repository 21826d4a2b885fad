// The events API (README.md, "Sending events: the signed ingest API"): POST ingests signed batches, GET queries with the explorer's filters.
// The handlers live in lib/api so they are testable without Next; both go through the route door
// (lib/api/route-door.ts).
import { handleIngestRequest } from "@/lib/api/ingest-request";
import { handleQueryRequest } from "@/lib/api/query-request";
import { sessionFor } from "@/lib/api/route-session";
import { getDatabase } from "@/lib/db/client";

// node:crypto, Prisma and the local secret files need the Node.js runtime; every call is fresh.
export const runtime = "nodejs";
export const dynamic = "force-dynamic";

export async function POST(request: Request) {
  return handleIngestRequest(request, getDatabase());
}

export async function GET(request: Request) {
  return handleQueryRequest(request, getDatabase(), { sessionUser: await sessionFor(request) });
}
