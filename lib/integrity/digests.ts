// Signed digests of the event chains, written outside the database: per account, its chain's length, last hash
// and last eventId at a moment, with the time range since the previous digest, signed with Ed25519
// (./digest-key.ts). Files: `<dir>/<account>/YYYY/MM/DD/<account>_<YYYYMMDDTHHMMSSZ>.json`, written to a
// temporary file and renamed, so a reader never sees half a digest. The public key is written beside them
// (`<dir>/public-key.pem`) for anyone who wants to check them without Keytrail.
import { sign, verify, type KeyObject } from "node:crypto";
import { mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Database } from "@/lib/db/client";
import type { DigestRecord } from "@/lib/domain/event-chain-verify";

/** 2 added the retention cut (cutIndex, cutHash); version-1 digests are still read and checked as written. */
export const DIGEST_VERSION = 2;
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
}

export interface ReadDigest extends DigestRecord {
  signatureValid: boolean;
}

/** The bytes that are signed: the payload's fields in a fixed order. */
function signedBytes(p: DigestPayload): Buffer {
  const ordered: DigestPayload = { version: p.version, chainKey: p.chainKey, from: p.from, to: p.to, count: p.count, lastHash: p.lastHash, lastEventId: p.lastEventId };
  if (p.version >= 2) Object.assign(ordered, { cutIndex: p.cutIndex ?? 0, cutHash: p.cutHash ?? null });
  return Buffer.from(JSON.stringify(ordered), "utf8");
}

const stamp = (iso: string) => iso.replace(/[-:]/g, "").replace(/\.\d{3}Z$/, "Z");
const folderOf = (chainKey: string) => (chainKey === "" ? NO_ACCOUNT : chainKey.replace(/[^A-Za-z0-9_.-]/g, "_"));

function writeAtomically(file: string, text: string) {
  mkdirSync(path.dirname(file), { recursive: true });
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, text, { mode: 0o644 });
  renameSync(temporary, file);
}

/** Writes one digest per chain with events; returns what was written. */
export async function writeDigests(database: Database, dir: string, keys: { privateKey: KeyObject; publicPem: string }, now = new Date()): Promise<DigestPayload[]> {
  const heads = await database.db.chainHead.findMany({ where: { length: { gt: 0 } }, orderBy: { chainKey: "asc" } });
  const previous = latestDigests(dir);
  const written: DigestPayload[] = [];
  writeAtomically(path.join(dir, "public-key.pem"), keys.publicPem);
  for (const head of heads) {
    const payload: DigestPayload = {
      version: DIGEST_VERSION, chainKey: head.chainKey, from: previous.get(head.chainKey)?.to ?? null, to: now.toISOString(),
      count: head.length, lastHash: head.lastHash, lastEventId: head.lastEventId, cutIndex: head.cutIndex, cutHash: head.cutHash,
    };
    const signature = sign(null, signedBytes(payload), keys.privateKey).toString("base64");
    const day = payload.to.slice(0, 10).split("-");
    const folder = folderOf(head.chainKey);
    writeAtomically(path.join(dir, folder, ...day, `${folder}_${stamp(payload.to)}.json`), JSON.stringify({ ...payload, signature }, null, 2) + "\n");
    written.push(payload);
  }
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
 *  invalid. */
export function readDigests(dir: string, publicKey: KeyObject): ReadDigest[] {
  return digestFiles(dir).map((file) => {
    const name = path.relative(dir, file);
    try {
      const parsed = JSON.parse(readFileSync(file, "utf8")) as DigestPayload & { signature: string };
      const valid = typeof parsed.signature === "string" && verify(null, signedBytes(parsed), publicKey, Buffer.from(parsed.signature, "base64"));
      return {
        chainKey: String(parsed.chainKey), to: String(parsed.to), count: Number(parsed.count), lastHash: String(parsed.lastHash),
        lastEventId: parsed.lastEventId ?? null, cutIndex: Number(parsed.cutIndex ?? 0), cutHash: parsed.cutHash ?? null, file: name, signatureValid: valid,
      };
    } catch {
      return { chainKey: "", to: "", count: 0, lastHash: "", lastEventId: null, file: name, signatureValid: false };
    }
  });
}

/** The newest digest per chain: the last file name of each account's folder (names sort by time). Signatures are
 *  not checked here: only its `to` is taken, as the next digest's `from`. */
function latestDigests(dir: string): Map<string, DigestPayload> {
  const newestFile = new Map<string, string>();
  for (const file of digestFiles(dir)) newestFile.set(path.relative(dir, file).split(path.sep)[0], file);
  const latest = new Map<string, DigestPayload>();
  for (const file of newestFile.values()) {
    try {
      const parsed = JSON.parse(readFileSync(file, "utf8")) as DigestPayload;
      latest.set(parsed.chainKey, parsed);
    } catch {
      // An unreadable file is reported by the verification, not here.
    }
  }
  return latest;
}
