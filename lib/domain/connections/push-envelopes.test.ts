import { describe, expect, it } from "vitest";
import { unwrapDelivery } from "./push-envelopes";

const cloudTrail = {
  eventVersion: "1.08",
  userIdentity: { type: "IAMUser", accountId: "123456789012", userName: "alice", accessKeyId: "AKIAPUSHUNIT00000001" },
  eventTime: "2026-12-08T00:00:01Z",
  eventSource: "iam.amazonaws.com",
  eventName: "CreateAccessKey",
  awsRegion: "us-east-1",
  eventID: "11111111-2222-3333-4444-555555555555",
  recipientAccountId: "123456789012",
};
const eventBridge = (detail: unknown, overrides: Record<string, unknown> = {}) => ({
  version: "0",
  id: "eb-1",
  "detail-type": "AWS API Call via CloudTrail",
  source: "aws.iam",
  account: "123456789012",
  time: "2026-12-08T00:00:01Z",
  region: "us-east-1",
  resources: [],
  detail,
  ...overrides,
});
const actionTrail = {
  eventId: "92b33345-0cef-47be-821f-fb9914d30000",
  eventVersion: 1,
  eventRW: "Write",
  eventType: "ApiCall",
  userIdentity: {
    type: "ram-user",
    userName: "bob",
    accountId: "5558349267652842",
    accessKeyId: "LTAIPUSHUNIT0000001",
  },
  serviceName: "Ecs",
  eventTime: "2022-10-22T21:52:00Z",
  acsRegion: "cn-hangzhou",
  eventName: "DeleteDisk",
};
const cloudAudit = {
  userIdentity: { principalId: "100", accountId: "100", secretId: "AKIDPUSHUNIT", type: "Root", userName: "root" },
  eventRegion: "ap-guangzhou",
  eventID: "008ef803-4549-41fe-a7e6-433122273683",
  eventType: "ConsoleCall",
  eventTime: 1680513809,
  eventSource: "cloudaudit.ap-guangzhou.api.tencentyun.com",
  eventName: "CreateAuditTrack",
};
const cloudEvent = (data: unknown, overrides: Record<string, unknown> = {}) => ({
  specversion: "1.0",
  id: "ce-1",
  source: "acs.actiontrail",
  type: "ecs:ActionTrail:ApiCall",
  time: "2022-10-22T21:52:01Z",
  data,
  ...overrides,
});

describe("EventBridge envelopes", () => {
  it("take the detail of one event as the record, re-serialised", () => {
    expect(unwrapDelivery(eventBridge(cloudTrail), "eventbridge", "d1")).toEqual({
      ok: true,
      records: [{ record: cloudTrail, raw: JSON.stringify(cloudTrail), source: "delivery d1, entry 1" }],
      problems: [],
    });
  });

  it("take an array as a batch, and refuse other detail-types and non-CloudTrail details by name", () => {
    const signIn = { ...cloudTrail, eventName: "ConsoleLogin", eventID: "sign-in" };
    const result = unwrapDelivery(
      [
        eventBridge(cloudTrail),
        eventBridge(signIn, { "detail-type": "AWS Console Sign In via CloudTrail" }),
        eventBridge({ insightType: "ApiCallRateInsight" }, { id: "eb-3", "detail-type": "AWS Insight via CloudTrail" }),
        eventBridge(actionTrail, { id: "eb-4" }),
        eventBridge("text", { id: "eb-5" }),
        { id: "eb-6", detail: cloudTrail },
        cloudEvent(actionTrail),
        42,
      ],
      "eventbridge",
      "d2",
    );
    expect(result).toEqual({
      ok: true,
      records: [
        { record: cloudTrail, raw: JSON.stringify(cloudTrail), source: "delivery d2, entry 1" },
        { record: signIn, raw: JSON.stringify(signIn), source: "delivery d2, entry 2" },
      ],
      problems: [
        {
          source: "delivery d2, entry 3",
          reason:
            'event "eb-3": detail-type "AWS Insight via CloudTrail" carries no CloudTrail record (accepted: AWS API Call via CloudTrail; AWS Console Sign In via CloudTrail; AWS Console Signin via CloudTrail; AWS Console Action via CloudTrail; AWS Service Event via CloudTrail)',
        },
        {
          source: "delivery d2, entry 4",
          reason: 'event "eb-4": "detail" is not a CloudTrail record (it reads as actiontrail)',
        },
        { source: "delivery d2, entry 5", reason: 'event "eb-5": "detail" is a string, not a CloudTrail record' },
        { source: "delivery d2, entry 6", reason: 'event "eb-6": no "detail-type": not an EventBridge event' },
        {
          source: "delivery d2, entry 7",
          reason: 'a CloudEvents event, but this connection takes EventBridge events (its envelope is "eventbridge")',
        },
        { source: "delivery d2, entry 8", reason: "not an EventBridge event: a number" },
      ],
    });
  });

  it("refuse a body that is neither an event nor an array, and take an empty batch as nothing", () => {
    expect(unwrapDelivery("hello", "eventbridge", "d3")).toEqual({
      ok: false,
      reason: "the body must be an EventBridge event (a JSON object) or a JSON array of them, not a string",
    });
    expect(unwrapDelivery(null, "cloudevents", "d3")).toEqual({
      ok: false,
      reason: "the body must be a CloudEvents 1.0 event (a JSON object) or a JSON array of them, not null",
    });
    expect(unwrapDelivery([], "eventbridge", "d3")).toEqual({ ok: true, records: [], problems: [] });
  });
});

