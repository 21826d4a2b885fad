// Property-based tests (fast-check) for the ingest API's request validation (issue 7): handleIngestRequest (body
// limits, media type, JSON, the "events" array and its 1,000-event limit) and ingestBatch (each event validated
// as our own shape, answered per index). Anyone holding an AccessKey can send any bytes, so the handler must never
// throw or answer 500 for a bad request, must refuse it with an error naming the problem, and must answer every
// event it is given exactly once: accepted, duplicate or rejected with a reason. Storage and SigV4 are replaced by
// fakes (an in-memory, idempotent-on-eventId store; a signature check that passes), so these are pure unit tests:
// the real database path and signatures are covered by tests/integration/ingest-api.test.ts.
// The seed is fixed so a run is reproducible; FC_SEED=<n> / FC_RUNS=<n> explore further.
import fc from "fast-check";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Database } from "@/lib/db/client";
import { toOwnShape, type NormalisedEvent } from "@/lib/domain/event";
import { fcRuns, ownShapeEvent, textUpTo } from "@/lib/domain/normalise/normalise-properties";
import { normaliseOwnShape } from "@/lib/domain/normalise/own-shape";
import { handleIngestRequest, ingestBatch, MAX_BODY_BYTES, MAX_EVENTS, type IngestResponse } from "./ingest-request";

/** The fake store: eventIds stored so far, and every batch handed to ingestEvents. */
const store = vi.hoisted(() => ({ ids: new Set<string>(), batches: [] as NormalisedEvent[][] }));

vi.mock("@/lib/db/ingest-events", () => ({
  // Like the real one: idempotent on eventId, names each newly stored eventId once, in input order.
  ingestEvents: async (_database: unknown, events: NormalisedEvent[]) => {
    store.batches.push(events);
    const insertedEventIds: string[] = [];
    for (const event of events) {
      if (store.ids.has(event.eventId)) continue;
      store.ids.add(event.eventId);
      insertedEventIds.push(event.eventId);
    }
    return { inserted: insertedEventIds.length, duplicates: events.length - insertedEventIds.length, insertedEventIds };
  },
}));

vi.mock("./verify-signature", async (original) => ({
  ...(await original<typeof import("./verify-signature")>()),
  verifySignature: async () => ({
    ok: true,
    region: "cn-hangzhou",
    key: {
      accessKeyId: "LTAIPROPERTYTEST0001",
      status: "Active",
      userName: "sender",
      principalId: "200",
      userType: "SubUser",
      accountId: "1000000000001",
      ownerDeleted: false,
      deleted: false,
      mayIngest: true,
      accountDbId: 1,
      ownerId: 200,
      ownerConsoleAccess: false,
      ownerConsoleRole: null,
      ownerMustChangePassword: false,
    },
  }),
}));

// The refused-signature counters live in the database, which this test replaces: every call here is accepted.
vi.mock("./refused-signatures", () => ({
  recordClosedWindowsIfDue: async () => undefined,
  recordRefusedSignature: async () => undefined,
}));

const database = {} as Database;
const URL_ = "http://keytrail.test/api/v1/events";
const RUNS = fcRuns(7005, 200);
/** Any UTF-16 text, lone surrogates and control characters included (cheaper to set up than unit "binary"). */
const utf16Unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const anyText = (maxLength: number) => fc.string({ unit: utf16Unit, maxLength });

function resetStore(): void {
  store.ids.clear();
  store.batches.length = 0;
}
beforeEach(resetStore);

/** The events ingested for the caller's records, without the PutEvents audit record of the call itself. */
const ingestedRecords = () =>
  store.batches.flat().filter((e) => !(e.origin === "keytrail" && e.eventName === "PutEvents"));

// --- Generators -------------------------------------------------------------------------------------------------

const text = (max: number) => textUpTo(max, 30);

/** An event within the own-shape limits (what a well-behaved sender posts), its ID from `ids`. */
const ownEvent = (ids: fc.Arbitrary<string>) =>
  ownShapeEvent({
    origin: "api",
    eventId: ids,
    text,
    eventSources: ["iam.amazonaws.com", "ram.aliyuncs.com", "billing.example.com"],
    accessKeyId: fc.stringMatching(/^(AKIA|LTAI)[A-Z0-9]{16}$/),
    sourceIpAddress: fc.ipV4(),
    resources: { type: 20, name: 40, count: 3 },
    json: fc.constant(null),
  });

