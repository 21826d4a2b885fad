import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import { decryptSecret, encryptSecret } from "./secret-box";

const key = randomBytes(32);

describe("secret box (AES-256-GCM)", () => {
  it("round-trips, with a fresh IV each time", () => {
    const a = encryptSecret("s3cr3t-ünï", key);
    const b = encryptSecret("s3cr3t-ünï", key);
    expect(a).not.toBe(b);
    expect(a).not.toContain("s3cr3t");
    expect(decryptSecret(a, key)).toBe("s3cr3t-ünï");
  });

  it("refuses a changed ciphertext or the wrong key", () => {
    const stored = encryptSecret("secret", key);
    const [v, iv, tag, ct] = stored.split(":");
    const flipped = Buffer.from(ct, "base64url");
    flipped[0] ^= 1;
    expect(() => decryptSecret([v, iv, tag, flipped.toString("base64url")].join(":"), key)).toThrow();
    expect(() => decryptSecret(stored, randomBytes(32))).toThrow();
    expect(() => decryptSecret("plain", key)).toThrow("unrecognised encrypted value");
  });
});
