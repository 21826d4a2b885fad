// Secrets at rest name their row (AES-GCM associated data): a value copied into another row does not decrypt
// there, so whoever can write the database cannot make one key sign with another's secret or move an MFA seed.
// Values written before (v1) still work and are re-encrypted bound to their row at start.
import { createCipheriv, randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { handleIngestRequest } from "@/lib/api/ingest-request";
import { signRequest } from "@/lib/api/sign-request";
import { checkIdentity } from "@/lib/auth/identity-verification";
import { encryptionKey } from "@/lib/config/local-secrets";
import { decryptSecret, encryptSecret, secretContext } from "@/lib/crypto/secret-box";
import { upgradeSecrets } from "@/lib/crypto/upgrade-secrets";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
const env = { KEYTRAIL_ENCRYPTION_KEY: randomBytes(32).toString("base64url") };
const aesKey = encryptionKey(env);
const URL_ = "http://keytrail.test:3000/api/v1/events";
const A = { id: "LTAIBINDINGKEYA00001", secret: "secretOfA-0123456789abcdefghijklm" };
const B = { id: "LTAIBINDINGKEYB00001", secret: "secretOfB-0123456789abcdefghijklm" };
const OLD = { id: "LTAIBINDINGOLDV10001", secret: "secretOld-0123456789abcdefghijklm" };
let userId = 0;

/** As the v1 format wrote it: no associated data. */
function legacy(plaintext: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", aesKey, iv);
  const ciphertext = Buffer.concat([cipher.update(plaintext, "utf8"), cipher.final()]);
  return ["v1", iv, cipher.getAuthTag(), ciphertext]
    .map((p) => (typeof p === "string" ? p : p.toString("base64url")))
    .join(":");
}

async function send(key: { id: string; secret: string }, eventId: string) {
  const body = JSON.stringify({
    events: [{ eventId, eventTime: "2026-03-04T05:06:07.089Z", eventName: "Probe", eventSource: "ecs.aliyuncs.com" }],
  });
  const signed = await signRequest({ url: URL_, body, accessKeyId: key.id, secret: key.secret });
  const response = await handleIngestRequest(new Request(URL_, { method: "POST", headers: signed, body }), database, {
    env,
  });
  return response.status;
}

const stored = async (id: string) =>
  (await db.accessKey.findUniqueOrThrow({ where: { accessKeyId: id } })).secretEncrypted;

beforeAll(async () => {
  await resetDatabase(database);
  const account = await db.account.create({ data: { accountId: "3234567890123", name: "Binding Org" } });
  userId = (
    await db.user.create({
      data: {
        accountId: account.id,
        userName: "binder",
        principalId: "p-binder",
        displayName: "binder",
        userType: "SubUser",
      },
    })
  ).id;
  for (const k of [A, B]) {
    await db.accessKey.create({
      data: {
        accessKeyId: k.id,
        userId,
        status: "Active",
        mayIngest: true,
        secretEncrypted: encryptSecret(k.secret, aesKey, secretContext.accessKey(k.id)),
      },
    });
  }
  await db.accessKey.create({
    data: { accessKeyId: OLD.id, userId, status: "Active", mayIngest: true, secretEncrypted: legacy(OLD.secret) },
  });
});

afterAll(async () => {
  await db.$disconnect();
});

describe("secrets bound to their row", () => {
  it("refuses key B once key A's stored secret is copied into B's row, with either secret", async () => {
    expect(await send(B, "binding-before")).toBe(200);
    await db.accessKey.update({ where: { accessKeyId: B.id }, data: { secretEncrypted: await stored(A.id) } });
    expect(await send({ id: B.id, secret: A.secret }, "binding-moved-a")).toBe(401);
    expect(await send(B, "binding-moved-b")).toBe(401);
    expect(await db.event.count({ where: { eventId: { in: ["binding-moved-a", "binding-moved-b"] } } })).toBe(0);
    // Key A itself still works.
    expect(await send(A, "binding-a")).toBe(200);
  });

  it("refuses an MFA seed copied to another user", async () => {
    const seed = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    const other = await db.user.create({
      data: {
        accountId: (await db.account.findFirstOrThrow()).id,
        userName: "other",
        principalId: "p-other",
        displayName: "other",
        userType: "SubUser",
      },
    });
    const sealed = encryptSecret(seed, aesKey, secretContext.userMfa(userId));
    await db.user.update({ where: { id: other.id }, data: { mfaEnabled: true, mfaSecret: sealed } });
    const moved = await db.user.findUniqueOrThrow({ where: { id: other.id } });
    await expect(checkIdentity(moved, "123456", aesKey, new Date())).rejects.toThrow(
      `does not belong to User.mfaSecret:${other.id}`,
    );
    expect(decryptSecret(sealed, aesKey, secretContext.userMfa(userId))).toBe(seed);
  });

  it("accepts a v1 secret, re-encrypts it bound to its row at start, and then refuses it elsewhere", async () => {
    expect(await send(OLD, "binding-old-1")).toBe(200);
    expect(await upgradeSecrets(database, aesKey)).toEqual({
      accessKeys: 1,
      users: 0,
      trackingSets: 0,
      alarmPolicies: 0,
    });
    const upgraded = await stored(OLD.id);
    expect(upgraded.startsWith("v2:")).toBe(true);
    expect(decryptSecret(upgraded, aesKey, secretContext.accessKey(OLD.id))).toBe(OLD.secret);
    expect(await send(OLD, "binding-old-2")).toBe(200);
    // Nothing left to do on the next start.
    expect(await upgradeSecrets(database, aesKey)).toEqual({
      accessKeys: 0,
      users: 0,
      trackingSets: 0,
      alarmPolicies: 0,
    });
    await db.accessKey.update({ where: { accessKeyId: A.id }, data: { secretEncrypted: upgraded } });
    expect(await send({ id: A.id, secret: OLD.secret }, "binding-old-moved")).toBe(401);
  });
});
