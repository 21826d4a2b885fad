// A token bucket: at most `perSecond` requests a second on average, with a burst of `perSecond` (the look-up APIs
// document their limits as requests per second per account and region). The clock is passed in, so tests run it.
import type { ApiCloud } from "./settings";

/** The documented LookupEvents rates: AWS CloudTrail and Alibaba ActionTrail 2/s, Tencent CloudAudit 20/s. */
export const LOOKUP_RATES: Record<ApiCloud, number> = { aws: 2, alibaba: 2, tencent: 20 };

export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    readonly perSecond: number,
    private readonly clock: () => number = Date.now,
    readonly capacity: number = perSecond,
  ) {
    if (!(perSecond > 0) || !(capacity >= 1)) throw new Error("a token bucket needs a positive rate and room for one");
    this.tokens = capacity;
    this.last = clock();
  }

  private refill(): void {
    const now = this.clock();
    if (now > this.last) {
      this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.perSecond);
      this.last = now;
    }
  }

  /** Takes a token if one is there (returns 0), else returns how many ms until one will be. */
  tryTake(): number {
    this.refill();
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return 0;
    }
    // Rounded first: binary fractions of a token would otherwise make an exact wait one ms longer.
    return Math.ceil(Math.round(((1 - this.tokens) / this.perSecond) * 1e9) / 1e6);
  }

  /** Waits until a token is there and takes it. */
  async take(sleep: (ms: number) => Promise<void> = defaultSleep): Promise<void> {
    for (let wait = this.tryTake(); wait > 0; wait = this.tryTake()) await sleep(wait);
  }
}

const defaultSleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
