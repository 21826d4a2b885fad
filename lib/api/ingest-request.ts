// POST /api/v1/events as a plain function over Web Request/Response (testable without Next): a SigV4-signed
// batch of up to 1,000 events of our own shape, stored idempotently on eventId, with a per-event answer in
// input order. The caller comes through the route door (./route-door.ts): a signature by an AccessKey an
// administrator allowed to send events. Every call made with a known AccessKey, refused or not, is itself
// audited as "PutEvents"; refusals of callers who did not prove the secret are counted and recorded at most
// twice a key and minute (./refused-signatures.ts).
import type { Env } from "@/lib/config/env";
import type { Database } from "@/lib/db/client";
import { ingestEvents } from "@/lib/db/ingest-events";
import { STORAGE_PROBLEM_MESSAGES, storageProblemOf } from "@/lib/db/storage-errors";
import { unstorable } from "@/lib/domain/normalise/storable";
import type { RequestMeta } from "@/lib/domain/console-event";
import type { NormalisedEvent } from "@/lib/domain/event";
import { normaliseOwnShape } from "@/lib/domain/normalise/own-shape";
import { requestMetaFrom } from "@/lib/events/request-meta";
import { putEventsRecord } from "./put-events-event";
import { recordRefusedSignature } from "./refused-signatures";
import { openDoor } from "./route-door";
import type { SigningKey } from "./verify-signature";

export const MAX_BODY_BYTES = 5 * 1024 * 1024;
export const MAX_EVENTS = 1000;
const BODY_TOO_LARGE = "Body larger than 5 MB: send at most 1,000 events or 5 MB per request";
const INGEST_RULE = { permission: "ingest", callers: "signed" } as const;

export type EventStatus = "accepted" | "duplicate" | "rejected";

export interface EventResult {
  index: number;
  eventId: string | null;
  status: EventStatus;
  reason?: string;
}

export interface IngestResponse {
  accepted: number;
  duplicates: number;
  rejected: number;
  results: EventResult[];
}

export interface IngestRequestOptions {
  now?: Date;
  env?: Env;
  /** The AES-256 key of stored AccessKey secrets; defaults to the configured one. */
  encryptionKey?: Buffer;
}

/** The authenticated (or at least named) caller, for the PutEvents audit record. */
interface Caller {
  key: SigningKey;
  region: string | null;
  meta: RequestMeta;
  eventTime: Date;
}

export async function handleIngestRequest(
  request: Request,
  database: Database,
  options: IngestRequestOptions = {},
): Promise<Response> {
  let caller: Caller | null = null;
  try {
    const mediaType = request.headers.get("content-type")?.split(";")[0].trim().toLowerCase();
    if (mediaType !== "application/json") return errorResponse(415, "Content-Type must be application/json");
    const body = await readBody(request, MAX_BODY_BYTES);
    if (!body) return errorResponse(413, BODY_TOO_LARGE);

    const now = options.now ?? new Date();
    const door = await openDoor(request, database, INGEST_RULE, { ...options, body });
    const meta = requestMetaFrom(request.headers);
    if (!door.ok) {
      if (door.key && door.errorCode) {
        if (door.unproven)
          await recordRefusedSignature(database, door.key, meta, now, { errorCode: door.errorCode, error: door.error });
        else
          await audit(
            database,
            { key: door.key, region: door.region, meta, eventTime: now },
            { eventCount: null },
            null,
            door.errorCode,
            door.error,
          );
      }
      return door.response;
    }
    const signed: Caller = { key: door.caller.key!, region: door.caller.region, meta, eventTime: now };
    caller = signed;

    const refuse = async (status: number, errorCode: string, error: string, eventCount: number | null = null) => {
      await audit(database, signed, { eventCount }, null, errorCode, error);
      return errorResponse(status, error);
    };
    let parsed: unknown;
    try {
      parsed = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(body));
    } catch (error) {
      return refuse(
        400,
        "InvalidJson",
        `Body is not valid JSON: ${error instanceof Error ? error.message : "unreadable"}`,
      );
    }
    const records = isObject(parsed) ? parsed.events : undefined;
    if (!Array.isArray(records))
      return refuse(400, "InvalidParameter", 'Body must be a JSON object with an "events" array');
    if (records.length > MAX_EVENTS)
      return refuse(
        413,
        "TooManyEvents",
        `Too many events: ${records.length} in one request; send at most 1,000 events per request`,
        records.length,
      );

    // The call's own record is stored in the batch's transaction: both or neither.
    const answer = await ingestBatch(database, records, ({ accepted, duplicates, rejected }) =>
      putEventsEvent(signed, { eventCount: records.length }, { accepted, duplicates, rejected }),
    );
    return Response.json(answer, { status: 200 });
  } catch (error) {
    const problem = storageProblemOf(error);
    if (problem) {
      // Nothing of the batch was stored (one transaction). The refusal is audited when the database lets us.
      console.error(`POST /api/v1/events refused: ${problem}`);
      if (caller)
        await audit(
          database,
          caller,
          { eventCount: null },
          null,
          "ServiceUnavailable",
          STORAGE_PROBLEM_MESSAGES[problem],
        ).catch(() => undefined);
      return Response.json(
        { error: STORAGE_PROBLEM_MESSAGES[problem], reason: problem },
        { status: 503, headers: { "retry-after": "5" } },
      );
    }
    // Name the failure in the server log only: no stack, no request data, never a secret.
    console.error(
      "POST /api/v1/events failed:",
      error instanceof Error ? `${error.name}: ${error.message}` : "unknown error",
    );
    if (caller)
      await audit(database, caller, { eventCount: null }, null, "InternalError", "Internal error").catch(
        () => undefined,
      );
    return errorResponse(500, "Internal error");
  }
}

