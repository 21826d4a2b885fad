import { describe, expect, it } from "vitest";
import {
  ABNORMAL_LOGIN_RULES,
  abnormalLogins,
  abnormalSignins,
  networkOf,
  type SigninAttempt,
} from "./abnormal-logins";

const NOW = new Date("2026-11-21T12:00:00.000Z");
const DAY = 86_400_000;
const at = (daysAgo: number, minutes = 0) => new Date(NOW.getTime() - daysAgo * DAY + minutes * 60_000);
const ok = (time: Date, sourceIp: string | null, country?: string): SigninAttempt => ({
  time,
  sourceIp,
  success: true,
  country,
});
const fail = (time: Date, sourceIp: string | null = "198.51.100.7"): SigninAttempt => ({
  time,
  sourceIp,
  success: false,
});

describe("networkOf", () => {
  it("takes the /16 of IPv4 and the /48 of IPv6", () => {
    expect(networkOf("203.0.113.45")).toBe("203.0.0.0/16");
    expect(networkOf("::ffff:203.0.113.45")).toBe("203.0.0.0/16");
    expect(networkOf("2001:db8:abcd:12::1")).toBe("2001:db8:abcd::/48");
    expect(networkOf("2001:0DB8:ABCD:0012:0000:0000:0000:0001")).toBe("2001:db8:abcd::/48");
    expect(networkOf("2001:db8::1")).toBe("2001:db8:0::/48");
    expect(networkOf("::1")).toBe("0:0:0::/48");
  });
  it("is null for what is not an address", () => {
    expect(networkOf(null)).toBeNull();
    expect(networkOf("signin.aliyun.com")).toBeNull();
    expect(networkOf("")).toBeNull();
  });
});

describe("abnormalLogins: new network", () => {
  it("the first-ever successful sign-in is the baseline, even inside the window", () => {
    expect(abnormalLogins([ok(at(3), "203.0.113.1")], NOW)).toEqual({
      newNetworkSignins: 0,
      unusualHourSignins: 0,
      failedBursts: 0,
      total: 0,
    });
  });

  it("counts a successful sign-in from a network never seen before, once per network", () => {
    const attempts = [
      ok(at(60), "203.0.113.1"),
      ok(at(10), "203.0.200.9"),
      ok(at(5), "198.51.100.1"),
      ok(at(4), "198.51.7.7"),
      ok(at(2), "203.0.113.1"),
    ];
    // 203.0.200.9 is in the known 203.0/16; 198.51.100.1 is new; 198.51.7.7 is then known.
    expect(abnormalLogins(attempts, NOW).newNetworkSignins).toBe(1);
  });

  it("judges new networks against sign-ins before the window too, but counts only those in the window", () => {
    const attempts = [
      ok(at(100), "203.0.113.1"),
      ok(at(40), "198.51.100.1"),
      ok(at(20), "198.51.100.2"),
      ok(at(20), "192.0.2.1"),
    ];
    expect(abnormalLogins(attempts, NOW).newNetworkSignins).toBe(1);
  });

  it("looks back 180 days for earlier sign-ins: older ones are forgotten", () => {
    const attempts = [ok(at(200), "203.0.113.1"), ok(at(100), "198.51.100.1"), ok(at(1), "203.0.113.1")];
    expect(abnormalLogins(attempts, NOW).newNetworkSignins).toBe(1);
  });

  it("the window is (now − 30 × 24 h, now]: exactly 30 days ago is out, later than now is ignored", () => {
    expect(abnormalLogins([ok(at(60), "203.0.113.1"), ok(at(30), "198.51.100.1")], NOW).newNetworkSignins).toBe(0);
    expect(abnormalLogins([ok(at(60), "203.0.113.1"), ok(at(30, 1), "198.51.100.1")], NOW).newNetworkSignins).toBe(1);
    expect(abnormalLogins([ok(at(60), "203.0.113.1"), ok(at(0, 1), "198.51.100.1")], NOW).newNetworkSignins).toBe(0);
  });

  it("failed sign-ins and sign-ins without a usable address neither count nor teach", () => {
    const attempts = [
      ok(at(50), null),
      ok(at(40), "203.0.113.1"),
      fail(at(10), "198.51.100.1"),
      ok(at(9), "unknown"),
      ok(at(8), "198.51.100.1"),
    ];
    expect(abnormalLogins(attempts, NOW).newNetworkSignins).toBe(1);
  });

  it("a new country counts when the source gives one, even from a known network", () => {
    const attempts = [
      ok(at(50), "203.0.113.1", "CN"),
      ok(at(5), "203.0.113.2", "CN"),
      ok(at(4), "203.0.113.3", "SG"),
      ok(at(3), "198.51.100.1", "SG"),
    ];
    expect(abnormalLogins(attempts, NOW).newNetworkSignins).toBe(2);
  });

  it("does not depend on the order given", () => {
    const attempts = [ok(at(2), "198.51.100.1"), ok(at(50), "203.0.113.1"), ok(at(1), "192.0.2.1")];
    expect(abnormalLogins(attempts, NOW).newNetworkSignins).toBe(2);
    expect(abnormalLogins([...attempts].reverse(), NOW).newNetworkSignins).toBe(2);
  });
});

