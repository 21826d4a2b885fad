// The credential report's life cycle and the 4-hour rule (all four clouds): asking for a report while the last
// complete one is younger than 4 hours returns that same report (same snapshot, so the same bytes in either
// layout, and the same generation time); otherwise one request claims the account, takes a new snapshot and
// stores it. States: not present, in progress, complete. Two simultaneous requests generate once: the claim is
// a conditional update of the account row, atomic on both databases.
import type { ReportSnapshot } from "@/lib/domain/credential-report/snapshot";
import { takeReportSnapshot } from "@/lib/queries/credential-report-snapshot";
import type { Database } from "@/lib/db/client";

export const REPORT_REUSE_MS = 4 * 3_600_000;
/** A claim (or an in-progress row) older than this was left by a process that died mid-generation. */
export const ABANDONED_CLAIM_MS = 10 * 60_000;

export type ReportState =
  | { state: "NotPresent" }
  | { state: "InProgress"; startedAt: Date }
  | { state: "Complete"; reportId: number; generatedAt: Date; nextPossibleAt: Date };

export interface StoredReport {
  id: number;
  generatedAt: Date;
  snapshot: ReportSnapshot;
}

export type SnapshotTaker = (database: Database, accountDbId: number, now: Date) => Promise<ReportSnapshot>;

export interface ReportOptions {
  now?: () => Date;
  takeSnapshot?: SnapshotTaker;
  /** How long a request waits for another request's generation to finish. */
  waitMs?: number;
}

const latestComplete = ({ db }: Database, accountDbId: number) =>
  db.credentialReport.findFirst({
    where: { accountId: accountDbId, state: "Complete" },
    orderBy: { generatedAt: "desc" },
  });

export async function reportState(
  database: Database,
  accountDbId: number,
  now: Date = new Date(),
): Promise<ReportState> {
  const { db } = database;
  const latest = await db.credentialReport.findFirst({
    where: { accountId: accountDbId },
    orderBy: { generatedAt: "desc" },
  });
  if (latest?.state === "InProgress" && now.getTime() - latest.generatedAt.getTime() < ABANDONED_CLAIM_MS) {
    return { state: "InProgress", startedAt: latest.generatedAt };
  }
  const complete = latest?.state === "Complete" ? latest : await latestComplete(database, accountDbId);
  if (!complete) return { state: "NotPresent" };
  return {
    state: "Complete",
    reportId: complete.id,
    generatedAt: complete.generatedAt,
    nextPossibleAt: new Date(complete.generatedAt.getTime() + REPORT_REUSE_MS),
  };
}

function stored(row: { id: number; generatedAt: Date; content: string | null }): StoredReport {
  return { id: row.id, generatedAt: row.generatedAt, snapshot: JSON.parse(row.content ?? "null") as ReportSnapshot };
}

/** The latest complete report, whatever its age (downloads serve it; generation is a separate request). */
export async function latestReport(database: Database, accountDbId: number): Promise<StoredReport | null> {
  const row = await latestComplete(database, accountDbId);
  return row ? stored(row) : null;
}

export type RequestOutcome =
  { report: StoredReport; generated: boolean } | { report: null; generated: false; state: ReportState };

/**
 * Asks for a report under the 4-hour rule. Returns the reused or newly generated report; when another request
 * is generating, waits up to `waitMs` for it (0: do not wait) and otherwise answers its state.
 */
export async function requestCredentialReport(
  database: Database,
  accountDbId: number,
  options: ReportOptions = {},
): Promise<RequestOutcome> {
  const clock = options.now ?? (() => new Date());
  const deadline = Date.now() + (options.waitMs ?? 0);
  for (;;) {
    const now = clock();
    const recent = await latestComplete(database, accountDbId);
    if (recent && now.getTime() - recent.generatedAt.getTime() < REPORT_REUSE_MS)
      return { report: stored(recent), generated: false };
    if (await claim(database, accountDbId, now)) {
      try {
        // Another request may have finished between the look above and the claim.
        const meanwhile = await latestComplete(database, accountDbId);
        if (meanwhile && now.getTime() - meanwhile.generatedAt.getTime() < REPORT_REUSE_MS)
          return { report: stored(meanwhile), generated: false };
        return {
          report: await generate(database, accountDbId, now, options.takeSnapshot ?? takeReportSnapshot),
          generated: true,
        };
      } finally {
        await database.db.account.update({ where: { id: accountDbId }, data: { reportClaimedAt: null } });
      }
    }
    if (Date.now() >= deadline)
      return { report: null, generated: false, state: await reportState(database, accountDbId, now) };
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function claim({ db }: Database, accountDbId: number, now: Date): Promise<boolean> {
  const { count } = await db.account.updateMany({
    where: {
      id: accountDbId,
      OR: [{ reportClaimedAt: null }, { reportClaimedAt: { lt: new Date(now.getTime() - ABANDONED_CLAIM_MS) } }],
    },
    data: { reportClaimedAt: now },
  });
  return count === 1;
}

async function generate(
  database: Database,
  accountDbId: number,
  now: Date,
  takeSnapshot: SnapshotTaker,
): Promise<StoredReport> {
  const { db } = database;
  const row = await db.credentialReport.create({
    data: { accountId: accountDbId, state: "InProgress", generatedAt: now },
  });
  try {
    const snapshot = await takeSnapshot(database, accountDbId, now);
    const done = await db.credentialReport.update({
      where: { id: row.id },
      data: { state: "Complete", completedAt: new Date(), content: JSON.stringify(snapshot) },
    });
    return stored(done);
  } catch (error) {
    await db.credentialReport.delete({ where: { id: row.id } });
    throw error;
  }
}
