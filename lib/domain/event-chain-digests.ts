// Checking the signed digests among themselves, before the events are read against them:
//  - the chain of digests: each (version 3 on) names the previous digest of its account, by file name and
//    signature, as CloudTrail's digests do, so a middle digest removed or replaced shows;
//  - the retention cut each records: a chain's start may only move forward, and only by retention. A digest that
//    moves the cut must carry the rule that allowed it (retention days, the cutoff it gave at the time of the
//    cut, and the newest eventTime among the removed events, which must be before the cutoff).
// A writer of the database has no private key, so it can write no digest that allows a cut it made itself. The
// result: one finding per fault, and per account the furthest cut a signed digest allows (the verifier starts
// the chain after it).
import type { DigestRecord } from "./event-chain-verify";
import { DAY_MS } from "./time";

/** The retention rule a cut was made under, as a digest records it (all ISO times). */
export interface CutRule {
  retentionDays: number;
  /** Events older than this could be removed: cutAt minus retentionDays. */
  cutoff: string;
  /** The newest eventTime among the events the cut removed. */
  cutEventTime: string;
  /** When retention made the cut. */
  cutAt: string;
}

/** A digest as read from its file, with what the checks below need. */
export interface DigestEntry extends DigestRecord {
  version: number;
  signatureValid: boolean;
  signature: string | null;
  /** Version 3 on: the previous digest of the account (file name relative to the digest folder, signature). */
  previousDigestFile?: string | null;
  previousDigestSignature?: string | null;
  cutRule?: CutRule | null;
}

export interface DigestFinding {
  kind: "digest";
  chainKey: string;
  file: string;
  reason: string;
}

export interface AllowedCut {
  index: number;
  hash: string;
}

/** Why a cut's rule does not allow it, or null when it does. */
export function cutRuleProblem(rule: CutRule | null | undefined): string | null {
  if (!rule) return "it records no retention rule that allows it";
  const cutoff = Date.parse(rule.cutoff);
  const cutAt = Date.parse(rule.cutAt);
  const newest = Date.parse(rule.cutEventTime);
  if (!(rule.retentionDays > 0) || Number.isNaN(cutoff) || Number.isNaN(cutAt) || Number.isNaN(newest))
    return "its retention rule is incomplete";
  if (cutoff > cutAt - rule.retentionDays * DAY_MS) {
    return `the cut removes events younger than the retention period: its cutoff ${rule.cutoff} is less than ${rule.retentionDays} days before the cut (${rule.cutAt})`;
  }
  if (newest >= cutoff)
    return `the cut removes events younger than the retention period: a removed event's time ${rule.cutEventTime} is not before the cutoff ${rule.cutoff}`;
  return null;
}

const byTime = (a: DigestEntry, b: DigestEntry) =>
  a.to < b.to ? -1 : a.to > b.to ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : 0;

export function checkDigests(digests: readonly DigestEntry[]): {
  findings: DigestFinding[];
  cuts: Map<string, AllowedCut>;
} {
  const findings: DigestFinding[] = [];
  const byFile = new Map(digests.map((d) => [d.file, d]));
  const trusted = digests.filter((d) => d.signatureValid);

  // The chain of digests.
  const perChain = new Map<string, DigestEntry[]>();
  for (const d of trusted) perChain.set(d.chainKey, [...(perChain.get(d.chainKey) ?? []), d]);
  for (const [chainKey, list] of perChain) {
    list.sort(byTime);
    list.forEach((d, i) => {
      if (d.version < 3) return;
      const named = d.previousDigestFile ?? null;
      if (named === null) {
        const earlier = list[i - 1];
        if (earlier)
          findings.push({
            kind: "digest",
            chainKey,
            file: d.file,
            reason: `Digest chain broken: ${d.file} names no previous digest, but ${earlier.file} is older.`,
          });
        return;
      }
      const previous = byFile.get(named);
      if (!previous)
        findings.push({
          kind: "digest",
          chainKey,
          file: d.file,
          reason: `Digest chain broken: ${d.file} names a previous digest, ${named}, that is missing.`,
        });
      else if (
        !previous.signatureValid ||
        previous.signature !== d.previousDigestSignature ||
        previous.chainKey !== chainKey
      ) {
        findings.push({
          kind: "digest",
          chainKey,
          file: d.file,
          reason: `Digest chain broken: ${d.file} names a previous digest, ${named}, that was changed.`,
        });
      }
    });
  }

  // The retention cuts, oldest digest first.
  const cuts = new Map<string, AllowedCut>();
  for (const [chainKey, list] of perChain) {
    let furthest = 0;
    let furthestFile = "";
    for (const d of list) {
      const index = d.cutIndex ?? 0;
      if (index < furthest) {
        findings.push({
          kind: "digest",
          chainKey,
          file: d.file,
          reason: `Digest ${d.file} records a retention cut at #${index}, before the cut at #${furthest} that ${furthestFile} records: a chain's start only moves forward.`,
        });
        continue;
      }
      if (index > furthest) {
        // Version 1 and 2 digests recorded no rule: their cuts are taken as signed.
        const problem = d.version >= 3 ? cutRuleProblem(d.cutRule) : null;
        if (problem)
          findings.push({
            kind: "digest",
            chainKey,
            file: d.file,
            reason: `Digest ${d.file} records a retention cut at #${index}, but ${problem}.`,
          });
        else if (d.cutHash) cuts.set(chainKey, { index, hash: d.cutHash });
        furthest = index;
        furthestFile = d.file;
      }
    }
  }
  return { findings, cuts };
}
