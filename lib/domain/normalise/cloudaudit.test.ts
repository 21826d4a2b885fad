// CloudAudit normalisation on the official tccli examples in tests/fixtures/datasets/tencent-cloudaudit-examples:
// each example's `output` is a JSON string holding a response whose events carry `CloudAuditEvent` as a JSON string.
import { readFileSync } from "node:fs";
import path from "node:path";
import { dataset } from "@/tests/fixtures/datasets";
import { describe, expect, it } from "vitest";
import { normaliseCloudAudit, parseCloudAuditTime } from "./cloudaudit";

const DIR = dataset("tencent-cloudaudit-examples");
type Rec = Record<string, unknown>;

const examples = JSON.parse(readFileSync(path.join(DIR, "examples.json"), "utf8")) as {
  actions: Record<string, { output: string }[]>;
};
const responseEvent = (action: string) =>
  (JSON.parse(examples.actions[action][0].output) as { Response: { Events: Rec[] } }).Response.Events[0];

function accept(record: Rec, raw = JSON.stringify(record)) {
  const result = normaliseCloudAudit(record, raw);
  if (!result.ok) throw new Error(result.reason);
  expect(result.event.raw).toBe(raw);
  return result.event;
}

const describeEventsEvent = {
  eventId: "008ef803-4549-41fe-a7e6-433122273683",
  eventTime: new Date("2023-04-03T09:23:29Z"), // 1680513809
  origin: "cloudaudit",
  eventName: "CreateAuditTrack",
  eventSource: "cloudaudit.ap-guangzhou.api.tencentyun.com",
  service: "cloudaudit",
  eventType: "ConsoleOperation",
  readOnly: false,
  sensitive: true,
  userIdentity: { type: "Root", principalId: "1000000000", userName: "root", mfaUsed: true, roleName: null },
  sourceIpAddress: "111.111.111.111",
  userAgent: "SDK_NODEJS_0.2.1",
  region: "ap-guangzhou",
  resources: [],
  requestId: "008ef803-4549-41fe-a7e6-433122273683",
  errorCode: null,
  errorMessage: null,
  requestParameters: expect.objectContaining({ ActionType: "Write", Name: "qweqwe", Version: "2019-03-19" }),
  responseElements: { TrackId: 21915, RequestId: "008ef803-4549-41fe-a7e6-433122273683" },
};

describe("normaliseCloudAudit", () => {
  it("a DescribeEvents event whose CloudAuditEvent is a JSON string", () => {
    const record = responseEvent("DescribeEvents");
    expect(typeof record.CloudAuditEvent).toBe("string");
    expect(accept(record)).toEqual({
      ...describeEventsEvent,
      accountId: "100004293724",
      userIdentity: { ...describeEventsEvent.userIdentity, accessKeyId: "xxxxxxx" },
      raw: JSON.stringify(record),
    });
  });

  it("the full CloudAudit record on its own (the dataset's decoded copy) gives the same event", () => {
    const decoded = (
      JSON.parse(readFileSync(path.join(DIR, "describe_events_example_event.decoded.json"), "utf8")) as { event: Rec }
    ).event;
    expect(accept(decoded)).toMatchObject({
      ...describeEventsEvent,
      accountId: "1000000000",
      userIdentity: { ...describeEventsEvent.userIdentity, accessKeyId: "xxx" },
    });
  });

  it("rejects the LookUpEvents example: its CloudAuditEvent string is not valid JSON", () => {
    const record = responseEvent("LookUpEvents");
    let message = "";
    try {
      JSON.parse(record.CloudAuditEvent as string);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).not.toBe("");
    expect(normaliseCloudAudit(record, "{}")).toEqual({
      ok: false,
      reason: `CloudAuditEvent: invalid JSON (${message})`,
    });
  });

  it("without CloudAuditEvent the summary fields suffice; 'YYYY-MM-DD HH:mm:ss' is China time (UTC+8)", () => {
    const summary = { ...responseEvent("LookUpEvents") };
    delete summary.CloudAuditEvent;
    expect(accept(summary)).toMatchObject({
      eventId: "e92a92fc259c4a9333d2a7ce64d1ef201",
      eventTime: new Date("2019-03-20T04:36:27Z"),
      eventName: "LookupEvents",
      eventSource: "cloudaudit.api.tencentyun.com/v2/index.php",
      service: "cloudaudit",
      accountId: "1150691759",
      userIdentity: { userName: "root", accessKeyId: "XXX", type: null, mfaUsed: null },
      sourceIpAddress: "59.37.125.124",
      region: "ap-guangzhou",
      requestId: "15936031437374_1553056587.6815_v2",
      errorCode: null,
      resources: [],
      sensitive: false,
    });
  });

  it("a failed call keeps its API error; resources come from the summary and resourceSet", () => {
    const record = {
      EventId: "e-1",
      EventTime: "2024-02-29 23:59:59",
      EventName: "DeleteUser",
      EventSource: "cam.tencentcloudapi.com",
      ErrorCode: 403,
      SourceIPAddress: "not-an-ip",
      Resources: { ResourceType: "cam", ResourceName: "uin/100:user/alice" },
      CloudAuditEvent: JSON.stringify({
        apiErrorCode: "AuthFailure.UnauthorizedOperation",
        apiErrorMessage: "denied",
        resourceSet: ["uin/100:user/bob", { resourceType: "cam", resourceName: "uin/100:user/carol" }],
      }),
    };
    expect(accept(record)).toMatchObject({
      eventTime: new Date("2024-02-29T15:59:59Z"),
      service: "cam",
      sensitive: true,
      sourceIpAddress: null,
      errorCode: "AuthFailure.UnauthorizedOperation",
      errorMessage: "denied",
      resources: [
        { type: "cam", name: "uin/100:user/alice" },
        { type: "cam", name: "uin/100:user/bob" },
        { type: "cam", name: "uin/100:user/carol" },
      ],
    });
  });

  it("rejects a record without the essentials, naming the field", () => {
    const record = { EventId: "e-1", EventName: "GetUser", EventSource: "cam.tencentcloudapi.com" };
    expect(normaliseCloudAudit(record, "{}")).toEqual({ ok: false, reason: "EventTime: missing" });
    expect(normaliseCloudAudit({ ...record, EventTime: "2019-02-30 10:00:00" }, "{}")).toEqual({
      ok: false,
      reason: 'EventTime: not a CloudAudit time ("2019-02-30 10:00:00")',
    });
    expect(normaliseCloudAudit({ eventID: "x", eventTime: 1680513809 }, "{}")).toEqual({
      ok: false,
      reason: "eventName: missing",
    });
  });

  it("parses the CloudAudit time forms", () => {
    expect(parseCloudAuditTime(1680513809)).toEqual(new Date("2023-04-03T09:23:29Z"));
    expect(parseCloudAuditTime("1680513809")).toEqual(new Date("2023-04-03T09:23:29Z"));
    expect(parseCloudAuditTime("1680513809123")).toEqual(new Date("2023-04-03T09:23:29.123Z"));
    expect(parseCloudAuditTime("2019-03-20 00:10:00")).toEqual(new Date("2019-03-19T16:10:00Z"));
    expect(parseCloudAuditTime("2019-03-20T12:36:27+08:00")).toEqual(new Date("2019-03-20T04:36:27Z"));
    expect(parseCloudAuditTime("2019-03-20 24:00:00")).toBeNull();
    expect(parseCloudAuditTime("yesterday")).toBeNull();
  });
});
