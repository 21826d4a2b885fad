// Property-based tests (fast-check) for the CloudTrail normaliser (issue 7). Records come from files anyone can
// hand to the importer, so normaliseCloudTrail must never throw and must give every record exactly one outcome:
// an event that satisfies the NormalisedEvent invariants, or a rejection whose reason a person can act on. Checked
// on arbitrary JSON, on generated well-formed records (accepted, key fields kept exactly) and on those records with
// fields dropped or replaced by hostile values (wrong types, huge strings, unicode, markup, control characters,
// out-of-range numbers, impossible dates). The seed is fixed so a run is reproducible; FC_SEED=<n> / FC_RUNS=<n> explore further.
import { isIP } from "node:net";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EVENT_TYPES } from "../event";
import { normaliseCloudTrail } from "./cloudtrail";
import type { NormaliseResult } from "./result";

type Rec = Record<string, unknown>;

const RUNS = { numRuns: Number(process.env.FC_RUNS) || 300, seed: Number(process.env.FC_SEED) || 7001 };

// --- The invariants every outcome must satisfy ------------------------------------------------------------------

const nullableString = (v: unknown) => v === null || typeof v === "string";
const nullableBool = (v: unknown) => v === null || typeof v === "boolean";
const plainObjectOrNull = (v: unknown) => v === null || (typeof v === "object" && !Array.isArray(v));

/** Exactly one outcome: a well-formed event carrying `raw` verbatim, or a non-empty reason. */
function expectOneOutcome(result: NormaliseResult, raw: string): void {
  expect(typeof result).toBe("object");
  if (!result.ok) {
    expect(result.ok).toBe(false);
    expect(Object.keys(result).sort()).toEqual(["ok", "reason"]);
    expect(typeof result.reason).toBe("string");
    expect(result.reason.trim()).not.toBe("");
    return;
  }
  expect(Object.keys(result).sort()).toEqual(["event", "ok"]);
  const e = result.event;
  expect(typeof e.eventId === "string" && e.eventId.trim() !== "").toBe(true);
  expect(e.eventTime).toBeInstanceOf(Date);
  expect(Number.isNaN(e.eventTime.getTime())).toBe(false);
  expect(e.origin).toBe("cloudtrail");
  for (const text of [e.eventName, e.eventSource]) expect(typeof text === "string" && text.trim() !== "").toBe(true);
  // service is the first label of eventSource (shortServiceName): non-empty whenever that label is.
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
  for (const r of e.resources) expect(typeof r.type === "string" && typeof r.name === "string" && r.name !== "").toBe(true);
  expect(plainObjectOrNull(e.requestParameters)).toBe(true);
  expect(plainObjectOrNull(e.responseElements)).toBe(true);
  expect(e.raw).toBe(raw);
  expect(() => JSON.parse(e.raw)).not.toThrow();
}

/** Normalise as the importer does (parsed record + its exact text), twice: same answer, input untouched. */
function normaliseChecked(record: unknown): NormaliseResult {
  const raw = JSON.stringify(record) ?? "null";
  const before = structuredClone(record);
  const first = normaliseCloudTrail(record, raw);
  expectOneOutcome(first, raw);
  expect(normaliseCloudTrail(record, raw)).toEqual(first);
  expect(record).toEqual(before);
  return first;
}

// --- Generators -------------------------------------------------------------------------------------------------

const nonBlank = (maxLength = 40) => fc.string({ unit: "grapheme", minLength: 1, maxLength }).filter((s) => s.trim() !== "");
const pad = (n: number) => String(n).padStart(2, "0");

