import { mkdtempSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { authSecret, encryptionKey } from "./local-secrets";

describe("local secrets", () => {
  it("generates AUTH_SECRET once into a private file and reuses it", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "keytrail-secrets-"));
    const first = authSecret({ KEYTRAIL_DATA_DIR: dir });
    expect(first).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(authSecret({ KEYTRAIL_DATA_DIR: dir })).toBe(first);
    expect(readFileSync(path.join(dir, "auth-secret"), "utf8").trim()).toBe(first);
    expect(statSync(path.join(dir, "auth-secret")).mode & 0o777).toBe(0o600);
  });

  it("prefers the environment", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "keytrail-secrets-"));
    expect(authSecret({ KEYTRAIL_DATA_DIR: dir, AUTH_SECRET: "from-env" })).toBe("from-env");
    const key = Buffer.alloc(32, 7).toString("base64");
    expect(encryptionKey({ KEYTRAIL_DATA_DIR: dir, KEYTRAIL_ENCRYPTION_KEY: key })).toEqual(Buffer.alloc(32, 7));
    expect(() => encryptionKey({ KEYTRAIL_DATA_DIR: dir, KEYTRAIL_ENCRYPTION_KEY: "c2hvcnQ" })).toThrow("32 bytes");
    expect(encryptionKey({ KEYTRAIL_DATA_DIR: dir })).toHaveLength(32);
  });
});
