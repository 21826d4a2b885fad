// AES-256-GCM for secrets at rest (AccessKey secrets, MFA seeds, webhook signing secrets, connection secrets).
// Stored form: "v2:<iv>:<tag>:<ciphertext>", base64url parts; a random 96-bit IV per value. The GCM tag
// authenticates the ciphertext AND associated data naming the row the value belongs to (secretContext below), so
// a value copied into another row (another user's MFA seed, another key's secret) fails to decrypt instead of
// handing over a secret its writer could not read.
// "v1" values (no associated data, written before v2) still decrypt; every start re-encrypts them as v2
// (lib/crypto/upgrade-secrets.ts), and every write is v2.
import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";

const VERSION = "v2";
const LEGACY_VERSION = "v1";

/** The associated data of each kind of row: the column and the row's identity, fixed for the row's life. */
export const secretContext = {
  accessKey: (accessKeyId: string) => `AccessKey.secretEncrypted:${accessKeyId}`,
  userMfa: (userId: number) => `User.mfaSecret:${userId}`,
  trackingSet: (trackingSetId: number) => `TrackingSet.secretEncrypted:${trackingSetId}`,
  alarmWebhook: (alarmPolicyId: number) => `AlarmPolicy.webhookSecretEncrypted:${alarmPolicyId}`,
  connection: (connectionId: number) => `Connection.secretEncrypted:${connectionId}`,
};

export function encryptSecret(plaintext: string, key: Buffer, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  cipher.setAAD(Buffer.from(context, "utf8"));
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [VERSION, iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(":");
}

export function decryptSecret(stored: string, key: Buffer, context: string): string {
  const [version, iv, tag, ciphertext, extra] = stored.split(":");
  if (
    (version !== VERSION && version !== LEGACY_VERSION) ||
    !iv ||
    !tag ||
    ciphertext === undefined ||
    extra !== undefined
  ) {
    throw new Error("unrecognised encrypted value");
  }
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  if (version === VERSION) decipher.setAAD(Buffer.from(context, "utf8"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  try {
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, "base64url")), decipher.final()]).toString("utf8");
  } catch {
    throw new Error(`the encrypted value does not belong to ${context} (or the key is wrong)`);
  }
}

/** Written before associated data existed: re-encrypt it (upgradeSecrets). */
export function isLegacySecret(stored: string): boolean {
  return stored.startsWith(`${LEGACY_VERSION}:`);
}
