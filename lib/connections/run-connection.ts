// One run of a pulling connection (a trail bucket or a cloud's look-up API): take its lease, pick the mode, let
// the connector read until it has caught up or spent its budget, and keep the books: a ConnectionRun with what
// the run stored, the connection's last run and success, its failing state in words, and one Message center
// message when it starts failing and one when it recovers. What the connector committed stays whatever happens.
import type { Database } from "@/lib/db/client";
import { pollSecondsOf } from "@/lib/domain/connections/connection-state";
import type { ApiSettings, BucketSettings } from "@/lib/domain/connections/settings";
import { pollApi } from "./api/poll-api";
import { readBucket } from "./bucket/read-bucket";
import { asConnectionError, BackfillFailure, type ConnectionError } from "./connection-error";
import { messageConnectionFailing, messageConnectionRecovered } from "./connection-messages";
import type { LoadedConnection, RunMode, RunReport } from "./connector";
import { checkEndpoint } from "./endpoint-check";
import { LEASE_MS, releaseLease, renewLease, takeLease } from "./lease";
import { loadConnection } from "./load-connection";
import { MAX_PROBLEMS, parseBackfill } from "./progress";

/** Runs kept per connection (the newest). */
export const MAX_RUNS = 100;
/** A run's default time budget: well within the lease, which is renewed as the run goes. */
export const DEFAULT_BUDGET_MS = 30_000;

export interface RunConnectionOptions {
  /** Who runs it, as the lease's owner (./lease.ts serverId()). */
  serverId: string;
  now?: Date;
  budgetMs?: number;
  signal?: AbortSignal;
}

export type RunOutcome =
  | { ran: false; reason: "missing" | "leased" | "paused" | "push" }
  | { ran: true; mode: RunMode; ok: true; report: RunReport }
  | { ran: true; mode: RunMode; ok: false; error: ConnectionError };

interface Counters {
  eventsImported: number;
  duplicates: number;
  rejected: number;
  objectsRead: number;
  pagesRead: number;
}
const COUNTERS = {
  eventsImported: true,
  duplicates: true,
  rejected: true,
  objectsRead: true,
  pagesRead: true,
} as const;

/** A running backfill shares the connection with the live position: runs are the backfill's, except that when
 *  the live position is due (its poll interval passed) a live run follows a backfill run, so live keeps up. */
export function modeOf(backfillRunning: boolean, lastMode: string | null, liveDue: boolean): RunMode {
  return backfillRunning && !(liveDue && lastMode === "backfill") ? "backfill" : "live";
}

function connectorFor(connection: LoadedConnection, database: Database, mode: RunMode, options: object) {
  if (connection.kind === "bucket")
    return readBucket(database, connection as LoadedConnection<BucketSettings>, mode, options);
  return pollApi(database, connection as LoadedConnection<ApiSettings>, mode, options);
}

