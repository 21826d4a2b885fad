// `npm run verify`'s report as lines of text, and its exit status. With a pinned public key (--public-key FILE),
// digests the key did not sign are not trusted; when it signed none of them, that is said in one line, with the
// fingerprints of both keys.
import { createPublicKey, type KeyObject } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Database } from "@/lib/db/client";
import { formatCount } from "@/lib/domain/format";
import { describeFinding } from "./describe-finding";
import { publicKeyFingerprint } from "./digest-key";
import { verifyEvents, type IntegrityReport } from "./verify-events";

/** A pinned public key from a PEM file (SPKI; a private key's public part is taken too). Throws a clear error. */
export function readPublicKeyFile(file: string): KeyObject {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new Error(`Cannot read the public key file ${file}: ${(error as Error).message}`);
  }
  let key: KeyObject;
  try {
    key = createPublicKey(text);
  } catch {
    throw new Error(`${file} is not a PEM public key.`);
  }
  if (key.asymmetricKeyType !== "ed25519")
    throw new Error(`${file} is not an Ed25519 public key (it is ${key.asymmetricKeyType}).`);
  return key;
}

function besideFingerprint(dir: string): string | null {
  try {
    return publicKeyFingerprint(createPublicKey(readFileSync(path.join(dir, "public-key.pem"), "utf8")));
  } catch {
    return null;
  }
}

export interface Verification {
  report: IntegrityReport;
  lines: string[];
  exitCode: number;
}

export async function runVerification(
  database: Database,
  dir: string,
  publicKey: KeyObject,
  { pinned = false } = {},
): Promise<Verification> {
  const started = Date.now();
  const report = await verifyEvents(database, dir, publicKey);
  const fingerprint = publicKeyFingerprint(publicKey);
  const lines = [
    `Checked ${formatCount(report.events)} events in ${report.chains} chain(s) against ${formatCount(report.digests.checked)} signed digest(s) in ${dir}, ` +
      `in ${((Date.now() - started) / 1000).toFixed(1)} s, with ${pinned ? "the pinned" : "this installation's"} public key ${fingerprint}.`,
  ];
  const bad = report.digests.badSignatures.length;
  if (pinned && bad > 0 && report.digests.checked === 0) {
    const beside = besideFingerprint(dir);
    lines.push(
      `The pinned public key (${fingerprint}) signed none of the ${bad} digest(s)` +
        (beside && beside !== fingerprint ? `: they were written with the key in public-key.pem (${beside}).` : ".") +
        " Either the key changed or the digests were forged: trust none of them.",
    );
  } else {
    for (const file of report.digests.badSignatures)
      lines.push(`Digest not trusted (bad or missing signature): ${file}`);
  }
  for (const finding of report.findings) lines.push(describeFinding(finding));
  const clean = report.findings.length === 0 && bad === 0;
  if (clean) lines.push("Nothing was changed, inserted or deleted.");
  return { report, lines, exitCode: clean ? 0 : 1 };
}
