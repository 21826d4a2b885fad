// Property-based tests (fast-check) for the ActionTrail normaliser and its Log Service / Sentinel wrappers (issue 7).
// Records come from files anyone can hand to the importer, so normaliseActionTrail and normaliseActionTrailEntry must
// never throw and must give every record exactly one outcome: an event satisfying the NormalisedEvent invariants, or
// a rejection with a reason a person can act on. Checked on arbitrary JSON, on generated well-formed events (bare,
// in an SLS entry as a JSON string, in a Sentinel row) that must be accepted with their key fields kept exactly,
// and on those events with fields dropped or replaced by hostile values or with a broken wrapper.
// The seed is fixed so a run is reproducible; FC_SEED=<n> / FC_RUNS=<n> explore further.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { actionTrailEntryEvent, normaliseActionTrail, normaliseActionTrailEntry } from "./actiontrail";
import {
  canonicalIp,
  expectKeyFields,
  expectOneOutcome,
  fcRuns,
  hostileValues,
  instant,
  ipAddress,
  isoAt,
  nonBlank,
  normaliseAndCheck,
  offsetMinutes,
  setPath,
  type KeyFields,
  type Normaliser,
  type OutcomeRules,
  type Rec,
} from "./normalise-properties";

const RUNS = fcRuns(7002);

/** Every outcome: exactly one, and an event comes from ActionTrail. */
const OUTCOME: OutcomeRules = { origin: "actiontrail", resourceNames: "non-empty" };
const normaliseChecked = (normalise: Normaliser, record: unknown) => normaliseAndCheck(normalise, record, OUTCOME);

// --- Generators -------------------------------------------------------------------------------------------------

interface WellFormed {
  record: Rec;
  expected: KeyFields & { readOnly: boolean; region: string };
}

/** An ActionTrail event of a RAM user, a root account or an assumed role, with the fields the normaliser reads. */
const wellFormed: fc.Arbitrary<WellFormed> = fc
  .record({
    eventId: fc.oneof(
      fc.uuid().map((u) => u.toUpperCase()),
      nonBlank(64),
    ),
    eventName: fc.oneof(
      fc.constantFrom("CreateAccessKey", "DescribeInstances", "ConsoleSignin", "GetObject", "AttachPolicyToUser"),
      fc.stringMatching(/^[A-Z][A-Za-z0-9]{1,40}$/),
      nonBlank(),
    ),
    eventSource: fc.oneof(
      fc.constantFrom("ram.aliyuncs.com", "ecs.aliyuncs.com", "signin.aliyun.com", "oss.aliyuncs.com"),
      fc.stringMatching(/^[a-z][a-z0-9-]{0,20}\.aliyuncs\.com$/),
    ),
    serviceName: fc.option(fc.constantFrom("Ram", "Ecs", "Oss", "ActionTrail"), { nil: undefined }),
    time: instant,
    offset: offsetMinutes,
    withMillis: fc.boolean(),
    ip: ipAddress,
    identityType: fc.constantFrom("ram-user", "root-account", "assumed-role"),
    userName: nonBlank(64),
    accessKeyId: fc.oneof(
      fc.stringMatching(/^LTAI[A-Za-z0-9]{12,20}$/),
      fc.stringMatching(/^STS\.[A-Za-z0-9]{20,30}$/),
      nonBlank(32),
    ),
    accountId: fc.stringMatching(/^\d{16}$/),
    region: fc.constantFrom("cn-hangzhou", "cn-shanghai", "ap-southeast-1"),
    eventType: fc.constantFrom("ApiCall", "ConsoleOperation", "ConsoleSignin", "AliyunServiceEvent"),
    readOnly: fc.boolean(),
    requestId: fc.uuid(),
    userAgent: nonBlank(80),
    // An object, or (as ActionTrail sometimes sends it) the object as a JSON string.
    requestParameters: fc.option(
      fc.oneof(
        fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 1 }), { maxKeys: 3 }),
        fc.constant('{"RegionId":"cn-hangzhou"}'),
      ),
      { nil: undefined },
    ),
    referencedResources: fc.option(
      fc.dictionary(fc.constantFrom("ACS::ECS::Instance", "ACS::RAM::User"), fc.array(nonBlank(20), { maxLength: 3 }), {
        maxKeys: 2,
      }),
      { nil: undefined },
    ),
  })
  .map((g) => {
    const timeMs = g.withMillis ? g.time.getTime() : Math.floor(g.time.getTime() / 1000) * 1000;
    const record: Rec = {
      eventId: g.eventId,
      eventVersion: 1,
      eventSource: g.eventSource,
      eventName: g.eventName,
      eventTime: isoAt(new Date(timeMs), g.offset, g.withMillis),
      eventType: g.eventType,
      eventRW: g.readOnly ? "Read" : "Write",
      acsRegion: g.region,
      sourceIpAddress: g.ip,
      userAgent: g.userAgent,
      requestId: g.requestId,
      recipientAccountId: g.accountId,
      userIdentity: {
        type: g.identityType,
        principalId: `${g.accountId}:${g.userName}`,
        accountId: g.accountId,
        userName: g.userName,
        accessKeyId: g.accessKeyId,
        sessionContext: { attributes: { mfaAuthenticated: "false", creationDate: isoAt(g.time, 0, false) } },
      },
      additionalEventData: { isMFAChecked: "false", loginAccount: "someone@example.com" },
      ...(g.serviceName ? { serviceName: g.serviceName } : {}),
      ...(g.requestParameters ? { requestParameters: g.requestParameters } : {}),
      ...(g.referencedResources ? { referencedResources: g.referencedResources } : {}),
    };
    return {
      record,
      expected: {
        eventId: g.eventId,
        eventName: g.eventName,
        eventSource: g.eventSource,
        timeMs,
        ip: canonicalIp(g.ip),
        userName: g.userName,
        accessKeyId: g.accessKeyId,
        readOnly: g.readOnly,
        region: g.region,
      },
    };
  });

