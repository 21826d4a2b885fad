import { describe, expect, it } from "vitest";
import { keyCallsSeries } from "./key-calls-series";

describe("keyCallsSeries", () => {
  it("has one point per day of the window, zeros included, one field per service busiest first", () => {
    const cells = [
      { day: "2026-11-19", service: "ecs", calls: 2 },
      { day: "2026-11-21", service: "day", calls: 7 },
      { day: "2026-11-21", service: "ecs", calls: 1 },
    ];
    const { data, services } = keyCallsSeries(
      cells,
      new Date("2026-11-18T13:00:00Z"),
      new Date("2026-11-21T09:00:00Z"),
    );
    expect(services).toEqual(["day", "ecs"]);
    expect(data).toEqual([
      { day: "2026-11-18", s0: 0, s1: 0 },
      { day: "2026-11-19", s0: 0, s1: 2 },
      { day: "2026-11-20", s0: 0, s1: 0 },
      { day: "2026-11-21", s0: 7, s1: 1 },
    ]);
  });
});
