// Property-based tests (fast-check) for the Tencent CloudAudit normaliser (issue 7). Records come from files anyone
// can hand to the importer, so normaliseCloudAudit must never throw and must give every record exactly one outcome:
// an event satisfying the NormalisedEvent invariants (a real date included), or a rejection with a reason a person
// can act on. Checked on arbitrary JSON, on generated well-formed records in each shape the importer meets (the
// LookUpEvents/DescribeEvents summary with CloudAuditEvent as a JSON string or an object, and the full record on
// its own) with each time format (unix seconds as number or text, unix milliseconds, China Standard Time text,
// ISO-8601), which must be accepted with their key fields kept exactly, and on those records with fields dropped or
// replaced by hostile values. The seed is fixed so a run is reproducible; FC_SEED=<n> / FC_RUNS=<n> explore further.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normaliseCloudAudit, parseCloudAuditTime } from "./cloudaudit";
import {
  canonicalIp,
  expectKeyFields,
  expectOneOutcome,
  fcRuns,
  hostileValues,
  ipAddress,
  nonBlank,
  normaliseAndCheck,
  pad,
  setPath,
  type KeyFields,
  type OutcomeRules,
  type Rec,
} from "./normalise-properties";

const RUNS = fcRuns(7003);

/** Every outcome: exactly one, and an event comes from CloudAudit (its resource names non-blank). */
const OUTCOME: OutcomeRules = { origin: "cloudaudit", resourceNames: "non-blank" };
const normaliseChecked = (record: unknown) => normaliseAndCheck(normaliseCloudAudit, record, OUTCOME);

// --- Generators -------------------------------------------------------------------------------------------------

/** "YYYY-MM-DD HH:mm:ss" in China Standard Time (UTC+8), as the CloudAudit console and API write it. */
const chinaTime = (date: Date) => new Date(date.getTime() + 8 * 3600_000).toISOString().slice(0, 19).replace("T", " ");

type TimeFormat = "seconds" | "seconds-text" | "millis-text" | "china" | "iso";

/** The time as text or number in the given format, and the instant the normaliser must read from it. */
function timeIn(date: Date, format: TimeFormat): { value: string | number; ms: number } {
  const seconds = Math.floor(date.getTime() / 1000);
  switch (format) {
    case "seconds":
      return { value: seconds, ms: seconds * 1000 };
    case "seconds-text":
      return { value: String(seconds), ms: seconds * 1000 };
    case "millis-text":
      return { value: String(date.getTime()), ms: date.getTime() };
    case "china":
      return { value: chinaTime(new Date(seconds * 1000)), ms: seconds * 1000 };
    case "iso":
      return { value: date.toISOString(), ms: date.getTime() };
  }
}

// From 2002: unix milliseconds have 13 digits (the normaliser reads 13 digits as milliseconds, fewer as seconds).
const instant = fc.date({
  min: new Date("2002-01-01T00:00:00Z"),
  max: new Date("2099-12-31T23:59:59Z"),
  noInvalidDate: true,
});
const timeFormats = fc.constantFrom<TimeFormat>("seconds", "seconds-text", "millis-text", "china", "iso");

type Shape = "summary-string" | "summary-object" | "full";
const shapes = fc.constantFrom<Shape>("summary-string", "summary-object", "full");

interface Parts {
  outer: Rec;
  inner: Rec;
  expected: KeyFields;
}

