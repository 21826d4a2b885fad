// A connector's position, committed with the counts of what it stored up to it. Each object or page is stored
// first (ingestEvents, idempotent on eventId), then its position committed here: a run killed in between reads
// that object or page again and finds its events duplicates, so the final set equals one clean import.
// A backfill has a position of its own (Connection.backfill), so reading older objects never moves the live one.
import type { Database } from "@/lib/db/client";
import { utcDay, utcDayStart } from "@/lib/domain/time";
import type { RecordProblem } from "./store-records";
import type { BackfillState, RunMode } from "./connector";

export type { BackfillState } from "./connector";

/** At most this many problems are kept per connection (the newest). */
export const MAX_PROBLEMS = 500;

export interface ProgressStep {
  mode: RunMode;
  /** The new position (live: Connection.position; backfill: backfill.position). */
  position: Record<string, unknown>;
  imported?: number;
  duplicates?: number;
  rejected?: number;
  objectsRead?: number;
  pagesRead?: number;
  newestEventTime?: Date | null;
  problems?: RecordProblem[];
  /** Bucket objects read up to this position, recorded in the same transaction (each object once). */
  objects?: ReadObject[];
  /** When the step was committed (default: now): counts toward that UTC day's events imported. */
  at?: Date;
  /** Backfill only: progress figures and state to store with the position. */
  backfill?: Partial<Pick<BackfillState, "done" | "found" | "state" | "finishedAt" | "error">>;
}

export interface ReadObject {
  key: string;
  size: number;
  etag: string | null;
  sha256: string;
  events: number;
  rejected: number;
}

export function parseBackfill(stored: string | null): BackfillState | null {
  return stored ? (JSON.parse(stored) as BackfillState) : null;
}

export async function commitProgress({ db }: Database, connectionId: number, step: ProgressStep): Promise<void> {
  await db.$transaction(async (tx) => {
    const current = await tx.connection.findUniqueOrThrow({
      where: { id: connectionId },
      select: { backfill: true, newestEventTime: true, eventsTodayOn: true },
    });
    let backfill: string | undefined;
    if (step.mode === "backfill") {
      const state = parseBackfill(current.backfill);
      if (!state) throw new Error(`connection ${connectionId} has no backfill to advance`);
      backfill = JSON.stringify({ ...state, ...step.backfill, position: step.position });
    }
    const newest =
      step.newestEventTime && (!current.newestEventTime || step.newestEventTime > current.newestEventTime)
        ? step.newestEventTime
        : undefined;
    const today = utcDayStart(utcDay(step.at ?? new Date()));
    const sameDay = current.eventsTodayOn?.getTime() === today.getTime();
    await tx.connection.update({
      where: { id: connectionId },
      data: {
        eventsTodayOn: today,
        eventsToday: sameDay ? { increment: step.imported ?? 0 } : (step.imported ?? 0),
        ...(step.mode === "live" ? { position: JSON.stringify(step.position) } : { backfill }),
        eventsImported: { increment: step.imported ?? 0 },
        duplicates: { increment: step.duplicates ?? 0 },
        rejected: { increment: step.rejected ?? 0 },
        objectsRead: { increment: step.objectsRead ?? 0 },
        pagesRead: { increment: step.pagesRead ?? 0 },
        ...(newest ? { newestEventTime: newest } : {}),
      },
    });
    if (step.objects?.length)
      await tx.connectionObject.createMany({ data: step.objects.map((o) => ({ connectionId, ...o })) });
    if (step.problems?.length)
      await tx.connectionProblem.createMany({
        data: step.problems.map((p) => ({
          connectionId,
          source: p.source.slice(0, 1024),
          reason: p.reason.slice(0, 2048),
        })),
      });
  });
}
