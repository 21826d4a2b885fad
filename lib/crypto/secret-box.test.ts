import { createCipheriv, randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret, isLegacySecret, secretContext } from "./secret-box";

const key = randomBytes(32);
const here = secretContext.userMfa(7);

/** A value as the v1 format wrote it: no associated data. */
function legacy(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return [
    "v1",
    iv.toString("base64url"),
    cipher.getAuthTag().toString("base64url"),
    ciphertext.toString("base64url"),
  ].join(":");
}

describe("secret box (AES-256-GCM with the row as associated data)", () => {
  it("round-trips as v2, with a fresh IV each time", () => {
    const a = encryptSecret("s3cr3t-ünï", key, here);
    const b = encryptSecret("s3cr3t-ünï", key, here);
    expect(a).not.toBe(b);
    expect(a.startsWith("v2:")).toBe(true);
    expect(a).not.toContain("s3cr3t");
    expect(decryptSecret(a, key, here)).toBe("s3cr3t-ünï");
    expect(isLegacySecret(a)).toBe(false);
  });

  it("refuses a value moved to another row, or of another column", () => {
    const stored = encryptSecret("secret", key, secretContext.userMfa(7));
    expect(() => decryptSecret(stored, key, secretContext.userMfa(8))).toThrow(
      "the encrypted value does not belong to User.mfaSecret:8 (or the key is wrong)",
    );
    const keySecret = encryptSecret("secret", key, secretContext.accessKey("LTAI0001"));
    expect(() => decryptSecret(keySecret, key, secretContext.accessKey("LTAI0002"))).toThrow(
      "does not belong to AccessKey.secretEncrypted:LTAI0002",
    );
    expect(() => decryptSecret(keySecret, key, secretContext.trackingSet(1))).toThrow();
    expect(() =>
      decryptSecret(encryptSecret("s", key, secretContext.trackingSet(1)), key, secretContext.alarmWebhook(1)),
    ).toThrow();
  });

  it("refuses a changed ciphertext, a v2 value relabelled v1, or the wrong key", () => {
    const stored = encryptSecret("secret", key, here);
    const [v, iv, tag, ct] = stored.split(":");
    const flipped = Buffer.from(ct, "base64url");
    flipped[0] ^= 1;
    expect(() => decryptSecret([v, iv, tag, flipped.toString("base64url")].join(":"), key, here)).toThrow();
    // Dropping the associated data by calling it v1 does not work: the tag covered it.
    expect(() => decryptSecret(["v1", iv, tag, ct].join(":"), key, here)).toThrow();
    expect(() => decryptSecret(stored, randomBytes(32), here)).toThrow();
    expect(() => decryptSecret("plain", key, here)).toThrow("unrecognised encrypted value");
    expect(() => decryptSecret(`${stored}:x`, key, here)).toThrow("unrecognised encrypted value");
  });

  it("still decrypts a v1 value (until it is re-encrypted at start)", () => {
    const old = legacy("from before");
    expect(isLegacySecret(old)).toBe(true);
    expect(decryptSecret(old, key, here)).toBe("from before");
  });
});
