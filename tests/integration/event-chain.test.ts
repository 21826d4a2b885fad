// Tamper evidence against a real database (SQLite and PostgreSQL): events stored through the ingest path form
// one hash chain per account; signed digests written outside the database; and the verifier naming exactly the
// event changed, deleted or inserted directly in the database, and the newest ten deleted with the chain head set
// back to match (caught by the digest). Also: batches racing on one account (PostgreSQL: separate clients), a
// forged digest refused, and a database from before the chain sealed once. The chain's start: the oldest events
// removed and the head's cut moved to match (reported), a retention cut (clean), and the chain of digests with a
// middle digest removed or replaced; verification against a pinned key that did not sign the digests.
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeEach, describe, expect, it } from "vitest";
import { ingestEvents } from "@/lib/db/ingest-events";
import type { NormalisedEvent } from "@/lib/domain/event";
import { describeFinding } from "@/lib/integrity/describe-finding";
import { publicKeyFingerprint } from "@/lib/integrity/digest-key";
import { readDigests, writeDigests } from "@/lib/integrity/digests";
import { runVerification } from "@/lib/integrity/run-verify";
import { sealUnchainedEvents } from "@/lib/integrity/seal-unchained";
import { verifyEvents } from "@/lib/integrity/verify-events";
import { applyRetention } from "@/lib/tracking/retention";
import { buildEvent } from "@/tests/fixtures/events";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const { privateKey, publicKey } = generateKeyPairSync("ed25519");
const keys = { privateKey, publicPem: publicKey.export({ type: "spki", format: "pem" }) as string };
let dir = "";

function event(accountId: string | null, n: number): NormalisedEvent {
  const eventId = `chain-${accountId ?? "none"}-${n}`;
  return buildEvent({
    eventId,
    eventTime: new Date(Date.UTC(2026, 10, 1, 0, 0, n)),
    accountId,
    userIdentity: { principalId: "p-1", userName: `user-${n % 3}` },
    sourceIpAddress: "10.0.0.1",
    userAgent: "vitest",
    region: "cn-hangzhou",
    resources: [{ type: "ACS::ECS::Instance", name: `i-${n}` }],
    requestId: `req-${eventId}`,
    requestParameters: { n },
  });
}

const A = "1111111111111";
const B = "2222222222222";
const eventsOf = (accountId: string | null, from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, i) => event(accountId, from + i));
const verify = () => verifyEvents(database, dir, publicKey);
const ref = async (eventId: string) => {
  const row = await db.event.findUniqueOrThrow({
    where: { eventId },
    select: { seq: true, eventId: true, chainIndex: true },
  });
  return { seq: row.seq, eventId: row.eventId, chainIndex: row.chainIndex };
};

beforeEach(async () => {
  await resetDatabase(database);
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = mkdtempSync(path.join(tmpdir(), "keytrail-digests-"));
  // Three batches, interleaving two accounts and events without one; the third repeats five stored events.
  await ingestEvents(database, [...eventsOf(A, 1, 15), ...eventsOf(B, 1, 3)]);
  await ingestEvents(database, [...eventsOf(A, 16, 30), ...eventsOf(null, 1, 2), ...eventsOf(B, 4, 5)]);
  await ingestEvents(database, [...eventsOf(A, 26, 30)]);
  await writeDigests(database, dir, keys, new Date("2026-11-01T01:00:00.000Z"));
});

afterAll(async () => {
  rmSync(dir, { recursive: true, force: true });
  await db.$disconnect();
});

