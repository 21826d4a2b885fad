// What Settings → Connections shows: every connection with its state, and one connection's page (state, counters,
// backfill progress, the last 20 runs and problems, a bucket's completeness). The views are the service's own
// (lib/connections/manage-connections.ts), the same the command line's `status --json` and the API answer, so the
// three never disagree; none carries a secret.
import "server-only";
import { headers } from "next/headers";
import type { Database } from "@/lib/db/client";
import { bucketCompleteness } from "@/lib/connections/bucket/completeness";
import { connectionStatus, listConnections, type ConnectionView } from "@/lib/connections/manage-connections";

export type { ConnectionView } from "@/lib/connections/manage-connections";
export type ConnectionRunView = ConnectionView["runs"][number];
export type ConnectionProblemView = ConnectionView["problems"][number];

/** The completeness check (lib/connections/bucket/completeness.ts) with times as ISO strings: by the digests for
 *  an AWS CloudTrail bucket, by the delivery cadence for the others. Lists are capped; the totals are not. */
export type CompletenessView =
  | {
      kind: "digest";
      digestsRead: number;
      digestsRefused: { key: string; reason: string }[];
      digestsRefusedTotal: number;
      checkedThrough: string | null;
      expected: number;
      imported: number;
      missingTotal: number;
      missing: { key: string; digestKey: string }[];
      alteredTotal: number;
      altered: { key: string; expectedSha256: string; actualSha256: string }[];
    }
  | {
      kind: "cadence";
      expectedMinutes: number;
      objects: number;
      undated: number;
      gapsTotal: number;
      gaps: { from: string; to: string }[];
    };

/** The page refreshes every few seconds while it is open, and the check reads every object the connection read:
 *  it is computed again only when the connection has read more objects, or a minute has passed. */
const REUSE_MS = 60_000;
const recent = new Map<number, { objectsRead: number; at: number; view: Promise<CompletenessView | null> }>();

/** A bucket connection's completeness, or null for other kinds (and a connection that is gone). */
export function connectionCompleteness(
  database: Database,
  connection: { id: number; objectsRead: number },
  now = Date.now(),
): Promise<CompletenessView | null> {
  const kept = recent.get(connection.id);
  if (kept && kept.objectsRead === connection.objectsRead && now - kept.at < REUSE_MS) return kept.view;
  const view = completenessView(database, connection.id);
  recent.set(connection.id, { objectsRead: connection.objectsRead, at: now, view });
  view.catch(() => recent.delete(connection.id));
  return view;
}

async function completenessView(database: Database, id: number): Promise<CompletenessView | null> {
  const found = await bucketCompleteness(database, id);
  if (!found) return null;
  if (found.kind === "digest")
    return {
      kind: "digest",
      digestsRead: found.digests.read,
      digestsRefused: found.digests.refused,
      digestsRefusedTotal: found.digests.refusedTotal,
      checkedThrough: found.checkedThrough ? found.checkedThrough.toISOString() : null,
      expected: found.expected,
      imported: found.imported,
      missingTotal: found.missingTotal,
      missing: found.missing,
      alteredTotal: found.alteredTotal,
      altered: found.altered,
    };
  return {
    kind: "cadence",
    expectedMinutes: found.expectedMinutes,
    objects: found.objects,
    undated: found.undated,
    gapsTotal: found.gapsTotal,
    gaps: found.gaps.map((gap) => ({ from: gap.from.toISOString(), to: gap.to.toISOString() })),
  };
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

/** A connection's state for its page, or null when there is no such connection. */
export async function connectionPage(database: Database, id: number): Promise<ConnectionView | null> {
  return connectionStatus(database, id, new Date(), { baseUrl: await requestBaseUrl() });
}
