// A fixed piece of CPU work, timed at the start of a benchmark run: the development VM's speed drifts by the hour
// (docs/performance.md, "The machine"), so figures with absolute targets are
// read beside it. Single-threaded, in memory, no I/O: parse, stringify and hash the same records every time.
import { createHash } from "node:crypto";

const RECORD = JSON.stringify({
  eventVersion: "1.08",
  eventTime: "2026-11-22T09:00:00Z",
  eventSource: "iam.amazonaws.com",
  eventName: "CreateAccessKey",
  userIdentity: {
    type: "IAMUser",
    principalId: "AIDAEXAMPLE",
    arn: "arn:aws:iam::123456789012:user/alice",
    userName: "alice",
  },
  requestParameters: { userName: "bob", tags: Array.from({ length: 8 }, (_, i) => ({ key: `k${i}`, value: `v${i}` })) },
  sourceIPAddress: "203.0.113.7",
  userAgent: "aws-cli/2.15.0",
  awsRegion: "us-east-1",
});

/** Milliseconds for 100,000 parse + stringify + SHA-256 rounds of one CloudTrail-sized record (best of 3). */
export function cpuProbeMs(): number {
  let best = Infinity;
  for (let run = 0; run < 3; run++) {
    const started = performance.now();
    let text = RECORD;
    for (let i = 0; i < 100_000; i++) {
      const parsed = JSON.parse(text) as { eventName: string };
      parsed.eventName = `CreateAccessKey${i % 7}`;
      text = JSON.stringify(parsed);
      createHash("sha256").update(text).digest("hex");
    }
    best = Math.min(best, performance.now() - started);
  }
  return best;
}
