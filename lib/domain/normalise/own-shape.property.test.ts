// Property-based tests (fast-check) for the normaliser of our own event shape (issue 7): what JSON Lines exports
// carry and what the ingest API accepts, so anyone with an AccessKey can send it. normaliseOwnShape must never throw
// and must give every record exactly one outcome: an event satisfying the NormalisedEvent invariants, or a rejection
// naming the field at fault. Checked on arbitrary JSON, on events written by toOwnShape (accepted, and read back
// equal to the event written: a lossless round trip), on those records with fields dropped or replaced by hostile
// values, and on each documented length limit (one character over is refused, naming the field).
// The seed is fixed so a run is reproducible; FC_SEED=<n> / FC_RUNS=<n> explore further.
import { isIP } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EVENT_TYPES, toOwnShape, type NormalisedEvent } from "../event";
import { normaliseOwnShape } from "./own-shape";
import type { NormaliseResult } from "./result";

type Rec = Record<string, unknown>;

const RUNS = { numRuns: Number(process.env.FC_RUNS) || 300, seed: Number(process.env.FC_SEED) || 7004 };

// --- The invariants every outcome must satisfy ------------------------------------------------------------------

const nullableString = (v: unknown) => v === null || typeof v === "string";
const nullableBool = (v: unknown) => v === null || typeof v === "boolean";
const plainObjectOrNull = (v: unknown) => v === null || (typeof v === "object" && !Array.isArray(v));

/** Exactly one outcome: a well-formed event carrying `raw` verbatim, or a reason naming a field. */
function expectOneOutcome(result: NormaliseResult, raw: string): void {
  expect(typeof result).toBe("object");
  if (!result.ok) {
    expect(Object.keys(result).sort()).toEqual(["ok", "reason"]);
    expect(typeof result.reason).toBe("string");
    // "<field>: <message>", the field being "record" when the value is not an object at all.
    expect(result.reason).toMatch(/^[^:]+: \S/);
    return;
  }
  expect(Object.keys(result).sort()).toEqual(["event", "ok"]);
  const e = result.event;
  // The schema's own rule: 1 to 128 characters (a blank ID is an ID, as the sender chose it).
  expect(typeof e.eventId === "string" && e.eventId.length > 0 && e.eventId.length <= 128).toBe(true);
  expect(e.eventTime).toBeInstanceOf(Date);
  expect(Number.isNaN(e.eventTime.getTime())).toBe(false);
  for (const text of [e.eventName, e.eventSource]) expect(typeof text === "string" && text.length > 0).toBe(true);
  // service is serviceName lower-cased, else the first label of eventSource: non-empty whenever that label is.
  expect(typeof e.service).toBe("string");
  if (e.eventSource.split(".")[0] !== "") expect(e.service).not.toBe("");
  expect(EVENT_TYPES).toContain(e.eventType);
  expect(nullableBool(e.readOnly)).toBe(true);
  expect(typeof e.sensitive).toBe("boolean");
  for (const v of [e.accountId, e.userAgent, e.region, e.requestId, e.errorCode, e.errorMessage]) expect(nullableString(v)).toBe(true);
  const u = e.userIdentity;
  for (const v of [u.type, u.principalId, u.userName, u.accessKeyId, u.roleName]) expect(nullableString(v)).toBe(true);
  expect(nullableBool(u.mfaUsed)).toBe(true);
  expect(e.sourceIpAddress === null || isIP(e.sourceIpAddress) !== 0).toBe(true);
  expect(Array.isArray(e.resources)).toBe(true);
  expect(e.resources.length).toBeLessThanOrEqual(100);
  for (const r of e.resources) expect(typeof r.type === "string" && typeof r.name === "string").toBe(true);
  expect(plainObjectOrNull(e.requestParameters)).toBe(true);
  expect(plainObjectOrNull(e.responseElements)).toBe(true);
  expect(e.raw).toBe(raw);
  expect(() => JSON.parse(e.raw)).not.toThrow();
}

/** Normalise as the importer does (parsed record + its exact text), twice: same answer, input untouched. */
function normaliseChecked(record: unknown): NormaliseResult {
  const raw = JSON.stringify(record) ?? "null";
  const before = structuredClone(record);
  const first = normaliseOwnShape(record, raw, "jsonl");
  expectOneOutcome(first, raw);
  expect(normaliseOwnShape(record, raw, "jsonl")).toEqual(first);
  expect(record).toEqual(before);
  return first;
}

