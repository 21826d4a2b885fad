import { describe, expect, it } from "vitest";
import { DAY_MS, utcDay, utcDayStart } from "./time";

describe("time", () => {
  it("has 86,400,000 ms in a day", () => {
    expect(DAY_MS).toBe(24 * 60 * 60 * 1000);
  });

  it("names the UTC day of a time, whatever the time of day", () => {
    expect(utcDay(new Date("2026-03-09T00:00:00.000Z"))).toBe("2026-03-09");
    expect(utcDay(new Date("2026-03-09T23:59:59.999Z"))).toBe("2026-03-09");
    // 01:30 in UTC+2 is still the previous UTC day.
    expect(utcDay(new Date("2026-03-10T01:30:00+02:00"))).toBe("2026-03-09");
  });

  it("starts a named UTC day at midnight UTC", () => {
    expect(utcDayStart("2026-03-09").toISOString()).toBe("2026-03-09T00:00:00.000Z");
    expect(utcDayStart("2024-02-29").getTime() + DAY_MS).toBe(Date.parse("2024-03-01T00:00:00.000Z"));
    expect(Number.isNaN(utcDayStart("2026-02-30x").getTime())).toBe(true);
  });
});