/** The ways an ActionTrail event reaches the importer: bare, in an SLS entry (JSON string or object), in a Sentinel row. */
type Wrapping = "bare" | "sls-string" | "sls-object" | "top-level-event" | "sentinel";
const wrappings = fc.constantFrom<Wrapping>("bare", "sls-string", "sls-object", "top-level-event", "sentinel");

function wrap(event: unknown, how: Wrapping): unknown {
  switch (how) {
    case "bare":
      return event;
    case "sls-string":
      return { __topic__: "actiontrail_audit_event", __time__: 1649758000, contents: { event: JSON.stringify(event) } };
    case "sls-object":
      return { contents: { event } };
    case "top-level-event":
      return { __source__: "actiontrail", event: JSON.stringify(event) };
    case "sentinel":
      return {
        TenantId: "00000000-0000-0000-0000-000000000000",
        contents_event_s: JSON.stringify(event),
        Type: "AliCloud_Cloudhub_CL",
      };
  }
}

/** Values a hostile or broken producer might put in any field. */
const hostileValue = hostileValues({
  strings: ["hasOwnProperty", "valueOf", "{", '{"a":', "{}"],
  times: [
    "2023-02-30T00:00:00Z",
    "2023-13-01T00:00:00Z",
    "2023-01-01T24:00:00Z",
    "2022-04-12 10:23:43",
    "0000-00-00T00:00:00Z",
    "yesterday",
    "2023-01-01T00:00:00+99:99",
    "2023-01-01T00:00:00",
    "+275760-09-13T00:00:00.001Z",
    "1649758000",
  ],
});

const FIELD_PATHS: string[][] = [
  ["eventId"],
  ["eventTime"],
  ["eventName"],
  ["eventSource"],
  ["eventType"],
  ["eventRW"],
  ["serviceName"],
  ["sourceIpAddress"],
  ["userAgent"],
  ["acsRegion"],
  ["requestId"],
  ["recipientAccountId"],
  ["requestParameters"],
  ["requestParameterJson"],
  ["responseElements"],
  ["referencedResources"],
  ["resourceType"],
  ["resourceName"],
  ["errorCode"],
  ["errorMessage"],
  ["additionalEventData"],
  ["additionalEventData", "isMFAChecked"],
  ["userIdentity"],
  ["userIdentity", "type"],
  ["userIdentity", "userName"],
  ["userIdentity", "accessKeyId"],
  ["userIdentity", "accountId"],
  ["userIdentity", "sessionContext"],
];

const edits = fc.array(
  fc.tuple(fc.constantFrom(...FIELD_PATHS), fc.option(hostileValue, { nil: undefined, freq: 3 })),
  { minLength: 1, maxLength: 3 },
);

/** A well-formed event with one to three fields dropped or replaced, as JSON.parse would hand it over. */
const almostValidEvent: fc.Arbitrary<unknown> = fc.tuple(wellFormed, edits).map(([{ record }, changes]) => {
  const copy = structuredClone(record);
  for (const [path, value] of changes) setPath(copy, path, value);
  return JSON.parse(JSON.stringify(copy)) as unknown;
});

/** A wrapper whose payload is broken: cut short, not JSON, not an object, or of the wrong type. */
const brokenWrapper: fc.Arbitrary<unknown> = fc
  .tuple(
    wellFormed,
    fc.nat(),
    fc.constantFrom("contents.event", "contents_event_s", "event"),
    fc.oneof(fc.constant("cut"), hostileValue),
  )
  .map(([{ record }, cut, field, payload]) => {
    const text = JSON.stringify(record);
    const value = payload === "cut" ? text.slice(0, cut % text.length) : payload;
    return field === "contents.event" ? { contents: { event: value } } : { [field]: value };
  });