/** An ISO-8601 date-time of `date` at a UTC offset (minutes), as CloudTrail or a re-exporter might write it. */
function isoAt(date: Date, offsetMinutes: number, withMillis: boolean): string {
  const local = new Date(date.getTime() + offsetMinutes * 60_000).toISOString();
  const body = withMillis ? local.slice(0, 23) : local.slice(0, 19);
  if (offsetMinutes === 0) return `${body}Z`;
  const abs = Math.abs(offsetMinutes);
  return `${body}${offsetMinutes < 0 ? "-" : "+"}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

const instant = fc.date({ min: new Date("2005-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true });
const offsetMinutes = fc.oneof(fc.constant(0), fc.integer({ min: -48, max: 56 }).map((q) => q * 15));
const ipAddress = fc.oneof(fc.ipV4(), fc.ipV6());
/** What cleanIp keeps of a valid address: IPv4 as is, IPv6 in lower case, an IPv4-mapped IPv6 as its IPv4. */
const canonicalIp = (ip: string) => /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip)?.[1] ?? ip.toLowerCase();

const eventNames = fc.oneof(
  fc.constantFrom("CreateAccessKey", "ConsoleLogin", "GetObject", "StopLogging", "AssumeRole", "DescribeInstances", "PutBucketPolicy"),
  fc.stringMatching(/^[A-Z][A-Za-z0-9]{1,40}$/),
  nonBlank(),
);
const eventSources = fc.oneof(
  fc.constantFrom(
    "iam.amazonaws.com", "s3.amazonaws.com", "signin.amazonaws.com", "ec2.amazonaws.com", "sts.amazonaws.com", "cloudtrail.amazonaws.com",
  ),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,20}\.amazonaws\.com$/),
);

interface WellFormed {
  record: Rec;
  expected: { eventId: string; eventName: string; eventSource: string; timeMs: number; ip: string; userName: string; accessKeyId: string };
}

/** A CloudTrail record of an IAM user or the root user, with the fields the normaliser reads. */
const wellFormed: fc.Arbitrary<WellFormed> = fc
  .record({
    eventId: fc.oneof(fc.uuid(), nonBlank(64)),
    eventName: eventNames,
    eventSource: eventSources,
    time: instant,
    offset: offsetMinutes,
    withMillis: fc.boolean(),
    ip: ipAddress,
    identityType: fc.constantFrom("IAMUser", "Root"),
    userName: nonBlank(64),
    accessKeyId: fc.oneof(fc.stringMatching(/^(AKIA|ASIA)[A-Z2-7]{16}$/), nonBlank(32)),
    accountId: fc.stringMatching(/^\d{12}$/),
    region: fc.constantFrom("us-east-1", "eu-west-1", "ap-southeast-2"),
    eventType: fc.constantFrom("AwsApiCall", "AwsConsoleSignIn", "AwsServiceEvent", "AwsConsoleAction"),
    readOnly: fc.boolean(),
    requestId: fc.uuid(),
    userAgent: nonBlank(80),
    requestParameters: fc.option(fc.record({ userName: nonBlank(), bucketName: nonBlank() }, { requiredKeys: [] }), { nil: null }),
    resources: fc.option(
      fc.array(
        fc.record({
          ARN: fc.constantFrom("arn:aws:s3:::bucket", "arn:aws:ec2:us-east-1:1:instance/i-1"),
          type: fc.constantFrom("AWS::S3::Bucket", "AWS::EC2::Instance"),
        }),
        { maxLength: 3 },
      ),
      { nil: undefined },
    ),
  })
  .map((g) => {
    const timeMs = g.withMillis ? g.time.getTime() : Math.floor(g.time.getTime() / 1000) * 1000;
    const record: Rec = {
      eventVersion: "1.08",
      userIdentity: {
        type: g.identityType,
        principalId: `AIDA${g.accountId}`,
        arn: g.identityType === "Root" ? `arn:aws:iam::${g.accountId}:root` : `arn:aws:iam::${g.accountId}:user/${g.userName}`,
        accountId: g.accountId,
        accessKeyId: g.accessKeyId,
        userName: g.userName,
      },
      eventTime: isoAt(new Date(timeMs), g.offset, g.withMillis),
      eventSource: g.eventSource,
      eventName: g.eventName,
      awsRegion: g.region,
      sourceIPAddress: g.ip,
      userAgent: g.userAgent,
      requestParameters: g.requestParameters,
      responseElements: null,
      requestID: g.requestId,
      eventID: g.eventId,
      readOnly: g.readOnly,
      eventType: g.eventType,
      recipientAccountId: g.accountId,
      ...(g.resources ? { resources: g.resources } : {}),
    };
    return {
      record,
      expected: {
        eventId: g.eventId, eventName: g.eventName, eventSource: g.eventSource, timeMs, ip: canonicalIp(g.ip),
        userName: g.userName, accessKeyId: g.accessKeyId,
      },
    };
  });

/** Values a hostile or broken producer might put in any field. */
const hostileValue: fc.Arbitrary<unknown> = fc.oneof(
  fc.constantFrom(
    "", " ", "\t\n", "<script>alert(1)</script>", '"><img src=x onerror=alert(1)>', "'; DROP TABLE events; --",
    "\u0000", "a\u0000b", "\u202e\u200b\uFEFF", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢 🔑", "null", "NaN", "__proto__", "constructor", "toString",
    "hasOwnProperty", "valueOf",
  ),
  fc.string({ unit: "grapheme", maxLength: 30 }),
  fc.string({ unit: fc.integer({ min: 0, max: 0x1f }).map((c) => String.fromCharCode(c)), maxLength: 10 }),
  fc.integer({ min: 10_000, max: 100_000 }).map((n) => "x".repeat(n)),
  fc.constantFrom(null, true, false, 0, -1, 1e16, -1e16, 1e21, 1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0.5),
  fc.constantFrom(
    "2023-02-30T00:00:00Z", "2023-13-01T00:00:00Z", "2023-01-01T24:00:00Z", "2023-01-01 00:00:00", "0000-00-00T00:00:00Z",
    "yesterday", "2023-01-01T00:00:00+99:99", "2023-01-01T00:00:00", "+275760-09-13T00:00:00.001Z", "9999999999999999",
  ),
  fc.jsonValue({ maxDepth: 2 }),
);

const FIELD_PATHS: string[][] = [
  ["eventID"], ["eventTime"], ["eventName"], ["eventSource"], ["eventType"], ["readOnly"], ["sourceIPAddress"],
  ["userAgent"], ["awsRegion"], ["requestID"], ["recipientAccountId"], ["requestParameters"], ["responseElements"],
  ["resources"], ["errorCode"], ["errorMessage"], ["additionalEventData"], ["userIdentity"], ["userIdentity", "type"],
  ["userIdentity", "userName"], ["userIdentity", "arn"], ["userIdentity", "accessKeyId"], ["userIdentity", "principalId"],
  ["userIdentity", "invokedBy"], ["userIdentity", "sessionContext"], ["userIdentity", "onBehalfOf"], ["@timestamp"], ["@version"],
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

/** A well-formed record with one to three fields dropped or replaced, as JSON.parse would hand it over. */
const almostValid: fc.Arbitrary<unknown> = fc
  .tuple(
    wellFormed,
    fc.array(fc.tuple(fc.constantFrom(...FIELD_PATHS), fc.option(hostileValue, { nil: undefined, freq: 3 })), { minLength: 1, maxLength: 3 }),
  )
  .map(([{ record }, edits]) => {
    const copy = structuredClone(record);
    for (const [path, value] of edits) setPath(copy, path, value);
    return JSON.parse(JSON.stringify(copy)) as unknown;
  });

// --- Properties -------------------------------------------------------------------------------------------------

describe("normaliseCloudTrail (properties)", () => {
  it("never throws on arbitrary JSON values, and gives each exactly one outcome", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        normaliseChecked(JSON.parse(JSON.stringify(value) ?? "null"));
      }),
      RUNS,
    );
  });

  it("never throws on arbitrary objects that look a little like CloudTrail", () => {
    const keys = fc.constantFrom(
      "eventID", "eventTime", "eventName", "eventSource", "eventType", "userIdentity", "resources", "requestParameters", "@timestamp", "@version",
    );
    fc.assert(fc.property(fc.dictionary(keys, fc.oneof(hostileValue, fc.anything({ maxDepth: 2 }))), (record) => {
      const raw = "{}";
      const result = normaliseCloudTrail(record, raw);
      expectOneOutcome(result, raw);
    }), RUNS);
  });

  it("accepts every well-formed record and keeps its key fields exactly", () => {
    fc.assert(
      fc.property(wellFormed, ({ record, expected }) => {
        const result = normaliseChecked(record);
        if (!result.ok) throw new Error(`rejected a well-formed record: ${result.reason}`);
        const e = result.event;
        expect(e.eventId).toBe(expected.eventId);
        expect(e.eventName).toBe(expected.eventName);
        expect(e.eventSource).toBe(expected.eventSource);
        expect(e.eventTime.getTime()).toBe(expected.timeMs);
        expect(e.sourceIpAddress).toBe(expected.ip);
        expect(e.userIdentity.userName).toBe(expected.userName);
        expect(e.userIdentity.accessKeyId).toBe(expected.accessKeyId);
        expect(e.readOnly).toBe(record.readOnly);
        expect(e.requestId).toBe(record.requestID);
      }),
      RUNS,
    );
  });

  it("a Logstash copy (eventTime moved to a whole-second @timestamp) keeps the time; one with milliseconds is refused", () => {
    fc.assert(
      fc.property(wellFormed, fc.integer({ min: 1, max: 999 }), ({ record, expected }, millis) => {
        const rest: Rec = { ...record };
        delete rest.eventTime; // Logstash renames it to @timestamp
        const whole = Math.floor(expected.timeMs / 1000) * 1000;
        const kept = normaliseChecked({ ...rest, "@version": "1", "@timestamp": new Date(whole).toISOString() });
        expect(kept.ok && kept.event.eventTime.getTime()).toBe(whole);
        const refused = normaliseChecked({ ...rest, "@version": "1", "@timestamp": new Date(whole + millis).toISOString() });
        expect(refused.ok).toBe(false);
        expect(!refused.ok && refused.reason).toMatch(/^eventTime: missing, and Logstash @timestamp /);
      }),
      RUNS,
    );
  });

  it("whatever the eventType field holds (Object.prototype names included), the event type is an allowed one", () => {
    const prototypeNames = fc.constantFrom(...Object.getOwnPropertyNames(Object.prototype));
    fc.assert(
      fc.property(wellFormed, fc.oneof(prototypeNames, fc.string(), hostileValue), ({ record }, eventType) => {
        const result = normaliseChecked(JSON.parse(JSON.stringify({ ...record, eventType })));
        expect(result.ok).toBe(true);
      }),
      RUNS,
    );
  });

  it("rejects a record without an essential field, naming that field", () => {
    const essentials = fc.constantFrom("eventID", "eventTime", "eventName", "eventSource");
    const missing = fc.constantFrom(undefined, null, "", "   ", 42, [], {});
    fc.assert(
      fc.property(wellFormed, essentials, missing, ({ record }, field, value) => {
        const copy: Rec = { ...record };
        if (value === undefined) delete copy[field];
        else copy[field] = value;
        const result = normaliseChecked(JSON.parse(JSON.stringify(copy)));
        expect(result.ok).toBe(false);
        expect(!result.ok && result.reason.startsWith(`${field}: `)).toBe(true);
      }),
      RUNS,
    );
  });

  it("never throws on almost-valid records (fields dropped or replaced by hostile values): one outcome each", () => {
    fc.assert(fc.property(almostValid, (record) => void normaliseChecked(record)), RUNS);
  });

  it("is deterministic: the same text normalised from two separate parses gives equal results", () => {
    fc.assert(
      fc.property(fc.oneof(wellFormed.map((w) => w.record), almostValid), (record) => {
        const raw = JSON.stringify(record);
        expect(normaliseCloudTrail(JSON.parse(raw), raw)).toEqual(normaliseCloudTrail(JSON.parse(raw), raw));
      }),
      RUNS,
    );
  });
});