/** Distinct well-formed events, as the records a sender posts (JSON objects of our own shape). */
const validRecords = (maxLength: number) =>
  fc
    .uniqueArray(ownEvent(fc.oneof(fc.uuid(), text(128))), { maxLength, selector: (e) => e.eventId })
    .map((events) => events.map((e) => toOwnShape(e)));

/** Values a hostile or broken sender might put in any field. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    "",
    " ",
    "<script>alert(1)</script>",
    "\u0000",
    "\u202e",
    "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🔑",
    "__proto__",
    "toString",
    "yesterday",
    "2023-02-30T00:00:00Z",
  ),
  fc.constantFrom(null, true, 0, -1, 1e308, Number.MAX_SAFE_INTEGER + 2),
  fc.integer({ min: 129, max: 20_000 }).map((n) => "x".repeat(n)),
  fc.jsonValue({ maxDepth: 2 }),
);
const FIELDS = [
  "eventId",
  "eventTime",
  "eventName",
  "eventSource",
  "eventType",
  "readOnly",
  "sensitive",
  "userIdentity",
  "sourceIpAddress",
  "resources",
  "requestParameters",
];

/** A batch mixing well-formed records, damaged ones and arbitrary JSON values. */
const mixedRecords: fc.Arbitrary<unknown[]> = fc.array(
  fc.oneof(
    ownEvent(fc.uuid()).map((e) => toOwnShape(e) as unknown),
    fc
      .tuple(ownEvent(fc.uuid()), fc.constantFrom(...FIELDS), fc.option(hostileValue, { nil: undefined }))
      .map(([e, field, value]) => {
        const record = toOwnShape(e);
        if (value === undefined) delete record[field];
        else record[field] = value;
        return JSON.parse(JSON.stringify(record)) as unknown;
      }),
    fc.jsonValue({ maxDepth: 2 }),
  ),
  { maxLength: 25 },
);

/** Any Authorization header: the fake signature check passes it, and without one the route door asks for it. */
const SIGNED = { authorization: "AWS4-HMAC-SHA256 checked-by-the-fake" };

function post(body: BodyInit | null, contentType: string | null = "application/json"): Request {
  const headers: Record<string, string> = {
    ...SIGNED,
    "x-forwarded-for": "198.51.100.7",
    "user-agent": "property-test",
  };
  if (contentType !== null) headers["content-type"] = contentType;
  return new Request(URL_, { method: "POST", headers, body });
}

/** A body streamed in chunks (no Content-Length), as a chunked upload arrives. */
function streamedPost(size: number): Request {
  const chunk = new Uint8Array(64 * 1024).fill(0x20);
  let left = size;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (left <= 0) return controller.close();
      const piece = chunk.subarray(0, Math.min(chunk.length, left));
      left -= piece.length;
      controller.enqueue(piece);
    },
  });
  return new Request(URL_, {
    method: "POST",
    headers: { ...SIGNED, "content-type": "application/json" },
    body,
    duplex: "half",
  } as RequestInit);
}

async function answer(request: Request): Promise<{ status: number; json: Record<string, unknown> }> {
  const response = await handleIngestRequest(request, database, { env: {} });
  return { status: response.status, json: (await response.json()) as Record<string, unknown> };
}

/** Every record answered once, in input order, with counts that add up; rejections carry a reason. */
function expectEveryRecordAnswered(result: IngestResponse, records: unknown[]): void {
  expect(result.results.map((r) => r.index)).toEqual(records.map((_, i) => i));
  expect(result.accepted + result.duplicates + result.rejected).toBe(records.length);
  expect(result.accepted).toBe(result.results.filter((r) => r.status === "accepted").length);
  expect(result.duplicates).toBe(result.results.filter((r) => r.status === "duplicate").length);
  for (const r of result.results) {
    if (r.status === "rejected") expect(r.reason).toMatch(/^[^:]+: \S/);
    else {
      expect(r.reason).toBeUndefined();
      expect(typeof r.eventId === "string" && r.eventId.length > 0).toBe(true);
    }
  }
}

// --- ingestBatch ------------------------------------------------------------------------------------------------

