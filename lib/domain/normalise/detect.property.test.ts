// Property-based tests (fast-check) for format detection and the importer's per-record path (issue 7): the importer
// decides a file's layout from its name and first characters (detectLayout), its format from its first record
// (detectFormat), then normalises every record with that format's normaliser. None of these may throw on any input;
// a file or record that cannot be read is refused with a reason; records of each known format (bare, or wrapped in
// Log Service / Sentinel entries) are recognised and accepted; and a file's records are each counted exactly once,
// as an event or a rejection. The seed is fixed so a run is reproducible; FC_SEED=<n> / FC_RUNS=<n> explore further.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { EVENT_TYPES, toOwnShape, type EventOrigin } from "../event";
import { classifyRecord, detectFormat, detectLayout, type RecordContainer, type RecordFormat } from "./detect";

type Rec = Record<string, unknown>;

const RUNS = { numRuns: Number(process.env.FC_RUNS) || 300, seed: Number(process.env.FC_SEED) || 7006 };
/** Any UTF-16 text, lone surrogates and control characters included (cheaper to set up than unit "binary"). */
const utf16Unit = fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c));
const anyText = (maxLength: number) => fc.string({ unit: utf16Unit, maxLength });
const CONTAINERS: RecordContainer[] = ["jsonl", "array", "records", "cloudaudit-events", "document"];

// --- Generators: one well-formed record of each format, and how it is wrapped ------------------------------------

const nonBlank = fc.string({ unit: "grapheme", minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== "");
const instant = fc
  .date({ min: new Date("2005-01-01T00:00:00Z"), max: new Date("2099-12-31T23:59:59Z"), noInvalidDate: true })
  .map((d) => new Date(Math.floor(d.getTime() / 1000) * 1000));
const isoSeconds = (d: Date) => d.toISOString().replace(".000Z", "Z");
const chinaTime = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");

interface Sample {
  format: RecordFormat;
  origin: EventOrigin;
  record: Rec;
  eventId: string;
  timeMs: number;
}

const essentials = fc.record({
  id: fc.uuid(),
  time: instant,
  name: fc.oneof(fc.stringMatching(/^[A-Z][A-Za-z]{2,30}$/), nonBlank),
  service: fc.stringMatching(/^[a-z][a-z0-9-]{1,15}$/),
});

const cloudTrail = essentials.map(({ id, time, name, service }): Sample => ({
  format: "cloudtrail",
  origin: "cloudtrail",
  eventId: id,
  timeMs: time.getTime(),
  record: {
    eventVersion: "1.08",
    eventID: id,
    eventTime: isoSeconds(time),
    eventName: name,
    eventSource: `${service}.amazonaws.com`,
    awsRegion: "us-east-1",
    recipientAccountId: "123456789012",
  },
}));
const actionTrail = essentials.map(({ id, time, name, service }): Sample => ({
  format: "actiontrail",
  origin: "actiontrail",
  eventId: id,
  timeMs: time.getTime(),
  record: {
    eventId: id,
    eventTime: isoSeconds(time),
    eventName: name,
    eventSource: `${service}.aliyuncs.com`,
    acsRegion: "cn-hangzhou",
    eventRW: "Read",
  },
}));
const cloudAuditFull = essentials.map(({ id, time, name, service }): Sample => ({
  format: "cloudaudit",
  origin: "cloudaudit",
  eventId: id,
  timeMs: time.getTime(),
  record: {
    eventID: id,
    eventTime: time.getTime() / 1000,
    eventName: name,
    eventSource: `${service}.tencentcloudapi.com`,
    eventRegion: "ap-guangzhou",
  },
}));
const cloudAuditSummary = cloudAuditFull.map(({ record, ...rest }): Sample => ({
  ...rest,
  record: {
    EventId: record.eventID,
    EventName: record.eventName,
    EventTime: chinaTime(new Date(rest.timeMs)),
    EventSource: record.eventSource,
    CloudAuditEvent: JSON.stringify(record),
  },
}));
const ownShape = essentials.map(({ id, time, name, service }): Sample => ({
  format: "own-shape",
  origin: "jsonl",
  eventId: id,
  timeMs: time.getTime(),
  record: toOwnShape({
    eventId: id,
    eventTime: time,
    origin: "jsonl",
    eventName: name,
    eventSource: `${service}.example.com`,
    service,
    eventType: "ApiCall",
    readOnly: null,
    sensitive: false,
    accountId: null,
    userIdentity: { type: null, principalId: null, userName: null, accessKeyId: null, mfaUsed: null, roleName: null },
    sourceIpAddress: null,
    userAgent: null,
    region: null,
    resources: [],
    requestId: null,
    errorCode: null,
    errorMessage: null,
    requestParameters: null,
    responseElements: null,
  }),
}));

/** An event inside a Log Service entry (JSON string or object) or a Sentinel row: format "actiontrail-entry". */
const wrapped = (inner: fc.Arbitrary<Sample>) =>
  fc.tuple(inner, fc.constantFrom("sls-string", "sls-object", "sentinel")).map(([sample, how]): Sample => ({
    ...sample,
    format: "actiontrail-entry",
    record:
      how === "sls-string"
        ? { __time__: 1, contents: { event: JSON.stringify(sample.record) } }
        : how === "sls-object"
          ? { contents: { event: sample.record } }
          : { contents_event_s: JSON.stringify(sample.record) },
  }));

const anySample = fc.oneof(
  cloudTrail,
  actionTrail,
  cloudAuditFull,
  cloudAuditSummary,
  ownShape,
  wrapped(actionTrail),
  wrapped(cloudTrail),
  wrapped(cloudAuditFull),
);

/** Where records of a format sit in a file; CloudTrail and CloudAudit each also have their own wrapper. */
function containersFor(format: RecordFormat): RecordContainer[] {
  if (format === "cloudtrail") return ["jsonl", "array", "records", "document"];
  if (format === "cloudaudit") return ["jsonl", "array", "cloudaudit-events", "document"];
  return ["jsonl", "array", "document"];
}

/** Values a hostile or broken producer might put in any field. */
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
    "{",
    "yesterday",
  ),
  fc.constantFrom(null, true, 0, -1, 1e20, -1e308),
  fc.integer({ min: 10_000, max: 50_000 }).map((n) => "x".repeat(n)),
  fc.jsonValue({ maxDepth: 2 }),
);

