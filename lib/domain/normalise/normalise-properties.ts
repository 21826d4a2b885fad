// Test support shared by the property-based tests (fast-check) of the normalisers and the ingest API (issue 7):
// the run settings, the "exactly one outcome" invariants every NormaliseResult must satisfy, the twice-normalise check
// and the generators they have in common (hostile values, times, addresses, our own event shape). Used only by
// *.property.test.ts files; not itself a test file, so vitest does not collect it.
import { isIP } from "node:net";
import fc from "fast-check";
import { expect } from "vitest";
import { EVENT_TYPES, type EventOrigin, type NormalisedEvent } from "../event";
import type { NormaliseResult } from "./result";

export type Rec = Record<string, unknown>;
export type Normaliser = (record: unknown, raw: string) => NormaliseResult;

/** fast-check settings: the seed is fixed so a run is reproducible; FC_SEED=<n> / FC_RUNS=<n> explore further. */
export const fcRuns = (seed: number, numRuns = 300) => ({
  numRuns: Number(process.env.FC_RUNS) || numRuns,
  seed: Number(process.env.FC_SEED) || seed,
});

// --- The invariants every outcome must satisfy ------------------------------------------------------------------

const nullableString = (v: unknown) => v === null || typeof v === "string";
const nullableBool = (v: unknown) => v === null || typeof v === "boolean";
const plainObjectOrNull = (v: unknown) => v === null || (typeof v === "object" && !Array.isArray(v));

/** What an outcome must satisfy beyond the invariants every normaliser shares. */
export type OutcomeRules =
  /**
   * A provider's format (CloudTrail, ActionTrail, CloudAudit): every event carries that `origin`; eventId, eventName,
   * eventSource and a rejection's reason are non-blank; each resource name is non-empty, or non-blank.
   */
  | { origin: EventOrigin; resourceNames: "non-empty" | "non-blank" }
  /**
   * Our own shape: the caller picks the origin; a rejection's reason names a field; eventId is 1 to 128 characters,
   * eventName and eventSource are non-empty (blank allowed: as the sender chose them); at most 100 resources.
   */
  | { ownShape: true };

/** Exactly one outcome: a well-formed event carrying `raw` verbatim, or a reason (non-empty, or naming a field). */
export function expectOneOutcome(result: NormaliseResult, raw: string, rules: OutcomeRules): void {
  const own = "ownShape" in rules;
  expect(typeof result).toBe("object");
  if (!result.ok) {
    expect(result.ok).toBe(false);
    expect(Object.keys(result).sort()).toEqual(["ok", "reason"]);
    expect(typeof result.reason).toBe("string");
    // Own shape: "<field>: <message>", the field being "record" when the value is not an object at all.
    if (own) expect(result.reason).toMatch(/^[^:]+: \S/);
    else expect(result.reason.trim()).not.toBe("");
    return;
  }
  expect(Object.keys(result).sort()).toEqual(["event", "ok"]);
  const e = result.event;
  // Own shape: the schema's own rule, 1 to 128 characters (a blank ID is an ID, as the sender chose it).
  if (own) expect(typeof e.eventId === "string" && e.eventId.length > 0 && e.eventId.length <= 128).toBe(true);
  else expect(typeof e.eventId === "string" && e.eventId.trim() !== "").toBe(true);
  expect(e.eventTime).toBeInstanceOf(Date);
  expect(Number.isNaN(e.eventTime.getTime())).toBe(false);
  if (!own) expect(e.origin).toBe(rules.origin);
  for (const text of [e.eventName, e.eventSource]) {
    expect(typeof text === "string" && (own ? text.length > 0 : text.trim() !== "")).toBe(true);
  }
  // service is serviceName lower-cased (ActionTrail, own shape), else the first label of eventSource
  // (shortServiceName): non-empty whenever that label is.
  expect(typeof e.service).toBe("string");
  if (e.eventSource.split(".")[0] !== "") expect(e.service).not.toBe("");
  expect(EVENT_TYPES).toContain(e.eventType);
  expect(nullableBool(e.readOnly)).toBe(true);
  expect(typeof e.sensitive).toBe("boolean");
  for (const v of [e.accountId, e.userAgent, e.region, e.requestId, e.errorCode, e.errorMessage])
    expect(nullableString(v)).toBe(true);
  const u = e.userIdentity;
  for (const v of [u.type, u.principalId, u.userName, u.accessKeyId, u.roleName]) expect(nullableString(v)).toBe(true);
  expect(nullableBool(u.mfaUsed)).toBe(true);
  expect(e.sourceIpAddress === null || isIP(e.sourceIpAddress) !== 0).toBe(true);
  expect(Array.isArray(e.resources)).toBe(true);
  if (own) expect(e.resources.length).toBeLessThanOrEqual(100);
  const nameKept = (name: string) => own || (rules.resourceNames === "non-blank" ? name.trim() !== "" : name !== "");
  for (const r of e.resources)
    expect(typeof r.type === "string" && typeof r.name === "string" && nameKept(r.name)).toBe(true);
  expect(plainObjectOrNull(e.requestParameters)).toBe(true);
  expect(plainObjectOrNull(e.responseElements)).toBe(true);
  expect(e.raw).toBe(raw);
  expect(() => JSON.parse(e.raw)).not.toThrow();
}

