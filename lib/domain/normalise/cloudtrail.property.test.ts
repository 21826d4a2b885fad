// Property-based tests (fast-check) for the CloudTrail normaliser (issue 7). Records come from files anyone can
// hand to the importer, so normaliseCloudTrail must never throw and must give every record exactly one outcome:
// an event that satisfies the NormalisedEvent invariants, or a rejection whose reason a person can act on. Checked
// on arbitrary JSON, on generated well-formed records (accepted, key fields kept exactly) and on those records with
// fields dropped or replaced by hostile values (wrong types, huge strings, unicode, markup, control characters,
// out-of-range numbers, impossible dates). The seed is fixed so a run is reproducible; FC_SEED=<n> / FC_RUNS=<n> explore further.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normaliseCloudTrail } from "./cloudtrail";
import {
  canonicalIp,
  expectKeyFields,
  expectOneOutcome,
  fcRuns,
  HOSTILE_ISO_TIMES,
  hostileValues,
  instant,
  ipAddress,
  isoAt,
  nonBlank,
  normaliseAndCheck,
  offsetMinutes,
  setPath,
  type KeyFields,
  type OutcomeRules,
  type Rec,
} from "./normalise-properties";

const RUNS = fcRuns(7001);

/** Every outcome: exactly one, and an event comes from CloudTrail. */
const OUTCOME: OutcomeRules = { origin: "cloudtrail", resourceNames: "non-empty" };
const normaliseChecked = (record: unknown) => normaliseAndCheck(normaliseCloudTrail, record, OUTCOME);

// --- Generators -------------------------------------------------------------------------------------------------

const eventNames = fc.oneof(
  fc.constantFrom(
    "CreateAccessKey",
    "ConsoleLogin",
    "GetObject",
    "StopLogging",
    "AssumeRole",
    "DescribeInstances",
    "PutBucketPolicy",
  ),
  fc.stringMatching(/^[A-Z][A-Za-z0-9]{1,40}$/),
  nonBlank(),
);
const eventSources = fc.oneof(
  fc.constantFrom(
    "iam.amazonaws.com",
    "s3.amazonaws.com",
    "signin.amazonaws.com",
    "ec2.amazonaws.com",
    "sts.amazonaws.com",
    "cloudtrail.amazonaws.com",
  ),
  fc.stringMatching(/^[a-z][a-z0-9-]{0,20}\.amazonaws\.com$/),
);

interface WellFormed {
  record: Rec;
  expected: KeyFields;
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
    requestParameters: fc.option(fc.record({ userName: nonBlank(), bucketName: nonBlank() }, { requiredKeys: [] }), {
      nil: null,
    }),
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
        arn:
          g.identityType === "Root"
            ? `arn:aws:iam::${g.accountId}:root`
            : `arn:aws:iam::${g.accountId}:user/${g.userName}`,
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
        eventId: g.eventId,
        eventName: g.eventName,
        eventSource: g.eventSource,
        timeMs,
        ip: canonicalIp(g.ip),
        userName: g.userName,
        accessKeyId: g.accessKeyId,
      },
    };
  });

/** Values a hostile or broken producer might put in any field. */
const hostileValue = hostileValues({
  strings: ["hasOwnProperty", "valueOf"],
  times: [...HOSTILE_ISO_TIMES, "9999999999999999"],
});

const FIELD_PATHS: string[][] = [
  ["eventID"],
  ["eventTime"],
  ["eventName"],
  ["eventSource"],
  ["eventType"],
  ["readOnly"],
  ["sourceIPAddress"],
  ["userAgent"],
  ["awsRegion"],
  ["requestID"],
  ["recipientAccountId"],
  ["requestParameters"],
  ["responseElements"],
  ["resources"],
  ["errorCode"],
  ["errorMessage"],
  ["additionalEventData"],
  ["userIdentity"],
  ["userIdentity", "type"],
  ["userIdentity", "userName"],
  ["userIdentity", "arn"],
  ["userIdentity", "accessKeyId"],
  ["userIdentity", "principalId"],
  ["userIdentity", "invokedBy"],
  ["userIdentity", "sessionContext"],
  ["userIdentity", "onBehalfOf"],
  ["@timestamp"],
  ["@version"],
];

/** A well-formed record with one to three fields dropped or replaced, as JSON.parse would hand it over. */
const almostValid: fc.Arbitrary<unknown> = fc
  .tuple(
    wellFormed,
    fc.array(fc.tuple(fc.constantFrom(...FIELD_PATHS), fc.option(hostileValue, { nil: undefined, freq: 3 })), {
      minLength: 1,
      maxLength: 3,
    }),
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
      "eventID",
      "eventTime",
      "eventName",
      "eventSource",
      "eventType",
      "userIdentity",
      "resources",
      "requestParameters",
      "@timestamp",
      "@version",
    );
    fc.assert(
      fc.property(fc.dictionary(keys, fc.oneof(hostileValue, fc.anything({ maxDepth: 2 }))), (record) => {
        const raw = "{}";
        const result = normaliseCloudTrail(record, raw);
        expectOneOutcome(result, raw, OUTCOME);
      }),
      RUNS,
    );
  });

  it("accepts every well-formed record and keeps its key fields exactly", () => {
    fc.assert(
      fc.property(wellFormed, ({ record, expected }) => {
        const result = normaliseChecked(record);
        if (!result.ok) throw new Error(`rejected a well-formed record: ${result.reason}`);
        const e = result.event;
        expectKeyFields(e, expected);
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
        const refused = normaliseChecked({
          ...rest,
          "@version": "1",
          "@timestamp": new Date(whole + millis).toISOString(),
        });
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
    fc.assert(
      fc.property(almostValid, (record) => void normaliseChecked(record)),
      RUNS,
    );
  });

  it("is deterministic: the same text normalised from two separate parses gives equal results", () => {
    fc.assert(
      fc.property(
        fc.oneof(
          wellFormed.map((w) => w.record),
          almostValid,
        ),
        (record) => {
          const raw = JSON.stringify(record);
          expect(normaliseCloudTrail(JSON.parse(raw), raw)).toEqual(normaliseCloudTrail(JSON.parse(raw), raw));
        },
      ),
      RUNS,
    );
  });
});
