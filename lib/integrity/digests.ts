// Signed digests of the event chains, written outside the database: per account, its chain's length, last hash
// and last eventId at a moment, with the time range since the previous digest, signed with Ed25519
// (./digest-key.ts). Files: `<dir>/<account>/YYYY/MM/DD/<account>_<YYYYMMDDTHHMMSSZ>.json`, written to a
// temporary file and renamed, so a reader never sees half a digest. The public key is written beside them
// (`<dir>/public-key.pem`) for anyone who wants to check them without Keytrail.
//
// Each digest names the previous digest of its account (file name and signature), so the digests form a chain
// of their own, and records the chain's retention cut with the rule that allowed it. The cut is never taken from
// the database (whoever can write it could move it): it is carried over from the previous signed digest, and only
// retention (lib/tracking/retention.ts) hands a new one, with its rule, to writeDigests.
import { createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Database } from "@/lib/db/client";
import type { CutRule, DigestEntry } from "@/lib/domain/event-chain-digests";
import { deliverDigestFiles } from "@/lib/tracking/deliver-digests";

/** 2 added the retention cut (cutIndex, cutHash); 3 its rule and the previous digest. Older digests are still
 *  read and checked as written. */
export const DIGEST_VERSION = 3;
/** The file-name stand-in for events that carry no account. */
const NO_ACCOUNT = "_no-account";

export interface DigestPayload {
  version: number;
  /** The account (chain key); "" for events without one. */
  chainKey: string;
  /** The previous digest's `to`, or null for the first. */
  from: string | null;
  to: string;
  count: number;
  lastHash: string;
  lastEventId: string | null;
  /** Retention removed events 1..cutIndex of the chain (0: none); cutHash is event cutIndex's hash. */
  cutIndex?: number;
  cutHash?: string | null;
  /** Version 3: the rule the cut was made under (null without a cut, or for a cut a version-2 digest recorded). */
  cutRetentionDays?: number | null;
  cutCutoff?: string | null;
  cutEventTime?: string | null;
  cutAt?: string | null;
  /** Version 3: the previous digest of the account, relative to the digest folder, and its signature. */
  previousDigestFile?: string | null;
  previousDigestSignature?: string | null;
}

export type WrittenDigest = DigestPayload & { file: string };

export type ReadDigest = DigestEntry;

/** A cut retention just made, for the digest that records it. */
export interface NewCut {
  index: number;
  hash: string;
  rule: CutRule;
}

/** The bytes that are signed: the payload's fields in a fixed order. */
function signedBytes(p: DigestPayload): Buffer {
  const ordered: DigestPayload = {
    version: p.version,
    chainKey: p.chainKey,
    from: p.from,
    to: p.to,
    count: p.count,
    lastHash: p.lastHash,
    lastEventId: p.lastEventId,
  };
  if (p.version >= 2) Object.assign(ordered, { cutIndex: p.cutIndex ?? 0, cutHash: p.cutHash ?? null });
  if (p.version >= 3) {
    Object.assign(ordered, {
      cutRetentionDays: p.cutRetentionDays ?? null,
      cutCutoff: p.cutCutoff ?? null,
      cutEventTime: p.cutEventTime ?? null,
      cutAt: p.cutAt ?? null,
      previousDigestFile: p.previousDigestFile ?? null,
      previousDigestSignature: p.previousDigestSignature ?? null,
    });
  }
  return Buffer.from(JSON.stringify(ordered), "utf8");
}

const stamp = (iso: string) => iso.replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
const folderOf = (chainKey: string) => (chainKey === "" ? NO_ACCOUNT : chainKey.replace(/[^A-Za-z0-9_.-]/g, "_"));
const relativeName = (dir: string, file: string) => path.relative(dir, file).split(path.sep).join("/");

function writeAtomically(file: string, text: string) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o644 });
  renameSync(temporary, file);
}

function ruleOf(
  d: DigestEntry | undefined,
): Pick<DigestPayload, "cutRetentionDays" | "cutCutoff" | "cutEventTime" | "cutAt"> {
  const rule = d?.cutRule;
  return {
    cutRetentionDays: rule?.retentionDays ?? null,
    cutCutoff: rule?.cutoff ?? null,
    cutEventTime: rule?.cutEventTime ?? null,
    cutAt: rule?.cutAt ?? null,
  };
}

/** Writes one digest per chain with events, delivers each to the tracking sets that ask for digests, and returns
 *  what was written. `cuts`: the cuts retention has just made, by chain. */
