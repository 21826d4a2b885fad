// Checking the event chains (./event-chain.ts) and the signed digests against the stored events: a pure walk
// over the rows in insertion order (seq), one pass, constant memory per account. It names each event that was
// changed, inserted or deleted:
//  - changed: the row's fields no longer give its hash; or its hash was recomputed after a change, which the
//    next event (still linking to the original hash) or a digest (recording it) gives away;
//  - inserted: a row with no chain link, or one repeating a position already taken;
//  - deleted: a gap in an account's positions (the rows on each side are named), or fewer events than the chain
//    head or a signed digest recorded (the newest ones deleted; the digest names the last of them); the oldest
//    ones deleted count as a gap at the chain's start unless a signed digest allows the retention cut
//    (./event-chain-digests.ts).
import { checkDigests, type AllowedCut, type DigestFinding } from "./event-chain-digests";
import { chainKeyOf, eventHash, GENESIS_HASH, type ChainedFields } from "./event-chain";

export interface StoredChainRow extends ChainedFields {
  seq: number;
  chainIndex: number | null;
  prevHash: string | null;
  hash: string | null;
}

/** What a signed digest recorded of one chain (its signature already checked). */
export interface DigestRecord {
  chainKey: string;
  /** When the digest was written (ISO). */
  to: string;
  count: number;
  lastHash: string;
  lastEventId: string | null;
  /** Retention's cut when the digest was written: events 1..cutIndex removed, cutHash the hash of the last. */
  cutIndex?: number;
  cutHash?: string | null;
  file: string;
}

export interface EventRef {
  seq: number;
  eventId: string;
  chainIndex: number | null;
}

export type ChainFinding =
  | { kind: "changed"; chainKey: string; event: EventRef; reason: string }
  | { kind: "inserted"; chainKey: string; event: EventRef; reason: string }
  | {
      kind: "deleted";
      chainKey: string;
      fromIndex: number;
      toIndex: number;
      after: EventRef | null;
      before: EventRef | null;
      lastEventId: string | null;
      reason: string;
    }
  | DigestFinding;

export interface HeadRecord {
  chainKey: string;
  length: number;
  lastHash: string;
  lastEventId: string | null;
}

interface ChainState {
  expected: number;
  lastHash: string;
  last: EventRef | null;
  /** Hash per position, for the positions digests recorded. */
  atDigest: Map<number, { ref: EventRef; hash: string }>;
}

const refOf = (row: StoredChainRow): EventRef => ({ seq: row.seq, eventId: row.eventId, chainIndex: row.chainIndex });

export class ChainVerifier {
  readonly findings: ChainFinding[] = [];
  private readonly chains = new Map<string, ChainState>();
  private readonly digestPositions = new Map<string, Set<number>>();
  private readonly flagged = new Set<number>();
  /** Per chain, the furthest retention cut a signed digest allows: the chain starts after it. */
  private readonly cuts: Map<string, AllowedCut>;

  /** `cuts`: the allowed cuts (checkDigests); by default every cut of the digests given, as version 2 took them. */
  constructor(
    private readonly digests: readonly DigestRecord[] = [],
    cuts?: Map<string, AllowedCut>,
  ) {
    this.cuts =
      cuts ?? checkDigests(digests.map((d) => ({ ...d, version: 2, signatureValid: true, signature: null }))).cuts;
    for (const d of digests) {
      const set = this.digestPositions.get(d.chainKey) ?? new Set<number>();
      set.add(d.count);
      this.digestPositions.set(d.chainKey, set);
    }
  }

  /** The first position a chain's stored events should start at: after the signed retention cut, if any. */
  private startOf(key: string): number {
    return (this.cuts.get(key)?.index ?? 0) + 1;
  }

  private state(key: string): ChainState {
    let found = this.chains.get(key);
    if (!found) {
      const cut = this.cuts.get(key);
      found = { expected: (cut?.index ?? 0) + 1, lastHash: cut?.hash ?? GENESIS_HASH, last: null, atDigest: new Map() };
      this.chains.set(key, found);
    }
    return found;
  }

