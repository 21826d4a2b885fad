import { describe, expect, it } from "vitest";
import { parseBackfillFrom } from "./backfill-from";

describe("parseBackfillFrom", () => {
  it("reads a day as its start in UTC", () => {
    expect(parseBackfillFrom("2026-11-01")).toEqual({ ok: true, from: new Date("2026-11-01T00:00:00Z") });
  });
  it("reads a date-time with its offset", () => {
    expect(parseBackfillFrom("2026-11-01T08:00:00+08:00")).toEqual({
      ok: true,
      from: new Date("2026-11-01T00:00:00Z"),
    });
  });
  it("refuses what is not a date, naming the field", () => {
    for (const value of ["", "yesterday", "2026-02-30", "2026-11-01T08:00", 20261101, undefined]) {
      const parsed = parseBackfillFrom(value);
      expect(parsed.ok).toBe(false);
      if (!parsed.ok) expect(parsed.error).toMatch(/^from: /);
    }
  });
});