/** The summary fields (outer) and the full record (inner) of one CloudAudit event, before they are put in a shape. */
const parts: fc.Arbitrary<Parts> = fc
  .record({
    eventId: fc.oneof(fc.uuid(), nonBlank(64)),
    eventName: fc.oneof(
      fc.constantFrom("CreateAuditTrack", "ConsoleLogin", "DescribeInstances", "AddUser", "AttachUserPolicy"),
      fc.stringMatching(/^[A-Z][A-Za-z0-9]{1,40}$/),
      nonBlank(),
    ),
    eventSource: fc.oneof(
      fc.constantFrom("cloudaudit.tencentcloudapi.com", "cvm.tencentcloudapi.com", "cam.api.qcloud.com"),
      fc.stringMatching(/^[a-z][a-z0-9-]{0,20}\.tencentcloudapi\.com$/),
    ),
    time: instant,
    format: timeFormats,
    ip: ipAddress,
    userName: nonBlank(64),
    secretId: fc.oneof(fc.stringMatching(/^AKID[A-Za-z0-9]{32}$/), nonBlank(32)),
    accountId: fc.stringMatching(/^\d{10,12}$/),
    region: fc.constantFrom("ap-guangzhou", "ap-shanghai", "na-ashburn"),
    errorCode: fc.constantFrom(0, "0", 403, "AuthFailure"),
    actionType: fc.constantFrom("Read", "Write"),
    eventType: fc.constantFrom("ApiCall", "ConsoleCall", "ConsoleLogin"),
    sensitiveAction: fc.option(fc.constantFrom(0, 1, true, false, "1"), { nil: undefined }),
    resourceType: fc.constantFrom("cvm", "cam", "cloudaudit"),
    resourceName: fc.option(nonBlank(30), { nil: undefined }),
    requestId: fc.uuid(),
  })
  .map((g) => {
    const time = timeIn(g.time, g.format);
    const inner: Rec = {
      eventID: g.eventId,
      eventName: g.eventName,
      eventSource: g.eventSource,
      eventTime: time.value,
      eventType: g.eventType,
      eventRegion: g.region,
      eventVersion: 2,
      actionType: g.actionType,
      errorCode: g.errorCode,
      errorMessage: "",
      apiErrorCode: g.errorCode === 0 || g.errorCode === "0" ? "" : "AuthFailure.SignatureFailure",
      requestID: g.requestId,
      requestParameters: JSON.stringify({ Version: "2019-03-19", Name: "x" }),
      responseElements: JSON.stringify({ RequestId: g.requestId }),
      resourceType: g.resourceType,
      ...(g.resourceName ? { resourceName: g.resourceName } : {}),
      ...(g.sensitiveAction !== undefined ? { sensitiveAction: g.sensitiveAction } : {}),
      sourceIPAddress: g.ip,
      userAgent: "SDK_NODEJS_0.2.1",
      userIdentity: {
        type: "Root",
        principalId: g.accountId,
        accountId: g.accountId,
        userName: g.userName,
        secretId: g.secretId,
        sessionContext: JSON.stringify({ mfa: 1 }),
      },
    };
    const outer: Rec = {
      EventId: g.eventId,
      EventName: g.eventName,
      EventNameCn: "创建跟踪集",
      EventTime: time.value,
      EventSource: g.eventSource,
      EventRegion: g.region,
      ErrorCode: g.errorCode,
      RequestID: g.requestId,
      AccountID: Number(g.accountId),
      Username: g.userName,
      SecretId: g.secretId,
      SourceIPAddress: g.ip,
      ResourceTypeCn: "云审计",
      ...(g.resourceName ? { Resources: { ResourceType: g.resourceType, ResourceName: g.resourceName } } : {}),
    };
    return {
      outer,
      inner,
      expected: {
        eventId: g.eventId,
        eventName: g.eventName,
        eventSource: g.eventSource,
        timeMs: time.ms,
        ip: canonicalIp(g.ip),
        userName: g.userName,
        accessKeyId: g.secretId,
      },
    };
  });

function inShape({ outer, inner }: { outer: Rec; inner: Rec }, shape: Shape): Rec {
  if (shape === "full") return inner;
  return { ...outer, CloudAuditEvent: shape === "summary-string" ? JSON.stringify(inner) : inner };
}

