// Server side of the ingest API's authentication: AWS Signature Version 4 (service "keytrail", any region the
// client signed for), verified by re-signing the request with the stored secret using the maintained AWS signer
// and comparing in constant time. Refusals never tell an unauthenticated caller whether a key exists.
import { randomBytes, timingSafeEqual } from "node:crypto";
import type { Env } from "@/lib/config/env";
import { encryptionKey } from "@/lib/config/local-secrets";
import { decryptSecret, secretContext } from "@/lib/crypto/secret-box";
import type { Database } from "@/lib/db/client";
import { findSigningKey, type SigningKeyRow } from "@/lib/db/signing-key-lookup";
import { httpRequestOf, sha256Hex, signerFor, SIGNING_SERVICE } from "./sign-request";

export const MAX_CLOCK_SKEW_MS = 15 * 60 * 1000;

export const SIGNATURE_ERRORS = {
  malformed: "Missing or malformed SigV4 Authorization header",
  invalid: "The AccessKey or signature is not valid",
  disabled: "The AccessKey is disabled",
  deleted: "The AccessKey has been deleted",
  ownerDeleted: "The AccessKey's owner has been deleted",
  noDate: "Missing or malformed X-Amz-Date header (expected YYYYMMDDTHHMMSSZ)",
  skewed: "Request time is more than 15 minutes from the server time",
  payload: "x-amz-content-sha256 does not match the SHA-256 of the body",
} as const;

export interface ParsedAuthorization {
  accessKeyId: string;
  /** YYYYMMDD of the credential scope. */
  scopeDate: string;
  region: string;
  signedHeaders: string[];
  signature: string;
}

/** Parse `AWS4-HMAC-SHA256 Credential=<AKID>/<date>/<region>/keytrail/aws4_request, SignedHeaders=..., Signature=...`. */
export function parseAuthorization(header: string | null | undefined): ParsedAuthorization | null {
  const match = /^AWS4-HMAC-SHA256 +(.+)$/.exec(header?.trim() ?? "");
  if (!match) return null;
  const fields = new Map<string, string>();
  for (const part of match[1].split(",")) {
    const eq = part.indexOf("=");
    const name = part.slice(0, eq).trim();
    if (eq < 0 || fields.has(name)) return null;
    fields.set(name, part.slice(eq + 1).trim());
  }
  const credential = fields.get("Credential")?.split("/") ?? [];
  const signedHeaders = fields.get("SignedHeaders")?.split(";") ?? [];
  const signature = fields.get("Signature") ?? "";
  if (credential.length !== 5) return null;
  const [accessKeyId, scopeDate, region, service, terminator] = credential;
  const valid =
    /^[A-Za-z0-9_-]{1,128}$/.test(accessKeyId) &&
    /^\d{8}$/.test(scopeDate) &&
    /^[A-Za-z0-9_-]{1,64}$/.test(region) &&
    service === SIGNING_SERVICE &&
    terminator === "aws4_request" &&
    /^[0-9a-f]{64}$/.test(signature) &&
    signedHeaders.every((h) => /^[a-z0-9-]+$/.test(h)) &&
    // An unsigned Host would let a signed request be replayed against another Keytrail.
    signedHeaders.includes("host");
  return valid ? { accessKeyId, scopeDate, region, signedHeaders, signature } : null;
}

/** `20260304T050607Z` -> Date, or null when missing or not a real time. */
export function parseAmzDate(value: string | null | undefined): Date | null {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value ?? "");
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  // Date.UTC rolls over (month 13, second 61): only accept a value that reads back the same.
  return date.toISOString().replace(/[-:]|\.\d{3}/g, "") === value ? date : null;
}

export function isWithinClockSkew(requestTime: Date, now: Date): boolean {
  return Math.abs(now.getTime() - requestTime.getTime()) <= MAX_CLOCK_SKEW_MS;
}

/** The signature the signer computes for these exact signed headers, date and scope. */
export async function computeSignature(input: {
  method: string;
  url: URL;
  signedHeaders: Record<string, string>;
  body: Uint8Array;
  accessKeyId: string;
  secret: string;
  region: string;
  date: Date;
}): Promise<string> {
  const request = httpRequestOf({
    method: input.method,
    url: input.url,
    headers: input.signedHeaders,
    body: input.body,
  });
  const signed = await signerFor(input.accessKeyId, input.secret, input.region).sign(request, {
    signingDate: input.date,
    // Sign what the client signed, even headers the signer would skip by default (user-agent, ...).
    signableHeaders: new Set(Object.keys(input.signedHeaders)),
  });
  const signature = /Signature=([0-9a-f]{64})/.exec(signed.headers.authorization ?? "")?.[1];
  if (!signature) throw new Error("signer produced no signature");
  return signature;
}