// --- Generators -------------------------------------------------------------------------------------------------

/** 1..max characters (UTF-16 units, as zod counts them), anything printable or not. */
const text = (max: number) => fc.string({ unit: "grapheme", minLength: 1, maxLength: Math.min(max, 40) }).filter((s) => s.length <= max);
const optionalText = (max: number) => fc.option(text(max), { nil: null });
const ipAddress = fc.oneof(fc.ipV4(), fc.ipV6());
/** What cleanIp keeps of a valid address: IPv4 as is, IPv6 in lower case, an IPv4-mapped IPv6 as its IPv4. */
const canonicalIp = (ip: string) => /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1] ?? ip.toLowerCase();
/**
 * A JSON object as it reads back from JSON (no -0, no undefined). No "__proto__" key at the top: zod's record
 * parsing drops it (found by these tests, reported, not fixed here since the record itself is kept, raw verbatim).
 */
const jsonObject = fc.option(
  fc
    .dictionary(fc.string({ maxLength: 10 }).filter((k) => k !== "__proto__"), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 4 })
    .map((o) => JSON.parse(JSON.stringify(o)) as Rec),
  { nil: null },
);

/** An event within the schema's limits, in the form normaliseOwnShape gives back (service lower case, canonical IP). */
const ownEvent: fc.Arbitrary<Omit<NormalisedEvent, "raw">> = fc.record({
  eventId: fc.oneof(fc.uuid(), text(128)),
  eventTime: fc.date({ min: new Date("1970-01-01T00:00:00Z"), max: new Date("2999-12-31T23:59:59Z"), noInvalidDate: true }),
  origin: fc.constant("jsonl" as const),
  eventName: fc.oneof(fc.stringMatching(/^[A-Z][A-Za-z0-9]{1,40}$/), text(128)),
  eventSource: fc.oneof(fc.constantFrom("iam.amazonaws.com", "ram.aliyuncs.com", "keytrail"), text(256)),
  service: fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/),
  eventType: fc.constantFrom(...EVENT_TYPES),
  readOnly: fc.option(fc.boolean(), { nil: null }),
  sensitive: fc.boolean(),
  accountId: optionalText(64),
  userIdentity: fc.record({
    type: optionalText(64),
    principalId: optionalText(256),
    userName: optionalText(256),
    accessKeyId: fc.option(fc.oneof(fc.stringMatching(/^(AKIA|LTAI)[A-Z0-9]{16}$/), text(128)), { nil: null }),
    mfaUsed: fc.option(fc.boolean(), { nil: null }),
    roleName: optionalText(256),
  }),
  sourceIpAddress: fc.option(ipAddress.map(canonicalIp), { nil: null }),
  userAgent: optionalText(1024),
  region: optionalText(64),
  resources: fc.array(fc.record({ type: fc.string({ maxLength: 30 }), name: fc.string({ maxLength: 60 }) }), { maxLength: 5 }),
  requestId: optionalText(256),
  errorCode: optionalText(256),
  errorMessage: optionalText(4096),
  requestParameters: jsonObject,
  responseElements: jsonObject,
});