/** The fields a generated well-formed record must keep exactly: its ID, name, source, instant, address and key. */
export interface KeyFields {
  eventId: string;
  eventName: string;
  eventSource: string;
  timeMs: number;
  ip: string;
  userName: string;
  accessKeyId: string;
}

/** The event keeps the record's key fields exactly (`ip` canonical, see canonicalIp). */
export function expectKeyFields(e: NormalisedEvent, expected: KeyFields): void {
  expect(e.eventId).toBe(expected.eventId);
  expect(e.eventName).toBe(expected.eventName);
  expect(e.eventSource).toBe(expected.eventSource);
  expect(e.eventTime.getTime()).toBe(expected.timeMs);
  expect(e.sourceIpAddress).toBe(expected.ip);
  expect(e.userIdentity.userName).toBe(expected.userName);
  expect(e.userIdentity.accessKeyId).toBe(expected.accessKeyId);
}

/** Normalise as the importer does (parsed record + its exact text), twice: same answer, input untouched. */
export function normaliseAndCheck(normalise: Normaliser, record: unknown, rules: OutcomeRules): NormaliseResult {
  const raw = JSON.stringify(record) ?? "null";
  const before = structuredClone(record);
  const first = normalise(record, raw);
  expectOneOutcome(first, raw, rules);
  expect(normalise(record, raw)).toEqual(first);
  expect(record).toEqual(before);
  return first;
}

// --- Generators -------------------------------------------------------------------------------------------------

export const nonBlank = (maxLength = 40) =>
  fc.string({ unit: "grapheme", minLength: 1, maxLength }).filter((s) => s.trim() !== "");
export const pad = (n: number) => String(n).padStart(2, "0");

