// The console server runs its pulling connections in the background: every KEYTRAIL_CONNECTION_TICK_MS (default
// 1 s) each unpaused bucket or API connection that is due (lib/domain/connections/connection-state.ts) runs, several
// at once but each once, on whichever server takes its lease first (./lease.ts). Started from instrumentation.ts,
// and headless by `npm run connections -- work`. Logs name connections and errors in words, never a secret.
import { getDatabase, type Database } from "@/lib/db/client";
import { isDue, pollSecondsOf } from "@/lib/domain/connections/connection-state";
import { parseBackfill } from "./progress";
import { serverId as thisServerId } from "./lease";
import { runConnection, type RunOutcome } from "./run-connection";

type Env = Readonly<Record<string, string | undefined>>;

export function connectionTickMs(env: Env = process.env): number {
  const value = Number(env.KEYTRAIL_CONNECTION_TICK_MS ?? 1_000);
  return Number.isFinite(value) && value >= 50 ? value : 1_000;
}

/** How many connections one server runs at once. */
export function connectionConcurrency(env: Env = process.env): number {
  const value = Number(env.KEYTRAIL_CONNECTION_CONCURRENCY ?? 4);
  return Number.isInteger(value) && value >= 1 ? value : 4;
}

/** The ids of the bucket and API connections due to run now, oldest run first. */
export async function dueConnections({ db }: Database, now: Date = new Date()): Promise<number[]> {
  const rows = await db.connection.findMany({
    where: { paused: false, kind: { in: ["bucket", "api"] } },
    select: {
      id: true,
      settings: true,
      paused: true,
      lastRunAt: true,
      failingSince: true,
      lastErrorKind: true,
      backfill: true,
      waiting: true,
    },
    orderBy: [{ lastRunAt: "asc" }, { id: "asc" }],
  });
  return rows
    .filter((row) =>
      isDue(
        {
          paused: row.paused,
          pollSeconds: pollSecondsOf(row.settings),
          lastRunAt: row.lastRunAt,
          failingSince: row.failingSince,
          lastErrorKind: row.lastErrorKind,
          backfillRunning: parseBackfill(row.backfill)?.state === "running",
          moreWaiting: row.waiting > 0,
        },
        now,
      ),
    )
    .map((row) => row.id);
}

export interface ScheduleOptions {
  serverId?: string;
  now?: Date;
  budgetMs?: number;
  concurrency?: number;
  signal?: AbortSignal;
}

/** Runs every due connection once, `concurrency` at a time, and waits for them (tests; one tick by hand). */
export async function runScheduleOnce(database: Database, options: ScheduleOptions = {}): Promise<RunOutcome[]> {
  const due = await dueConnections(database, options.now);
  const outcomes: RunOutcome[] = [];
  const queue = [...due];
  const worker = async () => {
    for (let id = queue.shift(); id !== undefined; id = queue.shift())
      outcomes.push(await runOne(database, id, options));
  };
  await Promise.all(
    Array.from({ length: Math.min(options.concurrency ?? connectionConcurrency(), queue.length) }, worker),
  );
  return outcomes;
}

async function runOne(database: Database, id: number, options: ScheduleOptions): Promise<RunOutcome> {
  return runConnection(database, id, {
    serverId: options.serverId ?? thisServerId(),
    now: options.now,
    budgetMs: options.budgetMs,
    signal: options.signal,
  });
}

export interface RunningSchedule {
  /** Stops starting runs, aborts those under way, and waits for them to give their leases back. */
  stop(): Promise<void>;
}

const shared = globalThis as { __keytrailConnectionSchedule?: RunningSchedule };

export function startConnectionSchedule(
  options: {
    database?: Database;
    serverId?: string;
    env?: Env;
    onRun?: (id: number, outcome: RunOutcome) => void;
  } = {},
): RunningSchedule {
  if (shared.__keytrailConnectionSchedule) return shared.__keytrailConnectionSchedule;
  const env = options.env ?? process.env;
  const database = options.database ?? getDatabase();
  const serverId = options.serverId ?? thisServerId();
  const limit = connectionConcurrency(env);
  const stopping = new AbortController();
  const inFlight = new Map<number, Promise<void>>();
  let ticking = false;
  let failing = false;
  const failingIds = new Set<number>();

  const start = (id: number) => {
    const run = runOne(database, id, { serverId, signal: stopping.signal })
      .then((outcome) => {
        options.onRun?.(id, outcome);
        // Once per failure, not once per retry; the connection's page keeps every run.
        if (outcome.ran && !outcome.ok && !failingIds.has(id))
          console.error(`Keytrail: connection ${id} is failing (${outcome.error.kind}): ${outcome.error.message}`);
        if (outcome.ran) {
          if (outcome.ok) failingIds.delete(id);
          else failingIds.add(id);
        }
      })
      .catch((error: unknown) => {
        // A storage failure, not the cloud's: the connector's errors are kept on the connection.
        console.error(`Keytrail: connection ${id} could not run: ${error instanceof Error ? error.message : "error"}`);
      })
      .finally(() => inFlight.delete(id));
    inFlight.set(id, run);
  };

  const tick = async () => {
    if (ticking || stopping.signal.aborted) return;
    ticking = true;
    try {
      for (const id of await dueConnections(database)) {
        if (inFlight.size >= limit || stopping.signal.aborted) break;
        if (!inFlight.has(id)) start(id);
      }
      failing = false;
    } catch (error) {
      if (!failing) console.error(`Keytrail: connections schedule failed, retrying: ${(error as Error).message}`);
      failing = true;
    } finally {
      ticking = false;
    }
  };

  const timer = setInterval(() => void tick(), connectionTickMs(env));
  timer.unref();
  void tick();
  const schedule: RunningSchedule = {
    async stop() {
      clearInterval(timer);
      stopping.abort(new Error("the server is stopping"));
      await Promise.allSettled([...inFlight.values()]);
      if (shared.__keytrailConnectionSchedule === schedule) delete shared.__keytrailConnectionSchedule;
    },
  };
  shared.__keytrailConnectionSchedule = schedule;
  return schedule;
}