/** Validate each record, store the valid ones in one ingestEvents call, answer per index in input order. `record`
 *  makes an event of the answer (the API call's audit record), stored in the same transaction. */
export async function ingestBatch(
  database: Database,
  records: unknown[],
  record?: (answer: IngestResponse) => NormalisedEvent,
): Promise<IngestResponse> {
  const results: EventResult[] = [];
  const valid: NormalisedEvent[] = [];
  records.forEach((record, index) => {
    const normalised = normaliseOwnShape(record, JSON.stringify(record) ?? "null", "api");
    // A value the database would refuse (a NUL character, say) is this record's rejection, not the batch's failure.
    const problem = normalised.ok ? unstorable(normalised.event) : null;
    if (normalised.ok && !problem) {
      valid.push(normalised.event);
      results.push({ index, eventId: normalised.event.eventId, status: "accepted" });
    } else {
      const eventId = isObject(record) && typeof record.eventId === "string" ? record.eventId : null;
      results.push({ index, eventId, status: "rejected", reason: problem ?? (normalised.ok ? "" : normalised.reason) });
    }
  });
  const answerOf = (insertedEventIds: string[]): IngestResponse => {
    // ingestEvents names each stored eventId once: its first occurrence in the batch is the accepted one.
    const fresh = new Set(insertedEventIds);
    const answered = results.map((result) =>
      result.status === "rejected" || fresh.delete(result.eventId!)
        ? result
        : { ...result, status: "duplicate" as const },
    );
    const count = (status: EventStatus) => answered.filter((r) => r.status === status).length;
    return {
      accepted: count("accepted"),
      duplicates: count("duplicate"),
      rejected: count("rejected"),
      results: answered,
    };
  };
  const { insertedEventIds } = await ingestEvents(
    database,
    valid,
    record && { then: (inserted) => [record(answerOf(inserted))] },
  );
  return answerOf(insertedEventIds);
}

/** Read at most `limit` bytes: null if the body is (or claims to be) larger. */
export async function readBody(request: Request, limit: number): Promise<Uint8Array | null> {
  const declared = Number(request.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > limit) return null;
  if (!request.body) return new Uint8Array(0);
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel().catch(() => undefined);
      return null;
    }
    chunks.push(value);
  }
  const body = new Uint8Array(size);
  let offset = 0;
  for (const chunk of chunks) {
    body.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return body;
}

/** The API call itself as an audited event. It moves the key's last-used fields through ingestEvents. */
export function putEventsEvent(
  caller: Caller,
  requestParameters: { eventCount: number | null },
  responseElements: Record<string, unknown> | null,
  errorCode: string | null = null,
  errorMessage: string | null = null,
): NormalisedEvent {
  return putEventsRecord(caller.key, caller.eventTime, {
    sourceIpAddress: caller.meta.sourceIpAddress,
    userAgent: caller.meta.userAgent,
    region: caller.region,
    errorCode,
    errorMessage,
    requestParameters,
    responseElements,
  });
}

async function audit(
  database: Database,
  caller: Caller,
  requestParameters: { eventCount: number | null },
  responseElements: Record<string, unknown> | null,
  errorCode: string | null = null,
  errorMessage: string | null = null,
): Promise<void> {
  await ingestEvents(database, [putEventsEvent(caller, requestParameters, responseElements, errorCode, errorMessage)]);
}

function errorResponse(status: number, error: string): Response {
  return Response.json({ error }, { status });
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