/** Values a hostile or broken producer might put in any field. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    "", " ", "\t\n", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "'; DROP TABLE events; --",
    "\u0000", "a\u0000b", "\u202e\u200b\uFEFF", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🔑", "null", "NaN", "__proto__", "constructor", "toString",
  ),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), maxLength: 10 }),
  fc.integer({ min: 10_000, max: 100_000 }).map((n) => "x".repeat(n)),
  fc.constantFrom(null, true, false, 0, -1, 1e16, -1e16, 1e21, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.5),
  fc.constantFrom(
    "2023-02-30T00:00:00Z", "2023-13-01T00:00:00Z", "2023-01-01T24:00:00Z", "2023-01-01 00:00:00", "0000-00-00T00:00:00Z",
    "yesterday", "2023-01-01T00:00:00+99:99", "2023-01-01T00:00:00", "+275760-09-13T00:00:00.001Z", "1680513809",
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

const FIELD_PATHS: string[][] = [
  ["eventId"], ["eventTime"], ["eventName"], ["eventSource"], ["serviceName"], ["eventType"], ["readOnly"], ["sensitive"],
  ["accountId"], ["userIdentity"], ["userIdentity", "type"], ["userIdentity", "userName"], ["userIdentity", "accessKeyId"],
  ["userIdentity", "mfaUsed"], ["sourceIpAddress"], ["userAgent"], ["region"], ["resources"], ["requestId"], ["errorCode"],
  ["errorMessage"], ["requestParameters"], ["responseElements"],
];

/** Set (or, for undefined, delete) a field at `path`, when its parent is an object. */
function setPath(record: Rec, path: string[], value: unknown): void {
  let parent: unknown = record;
  for (const key of path.slice(0, -1)) parent = (parent as Rec)[key];
  if (typeof parent !== "object" || parent === null || Array.isArray(parent)) return;
  const key = path[path.length - 1];
  if (value === undefined) delete (parent as Rec)[key];
  else (parent as Rec)[key] = value;
}

/** A record written by toOwnShape with one to three fields dropped or replaced, as JSON.parse would hand it over. */
const almostValid: fc.Arbitrary<unknown> = fc
  .tuple(
    ownEvent,
    fc.array(fc.tuple(fc.constantFrom(...FIELD_PATHS), fc.option(hostileValue, { nil: undefined, freq: 3 })), { minLength: 1, maxLength: 3 }),
  )
  .map(([event, edits]) => {
    const record = JSON.parse(JSON.stringify(toOwnShape(event))) as Rec;
    for (const [path, value] of edits) setPath(record, path, value);
    return JSON.parse(JSON.stringify(record)) as unknown;
  });

// The schema's documented limits (own-shape.ts): one character more is refused.
const LIMITS: [path: string[], max: number][] = [
  [["eventId"], 128], [["eventName"], 128], [["eventSource"], 256], [["serviceName"], 64], [["accountId"], 64],
  [["userIdentity", "type"], 64], [["userIdentity", "principalId"], 256], [["userIdentity", "userName"], 256],
  [["userIdentity", "accessKeyId"], 128], [["userIdentity", "roleName"], 256], [["sourceIpAddress"], 256],
  [["userAgent"], 1024], [["region"], 64], [["requestId"], 256], [["errorCode"], 256], [["errorMessage"], 4096],
];

// --- Properties -------------------------------------------------------------------------------------------------

describe("normaliseOwnShape (properties)", () => {
  it("never throws on arbitrary JSON values, and gives each exactly one outcome", () => {
    fc.assert(fc.property(fc.jsonValue(), (value) => void normaliseChecked(JSON.parse(JSON.stringify(value) ?? "null"))), RUNS);
  });

  it("never throws on arbitrary values that are not JSON at all (undefined, NaN, sparse arrays, ...)", () => {
    fc.assert(fc.property(fc.anything(), (value) => expectOneOutcome(normaliseOwnShape(value, "{}"), "{}")), RUNS);
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
    const pad = (n: number) => String(n).padStart(2, "0");
    fc.assert(
      fc.property(ownEvent, fc.integer({ min: -48, max: 56 }).map((q) => q * 15), (event, offset) => {
        const local = new Date(event.eventTime.getTime() + offset * 60_000).toISOString().slice(0, 23);
        const abs = Math.abs(offset);
        const eventTime = `${local}${offset < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
        const result = normaliseChecked({ ...JSON.parse(JSON.stringify(toOwnShape(event))), eventTime });
        expect(result.ok && result.event.eventTime.getTime()).toBe(event.eventTime.getTime());
      }),
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
    fc.assert(fc.property(almostValid, (record) => void normaliseChecked(record)), RUNS);
  });

  it("is deterministic: the same text normalised from two separate parses gives equal results", () => {
    fc.assert(
      fc.property(fc.oneof(ownEvent.map((e) => toOwnShape(e)), almostValid), (record) => {
        const raw = JSON.stringify(record);
        expect(normaliseOwnShape(JSON.parse(raw), raw)).toEqual(normaliseOwnShape(JSON.parse(raw), raw));
      }),
      RUNS,
    );
  });
});