/** Values a hostile or broken producer might put in any field. */
const hostileValue = hostileValues({
  strings: ["{", '{"a":', "{}", "[]"],
  numbers: [null, true, false, 0, -1, 1e16, -1e16, 1e20, -1e20, 1e308, -1e308, Number.MAX_SAFE_INTEGER, 0.5],
  times: [
    "2019-02-30 10:00:00",
    "2019-13-01 10:00:00",
    "2019-01-01 24:00:00",
    "2019-01-01 10:60:00",
    "0000-00-00 00:00:00",
    "2023-02-30T00:00:00Z",
    "yesterday",
    "99999999999999",
    "12345678",
    "1e12",
    "-1680513809",
    "+275760-09-13T00:00:00.001Z",
  ],
});

const OUTER_PATHS = [
  "EventId",
  "EventTime",
  "EventName",
  "EventSource",
  "ErrorCode",
  "AccountID",
  "Username",
  "SecretId",
  "SourceIPAddress",
  "EventRegion",
  "RequestID",
  "Resources",
  "ResourceTypeCn",
  "CloudAuditEvent",
].map((k) => [k]);
const INNER_PATHS: string[][] = [
  ["eventID"],
  ["eventTime"],
  ["eventName"],
  ["eventSource"],
  ["eventType"],
  ["actionType"],
  ["errorCode"],
  ["apiErrorCode"],
  ["apiErrorMessage"],
  ["errorMessage"],
  ["sensitiveAction"],
  ["sourceIPAddress"],
  ["userAgent"],
  ["eventRegion"],
  ["requestID"],
  ["resourceType"],
  ["resourceName"],
  ["resourceSet"],
  ["requestParameters"],
  ["responseElements"],
  ["userIdentity"],
  ["userIdentity", "userName"],
  ["userIdentity", "secretId"],
  ["userIdentity", "type"],
  ["userIdentity", "sessionContext"],
  ["userIdentity", "roleName"],
];

const edits = (paths: string[][]) =>
  fc.array(fc.tuple(fc.constantFrom(...paths), fc.option(hostileValue, { nil: undefined, freq: 3 })), { maxLength: 3 });

/** A well-formed record, in any shape, with fields of the summary and/or the full record dropped or replaced. */
const almostValid: fc.Arbitrary<unknown> = fc
  .tuple(parts, shapes, edits(OUTER_PATHS), edits(INNER_PATHS))
  .filter(([, , outerEdits, innerEdits]) => outerEdits.length + innerEdits.length > 0)
  .map(([p, shape, outerEdits, innerEdits]) => {
    const outer = structuredClone(p.outer);
    const inner = structuredClone(p.inner);
    for (const [path, value] of outerEdits) setPath(outer, path, value);
    for (const [path, value] of innerEdits) setPath(inner, path, value);
    const record = inShape({ outer, inner }, shape);
    if (shape !== "full" && outerEdits.some(([path]) => path[0] === "CloudAuditEvent")) {
      const edit = outerEdits.find(([path]) => path[0] === "CloudAuditEvent")!;
      if (edit[1] === undefined) delete record.CloudAuditEvent;
      else record.CloudAuditEvent = edit[1];
    }
    return JSON.parse(JSON.stringify(record)) as unknown;
  });

// --- Properties -------------------------------------------------------------------------------------------------

