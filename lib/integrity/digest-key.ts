// The Ed25519 key that signs the event-chain digests: KEYTRAIL_DIGEST_KEY (a PKCS#8 PEM private key) or the
// generated, git-ignored `<data dir>/digest-key.pem` (mode 0600). Only its public part is ever shown; anyone can
// check a digest with it, no one without the private key can forge one.
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Env } from "@/lib/config/env";
import { dataDir } from "@/lib/config/local-secrets";

export interface DigestKeys {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** SPKI PEM, as the console shows it. */
  publicPem: string;
}

function readOrCreatePem(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const { privateKey } = generateKeyPairSync("ed25519");
  try {
    // "wx": if another process created it meanwhile, keep theirs.
    writeFileSync(file, privateKey.export({ type: "pkcs8", format: "pem" }) as string, { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readFileSync(file, "utf8");
}

export function digestKeys(env: Env = process.env): DigestKeys {
  const file = digestKeyFile(env);
  const pem = file ? readOrCreatePem(file) : env.KEYTRAIL_DIGEST_KEY!.trim();
  const privateKey = createPrivateKey(pem);
  if (privateKey.asymmetricKeyType !== "ed25519")
    throw new Error("KEYTRAIL_DIGEST_KEY must be an Ed25519 private key (PKCS#8 PEM)");
  const publicKey = createPublicKey(privateKey);
  return { privateKey, publicKey, publicPem: publicKey.export({ type: "spki", format: "pem" }) as string };
}

/** SHA-256 of the public key's SPKI DER, as colon-separated hex pairs: what
 *  `openssl pkey -pubin -in public-key.pem -outform DER | openssl dgst -sha256 -c` prints. */
export function publicKeyFingerprint(publicKey: KeyObject): string {
  const der = publicKey.export({ type: "spki", format: "der" });
  return createHash("sha256").update(der).digest("hex").match(/../g)!.join(":");
}

/** The key file a default installation uses (null when KEYTRAIL_DIGEST_KEY holds the key itself). */
export function digestKeyFile(env: Env = process.env): string | null {
  return env.KEYTRAIL_DIGEST_KEY?.trim() ? null : path.join(dataDir(env), "digest-key.pem");
}

/** Where digests are written: KEYTRAIL_DIGEST_DIR, or `<data dir>/digests`; outside the database either way. */
export function digestDir(env: Env = process.env): string {
  return path.resolve(/*turbopackIgnore: true*/ env.KEYTRAIL_DIGEST_DIR ?? path.join(dataDir(env), "digests"));
}