describe("ingestBatch (properties)", () => {
  it("answers every record of an arbitrary batch exactly once, and stores exactly the valid ones", async () => {
    await fc.assert(
      fc.asyncProperty(fc.oneof(mixedRecords, fc.array(fc.jsonValue(), { maxLength: 10 })), async (records) => {
        resetStore();
        const result = await ingestBatch(database, records);
        expectEveryRecordAnswered(result, records);
        // The same decision as the validator's, record by record, with its reason.
        records.forEach((record, i) => {
          const alone = normaliseOwnShape(record, "{}", "api");
          expect(result.results[i].status === "rejected").toBe(!alone.ok);
          if (!alone.ok) expect(result.results[i].reason).toBe(alone.reason);
        });
        expect(ingestedRecords().length).toBe(result.accepted + result.duplicates);
      }),
      RUNS,
    );
  });

  it("accepts every record of a valid batch with distinct eventIds, storing each as sent", async () => {
    await fc.assert(
      fc.asyncProperty(validRecords(30), async (records) => {
        resetStore();
        const result = await ingestBatch(database, JSON.parse(JSON.stringify(records)) as unknown[]);
        expect(result).toMatchObject({ accepted: records.length, duplicates: 0, rejected: 0 });
        const stored = ingestedRecords();
        expect(stored.map((e) => e.eventId)).toEqual(records.map((r) => r.eventId));
        stored.forEach((event, i) => {
          expect(event.eventName).toBe(records[i].eventName);
          expect(event.eventTime.toISOString()).toBe(records[i].eventTime);
          expect(event.sourceIpAddress).toBe((records[i].sourceIpAddress as string | null) ?? null);
          expect(event.userIdentity).toEqual(records[i].userIdentity);
          expect(event.origin).toBe("api");
          expect(event.raw).toBe(JSON.stringify(records[i]));
        });
      }),
      RUNS,
    );
  });

  it("is idempotent on eventId: repeats in a batch and a resent batch are duplicates, never stored twice", async () => {
    await fc.assert(
      fc.asyncProperty(
        validRecords(10).filter((r) => r.length > 0),
        fc.array(fc.nat(), { maxLength: 10 }),
        async (records, picks) => {
          resetStore();
          const repeated = [...records, ...picks.map((p) => records[p % records.length])];
          const first = await ingestBatch(database, repeated);
          expectEveryRecordAnswered(first, repeated);
          expect(first).toMatchObject({ accepted: records.length, duplicates: picks.length, rejected: 0 });
          const again = await ingestBatch(database, repeated);
          expect(again).toMatchObject({ accepted: 0, duplicates: repeated.length, rejected: 0 });
          expect(store.ids.size).toBe(records.length);
        },
      ),
      RUNS,
    );
  });
});

// --- handleIngestRequest ----------------------------------------------------------------------------------------