describe("the chain", () => {
  it("links each account's events in order, duplicates not counted", async () => {
    const rows = await db.event.findMany({
      where: { accountId: A },
      orderBy: { seq: "asc" },
      select: { eventId: true, chainIndex: true, prevHash: true, hash: true },
    });
    expect(rows.map((r) => r.chainIndex)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    expect(rows.map((r) => r.eventId)).toEqual(eventsOf(A, 1, 30).map((e) => e.eventId));
    for (let i = 1; i < rows.length; i++) expect(rows[i].prevHash).toBe(rows[i - 1].hash);
    expect(rows[0].prevHash).toBe("0".repeat(64));
    const heads = await db.chainHead.findMany({
      orderBy: { chainKey: "asc" },
      select: { chainKey: true, length: true, lastHash: true, lastEventId: true },
    });
    expect(heads).toEqual([
      { chainKey: "", length: 2, lastHash: expect.any(String), lastEventId: "chain-none-2" },
      { chainKey: A, length: 30, lastHash: rows[29].hash, lastEventId: `chain-${A}-30` },
      { chainKey: B, length: 5, lastHash: expect.any(String), lastEventId: `chain-${B}-5` },
    ]);
  });

  it("verifies clean, against three signed digests", async () => {
    expect(await verify()).toEqual({ events: 37, chains: 3, digests: { checked: 3, badSignatures: [] }, findings: [] });
    const files = readdirSync(path.join(dir, A, "2026", "11", "01"));
    expect(files).toEqual([`${A}_20261101T010000Z.json`]);
    expect(readFileSync(path.join(dir, "public-key.pem"), "utf8")).toBe(keys.publicPem);
  });
});

describe("tampering, done directly in the database", () => {
  it("names the one event whose field was changed", async () => {
    await db.event.update({ where: { eventId: `chain-${A}-12` }, data: { userName: "mallory" } });
    const { findings } = await verify();
    expect(findings).toEqual([
      {
        kind: "changed",
        chainKey: A,
        event: await ref(`chain-${A}-12`),
        reason: "Its fields no longer match its hash.",
      },
    ]);
  });

  it("names the position and neighbours of the one event deleted", async () => {
    await db.event.delete({ where: { eventId: `chain-${A}-10` } });
    const { findings } = await verify();
    expect(findings).toEqual([
      {
        kind: "deleted",
        chainKey: A,
        fromIndex: 10,
        toIndex: 10,
        after: await ref(`chain-${A}-9`),
        before: await ref(`chain-${A}-11`),
        lastEventId: null,
        reason: "Positions #10–#10 are missing.",
      },
    ]);
  });

  it("names the one event inserted", async () => {
    const { userIdentity, resources, requestParameters, responseElements, ...rest } = event(A, 99);
    await db.event.create({
      data: {
        ...rest,
        userName: userIdentity.userName,
        identityType: userIdentity.type,
        principalId: userIdentity.principalId,
        resources: JSON.stringify(resources),
        requestParameters: JSON.stringify(requestParameters),
        responseElements: null,
      },
    });
    void responseElements;
    const { findings } = await verify();
    expect(findings).toEqual([
      {
        kind: "inserted",
        chainKey: A,
        event: await ref(`chain-${A}-99`),
        reason: "It has no chain link: it was not stored by Keytrail.",
      },
    ]);
  });

  it("catches the newest ten deleted and the chain head set back to match, by the signed digest", async () => {
    const last = await ref(`chain-${A}-20`);
    const kept = await db.event.findUniqueOrThrow({ where: { eventId: `chain-${A}-20` } });
    await db.event.deleteMany({ where: { accountId: A, chainIndex: { gt: 20 } } });
    await db.chainHead.update({
      where: { chainKey: A },
      data: { length: 20, lastHash: kept.hash!, lastEventId: kept.eventId },
    });
    const { findings } = await verify();
    expect(findings).toEqual([
      {
        kind: "deleted",
        chainKey: A,
        fromIndex: 21,
        toIndex: 30,
        after: last,
        before: null,
        lastEventId: `chain-${A}-30`,
        reason: `The newest events, positions #21–#30, are missing. The signed digest of 2026-11-01T01:00:00.000Z (${path.join(A, "2026", "11", "01", `${A}_20261101T010000Z.json`)}) records 30 events.`,
      },
    ]);
  });

  it("does not trust a digest whose content was edited", async () => {
    const file = path.join(dir, B, "2026", "11", "01", `${B}_20261101T010000Z.json`);
    const digest = JSON.parse(readFileSync(file, "utf8"));
    writeFileSync(file, JSON.stringify({ ...digest, count: 3 }));
    const report = await verify();
    expect(report.digests).toEqual({
      checked: 2,
      badSignatures: [path.join(B, "2026", "11", "01", `${B}_20261101T010000Z.json`)],
    });
    expect(report.findings).toEqual([]);
  });
});

describe("more ways in", () => {
  it("keeps one chain when batches of one account race (separate clients on PostgreSQL)", async () => {
    const clients = Array.from({ length: 4 }, () =>
      database.provider === "postgresql" ? openTestDatabase() : database,
    );
    await Promise.all(clients.map((c) => c.db.chainHead.count()));
    await Promise.all(clients.map((c, i) => ingestEvents(c, eventsOf(A, 100 + i * 20, 119 + i * 20))));
    await Promise.all(clients.filter((c) => c !== database).map((c) => c.db.$disconnect()));
    expect((await db.chainHead.findUniqueOrThrow({ where: { chainKey: A } })).length).toBe(110);
    expect((await verify()).findings).toEqual([]);
  });

  it("seals, once, a database whose events were stored before the chain", async () => {
    await db.event.updateMany({ data: { chainIndex: null, prevHash: null, hash: null } });
    await db.chainHead.deleteMany();
    rmSync(dir, { recursive: true, force: true });
    expect((await verify()).findings.map((f) => f.kind)).toEqual(Array(37).fill("inserted"));
    expect(await sealUnchainedEvents(database)).toBe(37);
    expect(await verify()).toMatchObject({ events: 37, chains: 3, findings: [] });
    expect(await sealUnchainedEvents(database)).toBe(0);
  });
});

describe("the chain's start and the chain of digests", () => {
  const digestFile = (account: string, time: string) => `${account}/2026/11/01/${account}_20261101T${time}Z.json`;

  it("reports the oldest events deleted with the chain head's cut moved to match, even after a new digest", async () => {
    const tenth = await db.event.findUniqueOrThrow({ where: { eventId: `chain-${A}-10` } });
    await db.event.deleteMany({ where: { accountId: A, chainIndex: { lte: 10 } } });
    await db.chainHead.update({ where: { chainKey: A }, data: { cutIndex: 10, cutHash: tenth.hash } });
    await writeDigests(database, dir, keys, new Date("2026-11-01T02:00:00.000Z"));
    const written = readDigests(dir, publicKey).find((d) => d.file === digestFile(A, "020000"));
    expect(written).toMatchObject({
      cutIndex: 0,
      cutHash: null,
      previousDigestFile: digestFile(A, "010000"),
      signatureValid: true,
    });
    const { findings } = await verify();
    expect(findings).toEqual([
      {
        kind: "deleted",
        chainKey: A,
        fromIndex: 1,
        toIndex: 10,
        after: null,
        before: await ref(`chain-${A}-11`),
        lastEventId: null,
        reason: "Events #1–#10 were removed without a retention cut a signed digest allows.",
      },
    ]);
    expect(describeFinding(findings[0])).toBe(
      `Deleted: 10 events of account ${A}, #1–#10, before event chain-${A}-11 (#11, seq ${(await ref(`chain-${A}-11`)).seq}). Events #1–#10 were removed without a retention cut a signed digest allows.`,
    );
  });

  it("verifies a retention cut clean, records its rule, and still reports a trim on top of it", async () => {
    // Events of every chain are at 2026-11-01T00:00:<n>s: a cutoff of 00:00:10.5 keeps A's 11th on.
    const now = new Date(Date.parse("2026-11-01T00:00:10.500Z") + 180 * 86_400_000);
    const result = await applyRetention(database, {
      now,
      days: 180,
      dir,
      keys: { privateKey, publicKey, publicPem: keys.publicPem },
    });
    expect(result.chains).toEqual([
      { chainKey: "", cutIndex: 2, removed: 2 },
      { chainKey: A, cutIndex: 10, removed: 10 },
      { chainKey: B, cutIndex: 5, removed: 5 },
    ]);
    const stamp = now
      .toISOString()
      .replace(/[-:]/g, "")
      .replace(/\.\d{3}Z$/, "Z");
    const digest = readDigests(dir, publicKey).find((d) => d.chainKey === A && d.to === now.toISOString())!;
    expect(digest).toMatchObject({
      version: 3,
      signatureValid: true,
      cutIndex: 10,
      previousDigestFile: digestFile(A, "010000"),
      cutRule: {
        retentionDays: 180,
        cutoff: "2026-11-01T00:00:10.500Z",
        cutEventTime: "2026-11-01T00:00:10.000Z",
        cutAt: now.toISOString(),
      },
    });
    expect(digest.file).toBe(`${A}/${now.toISOString().slice(0, 10).replaceAll("-", "/")}/${A}_${stamp}.json`);
    const removal = await db.event.findFirstOrThrow({ where: { eventName: "DeleteExpiredEvents" } });
    expect(JSON.parse(removal.requestParameters!)).toEqual({
      RetentionDays: 180,
      OlderThan: "2026-11-01T00:00:10.500Z",
    });
    expect(JSON.parse(removal.responseElements!).Chains[1]).toEqual({
      Account: A,
      CutIndex: 10,
      CutHash: digest.cutHash,
      NewestRemovedEventTime: "2026-11-01T00:00:10.000Z",
      Removed: 10,
    });
    expect(await verify()).toMatchObject({ events: 21, findings: [], digests: { badSignatures: [] } });

    // A later hourly digest carries the cut and its rule; two more events trimmed by hand still show.
    const twelfth = await db.event.findUniqueOrThrow({ where: { eventId: `chain-${A}-12` } });
    await db.event.deleteMany({ where: { accountId: A, chainIndex: { lte: 12 } } });
    await db.chainHead.update({ where: { chainKey: A }, data: { cutIndex: 12, cutHash: twelfth.hash } });
    await writeDigests(database, dir, keys, new Date(now.getTime() + 3_600_000));
    expect((await verify()).findings).toEqual([
      {
        kind: "deleted",
        chainKey: A,
        fromIndex: 11,
        toIndex: 12,
        after: null,
        before: await ref(`chain-${A}-13`),
        lastEventId: null,
        reason: "Events #11–#12 were removed without a retention cut a signed digest allows.",
      },
    ]);
    // And retention leaves that chain alone rather than record the trim as its own cut.
    const again = await applyRetention(database, {
      now: new Date(now.getTime() + 7_200_000),
      days: 180,
      dir,
      keys: { privateKey, publicKey, publicPem: keys.publicPem },
    });
    expect(again.refused).toEqual([
      { chainKey: A, reason: "The chain head records a cut at #12, the newest signed digest one at #10." },
    ]);
  });

  it("reports a middle digest removed, and one replaced", async () => {
    await writeDigests(database, dir, keys, new Date("2026-11-01T02:00:00.000Z"));
    await writeDigests(database, dir, keys, new Date("2026-11-01T03:00:00.000Z"));
    expect((await verify()).findings).toEqual([]);
    const middle = path.join(dir, ...digestFile(A, "020000").split("/"));
    const text = readFileSync(middle, "utf8");

    unlinkSync(middle);
    expect((await verify()).findings).toEqual([
      {
        kind: "digest",
        chainKey: A,
        file: digestFile(A, "030000"),
        reason: `Digest chain broken: ${digestFile(A, "030000")} names a previous digest, ${digestFile(A, "020000")}, that is missing.`,
      },
    ]);

    // Replaced by another genuine, signed digest (the first one's content).
    writeFileSync(middle, readFileSync(path.join(dir, ...digestFile(A, "010000").split("/"))));
    expect((await verify()).findings).toEqual([
      {
        kind: "digest",
        chainKey: A,
        file: digestFile(A, "020000"),
        reason: `Digest chain broken: ${digestFile(A, "020000")} names no previous digest, but ${digestFile(A, "010000")} is older.`,
      },
      {
        kind: "digest",
        chainKey: A,
        file: digestFile(A, "030000"),
        reason: `Digest chain broken: ${digestFile(A, "030000")} names a previous digest, ${digestFile(A, "020000")}, that was changed.`,
      },
    ]);
    writeFileSync(middle, text);
    expect((await verify()).findings).toEqual([]);
  });

  it("fails clearly against a pinned public key that did not sign the digests", async () => {
    const other = generateKeyPairSync("ed25519").publicKey;
    const result = await runVerification(database, dir, other, { pinned: true });
    expect(result.exitCode).toBe(1);
    expect(result.report.digests).toEqual({
      checked: 0,
      badSignatures: [
        digestFile(A, "010000"),
        digestFile(B, "010000"),
        "_no-account/2026/11/01/_no-account_20261101T010000Z.json",
      ],
    });
    expect(result.lines.slice(1)).toEqual([
      `The pinned public key (${publicKeyFingerprint(other)}) signed none of the 3 digest(s): they were written with the key in public-key.pem (${publicKeyFingerprint(publicKey)}). Either the key changed or the digests were forged: trust none of them.`,
    ]);
    const right = await runVerification(database, dir, publicKey, { pinned: true });
    expect(right.exitCode).toBe(0);
    expect(right.lines.slice(1)).toEqual(["Nothing was changed, inserted or deleted."]);
  });
});
