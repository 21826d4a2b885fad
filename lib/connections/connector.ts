// What every pulling connector (a trail bucket, a cloud's look-up API) is to the runner (./run-connection.ts):
// a function that reads from its stored position until it has caught up or its time budget is spent, committing
// its position with each object or page it stored (./progress.ts), and reports what the run did. It throws a
// ConnectionError (./connection-error.ts) when the cloud refuses or cannot be reached; what it committed stays.
import type { Database } from "@/lib/db/client";
import type { ConnectionKind, ConnectionSecrets, ConnectionSettings } from "@/lib/domain/connections/settings";

export type RunMode = "live" | "backfill";

/** A connection as a connector reads it: settings parsed, secrets decrypted, positions parsed. */
export interface LoadedConnection<S extends ConnectionSettings = ConnectionSettings> {
  id: number;
  name: string;
  kind: ConnectionKind;
  settings: S;
  secrets: ConnectionSecrets;
  /** The live position, as the connector last committed it ({} before the first run). */
  position: Record<string, unknown>;
  backfill: BackfillState | null;
}

export interface RunOptions {
  now?: Date;
  signal?: AbortSignal;
  /** Stop after about this long (ms) and report caughtUp: false, so the runner can renew its lease. */
  budgetMs?: number;
}

export interface RunReport {
  imported: number;
  duplicates: number;
  rejected: number;
  objectsRead: number;
  pagesRead: number;
  /** Objects or pages found and not yet read when the run ended. */
  waiting: number;
  /** Nothing more to read now (live), or the backfill is complete. */
  caughtUp: boolean;
}

export type Connector<S extends ConnectionSettings = ConnectionSettings> = (
  database: Database,
  connection: LoadedConnection<S>,
  mode: RunMode,
  options?: RunOptions,
) => Promise<RunReport>;

export const EMPTY_REPORT: RunReport = {
  imported: 0,
  duplicates: 0,
  rejected: 0,
  objectsRead: 0,
  pagesRead: 0,
  waiting: 0,
  caughtUp: true,
};

/** A backfill in progress or done (Connection.backfill, JSON), apart from the live position. */
export interface BackfillState {
  /** ISO date-time the backfill reads from. */
  from: string;
  /** ISO date-time it reads up to: where the live position started, so the two never overlap by much. */
  to: string;
  state: "running" | "done" | "failed";
  /** Objects or pages done, and found so far. */
  done: number;
  found: number;
  /** The connector's backfill position. */
  position: Record<string, unknown>;
  startedAt: string;
  finishedAt?: string;
  error?: string;
}
