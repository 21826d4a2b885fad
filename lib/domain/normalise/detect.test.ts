// Format detection on the first bytes / first records of the real sample files.
import { readFileSync } from "node:fs";
import path from "node:path";
import { DATASETS } from "@/tests/fixtures/datasets";
import { describe, expect, it } from "vitest";
import { classifyRecord, detectFormat, detectLayout } from "./detect";

const read = (file: string) => readFileSync(path.join(DATASETS, file), "utf8");

const INVICTUS =
  "invictus-aws-cloudtrail/CloudTrail/218007301253_CloudTrail_us-east-1_20230710T1220Z_WMiHxZgr5Hdd6UDc.json";
const STRATUS = "stratus-red-team-detonation-logs/aws.initial-access.console-login-without-mfa.json";
const OTRF = "otrf-security-datasets-aws/ec2_proxy_s3_exfiltration_2020-09-14011940.json";
const SLS = "alibaba-actiontrail-samples/AliCloud_CL.json";
const SENTINEL = "alibaba-actiontrail-samples/AliCloud_Cloudhub_CL.json";
const NORMALIZED = "alibaba-actiontrail-samples/actiontrail_events.normalized.jsonl";

describe("detectLayout", () => {
  it("tells JSON Lines from one JSON document, including a .json file that is really JSON Lines", () => {
    expect(detectLayout(INVICTUS, read(INVICTUS))).toEqual({ ok: true, layout: "json" });
    expect(detectLayout(STRATUS, read(STRATUS))).toEqual({ ok: true, layout: "json" });
    expect(detectLayout(OTRF, read(OTRF))).toEqual({ ok: true, layout: "jsonl" });
    expect(detectLayout(NORMALIZED, read(NORMALIZED))).toEqual({ ok: true, layout: "jsonl" });
    expect(detectLayout("x.jsonl.gz", "{}")).toEqual({ ok: true, layout: "jsonl" });
    expect(detectLayout("x.json", '\uFEFF{"Records":[]}\n')).toEqual({ ok: true, layout: "json" });
  });

  it("refuses what is not JSON", () => {
    expect(detectLayout("x.json", "  \n")).toEqual({ ok: false, reason: "empty file" });
    expect(detectLayout("x.json", "user,arn\nroot,x")).toEqual({
      ok: false,
      reason: 'not JSON (starts with "user,arn\\nroot,x")',
    });
  });
});

describe("detectFormat", () => {
  it("recognises each sample's first record", () => {
    const firstOf = (file: string) => (JSON.parse(read(file)) as unknown[])[0];
    expect(classifyRecord((JSON.parse(read(INVICTUS)) as { Records: unknown[] }).Records[0])).toBe("cloudtrail");
    expect(classifyRecord(firstOf(STRATUS))).toBe("cloudtrail");
    expect(classifyRecord(JSON.parse(read(OTRF).split("\n")[0]))).toBe("cloudtrail");
    expect(classifyRecord(firstOf(SLS))).toBe("actiontrail-entry");
    expect(classifyRecord(firstOf(SENTINEL))).toBe("actiontrail-entry");
    expect(classifyRecord(JSON.parse(read(NORMALIZED).split("\n")[0]).event)).toBe("actiontrail");
    const output = (
      JSON.parse(read("tencent-cloudaudit-examples/examples.json")) as { actions: Record<string, { output: string }[]> }
    ).actions.DescribeEvents[0].output;
    expect(classifyRecord((JSON.parse(output) as { Response: { Events: unknown[] } }).Response.Events[0])).toBe(
      "cloudaudit",
    );
    expect(
      classifyRecord({ eventId: "a", eventTime: "2026-01-01T00:00:00Z", eventName: "A", eventSource: "keytrail" }),
    ).toBe("own-shape");
  });

  it("trusts the wrapper: Records are CloudTrail, Response.Events are CloudAudit", () => {
    expect(detectFormat({}, "records")).toMatchObject({
      ok: true,
      format: "cloudtrail",
      description: 'CloudTrail ({"Records":[...]} file)',
    });
    expect(detectFormat({}, "cloudaudit-events")).toMatchObject({ ok: true, format: "cloudaudit" });
    expect(detectFormat({ acsRegion: "cn-hangzhou" }, "jsonl")).toMatchObject({
      ok: true,
      description: "ActionTrail (JSON Lines)",
    });
  });

  it("normalises a wrapped CloudAudit record by its own shape", () => {
    const wrapped = JSON.parse(read("tencent-cloudaudit-examples/describe_events_example_event.decoded.json"));
    const detection = detectFormat(wrapped, "document");
    if (!detection.ok) throw new Error(detection.reason);
    expect(detection.normalise(wrapped, "raw")).toMatchObject({
      ok: true,
      event: { origin: "cloudaudit", eventName: "CreateAuditTrack" },
    });
  });

  it("names what it saw when the format is unknown", () => {
    const api = JSON.parse(read("tencent-cloudaudit-examples/api.json"));
    expect(detectFormat(api, "document")).toEqual({
      ok: false,
      reason:
        "unknown format: a JSON object whose first record is not CloudTrail, ActionTrail, CloudAudit or Keytrail JSON " +
        "(keys: actions, metadata, objects, version)",
    });
    expect(detectFormat(42, "array")).toMatchObject({ ok: false, reason: expect.stringMatching(/\(number\)$/) });
  });
});