describe("abnormalLogins: failed-login bursts", () => {
  const failuresEvery = (start: Date, count: number, minutes: number) =>
    Array.from({ length: count }, (_, i) => fail(new Date(start.getTime() + i * minutes * 60_000)));

  it("4 failures within 10 minutes are not a burst; 5 are", () => {
    expect(abnormalLogins(failuresEvery(at(3), 4, 1), NOW).failedBursts).toBe(0);
    expect(abnormalLogins(failuresEvery(at(3), 5, 1), NOW).failedBursts).toBe(1);
  });

  it("5 failures spanning exactly 10 minutes are a burst; spanning more are not", () => {
    expect(abnormalLogins(failuresEvery(at(3), 5, 2.5), NOW).failedBursts).toBe(1);
    expect(abnormalLogins(failuresEvery(at(3), 5, 2.6), NOW).failedBursts).toBe(0);
  });

  it("a sustained run counts once until it pauses for 10 minutes", () => {
    expect(abnormalLogins(failuresEvery(at(3), 60, 1), NOW).failedBursts).toBe(1);
    const two = [...failuresEvery(at(3), 5, 1), ...failuresEvery(at(3, 14), 5, 1)];
    expect(abnormalLogins(two, NOW).failedBursts).toBe(2);
    const joined = [...failuresEvery(at(3), 5, 1), ...failuresEvery(at(3, 13), 5, 1)];
    expect(abnormalLogins(joined, NOW).failedBursts).toBe(1);
  });

  it("only failures in the window count", () => {
    expect(abnormalLogins(failuresEvery(at(31), 10, 1), NOW).failedBursts).toBe(0);
  });

  it("adds bursts and new-network sign-ins into the total", () => {
    const attempts = [ok(at(40), "203.0.113.1"), ...failuresEvery(at(2), 6, 1), ok(at(2, 7), "198.51.100.1")];
    expect(abnormalLogins(attempts, NOW)).toEqual({
      newNetworkSignins: 1,
      unusualHourSignins: 0,
      failedBursts: 1,
      total: 2,
    });
  });
});

