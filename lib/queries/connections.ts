// What Settings → Connections shows: every connection with its state, and one connection's page (state, counters,
// backfill progress, the last 20 runs and problems, completeness). The views are the service's own
// (lib/connections/manage-connections.ts), the same the command line's `status --json` and the API answer, so the
// three never disagree; none carries a secret.
import "server-only";
import { headers } from "next/headers";
import type { Database } from "@/lib/db/client";
import { connectionStatus, listConnections, type ConnectionView } from "@/lib/connections/manage-connections";

export type { ConnectionView } from "@/lib/connections/manage-connections";
export type ConnectionRunView = ConnectionView["runs"][number];
export type ConnectionProblemView = ConnectionView["problems"][number];

/** The completeness check (lib/connections/bucket/completeness.ts): digests for AWS, cadence for the others. */
export type CompletenessView =
  | {
      kind: "digest";
      checkedThrough: string | null;
      expected: number;
      imported: number;
      missing: { key: string; digestKey: string }[];
      altered: { key: string; expectedSha256: string; actualSha256: string }[];
    }
  | { kind: "cadence"; expectedMinutes: number; gaps: { from: string; to: string }[] };

export interface ConnectionPage {
  connection: ConnectionView;
  /** null: nothing to check (not a bucket) or not checked yet. */
  completeness: CompletenessView | null;
}

/** Where the clouds reach this console: KEYTRAIL_PUBLIC_URL when set (behind a proxy), else the request's own
 *  host (the console's server drops forwarding headers unless a trusted proxy wrote them). */
export async function requestBaseUrl(): Promise<string> {
  const configured = process.env.KEYTRAIL_PUBLIC_URL?.trim();
  if (configured) return configured.replace(/\/+$/, "");
  const h = await headers();
  const host = (h.get("x-forwarded-host") ?? h.get("host") ?? "localhost").split(",")[0].trim();
  const proto = (h.get("x-forwarded-proto") ?? "http").split(",")[0].trim();
  return `${proto}://${host}`;
}

export async function listConnectionViews(database: Database): Promise<ConnectionView[]> {
  return listConnections(database, new Date(), { baseUrl: await requestBaseUrl() });
}

/** A connection's page, or null when there is no such connection. */
export async function connectionPage(database: Database, id: number): Promise<ConnectionPage | null> {
  const connection = await connectionStatus(database, id, new Date(), { baseUrl: await requestBaseUrl() });
  if (!connection) return null;
  return { connection, completeness: null };
}