describe("normaliseCloudAudit (properties)", () => {
  it("never throws on arbitrary JSON values, and gives each exactly one outcome", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => void normaliseChecked(JSON.parse(JSON.stringify(value) ?? "null"))),
      RUNS,
    );
  });

  it("never throws on arbitrary objects shaped a little like CloudAudit records", () => {
    const keys = fc.constantFrom(
      "EventId",
      "EventTime",
      "EventName",
      "EventSource",
      "CloudAuditEvent",
      "eventID",
      "eventTime",
      "eventName",
      "eventSource",
      "userIdentity",
      "resourceSet",
      "sensitiveAction",
    );
    fc.assert(
      fc.property(fc.dictionary(keys, fc.oneof(hostileValue, fc.anything({ maxDepth: 2 }))), (record) => {
        expectOneOutcome(normaliseCloudAudit(record, "{}"), "{}", OUTCOME);
      }),
      RUNS,
    );
  });

  it("accepts every well-formed record in each shape and time format, keeping its key fields exactly", () => {
    fc.assert(
      fc.property(parts, shapes, (p, shape) => {
        const result = normaliseChecked(inShape(p, shape));
        if (!result.ok) throw new Error(`rejected a well-formed ${shape} record: ${result.reason}`);
        const e = result.event;
        expectKeyFields(e, p.expected);
        expect(e.readOnly).toBe(p.inner.actionType === "Read");
      }),
      RUNS,
    );
  });

  it("whatever the time field holds (any integer, digit strings, impossible dates): a real date, or refused naming the field", () => {
    const anyTime = fc.oneof(
      fc.integer(),
      fc.maxSafeInteger(),
      fc.constantFrom(8.64e15, 8.64e15 + 1, -8.64e15 - 1, 8.64e12, 1e16, 1e20, -1e20, 1e300),
      fc.stringMatching(/^\d{9,13}$/),
      // "YYYY-MM-DD HH:mm:ss" with every part anywhere in its digits' range (month 13, day 31 in February, hour 24, ...).
      fc
        .tuple(
          fc.integer({ min: 0, max: 9999 }),
          fc.array(fc.integer({ min: 0, max: 99 }), { minLength: 5, maxLength: 5 }),
        )
        .map(
          ([y, [mo, d, h, mi, s]]) =>
            `${String(y).padStart(4, "0")}-${pad(mo)}-${pad(d)} ${pad(h)}:${pad(mi)}:${pad(s)}`,
        ),
      hostileValue,
    );
    fc.assert(
      fc.property(parts, shapes, anyTime, (p, shape, time) => {
        const outer = { ...p.outer, EventTime: time };
        const inner = { ...p.inner, eventTime: time };
        const result = normaliseChecked(JSON.parse(JSON.stringify(inShape({ outer, inner }, shape))));
        if (!result.ok) expect(result.reason).toMatch(shape === "full" ? /^eventTime: / : /^EventTime: /);
        const parsed = parseCloudAuditTime(time);
        expect(parsed === null || !Number.isNaN(parsed.getTime())).toBe(true);
      }),
      RUNS,
    );
  });

  it("rejects a record without an essential field, naming that field", () => {
    const essentials = fc.constantFrom(
      ["EventId", "eventID"],
      ["EventTime", "eventTime"],
      ["EventName", "eventName"],
      ["EventSource", "eventSource"],
    );
    const missing = fc.constantFrom(undefined, null, "", true, [], {});
    fc.assert(
      fc.property(parts, shapes, essentials, missing, (p, shape, [upper, lower], value) => {
        const outer: Rec = { ...p.outer };
        const inner: Rec = { ...p.inner };
        if (value === undefined) {
          delete outer[upper];
          delete inner[lower];
        } else {
          outer[upper] = value;
          inner[lower] = value;
        }
        const result = normaliseChecked(JSON.parse(JSON.stringify(inShape({ outer, inner }, shape))));
        expect(result.ok).toBe(false);
        expect(!result.ok && result.reason.startsWith(`${shape === "full" ? lower : upper}: `)).toBe(true);
      }),
      RUNS,
    );
  });

  it("rejects a summary whose CloudAuditEvent text is cut short or not an object, naming CloudAuditEvent", () => {
    fc.assert(
      fc.property(parts, fc.nat(), fc.constantFrom("[]", "1", '"x"', "null", "true"), (p, cut, notObject) => {
        const text = JSON.stringify(p.inner);
        for (const payload of [text.slice(0, cut % text.length), notObject]) {
          const result = normaliseChecked({ ...p.outer, CloudAuditEvent: payload });
          expect(result.ok).toBe(false);
          expect(!result.ok && result.reason).toMatch(/^CloudAuditEvent: /);
        }
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
          fc.tuple(parts, shapes).map(([p, s]) => inShape(p, s)),
          almostValid,
        ),
        (record) => {
          const raw = JSON.stringify(record);
          expect(normaliseCloudAudit(JSON.parse(raw), raw)).toEqual(normaliseCloudAudit(JSON.parse(raw), raw));
        },
      ),
      RUNS,
    );
  });
});
