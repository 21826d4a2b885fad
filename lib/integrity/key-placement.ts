// Where the digest signing key and the signed digests sit, against the database: while either shares the SQLite
// database's folder (the default: data/digest-key.pem and data/digests beside data/keytrail.db), whoever can
// write the database can also sign, or replace, digests. The console says so on /settings/integrity and in the
// start-up log, with the public key's fingerprint for the operator to pin (`npm run verify -- --public-key`).
import path from "node:path";
import type { Env } from "@/lib/config/env";
import { databaseUrl, providerOf, sqliteFilePath } from "@/lib/db/database-url";
import { digestDir, digestKeyFile, digestKeys, publicKeyFingerprint } from "./digest-key";

export interface KeyPlacement {
  /** The SQLite database's folder; null on PostgreSQL. */
  databaseFolder: string | null;
  /** The private key's file; null when KEYTRAIL_DIGEST_KEY holds the key. */
  keyFile: string | null;
  digestDir: string;
  warnings: string[];
}

const inside = (folder: string, target: string) => {
  const relative = path.relative(folder, target);
  return relative === "" || (!relative.startsWith("..") && !path.isAbsolute(relative));
};

export function keyPlacement(env: Env = process.env): KeyPlacement {
  const url = databaseUrl(env);
  const databaseFolder =
    providerOf(url) === "sqlite" ? path.dirname(path.resolve(/*turbopackIgnore: true*/ sqliteFilePath(url))) : null;
  const keyFile = digestKeyFile(env);
  const dir = digestDir(env);
  const warnings: string[] = [];
  if (databaseFolder && keyFile && inside(databaseFolder, path.dirname(keyFile))) {
    warnings.push(
      `The digest signing key (${keyFile}) is in the database's folder (${databaseFolder}): whoever can write the database can also sign digests. ` +
        "Give the key in KEYTRAIL_DIGEST_KEY, or keep KEYTRAIL_DATA_DIR apart from the database.",
    );
  }
  if (databaseFolder && inside(databaseFolder, dir)) {
    warnings.push(
      `The signed digests (${dir}) are in the database's folder (${databaseFolder}): whoever can write the database can also remove them. ` +
        "Set KEYTRAIL_DIGEST_DIR to storage the database's writers cannot change, or deliver the digests off this machine through a tracking set.",
    );
  }
  return { databaseFolder, keyFile, digestDir: dir, warnings };
}

/** The start-up log's lines about the key. */
export function keyPlacementLog(placement: KeyPlacement, fingerprint: string): { info: string[]; warnings: string[] } {
  return {
    info: [
      `Keytrail: event-chain digests are signed with the Ed25519 key of SHA-256 fingerprint ${fingerprint}; pin it: npm run verify -- --public-key <file>`,
    ],
    warnings: placement.warnings.map((w) => `Keytrail: warning: ${w}`),
  };
}

/** Once per server start (instrumentation.ts). */
export function logKeyPlacement(env: Env = process.env): void {
  try {
    const { info, warnings } = keyPlacementLog(keyPlacement(env), publicKeyFingerprint(digestKeys(env).publicKey));
    for (const line of info) console.log(line);
    for (const line of warnings) console.warn(line);
  } catch (error) {
    console.error(`Keytrail: the digest signing key could not be read: ${(error as Error).message}`);
  }
}
