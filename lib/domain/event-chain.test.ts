import { describe, expect, it } from "vitest";
import {
  appendToChain,
  canonicalEvent,
  EMPTY_HEAD,
  eventHash,
  GENESIS_HASH,
  type ChainedFields,
  type ChainHead,
} from "./event-chain";
import { ChainVerifier, type DigestRecord, type HeadRecord, type StoredChainRow } from "./event-chain-verify";

const base: ChainedFields = {
  eventId: "e-0",
  eventTime: new Date("2026-11-01T10:00:00.123Z"),
  receivedAt: new Date("2026-11-01T10:00:01.000Z"),
  origin: "api",
  eventName: "DescribeInstances",
  eventSource: "ecs.aliyuncs.com",
  service: "ecs",
  eventType: "ApiCall",
  readOnly: true,
  sensitive: false,
  accountId: "1234",
  identityType: "SubUser",
  principalId: "p-1",
  userName: "alice",
  accessKeyId: null,
  mfaUsed: null,
  roleName: null,
  sourceIpAddress: "10.0.0.1",
  userAgent: "cli",
  region: "cn-hangzhou",
  resources: "[]",
  requestId: "r-1",
  errorCode: null,
  errorMessage: null,
  requestParameters: null,
  responseElements: null,
  raw: '{"x":1}',
};

/** `n` events of account 1234, stored in order: rows with seq, links and the head after them. */
function chain(n: number): { rows: StoredChainRow[]; head: ChainHead } {
  let head = EMPTY_HEAD;
  const rows: StoredChainRow[] = [];
  for (let i = 1; i <= n; i++) {
    const fields = { ...base, eventId: `e-${i}`, eventTime: new Date(base.eventTime.getTime() + i * 1000) };
    const next = appendToChain(head, fields);
    head = next.head;
    rows.push({ ...fields, seq: i * 2, ...next.link });
  }
  return { rows, head };
}

const headRecord = (head: ChainHead): HeadRecord => ({ chainKey: "1234", ...head });
const digestOf = (head: ChainHead, file = "d1.json"): DigestRecord => ({
  chainKey: "1234",
  to: "2026-11-01T11:00:00.000Z",
  count: head.length,
  lastHash: head.lastHash,
  lastEventId: head.lastEventId,
  file,
});

function verify(rows: StoredChainRow[], heads: HeadRecord[], digests: DigestRecord[] = []) {
  const verifier = new ChainVerifier(digests);
  for (const row of [...rows].sort((a, b) => a.seq - b.seq)) verifier.add(row);
  return verifier.finish(heads);
}

describe("canonicalEvent and eventHash", () => {
  it("tells null, empty and a dash apart, and every field counts", () => {
    const texts = [null, "", "-"].map((userAgent) => canonicalEvent({ ...base, userAgent }));
    expect(new Set(texts).size).toBe(3);
    const original = eventHash(GENESIS_HASH, base);
    for (const changed of [
      { userName: "bob" },
      { readOnly: false },
      { eventTime: new Date(base.eventTime.getTime() + 1) },
      { raw: '{"x":2}' },
      { resources: "[ ]" },
    ]) {
      expect(eventHash(GENESIS_HASH, { ...base, ...changed })).not.toBe(original);
    }
    expect(eventHash("f".repeat(64), base)).not.toBe(original);
    expect(eventHash(GENESIS_HASH, { ...base })).toBe(original);
  });

  it("a field's text cannot spill into the next", () => {
    expect(eventHash(GENESIS_HASH, { ...base, region: "a", requestId: "bc" })).not.toBe(
      eventHash(GENESIS_HASH, { ...base, region: "ab", requestId: "c" }),
    );
  });
});