export async function writeDigests(
  database: Database,
  dir: string,
  keys: { privateKey: KeyObject; publicPem: string },
  now = new Date(),
  { cuts = new Map<string, NewCut>() }: { cuts?: Map<string, NewCut> } = {},
): Promise<WrittenDigest[]> {
  const heads = await database.db.chainHead.findMany({ where: { length: { gt: 0 } }, orderBy: { chainKey: "asc" } });
  const publicKey = createPublicKey(keys.privateKey);
  const signed = readDigests(dir, publicKey).filter((d) => d.signatureValid);
  const written: WrittenDigest[] = [];
  writeAtomically(path.join(dir, "public-key.pem"), keys.publicPem);
  for (const head of heads) {
    const to = now.toISOString();
    const day = to.slice(0, 10).split("-");
    const folder = folderOf(head.chainKey);
    const file = [folder, ...day, `${folder}_${stamp(to)}.json`].join("/");
    // The newest signed digest of this chain (a digest written again within the same second replaces its file).
    const previous = signed
      .filter((d) => d.chainKey === head.chainKey && d.file !== file)
      .sort((a, b) => (a.to < b.to ? -1 : a.to > b.to ? 1 : a.file < b.file ? -1 : 1))
      .at(-1);
    const cut = cuts.get(head.chainKey);
    const payload: DigestPayload = {
      version: DIGEST_VERSION,
      chainKey: head.chainKey,
      from: previous?.to ?? null,
      to,
      count: head.length,
      lastHash: head.lastHash,
      lastEventId: head.lastEventId,
      ...(cut
        ? {
            cutIndex: cut.index,
            cutHash: cut.hash,
            cutRetentionDays: cut.rule.retentionDays,
            cutCutoff: cut.rule.cutoff,
            cutEventTime: cut.rule.cutEventTime,
            cutAt: cut.rule.cutAt,
          }
        : { cutIndex: previous?.cutIndex ?? 0, cutHash: previous?.cutHash ?? null, ...ruleOf(previous) }),
      previousDigestFile: previous?.file ?? null,
      previousDigestSignature: previous?.signature ?? null,
    };
    const signature = sign(null, signedBytes(payload), keys.privateKey).toString("base64");
    writeAtomically(path.join(dir, ...file.split("/")), JSON.stringify({ ...payload, signature }, null, 2) + "\n");
    written.push({ ...payload, file });
  }
  if (written.length)
    await deliverDigestFiles(
      database,
      dir,
      written.map((d) => d.file),
    );
  return written;
}

function digestFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (folder: string) => {
    let entries;
    try {
      entries = readdirSync(folder, { withFileTypes: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
      throw error;
    }
    for (const entry of entries) {
      const full = path.join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith(".json")) files.push(full);
    }
  };
  walk(dir);
  return files.sort();
}

/** Every digest under `dir`, each with whether its signature holds under `publicKey`; unreadable files count as
 *  invalid. `file` is relative to `dir`, with `/` separators. */
export function readDigests(dir: string, publicKey: KeyObject): ReadDigest[] {
  return digestFiles(dir).map((full) => {
    const file = relativeName(dir, full);
    try {
      const parsed = JSON.parse(readFileSync(full, "utf8")) as DigestPayload & { signature: string };
      const version = Number(parsed.version);
      const valid =
        typeof parsed.signature === "string" &&
        verify(null, signedBytes(parsed), publicKey, Buffer.from(parsed.signature, "base64"));
      const hasRule = version >= 3 && parsed.cutRetentionDays != null;
      return {
        chainKey: String(parsed.chainKey),
        to: String(parsed.to),
        count: Number(parsed.count),
        lastHash: String(parsed.lastHash),
        lastEventId: parsed.lastEventId ?? null,
        cutIndex: Number(parsed.cutIndex ?? 0),
        cutHash: parsed.cutHash ?? null,
        file,
        signatureValid: valid,
        version,
        signature: typeof parsed.signature === "string" ? parsed.signature : null,
        previousDigestFile: parsed.previousDigestFile ?? null,
        previousDigestSignature: parsed.previousDigestSignature ?? null,
        cutRule: hasRule
          ? {
              retentionDays: Number(parsed.cutRetentionDays),
              cutoff: String(parsed.cutCutoff),
              cutEventTime: String(parsed.cutEventTime),
              cutAt: String(parsed.cutAt),
            }
          : null,
      };
    } catch {
      return {
        chainKey: "",
        to: "",
        count: 0,
        lastHash: "",
        lastEventId: null,
        file,
        signatureValid: false,
        version: 0,
        signature: null,
      };
    }
  });
}

/** The newest signed digest of each chain. */
export function latestSignedDigests(dir: string, publicKey: KeyObject): Map<string, ReadDigest> {
  const latest = new Map<string, ReadDigest>();
  for (const d of readDigests(dir, publicKey)) {
    if (!d.signatureValid) continue;
    const current = latest.get(d.chainKey);
    if (!current || current.to < d.to || (current.to === d.to && current.file < d.file)) latest.set(d.chainKey, d);
  }
  return latest;
}