describe("handleIngestRequest (properties)", () => {
  const quiet = () => vi.spyOn(console, "error").mockImplementation(() => undefined);

  it("never throws nor answers 500 for an arbitrary body: 200 with every event answered, or 400 naming the problem", async () => {
    const errors = quiet();
    const bodies = fc.oneof(
      anyText(200),
      fc.jsonValue().map((v) => JSON.stringify(v) ?? ""),
      fc.jsonValue().map((v) => JSON.stringify({ events: v })),
      mixedRecords.map((events) => JSON.stringify({ events })),
      mixedRecords.chain((events) => fc.nat().map((cut) => JSON.stringify({ events }).slice(0, cut))),
      fc.uint8Array({ maxLength: 100 }).map((bytes) => new Blob([Uint8Array.from([0x7b, ...bytes])])),
    );
    await fc.assert(
      fc.asyncProperty(bodies, async (body) => {
        resetStore();
        const { status, json } = await answer(post(body));
        expect([200, 400]).toContain(status);
        if (status === 400) {
          expect(json.error).toMatch(
            /^(Body is not valid JSON: .+|Body must be a JSON object with an "events" array)$/s,
          );
          expect(ingestedRecords()).toEqual([]);
          return;
        }
        const result = json as unknown as IngestResponse;
        const events = (JSON.parse(body as string) as { events: unknown[] }).events;
        expectEveryRecordAnswered(result, events);
      }),
      RUNS,
    );
    expect(errors).not.toHaveBeenCalled();
    errors.mockRestore();
  });

  it("accepts a valid payload of up to 1,000 events with the same count", async () => {
    await fc.assert(
      fc.asyncProperty(validRecords(40), async (events) => {
        resetStore();
        const { status, json } = await answer(post(JSON.stringify({ events })));
        expect(status).toBe(200);
        expect(json).toMatchObject({ accepted: events.length, duplicates: 0, rejected: 0 });
        expect(ingestedRecords().map((e) => e.eventId)).toEqual(events.map((e) => e.eventId));
      }),
      RUNS,
    );
    // The limit itself: exactly MAX_EVENTS events are taken.
    const atLimit = Array.from({ length: MAX_EVENTS }, (_, i) => ({
      eventId: `limit-${i}`,
      eventTime: "2026-01-01T00:00:00Z",
      eventName: "Put",
      eventSource: "x",
    }));
    const { status, json } = await answer(post(JSON.stringify({ events: atLimit })));
    expect(status).toBe(200);
    expect(json).toMatchObject({ accepted: MAX_EVENTS, rejected: 0 });
  });

  it("refuses more than 1,000 events with 413 naming the count, storing none of them", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: MAX_EVENTS + 1, max: MAX_EVENTS + 500 }),
        fc.jsonValue({ maxDepth: 1 }),
        async (count, one) => {
          resetStore();
          const { status, json } = await answer(
            post(JSON.stringify({ events: Array.from({ length: count }, () => one) })),
          );
          expect(status).toBe(413);
          expect(json.error).toBe(`Too many events: ${count} in one request; send at most 1,000 events per request`);
          expect(ingestedRecords()).toEqual([]);
        },
      ),
      { ...RUNS, numRuns: 20 },
    );
  });

  it("refuses a body over 5 MB with 413 (declared, sized or streamed), and takes one of exactly 5 MB", async () => {
    const oversize = fc.record({
      excess: fc.integer({ min: 1, max: 100_000 }),
      how: fc.constantFrom("declared", "sized", "streamed"),
    });
    await fc.assert(
      fc.asyncProperty(oversize, async ({ excess, how }) => {
        resetStore();
        const size = MAX_BODY_BYTES + excess;
        const request =
          how === "streamed"
            ? streamedPost(size)
            : how === "declared"
              ? new Request(URL_, {
                  method: "POST",
                  headers: { "content-type": "application/json", "content-length": String(size) },
                  body: '{"events":[]}',
                })
              : post(`{"events":[],"pad":"${"x".repeat(size - 22)}"}`);
        const { status, json } = await answer(request);
        expect(status).toBe(413);
        expect(json.error).toBe("Body larger than 5 MB: send at most 1,000 events or 5 MB per request");
        expect(ingestedRecords()).toEqual([]);
      }),
      { ...RUNS, numRuns: 8 },
    );
    const exactly = `{"events":[],"pad":"${"x".repeat(MAX_BODY_BYTES - 22)}"}`;
    expect(new TextEncoder().encode(exactly).byteLength).toBe(MAX_BODY_BYTES);
    expect(await answer(post(exactly))).toEqual({
      status: 200,
      json: { accepted: 0, duplicates: 0, rejected: 0, results: [] },
    });
  });

  it("refuses any media type other than application/json with 415, whatever the body", async () => {
    const mediaTypes = fc.oneof(
      fc.constant(null),
      fc.constantFrom(
        "text/plain",
        "application/x-www-form-urlencoded",
        "multipart/form-data; boundary=x",
        "application/jsonl",
        "application/json-patch+json",
        "json",
      ),
      fc.string({ maxLength: 30 }).filter((t) => t.split(";")[0].trim().toLowerCase() !== "application/json"),
    );
    await fc.assert(
      fc.asyncProperty(mediaTypes, validRecords(3), async (contentType, events) => {
        resetStore();
        let request: Request;
        try {
          request = post(JSON.stringify({ events }), contentType);
        } catch {
          return; // not a valid header value at all: no request can carry it
        }
        // Without a content-type of ours the body's own (text/plain for a string) is used.
        if (request.headers.get("content-type")?.split(";")[0].trim().toLowerCase() === "application/json") return;
        const { status, json } = await answer(request);
        expect(status).toBe(415);
        expect(json.error).toBe("Content-Type must be application/json");
        expect(ingestedRecords()).toEqual([]);
      }),
      RUNS,
    );
  });

  it("takes application/json in any letter case and with parameters", async () => {
    const spellings = fc.constantFrom(
      "application/json",
      "Application/JSON",
      "application/json; charset=utf-8",
      " APPLICATION/JSON ;charset=UTF-8",
    );
    await fc.assert(
      fc.asyncProperty(spellings, validRecords(3), async (contentType, events) => {
        resetStore();
        const { status, json } = await answer(post(JSON.stringify({ events }), contentType));
        expect(status).toBe(200);
        expect(json.accepted).toBe(events.length);
      }),
      { ...RUNS, numRuns: 50 },
    );
  });
});
