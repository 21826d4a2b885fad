// POST /api/v1/push/<token> as a plain function over Web Request/Response (testable without Next): a cloud's event
// bus delivers one event or a batch within seconds of the operation, and the records inside are stored at once.
// The push door (lib/api/push-door.ts) finds the connection by its token and checks the secret (and a signature,
// when there is one) and the size; then:
//   paused connection → 503 with Retry-After, so the bus keeps the delivery and retries later;
//   body not JSON, or not an envelope at all → 400 with the reason (counted as refused, named as a problem);
//   otherwise every record (lib/domain/connections/push-envelopes.ts) goes through storeRecords, idempotent on the
//   event ID (a redelivery stores nothing new), and the connection's counters, newest event time and problems are
//   committed (commitProgress, live, no position: a push has none), then its last success and a run of mode
//   "push". Answer 200 {"accepted","duplicates","rejected"}, with "problems" [{source, reason}] when an entry or a
//   record was refused: the delivery as a whole was taken, so the bus must not send it again.
// Nothing is logged but a failure's name; the secret is never part of an answer, an event or a problem.
import { createHash } from "node:crypto";
import { openPushDoor, type PushDoorOptions } from "@/lib/api/push-door";
import { errorResponse } from "@/lib/api/route-door";
import type { Database } from "@/lib/db/client";
import { STORAGE_PROBLEM_MESSAGES, storageProblemOf } from "@/lib/db/storage-errors";
import { unwrapDelivery } from "@/lib/domain/connections/push-envelopes";
import { commitProgress } from "../progress";
import { storeRecords, type RecordProblem } from "../store-records";

/** Seconds a bus is asked to wait before retrying a delivery to a paused connection. */
export const PAUSED_RETRY_AFTER_SECONDS = 60;
/** Problems listed in one answer (all of them are kept on the connection). */
export const MAX_ANSWERED_PROBLEMS = 20;

export interface PushAnswer {
  accepted: number;
  duplicates: number;
  rejected: number;
  problems?: RecordProblem[];
}

export async function handlePushRequest(
  request: Request,
  database: Database,
  token: string,
  options: PushDoorOptions = {},
): Promise<Response> {
  try {
    const door = await openPushDoor(request, database, token, options);
    if (!door.ok) return door.response;
    const { connection, body } = door;
    if (connection.paused)
      return Response.json(
        { error: `Connection ${connection.name} is paused: deliveries are refused until it is resumed` },
        { status: 503, headers: { "retry-after": String(PAUSED_RETRY_AFTER_SECONDS) } },
      );

    const startedAt = options.now ?? new Date();
    // Names the delivery in problems: the same bytes redelivered get the same name.
    const deliveryId = createHash("sha256").update(body).digest("hex").slice(0, 16);
    const refuse = async (reason: string) => {
      await database.db.$transaction([
        database.db.connection.update({ where: { id: connection.id }, data: { pushRefused: { increment: 1 } } }),
        database.db.connectionProblem.create({
          data: { connectionId: connection.id, source: `delivery ${deliveryId}`, reason: reason.slice(0, 2048) },
        }),
      ]);
      return errorResponse(400, reason);
    };
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
    } catch (error) {
      return refuse(`Body is not valid JSON: ${error instanceof Error ? error.message : "unreadable"}`);
    }
    const unwrapped = unwrapDelivery(parsed, connection.settings.envelope, deliveryId);
    if (!unwrapped.ok) return refuse(`Body refused: ${unwrapped.reason}`);

    const stored = await storeRecords(database, unwrapped.records);
    const problems = [...unwrapped.problems, ...stored.problems];
    const rejected = unwrapped.problems.length + stored.rejected;
    await commitProgress(database, connection.id, {
      mode: "live",
      position: {},
      imported: stored.imported,
      duplicates: stored.duplicates,
      rejected,
      newestEventTime: stored.newestEventTime,
      problems,
    });
    const finishedAt = new Date();
    await database.db.$transaction([
      database.db.connection.update({
        where: { id: connection.id },
        data: { lastRunAt: finishedAt, lastSuccessAt: finishedAt },
      }),
      database.db.connectionRun.create({
        data: {
          connectionId: connection.id,
          mode: "push",
          startedAt,
          finishedAt,
          ok: true,
          imported: stored.imported,
          duplicates: stored.duplicates,
          rejected,
        },
      }),
    ]);
    const answer: PushAnswer = { accepted: stored.imported, duplicates: stored.duplicates, rejected };
    if (problems.length) answer.problems = problems.slice(0, MAX_ANSWERED_PROBLEMS);
    return Response.json(answer, { status: 200 });
  } catch (error) {
    const problem = storageProblemOf(error);
    if (problem) {
      console.error(`POST /api/v1/push refused: ${problem}`);
      return Response.json(
        { error: STORAGE_PROBLEM_MESSAGES[problem], reason: problem },
        { status: 503, headers: { "retry-after": "5" } },
      );
    }
    // The failure's name only: no request data, no token, never a secret.
    console.error("POST /api/v1/push failed:", error instanceof Error ? error.name : "unknown error");
    return errorResponse(500, "Internal error");
  }
}

/** Every method but POST. */
export function pushMethodNotAllowed(): Response {
  return Response.json(
    { error: "Method not allowed: deliveries are POSTed" },
    { status: 405, headers: { allow: "POST" } },
  );
}
