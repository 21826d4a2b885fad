import { describe, expect, it } from "vitest";
import { Secret, TOTP } from "otpauth";
import { encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { hashPassword } from "./password";
import {
  checkIdentity,
  checkTotp,
  isVerified,
  totpStep,
  VERIFICATION_TTL_MS,
  verificationMethodOf,
  verificationToken,
} from "./identity-verification";

const SECRET = "test-auth-secret";
const NOW = new Date("2026-11-21T10:00:00Z");
const KEY = Buffer.alloc(32, 7);

describe("identity verification", () => {
  it("asks for an MFA code only when a device is bound", () => {
    expect(verificationMethodOf({ mfaEnabled: true, mfaSecret: "x" })).toBe("mfa");
    expect(verificationMethodOf({ mfaEnabled: true, mfaSecret: null })).toBe("password");
    expect(verificationMethodOf({ mfaEnabled: false, mfaSecret: null })).toBe("password");
  });

  it("accepts the current TOTP code and one step either side, nothing else", () => {
    const secret = new Secret({ size: 20 }).base32;
    const totp = new TOTP({ secret });
    const at = (ms: number) => totp.generate({ timestamp: NOW.getTime() + ms });
    expect(checkTotp(secret, at(0), NOW)).toBe(true);
    expect(checkTotp(secret, at(-30_000), NOW)).toBe(true);
    expect(checkTotp(secret, at(30_000), NOW)).toBe(true);
    expect(checkTotp(secret, at(-120_000), NOW)).toBe(false);
    expect(checkTotp(secret, "12345", NOW)).toBe(false);
    expect(checkTotp(secret, "abcdef", NOW)).toBe(false);
  });

  it("names the time step a code belongs to, so a used step can be refused", () => {
    const secret = new Secret({ size: 20 }).base32;
    const totp = new TOTP({ secret });
    const step = Math.floor(NOW.getTime() / 30_000);
    expect(totpStep(secret, totp.generate({ timestamp: NOW.getTime() }), NOW)).toBe(step);
    expect(totpStep(secret, totp.generate({ timestamp: NOW.getTime() - 30_000 }), NOW)).toBe(step - 1);
    expect(totpStep(secret, totp.generate({ timestamp: NOW.getTime() + 30_000 }), NOW)).toBe(step + 1);
    expect(totpStep(secret, totp.generate({ timestamp: NOW.getTime() - 90_000 }), NOW)).toBeNull();
  });

  it("checks the password, or the code of an encrypted MFA secret", async () => {
    const passwordHash = await hashPassword("right horse battery");
    const user = { id: 1, passwordHash, mfaEnabled: false, mfaSecret: null };
    expect(await checkIdentity(user, "right horse battery", KEY, NOW)).toBe(0);
    expect(await checkIdentity(user, "wrong", KEY, NOW)).toBeNull();
    const secret = new Secret({ size: 20 }).base32;
    const withMfa = {
      ...user,
      mfaEnabled: true,
      mfaSecret: encryptSecret(secret, KEY, secretContext.userMfa(user.id)),
    };
    expect(await checkIdentity(withMfa, new TOTP({ secret }).generate({ timestamp: NOW.getTime() }), KEY, NOW)).toBe(
      Math.floor(NOW.getTime() / 30_000),
    );
    // With a device bound, the password no longer verifies.
    expect(await checkIdentity(withMfa, "right horse battery", KEY, NOW)).toBeNull();
  });

  it("remembers a verification for 5 minutes, for that user only, and refuses a forged or altered token", () => {
    const token = verificationToken(42, NOW, SECRET);
    expect(isVerified(token, 42, NOW, SECRET)).toBe(true);
    expect(isVerified(token, 42, new Date(NOW.getTime() + VERIFICATION_TTL_MS - 1), SECRET)).toBe(true);
    expect(isVerified(token, 42, new Date(NOW.getTime() + VERIFICATION_TTL_MS), SECRET)).toBe(false);
    expect(isVerified(token, 43, NOW, SECRET)).toBe(false);
    expect(isVerified(token, 42, NOW, "another-secret")).toBe(false);
    const [id, expires, mac] = token.split(".");
    expect(isVerified(`${id}.${Number(expires) + 600_000}.${mac}`, 42, NOW, SECRET)).toBe(false);
    expect(isVerified(undefined, 42, NOW, SECRET)).toBe(false);
    expect(isVerified("garbage", 42, NOW, SECRET)).toBe(false);
  });
});