export async function runConnection(
  database: Database,
  id: number,
  options: RunConnectionOptions,
): Promise<RunOutcome> {
  const { db } = database;
  const clock = () => options.now ?? new Date();
  if (!(await takeLease(database, id, options.serverId, clock()))) {
    const exists = await db.connection.count({ where: { id } });
    return { ran: false, reason: exists ? "leased" : "missing" };
  }
  // A run starts once it holds the lease: read before, its start could precede the previous holder's finish.
  const startedAt = clock();
  // Renew the lease while the run goes; if another server took it (ours expired), stop the connector.
  const lost = new AbortController();
  const renewal = setInterval(() => {
    void renewLease(database, id, options.serverId)
      .then((held) => held || lost.abort(new Error("the lease passed to another server")))
      .catch(() => undefined);
  }, LEASE_MS / 4);
  renewal.unref();
  try {
    const row = await db.connection.findUnique({
      where: { id },
      select: {
        name: true,
        kind: true,
        settings: true,
        paused: true,
        backfill: true,
        lastError: true,
        failingSince: true,
        ...COUNTERS,
      },
    });
    if (!row) return { ran: false, reason: "missing" };
    if (row.paused) return { ran: false, reason: "paused" };
    if (row.kind === "push") return { ran: false, reason: "push" };

    const last = await db.connectionRun.findFirst({
      where: { connectionId: id },
      orderBy: { id: "desc" },
      select: { mode: true },
    });
    const lastLive = await db.connectionRun.findFirst({
      where: { connectionId: id, mode: "live" },
      orderBy: { id: "desc" },
      select: { startedAt: true },
    });
    const pollMs = pollSecondsOf(row.settings) * 1000;
    const liveDue = !lastLive || startedAt.getTime() - lastLive.startedAt.getTime() >= pollMs;
    const mode = modeOf(parseBackfill(row.backfill)?.state === "running", last?.mode ?? null, liveDue);
    const run = await db.connectionRun.create({ data: { connectionId: id, mode, startedAt }, select: { id: true } });
    await db.connection.update({ where: { id }, data: { lastRunAt: startedAt } });

    let report: RunReport | null = null;
    let failure: ConnectionError | null = null;
    try {
      const connection = await loadConnection(database, id);
      if (!connection) return { ran: false, reason: "missing" };
      const endpoint = "endpoint" in connection.settings ? connection.settings.endpoint : undefined;
      if (endpoint) await checkEndpoint(endpoint);
      const signal = options.signal ? AbortSignal.any([options.signal, lost.signal]) : lost.signal;
      report = await connectorFor(connection, database, mode, {
        now: options.now,
        signal,
        budgetMs: options.budgetMs ?? DEFAULT_BUDGET_MS,
      });
    } catch (error) {
      failure = asConnectionError(error);
    }

    const finishedAt = clock();
    const after = await db.connection.findUnique({ where: { id }, select: COUNTERS });
    if (!after) return { ran: false, reason: "missing" }; // removed while it ran
    const delta = (key: keyof Counters) => after[key] - row[key];
    const counts = {
      imported: delta("eventsImported"),
      duplicates: delta("duplicates"),
      rejected: delta("rejected"),
      objectsRead: delta("objectsRead"),
      pagesRead: delta("pagesRead"),
    };

    await db.$transaction(async (tx) => {
      await tx.connectionRun.update({
        where: { id: run.id },
        data: { finishedAt, ok: failure === null, error: failure?.message.slice(0, 2048) ?? null, ...counts },
      });
      if (failure instanceof BackfillFailure && mode === "backfill") {
        // The backfill cannot go on; the connection itself (its live position) is not failing for it.
        const current = parseBackfill((await tx.connection.findUniqueOrThrow({ where: { id } })).backfill);
        if (current)
          await tx.connection.update({
            where: { id },
            data: {
              backfill: JSON.stringify({
                ...current,
                state: "failed",
                error: failure.message,
                finishedAt: finishedAt.toISOString(),
              }),
            },
          });
      } else if (failure) {
        const since = row.failingSince ?? startedAt;
        await tx.connection.update({
          where: { id },
          data: { lastError: failure.message.slice(0, 2048), lastErrorKind: failure.kind, failingSince: since },
        });
        if (!row.lastError) await messageConnectionFailing(tx, row, failure, since);
      } else {
        await tx.connection.update({
          where: { id },
          data: {
            lastSuccessAt: finishedAt,
            waiting: report!.waiting,
            lastError: null,
            lastErrorKind: null,
            failingSince: null,
          },
        });
        if (row.lastError) await messageConnectionRecovered(tx, row, row.failingSince, finishedAt);
      }
    });
    await pruneHistory(database, id);
    return failure ? { ran: true, mode, ok: false, error: failure } : { ran: true, mode, ok: true, report: report! };
  } finally {
    clearInterval(renewal);
    await releaseLease(database, id, options.serverId);
  }
}

/** Keeps the newest MAX_RUNS runs and MAX_PROBLEMS problems of a connection. */
export async function pruneHistory({ db }: Database, connectionId: number): Promise<void> {
  const oldestRun = await db.connectionRun.findFirst({
    where: { connectionId },
    orderBy: { id: "desc" },
    skip: MAX_RUNS - 1,
    select: { id: true },
  });
  if (oldestRun) await db.connectionRun.deleteMany({ where: { connectionId, id: { lt: oldestRun.id } } });
  const oldestProblem = await db.connectionProblem.findFirst({
    where: { connectionId },
    orderBy: { id: "desc" },
    skip: MAX_PROBLEMS - 1,
    select: { id: true },
  });
  if (oldestProblem) await db.connectionProblem.deleteMany({ where: { connectionId, id: { lt: oldestProblem.id } } });
}
