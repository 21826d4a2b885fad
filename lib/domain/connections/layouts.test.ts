import { describe, expect, it } from "vitest";
import { dayStart, layoutOf, normalisePrefix, type DatedLayout, type HourlyLayout, type Layout } from "./layouts";

const dated = (layout: Layout) => layout as DatedLayout;
const hourly = (layout: Layout) => layout as HourlyLayout;
const layout = (settings: Parameters<typeof layoutOf>[0]): Layout => {
  const result = layoutOf(settings);
  if (!result.ok) throw new Error(result.error);
  return result.layout;
};

describe("normalisePrefix", () => {
  it("gives an empty prefix or one ending in a slash", () => {
    expect(normalisePrefix("")).toBe("");
    expect(normalisePrefix("/trail")).toBe("trail/");
    expect(normalisePrefix("a/b/")).toBe("a/b/");
  });
});

describe("aws-cloudtrail", () => {
  const aws = dated(layout({ layout: "aws-cloudtrail", prefix: "corp" }));
  const key =
    "corp/AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10/218007301253_CloudTrail_us-east-1_20230710T1220Z_WMiHxZgr5Hdd6UDc.json.gz";

  it("parses a log file's account, region, stream and file time", () => {
    expect(aws.parseKey(key)).toEqual({
      kind: "log",
      stream: "corp/AWSLogs/218007301253/CloudTrail/us-east-1/",
      account: "218007301253",
      region: "us-east-1",
      time: new Date("2023-07-10T12:20:00Z"),
    });
  });

  it("parses an organisation trail's path", () => {
    const parts = aws.parseKey("corp/AWSLogs/o-abc123def4/111122223333/CloudTrail/eu-west-1/2024/02/29/x.json.gz");
    expect(parts).toEqual({
      kind: "log",
      stream: "corp/AWSLogs/o-abc123def4/111122223333/CloudTrail/eu-west-1/",
      account: "111122223333",
      region: "eu-west-1",
      time: new Date("2024-02-29T00:00:00Z"),
    });
  });

  it("tells digests and other objects apart", () => {
    expect(
      aws.parseKey(
        "corp/AWSLogs/218007301253/CloudTrail-Digest/us-east-1/2023/07/10/218007301253_CloudTrail-Digest_us-east-1_x_20230710T130000Z.json.gz",
      ),
    ).toEqual({ kind: "digest" });
    expect(aws.parseKey("corp/AWSLogs/218007301253/CloudTrail/us-east-1/2023/02/30/x.json.gz")).toEqual({
      kind: "other",
    });
    expect(aws.parseKey("other/AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10/x.json.gz")).toEqual({
      kind: "other",
    });
    expect(aws.parseKey("corp/AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10/notes.txt")).toEqual({
      kind: "other",
    });
  });

  it("classifies folders for discovery", () => {
    expect(aws.root).toBe("corp/AWSLogs/");
    expect(aws.classifyFolder("corp/AWSLogs/")).toBe("descend");
    expect(aws.classifyFolder("corp/AWSLogs/o-abc123def4/")).toBe("descend");
    expect(aws.classifyFolder("corp/AWSLogs/218007301253/")).toBe("descend");
    expect(aws.classifyFolder("corp/AWSLogs/218007301253/CloudTrail/")).toBe("descend");
    expect(aws.classifyFolder("corp/AWSLogs/218007301253/CloudTrail-Digest/")).toBe("skip");
    expect(aws.classifyFolder("corp/AWSLogs/218007301253/CloudTrail/us-east-1/")).toBe("stream");
    expect(aws.classifyFolder("corp/AWSLogs/o-abc123def4/218007301253/CloudTrail/us-east-1/")).toBe("stream");
  });

  it("starts a stream's listing before the first key of a day", () => {
    const stream = "corp/AWSLogs/218007301253/CloudTrail/us-east-1/";
    const after = aws.startAfter(stream, new Date("2023-07-10T15:00:00Z"));
    expect(after).toBe("corp/AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10");
    expect(after < key).toBe(true);
    expect(after > "corp/AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/09/z.json.gz").toBe(true);
  });
});

describe("alibaba-actiontrail", () => {
  const ali = dated(layout({ layout: "alibaba-actiontrail", prefix: "" }));

  it("parses the single-account path and the account from the file name", () => {
    expect(
      ali.parseKey(
        "AliyunLogs/Actiontrail/cn-hangzhou/2024/05/01/1234567890_Actiontrail_cn-hangzhou_20240501T0315Z_abc.json.gz",
      ),
    ).toEqual({
      kind: "log",
      stream: "AliyunLogs/Actiontrail/cn-hangzhou/",
      account: "1234567890",
      region: "cn-hangzhou",
      time: new Date("2024-05-01T03:15:00Z"),
    });
  });

  it("parses the resource directory path", () => {
    expect(ali.parseKey("AliyunLogs/Actiontrail/rd-Ab12Cd/5555/cn-shanghai/2024/05/01/part.gz")).toEqual({
      kind: "log",
      stream: "AliyunLogs/Actiontrail/rd-Ab12Cd/5555/cn-shanghai/",
      account: "5555",
      region: "cn-shanghai",
      time: new Date("2024-05-01T00:00:00Z"),
    });
    expect(ali.parseKey("AliyunLogs/Actiontrail/cn-shanghai/2024/05/01/part.json")).toEqual({ kind: "other" });
  });

  it("classifies folders for discovery", () => {
    expect(ali.root).toBe("AliyunLogs/Actiontrail/");
    expect(ali.classifyFolder("AliyunLogs/Actiontrail/cn-hangzhou/")).toBe("stream");
    expect(ali.classifyFolder("AliyunLogs/Actiontrail/rd-Ab12Cd/")).toBe("descend");
    expect(ali.classifyFolder("AliyunLogs/Actiontrail/rd-Ab12Cd/5555/")).toBe("descend");
    expect(ali.classifyFolder("AliyunLogs/Actiontrail/rd-Ab12Cd/5555/cn-shanghai/")).toBe("stream");
    expect(ali.classifyFolder("AliyunLogs/Other/")).toBe("skip");
  });
});