  private changed(chainKey: string, event: EventRef, reason: string) {
    if (this.flagged.has(event.seq)) return;
    this.flagged.add(event.seq);
    this.findings.push({ kind: "changed", chainKey, event, reason });
  }

  /** Rows must come in seq order. */
  add(row: StoredChainRow): void {
    const key = chainKeyOf(row.accountId);
    const ref = refOf(row);
    if (row.chainIndex === null || row.prevHash === null || row.hash === null) {
      this.findings.push({
        kind: "inserted",
        chainKey: key,
        event: ref,
        reason: "It has no chain link: it was not stored by Keytrail.",
      });
      return;
    }
    const st = this.state(key);
    if (row.chainIndex < st.expected) {
      this.findings.push({
        kind: "inserted",
        chainKey: key,
        event: ref,
        reason: `It claims position #${row.chainIndex}, which an earlier event holds.`,
      });
      return;
    }
    const contentOk = eventHash(row.prevHash, row) === row.hash;
    if (!contentOk) this.changed(key, ref, "Its fields no longer match its hash.");
    if (row.chainIndex > st.expected) {
      const atStart = st.last === null && st.expected === this.startOf(key);
      this.findings.push({
        kind: "deleted",
        chainKey: key,
        fromIndex: st.expected,
        toIndex: row.chainIndex - 1,
        after: st.last,
        before: ref,
        lastEventId: null,
        reason: atStart
          ? `Events #${st.expected}–#${row.chainIndex - 1} were removed without a retention cut a signed digest allows.`
          : `Positions #${st.expected}–#${row.chainIndex - 1} are missing.`,
      });
    } else if (contentOk && row.prevHash !== st.lastHash && st.last) {
      this.changed(key, st.last, "Its hash was recomputed after a change: the next event still links to the original.");
    } else if (contentOk && row.prevHash !== st.lastHash && row.chainIndex > 1) {
      this.changed(
        key,
        ref,
        "It does not link to the last event removed by retention, as the signed digest recorded it.",
      );
    }
    if (this.digestPositions.get(key)?.has(row.chainIndex)) st.atDigest.set(row.chainIndex, { ref, hash: row.hash });
    st.expected = row.chainIndex + 1;
    st.lastHash = row.hash;
    st.last = ref;
  }

  /** After the last row: the newest events against the chain heads and the digests. */
  finish(heads: readonly HeadRecord[]): ChainFinding[] {
    const missingTail = new Map<string, { to: number; lastEventId: string | null; reason: string }>();
    const noteTail = (key: string, to: number, lastEventId: string | null, reason: string) => {
      const seen = this.chains.get(key)?.expected ?? this.startOf(key);
      const current = missingTail.get(key);
      if (to >= seen && (!current || to > current.to)) missingTail.set(key, { to, lastEventId, reason });
    };
    for (const head of heads)
      noteTail(head.chainKey, head.length, head.lastEventId, `The chain head records ${head.length} events.`);
    for (const d of this.digests) {
      noteTail(
        d.chainKey,
        d.count,
        d.lastEventId,
        `The signed digest of ${d.to} (${d.file}) records ${d.count} events.`,
      );
      const at = this.chains.get(d.chainKey)?.atDigest.get(d.count);
      if (at && at.hash !== d.lastHash)
        this.changed(
          d.chainKey,
          at.ref,
          `Its hash differs from the one the signed digest of ${d.to} recorded: the chain was rewritten up to here.`,
        );
    }
    for (const [key, tail] of missingTail) {
      const st = this.chains.get(key);
      const from = st?.expected ?? this.startOf(key);
      this.findings.push({
        kind: "deleted",
        chainKey: key,
        fromIndex: from,
        toIndex: tail.to,
        after: st?.last ?? null,
        before: null,
        lastEventId: tail.lastEventId,
        reason: `The newest events, positions #${from}–#${tail.to}, are missing. ${tail.reason}`,
      });
    }
    return this.findings;
  }
}
