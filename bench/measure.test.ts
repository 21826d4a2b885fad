import { describe, expect, it } from "vitest";
import { percentile, summarise } from "./measure";

describe("bench figures", () => {
  it("takes the median and the 95th percentile by rank", () => {
    const samples = Array.from({ length: 20 }, (_, i) => 20 - i); // 1..20, unsorted
    expect(summarise(samples)).toEqual({ median: 10, p95: 19, runs: 20 });
    expect(percentile([5], 95)).toBe(5);
    expect(percentile([], 50)).toBeNaN();
  });
});
