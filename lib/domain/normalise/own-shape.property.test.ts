// Property-based tests (fast-check) for the normaliser of our own event shape (issue 7): what JSON Lines exports
// carry and what the ingest API accepts, so anyone with an AccessKey can send it. normaliseOwnShape must never throw
// and must give every record exactly one outcome: an event satisfying the NormalisedEvent invariants, or a rejection
// naming the field at fault. Checked on arbitrary JSON, on events written by toOwnShape (accepted, and read back
// equal to the event written: a lossless round trip), on those records with fields dropped or replaced by hostile
// values, and on each documented length limit (one character over is refused, naming the field).
// The seed is fixed so a run is reproducible; FC_SEED=<n> / FC_RUNS=<n> explore further.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { toOwnShape } from "../event";
import {
  canonicalIp,
  expectOneOutcome,
  fcRuns,
  HOSTILE_ISO_TIMES,
  hostileValues,
  ipAddress,
  normaliseAndCheck,
  ownShapeEvent,
  pad,
  setPath,
  textUpTo,
  type OutcomeRules,
  type Rec,
} from "./normalise-properties";
import { normaliseOwnShape } from "./own-shape";

const RUNS = fcRuns(7004);

/** Every outcome: exactly one, by the own shape's rules (a reason names a field; IDs and names as the sender chose). */
const OUTCOME: OutcomeRules = { ownShape: true };
const normaliseChecked = (record: unknown) =>
  normaliseAndCheck((r, raw) => normaliseOwnShape(r, raw, "jsonl"), record, OUTCOME);

// --- Generators -------------------------------------------------------------------------------------------------

/** 1..max characters (UTF-16 units, as zod counts them), anything printable or not. */
const text = (max: number) => textUpTo(max, 40);
/**
 * A JSON object as it reads back from JSON (no -0, no undefined). No "__proto__" key at the top: zod's record
 * parsing drops it (found by these tests, reported, not fixed here since the record itself is kept, raw verbatim).
 */
const jsonObject = fc.option(
  fc
    .dictionary(
      fc.string({ maxLength: 10 }).filter((k) => k !== "__proto__"),
      fc.jsonValue({ maxDepth: 2 }),
      { maxKeys: 4 },
    )
    .map((o) => JSON.parse(JSON.stringify(o)) as Rec),
  { nil: null },
);

/** An event within the schema's limits, in the form normaliseOwnShape gives back (service lower case, canonical IP). */
const ownEvent = ownShapeEvent({
  origin: "jsonl",
  eventId: fc.oneof(fc.uuid(), text(128)),
  text,
  eventSources: ["iam.amazonaws.com", "ram.aliyuncs.com", "keytrail"],
  accessKeyId: fc.oneof(fc.stringMatching(/^(AKIA|LTAI)[A-Z0-9]{16}$/), text(128)),
  sourceIpAddress: ipAddress.map(canonicalIp),
  resources: { type: 30, name: 60, count: 5 },
  json: jsonObject,
});

/** Values a hostile or broken producer might put in any field. */
const hostileValue = hostileValues({ times: [...HOSTILE_ISO_TIMES, "1680513809"] });

const FIELD_PATHS: string[][] = [
  ["eventId"],
  ["eventTime"],
  ["eventName"],
  ["eventSource"],
  ["serviceName"],
  ["eventType"],
  ["readOnly"],
  ["sensitive"],
  ["accountId"],
  ["userIdentity"],
  ["userIdentity", "type"],
  ["userIdentity", "userName"],
  ["userIdentity", "accessKeyId"],
  ["userIdentity", "mfaUsed"],
  ["sourceIpAddress"],
  ["userAgent"],
  ["region"],
  ["resources"],
  ["requestId"],
  ["errorCode"],
  ["errorMessage"],
  ["requestParameters"],
  ["responseElements"],
];

/** A record written by toOwnShape with one to three fields dropped or replaced, as JSON.parse would hand it over. */
const almostValid: fc.Arbitrary<unknown> = fc
  .tuple(
    ownEvent,
    fc.array(fc.tuple(fc.constantFrom(...FIELD_PATHS), fc.option(hostileValue, { nil: undefined, freq: 3 })), {
      minLength: 1,
      maxLength: 3,
    }),
  )
  .map(([event, edits]) => {
    const record = JSON.parse(JSON.stringify(toOwnShape(event))) as Rec;
    for (const [path, value] of edits) setPath(record, path, value);
    return JSON.parse(JSON.stringify(record)) as unknown;
  });

