import { describe, expect, it } from "vitest";
import { LOOKUP_RATES, TokenBucket } from "./rate-limit";

describe("TokenBucket", () => {
  it("allows a burst of the rate, then one request per 1/rate seconds", () => {
    let now = 1_000;
    const bucket = new TokenBucket(2, () => now);
    expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBe(500);
    now += 499;
    expect(bucket.tryTake()).toBe(1);
    now += 1;
    expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBe(500);
  });

  it("never holds more than its capacity after a quiet spell", () => {
    let now = 0;
    const bucket = new TokenBucket(20, () => now);
    now += 60_000;
    for (let i = 0; i < 20; i++) expect(bucket.tryTake()).toBe(0);
    expect(bucket.tryTake()).toBe(50);
  });

  it("take() sleeps exactly as long as the bucket says: 10 requests at 2/s take 4 s after the burst", async () => {
    let now = 0;
    const slept: number[] = [];
    const bucket = new TokenBucket(2, () => now);
    const sleep = async (ms: number) => {
      slept.push(ms);
      now += ms;
    };
    for (let i = 0; i < 10; i++) await bucket.take(sleep);
    expect(slept).toEqual([500, 500, 500, 500, 500, 500, 500, 500]);
    expect(now).toBe(4_000);
  });

  it("knows each API's documented rate", () => {
    expect(LOOKUP_RATES).toEqual({ aws: 2, alibaba: 2, tencent: 20 });
  });

  it("refuses a rate that could never give a token", () => {
    expect(() => new TokenBucket(0)).toThrow("positive rate");
  });
});