describe("abnormalLogins: unusual hour", () => {
  // Ten successful sign-ins at 09:00 UTC on days 60…51 ago, from one network: the user's usual hour.
  const usual = Array.from({ length: 10 }, (_, i) => ok(new Date(Date.UTC(2026, 8, 22 + i, 9, 0)), "203.0.113.1"));
  const atUtc = (daysAgo: number, hour: number, minute = 0) => {
    const d = at(daysAgo);
    return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), hour, minute));
  };

  it("a sign-in more than 2 hours (UTC time of day) from every earlier one counts; within 2 hours does not", () => {
    expect(abnormalLogins([...usual, ok(atUtc(3, 11, 0), "203.0.113.1")], NOW).unusualHourSignins).toBe(0);
    expect(abnormalLogins([...usual, ok(atUtc(3, 11, 1), "203.0.113.1")], NOW).unusualHourSignins).toBe(1);
    expect(abnormalLogins([...usual, ok(atUtc(3, 6, 59), "203.0.113.1")], NOW).unusualHourSignins).toBe(1);
    expect(abnormalLogins([...usual, ok(atUtc(3, 3, 0), "203.0.113.1")], NOW)).toEqual({
      newNetworkSignins: 0,
      unusualHourSignins: 1,
      failedBursts: 0,
      total: 1,
    });
  });

  it("needs ten earlier successful sign-ins; failures teach nothing", () => {
    expect(abnormalLogins([...usual.slice(1), ok(atUtc(3, 3), "203.0.113.1")], NOW).unusualHourSignins).toBe(0);
    const failures = [fail(atUtc(4, 3)), fail(atUtc(4, 3, 5))];
    expect(abnormalLogins([...usual, ...failures, ok(atUtc(3, 3), "203.0.113.1")], NOW).unusualHourSignins).toBe(1);
  });

  it("wraps around midnight", () => {
    const late = Array.from({ length: 10 }, (_, i) => ok(new Date(Date.UTC(2026, 8, 22 + i, 23, 30)), "203.0.113.1"));
    expect(abnormalLogins([...late, ok(atUtc(3, 1, 30), "203.0.113.1")], NOW).unusualHourSignins).toBe(0);
    expect(abnormalLogins([...late, ok(atUtc(3, 1, 31), "203.0.113.1")], NOW).unusualHourSignins).toBe(1);
  });

  it("an unusual sign-in becomes usual for the next: a new habit counts once", () => {
    expect(
      abnormalLogins([...usual, ok(atUtc(3, 20), "203.0.113.1"), ok(atUtc(2, 20), "203.0.113.1")], NOW)
        .unusualHourSignins,
    ).toBe(1);
  });

  it("a sign-in from a new network at an unusual hour counts once, with both reasons", () => {
    const found = abnormalSignins([...usual, { ...ok(atUtc(3, 20), "198.51.100.1"), eventId: "e-1" }], NOW);
    expect(found).toEqual([
      { time: atUtc(3, 20), sourceIp: "198.51.100.1", eventId: "e-1", reasons: ["NewNetwork", "UnusualHour"] },
    ]);
    expect(abnormalLogins([...usual, ok(atUtc(3, 20), "198.51.100.1")], NOW)).toEqual({
      newNetworkSignins: 1,
      unusualHourSignins: 1,
      failedBursts: 0,
      total: 1,
    });
  });
});

describe("abnormalSignins", () => {
  it("lists each abnormal sign-in, oldest first; a burst appears at the failure that completed it", () => {
    const failures = Array.from({ length: 7 }, (_, i) => fail(at(2, i), `192.0.2.${i}`));
    const found = abnormalSignins([ok(at(40), "203.0.113.1"), ok(at(1), "198.51.100.1"), ...failures], NOW);
    expect(found).toEqual([
      { time: at(2, 4), sourceIp: "192.0.2.4", reasons: ["FailedBurst"] },
      { time: at(1), sourceIp: "198.51.100.1", reasons: ["NewNetwork"] },
    ]);
  });
});

describe("ABNORMAL_LOGIN_RULES", () => {
  it("states the thresholds the code uses", () => {
    const text = ABNORMAL_LOGIN_RULES.join(" ");
    for (const needle of [
      "30 days",
      "/16",
      "/48",
      "5 or more failed sign-ins within 10 minutes",
      "180 days",
      "baseline",
      "at least 10 earlier successful sign-ins",
      "within 2 hours",
    ])
      expect(text).toContain(needle);
  });
});