describe("tencent-cloudaudit", () => {
  const tencent = hourly(layout({ layout: "tencent-cloudaudit", prefix: "myaudit/" }));

  it("reads the unpadded and padded hour folders in China Standard Time", () => {
    expect(tencent.folderHour("202312019")).toEqual(new Date("2023-12-01T01:00:00Z"));
    expect(tencent.folderHour("2023120109/")).toEqual(new Date("2023-12-01T01:00:00Z"));
    expect(tencent.folderHour("2023120123")).toEqual(new Date("2023-12-01T15:00:00Z"));
    expect(tencent.folderHour("202312010")).toEqual(new Date("2023-11-30T16:00:00Z"));
    expect(tencent.folderHour("2023120124")).toBeNull();
    expect(tencent.folderHour("logs")).toBeNull();
  });

  it("parses a log object's hour and folder", () => {
    expect(tencent.parseKey("myaudit/2023120115/1700000000_abc")).toEqual({
      kind: "log",
      stream: "myaudit/2023120115/",
      time: new Date("2023-12-01T07:00:00Z"),
    });
    expect(tencent.parseKey("myaudit/2023120115/")).toEqual({ kind: "other" });
    expect(tencent.parseKey("myaudit/2023120115/a/b")).toEqual({ kind: "other" });
    expect(tencent.parseKey("2023120115/x")).toEqual({ kind: "other" });
  });

  it("lists hour folders from the local day a time falls on", () => {
    // 2023-12-01T20:00Z is 2023-12-02 04:00 in UTC+8.
    const after = tencent.foldersStartAfter(new Date("2023-12-01T20:00:00Z"));
    expect(after).toBe("myaudit/20231202");
    expect("myaudit/202312020/" > after && "myaudit/2023120223/" > after).toBe(true);
    expect("myaudit/2023120123/" < after).toBe(true);
  });
});

describe("pattern", () => {
  it("compiles a CloudTrail-like pattern", () => {
    const p = dated(
      layout({ layout: "pattern", prefix: "copy", pattern: "logs/{account}/x/{region}/{yyyy}/{MM}/{dd}/" }),
    );
    expect(p.root).toBe("copy/logs/");
    expect(p.classifyFolder("copy/logs/")).toBe("descend");
    expect(p.classifyFolder("copy/logs/42/")).toBe("descend");
    expect(p.classifyFolder("copy/logs/42/x/")).toBe("descend");
    expect(p.classifyFolder("copy/logs/42/y/")).toBe("skip");
    expect(p.classifyFolder("copy/logs/42/x/bj/")).toBe("stream");
    expect(p.parseKey("copy/logs/42/x/bj/2024/01/31/f.json")).toEqual({
      kind: "log",
      stream: "copy/logs/42/x/bj/",
      account: "42",
      region: "bj",
      time: new Date("2024-01-31T00:00:00Z"),
    });
    expect(p.startAfter("copy/logs/42/x/bj/", new Date("2024-01-31T10:00:00Z"))).toBe("copy/logs/42/x/bj/2024/01/31");
  });

  it("takes an hourly date part and a pattern with no folders before the date", () => {
    const p = dated(layout({ layout: "pattern", prefix: "", pattern: "{yyyy}-{MM}-{dd}/{HH}/" }));
    expect(p.root).toBe("");
    expect(p.classifyFolder("")).toBe("stream");
    expect(p.parseKey("2024-03-09/07/a.json.gz")).toEqual({
      kind: "log",
      stream: "",
      time: new Date("2024-03-09T07:00:00Z"),
    });
    expect(p.startAfter("", dayStart(new Date("2024-03-09T07:00:00Z")))).toBe("2024-03-09");
  });

  it("refuses patterns it cannot list by time", () => {
    expect(layoutOf({ layout: "pattern", prefix: "", pattern: "logs/{account}/" })).toEqual({
      ok: false,
      error: "pattern: needs the date folders {yyyy}/{MM}/{dd}",
    });
    expect(layoutOf({ layout: "pattern", prefix: "", pattern: "{dd}/{MM}/{yyyy}/" })).toEqual({
      ok: false,
      error: "pattern: the date must be written {yyyy}, {MM}, {dd} (and optionally {HH}), in this order",
    });
    expect(layoutOf({ layout: "pattern", prefix: "", pattern: "{bucket}/{yyyy}/{MM}/{dd}/" })).toEqual({
      ok: false,
      error: "pattern: unknown placeholder {bucket}",
    });
  });
});

describe("saving a pattern connection", () => {
  it("refuses a pattern the connector could not list by time, naming the field", async () => {
    const { parseConnectionInput } = await import("./settings");
    const input = {
      kind: "bucket",
      name: "bct",
      layout: "pattern",
      endpoint: "https://s3.bj.bcebos.com",
      region: "bj",
      bucket: "bct-logs",
      accessKeyId: "AK",
      secretAccessKey: "SK",
    };
    expect(parseConnectionInput({ ...input, pattern: "{account}/logs/" })).toEqual({
      ok: false,
      error: "pattern: needs the date folders {yyyy}/{MM}/{dd}",
    });
    expect(parseConnectionInput({ ...input, pattern: "{account}/{yyyy}/{MM}/{dd}/" }).ok).toBe(true);
  });
});
