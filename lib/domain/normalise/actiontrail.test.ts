// ActionTrail normalisation on the real Azure-Sentinel samples in tests/fixtures/datasets/alibaba-actiontrail-samples.
import { readFileSync } from "node:fs";
import path from "node:path";
import { dataset } from "@/tests/fixtures/datasets";
import { describe, expect, it } from "vitest";
import { actionTrailEntryEvent, normaliseActionTrail, normaliseActionTrailEntry } from "./actiontrail";

const DIR = dataset("alibaba-actiontrail-samples");
type Rec = Record<string, unknown>;
type SlsEntry = { timestamp: number; contents: { event: string } };

const sls = JSON.parse(readFileSync(path.join(DIR, "AliCloud_CL.json"), "utf8")) as SlsEntry[];
const sentinel = JSON.parse(readFileSync(path.join(DIR, "AliCloud_Cloudhub_CL.json"), "utf8")) as Rec[];

function accept(entry: unknown, raw = JSON.stringify(entry)) {
  const result = normaliseActionTrailEntry(entry, raw);
  if (!result.ok) throw new Error(result.reason);
  expect(result.event.raw).toBe(raw);
  return result.event;
}

describe("normaliseActionTrail", () => {
  it("an SLS entry whose event is a JSON string: an assumed-role call with an STS key", () => {
    const entry = sls[1];
    expect(typeof entry.contents.event).toBe("string");
    expect(accept(entry)).toEqual({
      eventId: "D1EC688E-2AB3-54F1-A669-1F54B3F27276",
      eventTime: new Date("2022-04-12T10:23:43Z"),
      origin: "actiontrail",
      eventName: "DescribeMetricList",
      eventSource: "metrics-share.aliyuncs.com",
      service: "cms",
      eventType: "ApiCall",
      readOnly: true,
      sensitive: false,
      accountId: "5558349267652842",
      userIdentity: {
        type: "assumed-role",
        principalId: "353345730733868420:actiontrail",
        userName: "aliyunserviceroleforactiontrail:actiontrail",
        accessKeyId: "STS.NUav87jQZ3eT9TTP18tYDuvSS",
        mfaUsed: false,
        roleName: "aliyunserviceroleforactiontrail",
      },
      sourceIpAddress: null, // "actiontrail.aliyuncs.com" is a service, not an address
      userAgent: "actiontrail.aliyuncs.com",
      region: "cn-hangzhou",
      resources: [],
      requestId: "D1EC688E-2AB3-54F1-A669-1F54B3F27276",
      errorCode: null,
      errorMessage: null,
      requestParameters: expect.objectContaining({
        MetricName: "delivery_oss_success_count",
        Namespace: "acs_actiontrail",
      }),
      responseElements: null,
      raw: JSON.stringify(entry),
    });
  });

  it("a root-account console call, and the same event delivered twice keeps its eventId", () => {
    const first = accept(sls[9]);
    expect(first).toMatchObject({
      eventId: "DF1291C4-EC71-502A-B8A2-B25BE09D242D",
      eventName: "GetPasswordPolicy",
      service: "ims",
      userIdentity: {
        type: "root-account",
        userName: "root",
        principalId: "5558349267652842",
        accessKeyId: null,
        roleName: null,
      },
      sourceIpAddress: "77.77.77.77",
      userAgent: "ram.console.aliyun.com",
    });
    expect(accept(sls[10]).eventId).toBe(first.eventId);
  });

  it("a Sentinel row (contents_event_s) with its AccessKey placeholder", () => {
    expect(accept(sentinel[0])).toMatchObject({
      eventId: "625E54C58AE90FECFD554209",
      eventTime: new Date("2022-04-19T06:20:53Z"),
      eventName: "ListProject",
      eventSource: "cn-hangzhou.log.aliyuncs.com",
      service: "sls",
      userIdentity: { type: "root-account", userName: "root", accessKeyId: "AliCloudAccessKeyId" },
      requestParameters: { offset: "0", size: "500" },
    });
  });

  it("every sample entry normalises; the normalized JSON Lines wrapper too", () => {
    for (const entry of [...sls, ...sentinel]) expect(accept(entry).origin).toBe("actiontrail");
    const lines = readFileSync(path.join(DIR, "actiontrail_events.normalized.jsonl"), "utf8")
      .split("\n")
      .filter(Boolean);
    expect(lines.map((line) => accept(JSON.parse(line), line).eventId)).toHaveLength(21);
  });

  it("rejects an entry whose inner JSON string is broken, with the parser's message", () => {
    const broken = { ...sls[0], contents: { ...sls[0].contents, event: sls[0].contents.event.slice(0, 120) } };
    let message = "";
    try {
      JSON.parse(broken.contents.event);
    } catch (error) {
      message = (error as Error).message;
    }
    expect(normaliseActionTrailEntry(broken, "{}")).toEqual({ ok: false, reason: `event: invalid JSON (${message})` });
    expect(actionTrailEntryEvent({ contents_event_s: 42 })).toEqual({
      ok: false,
      reason: "contents_event_s: not a JSON object",
    });
    expect(actionTrailEntryEvent({ eventId: "x" })).toBeNull();
  });

  it("rejects an event without eventTime or with a bad one", () => {
    const event = JSON.parse(sls[0].contents.event) as Rec;
    const noTime = { ...event };
    delete noTime.eventTime;
    expect(normaliseActionTrail(noTime, "{}")).toEqual({ ok: false, reason: "eventTime: missing" });
    expect(normaliseActionTrail({ ...event, eventTime: "2022-04-12 10:23:43" }, "{}")).toEqual({
      ok: false,
      reason: 'eventTime: not an ISO-8601 date-time ("2022-04-12 10:23:43")',
    });
    expect(normaliseActionTrail({ ...event, eventId: null }, "{}")).toEqual({ ok: false, reason: "eventId: missing" });
  });

  // Shapes documented by ActionTrail but absent from the samples: a console sign-in and referenced resources.
  it("a ConsoleSignin takes MFA from isMFAChecked; referencedResources become resources", () => {
    const signin = {
      eventId: "s-1",
      eventTime: "2024-05-01T08:00:00Z",
      eventName: "ConsoleSignin",
      eventSource: "signin.aliyun.com",
      eventType: "ConsoleSignin",
      eventRW: "Write",
      acsRegion: "cn-hangzhou",
      sourceIpAddress: "203.0.113.5",
      userIdentity: { type: "ram-user", principalId: "2000", accountId: "1000" },
      additionalEventData: { loginAccount: "alice@1000.onaliyun.com", isMFAChecked: "true" },
      errorCode: "InvalidPassword",
    };
    expect(accept(signin)).toMatchObject({
      eventType: "ConsoleSignin",
      readOnly: false,
      service: "signin",
      userIdentity: { type: "ram-user", userName: "alice@1000.onaliyun.com", mfaUsed: true },
      errorCode: "InvalidPassword",
    });
    const call = {
      ...signin,
      eventName: "DeleteAccessKey",
      eventType: "ApiCall",
      serviceName: "Ram",
      referencedResources: { "ACS::ECS::Instance": ["i-bp1", "i-bp2"], "ACS::RAM::User": ["alice"] },
    };
    expect(accept(call)).toMatchObject({
      service: "ram",
      sensitive: true,
      userIdentity: { mfaUsed: null },
      resources: [
        { type: "ACS::ECS::Instance", name: "i-bp1" },
        { type: "ACS::ECS::Instance", name: "i-bp2" },
        { type: "ACS::RAM::User", name: "alice" },
      ],
    });
  });
});