describe("ChainVerifier", () => {
  it("finds nothing in an untouched chain", () => {
    const { rows, head } = chain(20);
    expect(verify(rows, [headRecord(head)], [digestOf(head)])).toEqual([]);
  });

  it("names a changed field's event", () => {
    const { rows, head } = chain(20);
    rows[6] = { ...rows[6], userName: "mallory" };
    expect(verify(rows, [headRecord(head)])).toEqual([
      {
        kind: "changed",
        chainKey: "1234",
        event: { seq: 14, eventId: "e-7", chainIndex: 7 },
        reason: "Its fields no longer match its hash.",
      },
    ]);
  });

  it("names a changed event whose own hash was recomputed, by the next event's link", () => {
    const { rows, head } = chain(20);
    const forged = { ...rows[6], userName: "mallory" };
    rows[6] = { ...forged, hash: eventHash(forged.prevHash!, forged) };
    expect(verify(rows, [headRecord(head)])).toEqual([
      {
        kind: "changed",
        chainKey: "1234",
        event: { seq: 14, eventId: "e-7", chainIndex: 7 },
        reason: "Its hash was recomputed after a change: the next event still links to the original.",
      },
    ]);
  });

  it("names a deleted event by its position and neighbours", () => {
    const { rows, head } = chain(20);
    rows.splice(9, 1);
    expect(verify(rows, [headRecord(head)])).toEqual([
      {
        kind: "deleted",
        chainKey: "1234",
        fromIndex: 10,
        toIndex: 10,
        after: { seq: 18, eventId: "e-9", chainIndex: 9 },
        before: { seq: 22, eventId: "e-11", chainIndex: 11 },
        lastEventId: null,
        reason: "Positions #10–#10 are missing.",
      },
    ]);
  });

  it("names an inserted row, linked or not", () => {
    const { rows, head } = chain(20);
    rows.push({ ...base, eventId: "x-1", seq: 100, chainIndex: null, prevHash: null, hash: null });
    rows.push({ ...rows[3], eventId: "x-2", seq: 101 });
    expect(verify(rows, [headRecord(head)])).toEqual([
      {
        kind: "inserted",
        chainKey: "1234",
        event: { seq: 100, eventId: "x-1", chainIndex: null },
        reason: "It has no chain link: it was not stored by Keytrail.",
      },
      {
        kind: "inserted",
        chainKey: "1234",
        event: { seq: 101, eventId: "x-2", chainIndex: 4 },
        reason: "It claims position #4, which an earlier event holds.",
      },
    ]);
  });

  it("catches the newest ten deleted by the head, and by a digest when the head was set back too", () => {
    const { rows, head } = chain(20);
    const kept = rows.slice(0, 10);
    const byHead = verify(kept, [headRecord(head)]);
    expect(byHead).toMatchObject([
      { kind: "deleted", fromIndex: 11, toIndex: 20, after: { eventId: "e-10" }, before: null, lastEventId: "e-20" },
    ]);
    const setBack = headRecord({ length: 10, lastHash: kept[9].hash!, lastEventId: "e-10" });
    expect(verify(kept, [setBack])).toEqual([]);
    const found = verify(kept, [setBack], [digestOf(head)]);
    expect(found).toEqual([
      {
        kind: "deleted",
        chainKey: "1234",
        fromIndex: 11,
        toIndex: 20,
        after: { seq: 20, eventId: "e-10", chainIndex: 10 },
        before: null,
        lastEventId: "e-20",
        reason:
          "The newest events, positions #11–#20, are missing. The signed digest of 2026-11-01T11:00:00.000Z (d1.json) records 20 events.",
      },
    ]);
  });

  it("catches a chain rewritten to its end by the digest", () => {
    const { rows, head } = chain(20);
    const digest = digestOf(head);
    // Change event 15 and recompute every hash from there on, head included: only the digest knows.
    let prev = rows[13].hash!;
    for (let i = 14; i < 20; i++) {
      const fields = i === 14 ? { ...rows[i], userName: "mallory" } : rows[i];
      const hash = eventHash(prev, fields);
      rows[i] = { ...fields, prevHash: prev, hash };
      prev = hash;
    }
    const rewritten = headRecord({ length: 20, lastHash: prev, lastEventId: "e-20" });
    expect(verify(rows, [rewritten])).toEqual([]);
    expect(verify(rows, [rewritten], [digest])).toMatchObject([
      { kind: "changed", event: { eventId: "e-20", chainIndex: 20 } },
    ]);
  });
});