/** A record with one top-level field dropped or replaced (nested payloads are covered per normaliser). */
const damaged = fc
  .tuple(anySample, fc.nat(), fc.option(hostileValue, { nil: undefined }))
  .map(([sample, pick, value]) => {
    const record: Rec = { ...sample.record };
    const keys = Object.keys(record);
    const key = keys[pick % keys.length];
    if (value === undefined) delete record[key];
    else record[key] = value;
    return JSON.parse(JSON.stringify(record)) as unknown;
  });

// --- Properties -------------------------------------------------------------------------------------------------

describe("detectLayout (properties)", () => {
  const fileNames = fc.oneof(
    fc.constantFrom("a.json", "a.json.gz", "a.jsonl", "a.JSONL.GZ", "a.ndjson", "AWSLogs/1/CloudTrail/x.json.gz"),
    fc.string({ maxLength: 30 }),
  );

  it("never throws on any name and first characters; refuses empty and non-JSON heads with a reason", () => {
    fc.assert(
      fc.property(
        fileNames,
        fc.oneof(
          anyText(200),
          fc.jsonValue().map((v) => JSON.stringify(v, null, 2) ?? ""),
        ),
        (name, head) => {
          const result = detectLayout(name, head);
          if (!result.ok) {
            expect(result.reason.trim()).not.toBe("");
            return;
          }
          expect(["jsonl", "json"]).toContain(result.layout);
          expect(head.replace(/^\uFEFF/, "").trim()).not.toBe("");
        },
      ),
      RUNS,
    );
  });

  it("tells one JSON document from JSON Lines, with or without a byte-order mark", () => {
    fc.assert(
      fc.property(
        fc.array(anySample, { minLength: 2, maxLength: 5 }),
        fc.boolean(),
        fc.constantFrom("\n", "\r\n"),
        (samples, bom, eol) => {
          const prefix = bom ? "\uFEFF" : "";
          const lines = samples.map((s) => JSON.stringify(s.record)).join(eol);
          expect(detectLayout("events.json", prefix + lines)).toEqual({ ok: true, layout: "jsonl" });
          const document = JSON.stringify({ Records: samples.map((s) => s.record) }, null, 2);
          expect(detectLayout("events.json", prefix + document)).toEqual({ ok: true, layout: "json" });
          expect(detectLayout("events.jsonl", prefix + document)).toEqual({ ok: true, layout: "jsonl" });
        },
      ),
      RUNS,
    );
  });

  it("refuses a head that starts with anything but { or [, quoting what it saw", () => {
    const notJson = fc
      .string({ minLength: 1, maxLength: 60 })
      .filter((s) => s.replace(/^\uFEFF/, "").trim() !== "" && !/^[{[]/.test(s.replace(/^\uFEFF/, "").trimStart()));
    fc.assert(
      fc.property(notJson, (head) => {
        const result = detectLayout("report.json", head);
        expect(result.ok).toBe(false);
        expect(!result.ok && result.reason).toMatch(/^not JSON \(starts with ".*"\)$/s);
      }),
      RUNS,
    );
  });
});

describe("detectFormat and the importer's per-record path (properties)", () => {
  it("never throws on arbitrary first records in any container; an unknown one is refused naming the container", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.constantFrom(...CONTAINERS), (value, container) => {
        const record: unknown = JSON.parse(JSON.stringify(value) ?? "null");
        expect(() => classifyRecord(record)).not.toThrow();
        const detection = detectFormat(record, container);
        if (detection.ok) {
          expect(typeof detection.normalise).toBe("function");
          expect(detection.description).not.toBe("");
          const result = detection.normalise(record, JSON.stringify(record));
          expect(result.ok ? result.event.eventId : result.reason).not.toBe("");
        } else {
          expect(detection.reason).toMatch(
            /^unknown format: a .+ whose first record is not CloudTrail, ActionTrail, CloudAudit or Keytrail JSON \(.+\)$/,
          );
        }
      }),
      RUNS,
    );
  });

  it("recognises a well-formed record of each format and wrapper, and its normaliser accepts it", () => {
    fc.assert(
      fc.property(
        anySample.chain((s) => fc.tuple(fc.constant(s), fc.constantFrom(...containersFor(s.format)))),
        ([sample, container]) => {
          expect(classifyRecord(sample.record)).toBe(sample.format);
          const detection = detectFormat(sample.record, container);
          if (!detection.ok) throw new Error(detection.reason);
          const raw = JSON.stringify(sample.record);
          const result = detection.normalise(JSON.parse(raw), raw);
          if (!result.ok) throw new Error(`rejected a well-formed ${sample.format} record: ${result.reason}`);
          expect(result.event).toMatchObject({ eventId: sample.eventId, origin: sample.origin, raw });
          expect(result.event.eventTime.getTime()).toBe(sample.timeMs);
          expect(EVENT_TYPES).toContain(result.event.eventType);
        },
      ),
      RUNS,
    );
  });

  it("counts every record of a file once: events + rejections = records, whatever the records hold", () => {
    const file = fc.tuple(
      anySample,
      fc.array(
        fc.oneof(
          anySample.map((s) => s.record as unknown),
          damaged,
          fc.jsonValue({ maxDepth: 2 }),
        ),
        { maxLength: 20 },
      ),
    );
    fc.assert(
      fc.property(file, ([first, rest]) => {
        // As importFiles does: the first record decides the format; every record then goes through its normaliser.
        const records: unknown[] = [first.record, ...rest].map((r) => JSON.parse(JSON.stringify(r)) as unknown);
        const container = containersFor(first.format)[0];
        const detection = detectFormat(records[0], container);
        if (!detection.ok) throw new Error(detection.reason);
        let events = 0;
        let rejections = 0;
        for (const record of records) {
          const raw = JSON.stringify(record);
          const result = detection.normalise(record, raw);
          if (result.ok) {
            events++;
            expect(result.event.raw).toBe(raw);
            expect(Number.isNaN(result.event.eventTime.getTime())).toBe(false);
            expect(EVENT_TYPES).toContain(result.event.eventType);
          } else {
            rejections++;
            expect(result.reason).toMatch(/^\S[^:]*: \S/);
          }
        }
        expect(events + rejections).toBe(records.length);
        expect(events).toBeGreaterThanOrEqual(1); // the first record is well-formed
      }),
      RUNS,
    );
  });

  it("is deterministic: detecting and normalising the same text twice gives equal results", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          anySample.map((s) => s.record as unknown),
          damaged,
        ),
        fc.constantFrom(...CONTAINERS),
        (record, container) => {
          const raw = JSON.stringify(record);
          const run = () => {
            const detection = detectFormat(JSON.parse(raw), container);
            return detection.ok
              ? { description: detection.description, result: detection.normalise(JSON.parse(raw), raw) }
              : detection;
          };
          expect(run()).toEqual(run());
        },
      ),
      RUNS,
    );
  });
});
