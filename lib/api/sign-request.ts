// Client side of the ingest API: sign a request with an AccessKey (AWS Signature Version 4, service "keytrail")
// using the maintained AWS signer. Used by tests and scripts/send-events.ts; the server re-signs with the same
// helpers (verify-signature.ts), so both ends build the canonical request the same way.
import { createHash } from "node:crypto";
import { Hash } from "@smithy/hash-node";
import { HttpRequest } from "@smithy/protocol-http";
import { SignatureV4 } from "@smithy/signature-v4";

export const SIGNING_SERVICE = "keytrail";
export const DEFAULT_REGION = "cn-hangzhou";

export interface SignRequestInput {
  url: string;
  method?: string;
  body: string | Uint8Array;
  accessKeyId: string;
  secret: string;
  region?: string;
  contentType?: string;
  now?: Date;
}

/** The headers to send with the request: host, content-type, x-amz-date, x-amz-content-sha256, authorization. */
export async function signRequest(input: SignRequestInput): Promise<Record<string, string>> {
  const url = new URL(input.url);
  const body = typeof input.body === "string" ? new TextEncoder().encode(input.body) : input.body;
  const request = httpRequestOf({
    method: input.method ?? "POST",
    url,
    headers: {
      host: url.host,
      "content-type": input.contentType ?? "application/json",
      "x-amz-content-sha256": sha256Hex(body),
    },
    body,
  });
  const signed = await signerFor(input.accessKeyId, input.secret, input.region ?? DEFAULT_REGION).sign(request, {
    signingDate: input.now ?? new Date(),
  });
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) headers[name] = value;
  return headers;
}

export function sha256Hex(body: Uint8Array): string {
  return createHash("sha256").update(body).digest("hex");
}

export function signerFor(accessKeyId: string, secret: string, region: string): SignatureV4 {
  return new SignatureV4({
    service: SIGNING_SERVICE,
    region,
    credentials: { accessKeyId, secretAccessKey: secret },
    sha256: Hash.bind(null, "sha256"),
    // The verifier passes exactly the signed headers: never let the signer add a header of its own.
    applyChecksum: false,
  });
}

/** The signer's view of a request. Path and query come from the URL as sent, so both ends agree on them. */
export function httpRequestOf(input: {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body: Uint8Array;
}): HttpRequest {
  const query: Record<string, string | string[]> = {};
  for (const key of new Set(input.url.searchParams.keys())) {
    const values = input.url.searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0] : values;
  }
  return new HttpRequest({
    method: input.method.toUpperCase(),
    protocol: input.url.protocol,
    hostname: input.url.hostname,
    port: input.url.port ? Number(input.url.port) : undefined,
    path: input.url.pathname,
    query,
    headers: input.headers,
    body: input.body,
  });
}
