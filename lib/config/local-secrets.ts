// Secrets that must exist but that nobody should have to invent: AUTH_SECRET (signs sessions) and the
// AES-256 key that encrypts AccessKey secrets at rest. Taken from the environment when set; otherwise
// generated once into files under the data directory (git-ignored, mode 0600) and reused on every start.
import { randomBytes } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { Env } from "./env";

export function dataDir(env: Env = process.env): string {
  // The data directory is chosen at run time: keep the bundler from tracing the whole project for it.
  return path.resolve(/*turbopackIgnore: true*/ env.KEYTRAIL_DATA_DIR ?? "data");
}

/** Read a secret file, creating it with `bytes` random bytes (base64url) if it does not exist yet. */
export function readOrCreateSecretFile(file: string, bytes = 32): string {
  try {
    return readFileSync(file, "utf8").trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "ENOENT") throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  try {
    // "wx": if another process created it meanwhile, keep theirs.
    writeFileSync(file, randomBytes(bytes).toString("base64url") + "\n", { mode: 0o600, flag: "wx" });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
  }
  return readFileSync(file, "utf8").trim();
}

export function authSecret(env: Env = process.env): string {
  return env.AUTH_SECRET?.trim() || readOrCreateSecretFile(path.join(dataDir(env), "auth-secret"));
}

/** 32 bytes for AES-256-GCM: KEYTRAIL_ENCRYPTION_KEY (base64 or base64url of 32 bytes), or the key file. */
export function encryptionKey(env: Env = process.env): Buffer {
  const text = env.KEYTRAIL_ENCRYPTION_KEY?.trim() || readOrCreateSecretFile(path.join(dataDir(env), "encryption-key"));
  const key = Buffer.from(text, "base64url");
  if (key.length !== 32) throw new Error("KEYTRAIL_ENCRYPTION_KEY must be 32 bytes, base64-encoded");
  return key;
}
