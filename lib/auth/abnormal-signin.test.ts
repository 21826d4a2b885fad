import { describe, expect, it } from "vitest";
import type { SigninAttempt } from "@/lib/domain/credential-report/abnormal-logins";
import { abnormalReasons } from "./abnormal-signin";

const NOW = new Date("2026-11-21T12:00:00.000Z");
const minutesAgo = (m: number) => new Date(NOW.getTime() - m * 60_000);
const ok = (time: Date, sourceIp: string | null = "203.0.113.1"): SigninAttempt => ({ time, sourceIp, success: true });
const fail = (time: Date): SigninAttempt => ({ time, sourceIp: "203.0.113.1", success: false });
/** Ten successful sign-ins at 12:00 UTC on the previous ten days. */
const habit = Array.from({ length: 10 }, (_, i) => ok(new Date(NOW.getTime() - (i + 1) * 86_400_000)));

describe("abnormalReasons", () => {
  it("a sign-in like the user's earlier ones is not abnormal", () => {
    expect(abnormalReasons(habit, { time: NOW, sourceIp: "203.0.113.9" })).toEqual([]);
  });

  it("the first sign-in is the baseline", () => {
    expect(abnormalReasons([], { time: NOW, sourceIp: "198.51.100.1" })).toEqual([]);
  });

  it("flags a new network, an unusual hour and a burst of failures just before", () => {
    expect(abnormalReasons(habit, { time: NOW, sourceIp: "198.51.100.1" })).toEqual(["NewNetwork"]);
    const night = new Date("2026-11-21T03:00:00.000Z");
    expect(abnormalReasons(habit, { time: night, sourceIp: "203.0.113.1" })).toEqual(["UnusualHour"]);
    const burst = [0.5, 1, 2, 3, 4].map((m) => fail(minutesAgo(m)));
    expect(abnormalReasons([...habit, ...burst], { time: NOW, sourceIp: "198.51.100.1" })).toEqual([
      "NewNetwork",
      "FailedBurst",
    ]);
  });

  it("four failures, or failures more than 10 minutes before, are no burst", () => {
    expect(
      abnormalReasons([...habit, ...[1, 2, 3, 4].map((m) => fail(minutesAgo(m)))], {
        time: NOW,
        sourceIp: "203.0.113.1",
      }),
    ).toEqual([]);
    expect(
      abnormalReasons([...habit, ...[11, 12, 13, 14, 15].map((m) => fail(minutesAgo(m)))], {
        time: NOW,
        sourceIp: "203.0.113.1",
      }),
    ).toEqual([]);
  });

  it("ignores attempts after the sign-in and older than the history", () => {
    const later = [ok(new Date(NOW.getTime() + 60_000), "198.51.100.1")];
    const ancient = [ok(new Date(NOW.getTime() - 200 * 86_400_000), "198.51.100.1")];
    expect(abnormalReasons([...later, ...ancient], { time: NOW, sourceIp: "192.0.2.1" })).toEqual([]);
  });
});