/** The key and its owner, as the audit event names them and the route door judges them. */
export type SigningKey = Omit<SigningKeyRow, "secretEncrypted">;

export type VerifyResult =
  | { ok: true; key: SigningKey; region: string }
  | {
      ok: false;
      status: 401 | 403;
      error: string;
      /** For the audit record; null when there is nothing to audit (no key named). */
      errorCode: string | null;
      /** The inventory key the request named, if any: its failed calls are audited too. */
      key: SigningKey | null;
      region: string | null;
      /** The caller did not prove it holds the secret: anyone can cause this, so its audit is rate-limited. */
      unproven: boolean;
    };

export interface VerifyOptions {
  now?: Date;
  env?: Env;
  /** The AES-256 key of stored secrets; defaults to encryptionKey(env). */
  encryptionKey?: Buffer;
}

export async function verifySignature(
  database: Database,
  request: { method: string; url: string; headers: Headers; body: Uint8Array },
  options: VerifyOptions = {},
): Promise<VerifyResult> {
  const auth = parseAuthorization(request.headers.get("authorization"));
  if (!auth)
    return {
      ok: false,
      status: 401,
      error: SIGNATURE_ERRORS.malformed,
      errorCode: null,
      key: null,
      region: null,
      unproven: true,
    };

  // Looked up first only to audit a known key's failures: the answer depends on it only after the signature holds.
  const row = await findSigningKey(database, auth.accessKeyId);
  const key: SigningKey | null = row && withoutSecret(row);
  const refuse = (status: 401 | 403, error: string, errorCode: string, unproven = true): VerifyResult => ({
    ok: false,
    status,
    error,
    errorCode,
    key,
    region: auth.region,
    unproven,
  });

  const date = parseAmzDate(request.headers.get("x-amz-date"));
  if (!date) return refuse(401, SIGNATURE_ERRORS.noDate, "IncompleteSignature");
  if (!isWithinClockSkew(date, options.now ?? new Date()))
    return refuse(401, SIGNATURE_ERRORS.skewed, "RequestTimeTooSkewed");
  const claimedHash = request.headers.get("x-amz-content-sha256");
  if (claimedHash !== null && claimedHash !== sha256Hex(request.body))
    return refuse(401, SIGNATURE_ERRORS.payload, "XAmzContentSHA256Mismatch");

  const url = new URL(request.url);
  const signedHeaders: Record<string, string> = {};
  let complete = true;
  for (const name of auth.signedHeaders) {
    // Host as the client addressed us; Request objects built outside a server may lack the header.
    const value = name === "host" ? (request.headers.get("host") ?? url.host) : request.headers.get(name);
    if (value === null) complete = false;
    else signedHeaders[name] = value;
  }
  // An unknown key is still signed with a throwaway secret, so its answer takes as long as a wrong signature.
  // A stored secret that does not decrypt for this key's row (copied from another row) signs nothing.
  const secret =
    (row && openKeySecret(row, options.encryptionKey ?? encryptionKey(options.env))) ??
    randomBytes(30).toString("base64url");
  const expected = await computeSignature({
    method: request.method,
    url,
    signedHeaders,
    body: request.body,
    accessKeyId: auth.accessKeyId,
    secret,
    region: auth.region,
    date,
  });
  const matches = timingSafeEqual(Buffer.from(expected, "hex"), Buffer.from(auth.signature, "hex"));
  if (!key || !complete || !matches) return refuse(401, SIGNATURE_ERRORS.invalid, "SignatureDoesNotMatch");

  // Only a caller holding the secret learns the key's state.
  if (key.deleted) return refuse(403, SIGNATURE_ERRORS.deleted, "InvalidAccessKeyId.Deleted", false);
  if (key.status !== "Active") return refuse(403, SIGNATURE_ERRORS.disabled, "InvalidAccessKeyId.Inactive", false);
  // A deleted owner is "deleted" in the role table: 401 on every API, as for a deleted user's session.
  if (key.ownerDeleted) return refuse(401, SIGNATURE_ERRORS.ownerDeleted, "InvalidAccessKeyId.OwnerDeleted", false);
  return { ok: true, key, region: auth.region };
}

function withoutSecret(row: SigningKeyRow): SigningKey {
  const key: Partial<SigningKeyRow> = { ...row };
  delete key.secretEncrypted;
  return key as SigningKey;
}

function openKeySecret(row: { accessKeyId: string; secretEncrypted: string }, key: Buffer): string | null {
  try {
    return decryptSecret(row.secretEncrypted, key, secretContext.accessKey(row.accessKeyId));
  } catch {
    return null;
  }
}
