import { describe, expect, it } from "vitest";
import { checkDigests, cutRuleProblem, type DigestEntry } from "./event-chain-digests";

const DAY = 86_400_000;
const rule = (cutAt: string, days = 180, newest = "2026-01-01T00:00:00.000Z") => ({
  retentionDays: days,
  cutoff: new Date(Date.parse(cutAt) - days * DAY).toISOString(),
  cutEventTime: newest,
  cutAt,
});

function digest(file: string, to: string, over: Partial<DigestEntry> = {}): DigestEntry {
  return {
    chainKey: "A",
    to,
    count: 10,
    lastHash: "h",
    lastEventId: null,
    file,
    version: 3,
    signatureValid: true,
    signature: `sig-${file}`,
    previousDigestFile: null,
    previousDigestSignature: null,
    cutIndex: 0,
    cutHash: null,
    cutRule: null,
    ...over,
  };
}

describe("cutRuleProblem", () => {
  it("allows a cut whose removed events are all older than the cutoff", () => {
    expect(cutRuleProblem(rule("2026-11-01T00:00:00.000Z"))).toBeNull();
  });

  it("names a cut that removes events younger than the retention period", () => {
    expect(cutRuleProblem(rule("2026-11-01T00:00:00.000Z", 180, "2026-10-01T00:00:00.000Z"))).toBe(
      "the cut removes events younger than the retention period: a removed event's time 2026-10-01T00:00:00.000Z is not before the cutoff 2026-05-05T00:00:00.000Z",
    );
    expect(cutRuleProblem({ ...rule("2026-11-01T00:00:00.000Z"), cutoff: "2026-10-31T00:00:00.000Z" })).toBe(
      "the cut removes events younger than the retention period: its cutoff 2026-10-31T00:00:00.000Z is less than 180 days before the cut (2026-11-01T00:00:00.000Z)",
    );
    expect(cutRuleProblem(null)).toBe("it records no retention rule that allows it");
  });
});

describe("checkDigests", () => {
  it("accepts a chain of digests whose cut moves forward by retention", () => {
    const a = digest("a", "2026-11-01T00:00:00Z");
    const b = digest("b", "2026-11-02T00:00:00Z", {
      previousDigestFile: "a",
      previousDigestSignature: "sig-a",
      cutIndex: 4,
      cutHash: "h4",
      cutRule: rule("2026-11-02T00:00:00.000Z"),
    });
    const c = digest("c", "2026-11-03T00:00:00Z", {
      previousDigestFile: "b",
      previousDigestSignature: "sig-b",
      cutIndex: 4,
      cutHash: "h4",
      cutRule: b.cutRule,
    });
    expect(checkDigests([c, a, b])).toEqual({ findings: [], cuts: new Map([["A", { index: 4, hash: "h4" }]]) });
  });

  it("refuses a cut without a rule, one moved back, and names a broken link", () => {
    const a = digest("a", "2026-11-01T00:00:00Z", { cutIndex: 3, cutHash: "h3" });
    const b = digest("b", "2026-11-02T00:00:00Z", {
      previousDigestFile: "a",
      previousDigestSignature: "other",
      cutIndex: 1,
      cutHash: "h1",
      cutRule: rule("2026-11-02T00:00:00.000Z"),
    });
    const { findings, cuts } = checkDigests([a, b]);
    expect(findings.map((f) => f.reason)).toEqual([
      "Digest chain broken: b names a previous digest, a, that was changed.",
      "Digest a records a retention cut at #3, but it records no retention rule that allows it.",
      "Digest b records a retention cut at #1, before the cut at #3 that a records: a chain's start only moves forward.",
    ]);
    expect(cuts).toEqual(new Map());
  });

  it("takes the cut of a version-2 digest as signed, and ignores digests whose signature fails", () => {
    const old = digest("old", "2026-11-01T00:00:00Z", { version: 2, cutIndex: 5, cutHash: "h5" });
    const forged = digest("forged", "2026-11-02T00:00:00Z", { signatureValid: false, cutIndex: 9, cutHash: "h9" });
    expect(checkDigests([old, forged])).toEqual({ findings: [], cuts: new Map([["A", { index: 5, hash: "h5" }]]) });
  });
});