// The schema's documented limits (own-shape.ts): one character more is refused.
const LIMITS: [path: string[], max: number][] = [
  [["eventId"], 128],
  [["eventName"], 128],
  [["eventSource"], 256],
  [["serviceName"], 64],
  [["accountId"], 64],
  [["userIdentity", "type"], 64],
  [["userIdentity", "principalId"], 256],
  [["userIdentity", "userName"], 256],
  [["userIdentity", "accessKeyId"], 128],
  [["userIdentity", "roleName"], 256],
  [["sourceIpAddress"], 256],
  [["userAgent"], 1024],
  [["region"], 64],
  [["requestId"], 256],
  [["errorCode"], 256],
  [["errorMessage"], 4096],
];

// --- Properties -------------------------------------------------------------------------------------------------

describe("normaliseOwnShape (properties)", () => {
  it("never throws on arbitrary JSON values, and gives each exactly one outcome", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => void normaliseChecked(JSON.parse(JSON.stringify(value) ?? "null"))),
      RUNS,
    );
  });

  it("never throws on arbitrary values that are not JSON at all (undefined, NaN, sparse arrays, ...)", () => {
    fc.assert(
      fc.property(fc.anything(), (value) => expectOneOutcome(normaliseOwnShape(value, "{}"), "{}", OUTCOME)),
      RUNS,
    );
  });

  it("reads back every event toOwnShape writes, equal to the event written (a lossless round trip)", () => {
    fc.assert(
      fc.property(ownEvent, (event) => {
        const raw = JSON.stringify(toOwnShape(event));
        const result = normaliseChecked(JSON.parse(raw));
        if (!result.ok) throw new Error(`rejected a well-formed event: ${result.reason}`);
        expect(result.event).toEqual({ ...event, raw });
        // The key fields, spelled out.
        expect(result.event.eventName).toBe(event.eventName);
        expect(result.event.eventTime.getTime()).toBe(event.eventTime.getTime());
        expect(result.event.sourceIpAddress).toBe(event.sourceIpAddress);
        expect(result.event.userIdentity.userName).toBe(event.userIdentity.userName);
        expect(result.event.userIdentity.accessKeyId).toBe(event.userIdentity.accessKeyId);
      }),
      RUNS,
    );
  });

  it("keeps the instant of an eventTime written at any UTC offset", () => {
    fc.assert(
      fc.property(
        ownEvent,
        fc.integer({ min: -48, max: 56 }).map((q) => q * 15),
        (event, offset) => {
          const local = new Date(event.eventTime.getTime() + offset * 60_000).toISOString().slice(0, 23);
          const abs = Math.abs(offset);
          const eventTime = `${local}${offset < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
          const result = normaliseChecked({ ...JSON.parse(JSON.stringify(toOwnShape(event))), eventTime });
          expect(result.ok && result.event.eventTime.getTime()).toBe(event.eventTime.getTime());
        },
      ),
      RUNS,
    );
  });

  it("rejects a record without an essential field, naming that field", () => {
    const essentials = fc.constantFrom("eventId", "eventTime", "eventName", "eventSource");
    const missing = fc.constantFrom(undefined, null, "", 42, true, [], {});
    fc.assert(
      fc.property(ownEvent, essentials, missing, (event, field, value) => {
        const record = JSON.parse(JSON.stringify(toOwnShape(event))) as Rec;
        if (value === undefined) delete record[field];
        else record[field] = value;
        const result = normaliseChecked(record);
        expect(result.ok).toBe(false);
        expect(!result.ok && result.reason.startsWith(`${field}: `)).toBe(true);
      }),
      RUNS,
    );
  });

  it("accepts each text field at its length limit and refuses it one character over, naming the field", () => {
    fc.assert(
      fc.property(ownEvent, fc.constantFrom(...LIMITS), fc.constantFrom("a", "é", "<"), (event, [path, max], char) => {
        const record = JSON.parse(JSON.stringify(toOwnShape(event))) as Rec;
        if (!record.userIdentity) record.userIdentity = {};
        setPath(record, path, char.repeat(max));
        expect(normaliseChecked(record).ok).toBe(true);
        setPath(record, path, char.repeat(max + 1));
        const result = normaliseChecked(record);
        expect(result.ok).toBe(false);
        expect(!result.ok && result.reason.startsWith(`${path.join(".")}: `)).toBe(true);
      }),
      RUNS,
    );
  });

  it("never throws on almost-valid records (fields dropped or replaced by hostile values): one outcome each", () => {
    fc.assert(
      fc.property(almostValid, (record) => void normaliseChecked(record)),
      RUNS,
    );
  });

  it("is deterministic: the same text normalised from two separate parses gives equal results", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          ownEvent.map((e) => toOwnShape(e)),
          almostValid,
        ),
        (record) => {
          const raw = JSON.stringify(record);
          expect(normaliseOwnShape(JSON.parse(raw), raw)).toEqual(normaliseOwnShape(JSON.parse(raw), raw));
        },
      ),
      RUNS,
    );
  });
});