describe("CloudEvents envelopes", () => {
  it("take an ActionTrail or CloudAudit record from data, structured or batched", () => {
    const tencent = cloudEvent(cloudAudit, {
      id: "ce-2",
      source: "cloudaudit.cloud.tencent",
      type: "cloudaudit:CloudEvent:ConsoleCall",
      time: 1680513809000,
    });
    expect(unwrapDelivery(cloudEvent(actionTrail), "cloudevents", "c1")).toEqual({
      ok: true,
      records: [{ record: actionTrail, raw: JSON.stringify(actionTrail), source: "delivery c1, entry 1" }],
      problems: [],
    });
    expect(unwrapDelivery([cloudEvent(actionTrail), tencent], "cloudevents", "c2")).toEqual({
      ok: true,
      records: [
        { record: actionTrail, raw: JSON.stringify(actionTrail), source: "delivery c2, entry 1" },
        { record: cloudAudit, raw: JSON.stringify(cloudAudit), source: "delivery c2, entry 2" },
      ],
      problems: [],
    });
  });

  it("keep data given as a JSON string or as data_base64 verbatim", () => {
    const text = ' {"acsRegion":"cn-hangzhou","eventId":"e1","eventTime":"2022-10-22T21:52:00Z"} ';
    const base64 = Buffer.from(text, "utf8").toString("base64");
    const { data: _omit, ...withoutData } = cloudEvent(null);
    void _omit;
    expect(unwrapDelivery([cloudEvent(text), { ...withoutData, data_base64: base64 }], "cloudevents", "c3")).toEqual({
      ok: true,
      records: [
        { record: JSON.parse(text), raw: text, source: "delivery c3, entry 1" },
        { record: JSON.parse(text), raw: text, source: "delivery c3, entry 2" },
      ],
      problems: [],
    });
  });

  it("name each malformed entry and go on with the others", () => {
    const result = unwrapDelivery(
      [
        cloudEvent(actionTrail, { specversion: "0.3" }),
        cloudEvent(actionTrail, { type: undefined }),
        cloudEvent(cloudTrail, { id: "ce-3" }),
        cloudEvent("{not json", { id: "ce-4" }),
        cloudEvent(actionTrail, { id: "ce-5", datacontenttype: "text/plain" }),
        eventBridge(cloudTrail),
        cloudEvent([1], { id: "ce-7" }),
        cloudEvent(actionTrail, { id: "ce-8" }),
      ],
      "cloudevents",
      "c4",
    );
    expect(result).toEqual({
      ok: true,
      records: [{ record: actionTrail, raw: JSON.stringify(actionTrail), source: "delivery c4, entry 8" }],
      problems: [
        {
          source: "delivery c4, entry 1",
          reason: 'event "ce-1": specversion "0.3": only CloudEvents 1.0 in structured mode is accepted',
        },
        {
          source: "delivery c4, entry 2",
          reason: 'event "ce-1": no "type": a CloudEvents event names its id, source and type',
        },
        {
          source: "delivery c4, entry 3",
          reason:
            'event "ce-3": type "ecs:ActionTrail:ApiCall" from "acs.actiontrail": "data" is not an ActionTrail or CloudAudit record (it reads as cloudtrail)',
        },
        {
          source: "delivery c4, entry 4",
          reason: expect.stringMatching(
            /^event "ce-4": type "ecs:ActionTrail:ApiCall" from "acs.actiontrail": "data" is not valid JSON: /,
          ),
        },
        {
          source: "delivery c4, entry 5",
          reason:
            'event "ce-5": type "ecs:ActionTrail:ApiCall" from "acs.actiontrail": datacontenttype "text/plain" is not JSON',
        },
        {
          source: "delivery c4, entry 6",
          reason: 'an EventBridge event, but this connection takes CloudEvents events (its envelope is "cloudevents")',
        },
        {
          source: "delivery c4, entry 7",
          reason:
            'event "ce-7": type "ecs:ActionTrail:ApiCall" from "acs.actiontrail": "data" is an array, not a JSON object',
        },
      ],
    });
  });
});