/** An ISO-8601 date-time of `date` at a UTC offset (minutes), as a provider or a re-exporter might write it. */
export function isoAt(date: Date, offsetMinutes: number, withMillis: boolean): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString();
  const body = withMillis ? local.slice(0, 23) : local.slice(0, 19);
  if (offsetMinutes === 0) return `${body}Z`;
  const abs = Math.abs(offsetMinutes);
  return `${body}${offsetMinutes < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

export const instant = fc.date({
  min: new Date("2005-01-01T00:00:00Z"),
  max: new Date("2099-12-31T23:59:59Z"),
  noInvalidDate: true,
});
export const offsetMinutes = fc.oneof(
  fc.constant(0),
  fc.integer({ min: -48, max: 56 }).map((q) => q * 15),
);
export const ipAddress = fc.oneof(fc.ipV4(), fc.ipV6());
/** What cleanIp keeps of a valid address: IPv4 as is, IPv6 in lower case, an IPv4-mapped IPv6 as its IPv4. */
export const canonicalIp = (ip: string) => /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1] ?? ip.toLowerCase();

/** Numbers (and null, booleans) out of range or of the wrong kind, as hostileValues tries them unless told otherwise. */
export const HOSTILE_NUMBERS: unknown[] = [
  null,
  true,
  false,
  0,
  -1,
  1e16,
  -1e16,
  1e21,
  1e308,
  -1e308,
  Number.MAX_SAFE_INTEGER + 2,
  0.5,
];
/** Impossible, ambiguous or zone-less ISO-8601 date-times. */
export const HOSTILE_ISO_TIMES = [
  "2023-02-30T00:00:00Z",
  "2023-13-01T00:00:00Z",
  "2023-01-01T24:00:00Z",
  "2023-01-01 00:00:00",
  "0000-00-00T00:00:00Z",
  "yesterday",
  "2023-01-01T00:00:00+99:99",
  "2023-01-01T00:00:00",
  "+275760-09-13T00:00:00.001Z",
];

/**
 * Values a hostile or broken producer might put in any field: blank strings, markup, injections, NUL, bidi and
 * zero-width characters, Object.prototype names (and `strings`), any text, control characters, huge strings,
 * `numbers`, the format's broken `times`, any JSON value.
 */
export function hostileValues({
  strings = [],
  numbers = HOSTILE_NUMBERS,
  times,
}: {
  strings?: string[];
  numbers?: unknown[];
  times: string[];
}): fc.Arbitrary<unknown> {
  return fc.oneof(
    fc.constantFrom(
      "",
      " ",
      "\t\n",
      "<script>alert(1)</script>",
      '"><img src=x onerror=alert(1)>',
      "'; DROP TABLE events; --",
      "\u0000",
      "a\u0000b",
      "\u202e\u200b\uFEFF",
      "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🔑",
      "null",
      "NaN",
      "__proto__",
      "constructor",
      "toString",
      ...strings,
    ),
    fc.string({ unit: "grapheme", maxLength: 30 }),
    fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), maxLength: 10 }),
    fc.integer({ min: 10_000, max: 100_000 }).map((n) => "x".repeat(n)),
    fc.constantFrom(...numbers),
    fc.constantFrom(...times),
    fc.jsonValue({ maxDepth: 2 }),
  );
}

/** Set (or, for undefined, delete) a field at `path`, when its parent is an object. */
export function setPath(record: Rec, path: string[], value: unknown): void {
  let parent: unknown = record;
  for (const key of path.slice(0, -1)) parent = (parent as Rec)[key];
  if (typeof parent !== "object" || parent === null || Array.isArray(parent)) return;
  const key = path[path.length - 1];
  if (value === undefined) delete (parent as Rec)[key];
  else (parent as Rec)[key] = value;
}

/** 1..max characters (UTF-16 units, as zod counts them), anything printable or not; at most `cap` graphemes tried. */
export const textUpTo = (max: number, cap: number) =>
  fc.string({ unit: "grapheme", minLength: 1, maxLength: Math.min(max, cap) }).filter((s) => s.length <= max);

/** What differs between the own-shape event generators (the normaliser's and the ingest API's). */
export interface OwnEventOptions {
  origin: EventOrigin;
  eventId: fc.Arbitrary<string>;
  /** Text of 1..max characters, for the text fields (see textUpTo). */
  text: (max: number) => fc.Arbitrary<string>;
  /** Well-known eventSource values, tried besides any text. */
  eventSources: string[];
  accessKeyId: fc.Arbitrary<string>;
  sourceIpAddress: fc.Arbitrary<string>;
  /** The longest resource type and name, and the most resources. */
  resources: { type: number; name: number; count: number };
  /** requestParameters and responseElements. */
  json: fc.Arbitrary<Rec | null>;
}

/** An event within the own-shape schema's limits (see own-shape.ts), as toOwnShape writes it and a sender posts it. */
export const ownShapeEvent = (o: OwnEventOptions): fc.Arbitrary<Omit<NormalisedEvent, "raw">> => {
  const optionalText = (max: number) => fc.option(o.text(max), { nil: null });
  return fc.record({
    eventId: o.eventId,
    eventTime: fc.date({
      min: new Date("1970-01-01T00:00:00Z"),
      max: new Date("2999-12-31T23:59:59Z"),
      noInvalidDate: true,
    }),
    origin: fc.constant(o.origin),
    eventName: fc.oneof(fc.stringMatching(/^[A-Z][A-Za-z0-9]{1,40}$/), o.text(128)),
    eventSource: fc.oneof(fc.constantFrom(...o.eventSources), o.text(256)),
    service: fc.stringMatching(/^[a-z][a-z0-9-]{0,30}$/),
    eventType: fc.constantFrom(...EVENT_TYPES),
    readOnly: fc.option(fc.boolean(), { nil: null }),
    sensitive: fc.boolean(),
    accountId: optionalText(64),
    userIdentity: fc.record({
      type: optionalText(64),
      principalId: optionalText(256),
      userName: optionalText(256),
      accessKeyId: fc.option(o.accessKeyId, { nil: null }),
      mfaUsed: fc.option(fc.boolean(), { nil: null }),
      roleName: optionalText(256),
    }),
    sourceIpAddress: fc.option(o.sourceIpAddress, { nil: null }),
    userAgent: optionalText(1024),
    region: optionalText(64),
    resources: fc.array(
      fc.record({ type: fc.string({ maxLength: o.resources.type }), name: fc.string({ maxLength: o.resources.name }) }),
      { maxLength: o.resources.count },
    ),
    requestId: optionalText(256),
    errorCode: optionalText(256),
    errorMessage: optionalText(4096),
    requestParameters: o.json,
    responseElements: o.json,
  });
};
