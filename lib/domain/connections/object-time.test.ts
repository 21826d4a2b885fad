import { describe, expect, it } from "vitest";
import { cadenceGaps, objectTime } from "./object-time";

const utc = (text: string) => new Date(`${text}Z`);

describe("objectTime", () => {
  it("reads CloudTrail's file name to the minute, under any prefix or organization folder", () => {
    expect(
      objectTime(
        "aws-cloudtrail",
        "logs/AWSLogs/o-abcdef1234/218007301253/CloudTrail/us-east-1/2023/07/10/218007301253_CloudTrail_us-east-1_20230710T1220Z_WMiHxZgr5Hdd6UDc.json.gz",
      ),
    ).toEqual({ time: utc("2023-07-10T12:20:00"), spanMinutes: 0 });
    // A name without the time falls back to its date folders.
    expect(objectTime("aws-cloudtrail", "AWSLogs/218007301253/CloudTrail/us-east-1/2023/07/10/copy.json.gz")).toEqual({
      time: utc("2023-07-10T00:00:00"),
      spanMinutes: 1440,
    });
  });

  it("reads ActionTrail's file name to the second", () => {
    expect(
      objectTime(
        "alibaba-actiontrail",
        "AliyunLogs/Actiontrail/rd-abc/1234567890/cn-hangzhou/2024/03/05/Actiontrail_cn-hangzhou_20240305101500_1002_12_3456_0a1b2c3d.gz",
      ),
    ).toEqual({ time: utc("2024-03-05T10:15:00"), spanMinutes: 0 });
  });

  it("reads Tencent's hourly folder with the hour in one digit or two", () => {
    // The folders are China Standard Time (UTC+8).
    expect(objectTime("tencent-cloudaudit", "audit/202401059/log_abc")).toEqual({
      time: utc("2024-01-05T01:00:00"),
      spanMinutes: 60,
    });
    expect(objectTime("tencent-cloudaudit", "audit/2024010509/log_abc")).toEqual({
      time: utc("2024-01-05T01:00:00"),
      spanMinutes: 60,
    });
    expect(objectTime("tencent-cloudaudit", "2024010523/x")).toEqual({
      time: utc("2024-01-05T15:00:00"),
      spanMinutes: 60,
    });
    expect(objectTime("tencent-cloudaudit", "2024010524/x")).toBeNull();
  });

  it("reads a free pattern's keys by whatever they show, finest first", () => {
    expect(objectTime("pattern", "bct/2024/02/29/x_CloudTrail_r_20240229T2355Z_u.json.gz")?.time).toEqual(
      utc("2024-02-29T23:55:00"),
    );
    expect(objectTime("pattern", "bct/2024/02/29/events.json")).toEqual({
      time: utc("2024-02-29T00:00:00"),
      spanMinutes: 1440,
    });
  });

  it("gives null for keys that name no time or an impossible one", () => {
    expect(objectTime("aws-cloudtrail", "AWSLogs/218007301253/notes.txt")).toBeNull();
    expect(objectTime("aws-cloudtrail", "a/2023/02/30/x.json.gz")).toBeNull();
    expect(objectTime("alibaba-actiontrail", "AliyunLogs/Actiontrail/cn-hangzhou/2024/13/01/x.gz")).toBeNull();
    expect(objectTime("tencent-cloudaudit", "audit/log_abc")).toBeNull();
  });
});

describe("cadenceGaps", () => {
  const every5 = (from: string, count: number) =>
    Array.from({ length: count }, (_, i) => new Date(utc(from).getTime() + i * 5 * 60_000));

  it("infers a 5-minute cadence and finds the hour with no file", () => {
    const times = [...every5("2024-01-01T10:00:00", 12), ...every5("2024-01-01T12:00:00", 12)];
    expect(cadenceGaps(times)).toEqual({
      expectedMinutes: 5,
      gaps: [{ from: utc("2024-01-01T10:55:00"), to: utc("2024-01-01T12:00:00") }],
    });
  });

  it("counts several files at one time once and never infers less than 5 minutes", () => {
    const times = [
      utc("2024-01-01T10:00:00"),
      utc("2024-01-01T10:00:00"),
      utc("2024-01-01T10:01:00"),
      utc("2024-01-01T10:02:00"),
      utc("2024-01-01T10:09:00"),
    ];
    expect(cadenceGaps(times)).toEqual({
      expectedMinutes: 5,
      gaps: [{ from: utc("2024-01-01T10:02:00"), to: utc("2024-01-01T10:09:00") }],
    });
  });

  it("takes a configured cadence and the silences at both ends of the window", () => {
    const times = every5("2024-01-01T10:00:00", 3); // 10:00, 10:05, 10:10
    expect(
      cadenceGaps(times, { expectedMinutes: 15, from: utc("2024-01-01T09:00:00"), to: utc("2024-01-01T11:00:00") }),
    ).toEqual({
      expectedMinutes: 15,
      gaps: [
        { from: utc("2024-01-01T09:00:00"), to: utc("2024-01-01T10:00:00") },
        { from: utc("2024-01-01T10:10:00"), to: utc("2024-01-01T11:00:00") },
      ],
    });
    // Objects outside the window are ignored; an empty window is one gap.
    expect(cadenceGaps(times, { from: utc("2024-01-02T00:00:00"), to: utc("2024-01-02T01:00:00") })).toEqual({
      expectedMinutes: 5,
      gaps: [{ from: utc("2024-01-02T00:00:00"), to: utc("2024-01-02T01:00:00") }],
    });
  });

  it("reads hourly folders as whole hours: only a missing hour is a gap, even with a 5-minute cadence", () => {
    const hour = (h: string) => ({ time: utc(`2024-01-05T${h}:00:00`), spanMinutes: 60 });
    const times = [hour("08"), hour("08"), hour("09"), hour("11"), hour("12")];
    const gap = { from: utc("2024-01-05T10:00:00"), to: utc("2024-01-05T11:00:00") };
    expect(cadenceGaps(times)).toEqual({ expectedMinutes: 60, gaps: [gap] });
    expect(cadenceGaps(times, { expectedMinutes: 5 })).toEqual({ expectedMinutes: 5, gaps: [gap] });
  });

  it("finds nothing in nothing", () => {
    expect(cadenceGaps([])).toEqual({ expectedMinutes: 5, gaps: [] });
  });
});