// --- Properties -------------------------------------------------------------------------------------------------

describe("normaliseActionTrail / normaliseActionTrailEntry (properties)", () => {
  it("never throw on arbitrary JSON values, and give each exactly one outcome", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const record: unknown = JSON.parse(JSON.stringify(value) ?? "null");
        normaliseChecked(normaliseActionTrail, record);
        normaliseChecked(normaliseActionTrailEntry, record);
        expect(() => actionTrailEntryEvent(record)).not.toThrow();
      }),
      RUNS,
    );
  });

  it("never throw on arbitrary objects shaped a little like ActionTrail events or their wrappers", () => {
    const keys = fc.constantFrom(
      "eventId",
      "eventTime",
      "eventName",
      "eventSource",
      "eventType",
      "userIdentity",
      "referencedResources",
      "contents",
      "contents_event_s",
      "event",
    );
    fc.assert(
      fc.property(fc.dictionary(keys, fc.oneof(hostileValue, fc.anything({ maxDepth: 2 }))), (record) => {
        for (const normalise of [normaliseActionTrail, normaliseActionTrailEntry])
          expectOneOutcome(normalise(record, "{}"), "{}", OUTCOME);
      }),
      RUNS,
    );
  });

  it("accept every well-formed event, bare or wrapped, and keep its key fields exactly", () => {
    fc.assert(
      fc.property(wellFormed, wrappings, ({ record, expected }, how) => {
        const wrapped = wrap(record, how);
        const result = normaliseChecked(how === "bare" ? normaliseActionTrail : normaliseActionTrailEntry, wrapped);
        if (!result.ok) throw new Error(`rejected a well-formed event (${how}): ${result.reason}`);
        const e = result.event;
        expectKeyFields(e, expected);
        expect(e.readOnly).toBe(expected.readOnly);
        expect(e.region).toBe(expected.region);
        // The wrapper's own text is the raw record.
        expect(e.raw).toBe(JSON.stringify(wrapped));
      }),
      RUNS,
    );
  });

  it("whatever the eventType field holds (Object.prototype names included), the event type is an allowed one", () => {
    const prototypeNames = fc.constantFrom(...Object.getOwnPropertyNames(Object.prototype));
    fc.assert(
      fc.property(wellFormed, fc.oneof(prototypeNames, fc.string(), hostileValue), ({ record }, eventType) => {
        const result = normaliseChecked(normaliseActionTrail, JSON.parse(JSON.stringify({ ...record, eventType })));
        expect(result.ok).toBe(true);
      }),
      RUNS,
    );
  });

  it("reject an event without an essential field, naming that field, bare or wrapped", () => {
    const essentials = fc.constantFrom("eventId", "eventTime", "eventName", "eventSource");
    const missing = fc.constantFrom(undefined, null, "", "   ", true, [], {});
    fc.assert(
      fc.property(wellFormed, essentials, missing, wrappings, ({ record }, field, value, how) => {
        const copy: Rec = { ...record };
        if (value === undefined) delete copy[field];
        else copy[field] = value;
        const event: unknown = JSON.parse(JSON.stringify(copy));
        // A bare event without eventId would be read as a wrapper only if it had an `event` field; it has none.
        const result = normaliseChecked(
          how === "bare" ? normaliseActionTrail : normaliseActionTrailEntry,
          wrap(event, how),
        );
        expect(result.ok).toBe(false);
        expect(!result.ok && result.reason.startsWith(`${field}: `)).toBe(true);
      }),
      RUNS,
    );
  });

  it("never throw on almost-valid events (fields dropped or replaced by hostile values), bare or wrapped", () => {
    fc.assert(
      fc.property(almostValidEvent, wrappings, (event, how) => {
        normaliseChecked(normaliseActionTrail, event);
        normaliseChecked(normaliseActionTrailEntry, wrap(event, how));
      }),
      RUNS,
    );
  });

  it("reject a wrapper whose payload is cut short or not an object, naming the wrapper field", () => {
    fc.assert(
      fc.property(brokenWrapper, (entry) => {
        const result = normaliseChecked(normaliseActionTrailEntry, entry);
        if (!result.ok && /^(event|contents_event_s): /.test(result.reason)) return;
        // Otherwise the payload decoded to something: then it went through normaliseActionTrail like any event.
        const inner = actionTrailEntryEvent(entry);
        expect(inner?.ok).toBe(true);
      }),
      RUNS,
    );
  });

  it("is deterministic: the same text normalised from two separate parses gives equal results", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          wellFormed.map((w) => w.record),
          almostValidEvent,
        ),
        wrappings,
        (event, how) => {
          const raw = JSON.stringify(wrap(event, how));
          expect(normaliseActionTrailEntry(JSON.parse(raw), raw)).toEqual(
            normaliseActionTrailEntry(JSON.parse(raw), raw),
          );
        },
      ),
      RUNS,
    );
  });
});
