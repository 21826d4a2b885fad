import { describe, expect, it } from "vitest";
import { sha256Hex, signRequest } from "./sign-request";
import { computeSignature, isWithinClockSkew, parseAmzDate, parseAuthorization } from "./verify-signature";

const SIG = "a".repeat(64);
const header = (credential: string, signedHeaders = "host;x-amz-content-sha256;x-amz-date", signature = SIG) =>
  `AWS4-HMAC-SHA256 Credential=${credential}, SignedHeaders=${signedHeaders}, Signature=${signature}`;

describe("parseAuthorization", () => {
  it("reads the key, scope, signed headers and signature", () => {
    expect(parseAuthorization(header("LTAI5tKEY/20260304/cn-hangzhou/keytrail/aws4_request"))).toEqual({
      accessKeyId: "LTAI5tKEY",
      scopeDate: "20260304",
      region: "cn-hangzhou",
      signedHeaders: ["host", "x-amz-content-sha256", "x-amz-date"],
      signature: SIG,
    });
  });

  it("accepts any region and no spaces after the commas", () => {
    const compact = header("AKID/20260304/us-east-1/keytrail/aws4_request").replace(/, /g, ",");
    expect(parseAuthorization(compact)?.region).toBe("us-east-1");
  });

  it.each([
    ["missing", null],
    ["empty", ""],
    ["another scheme", "Bearer abc"],
    [
      "another algorithm",
      header("AKID/20260304/cn-hangzhou/keytrail/aws4_request").replace("HMAC-SHA256", "ECDSA-P256-SHA256"),
    ],
    ["another service", header("AKID/20260304/cn-hangzhou/s3/aws4_request")],
    ["a short credential", header("AKID/20260304/keytrail/aws4_request")],
    ["a bad scope date", header("AKID/2026-03-04/cn-hangzhou/keytrail/aws4_request")],
    ["a bad terminator", header("AKID/20260304/cn-hangzhou/keytrail/aws5_request")],
    ["an odd key ID", header("AK ID/20260304/cn-hangzhou/keytrail/aws4_request")],
    ["a short signature", header("AKID/20260304/cn-hangzhou/keytrail/aws4_request", undefined, "abc")],
    ["an uppercase signature", header("AKID/20260304/cn-hangzhou/keytrail/aws4_request", undefined, "A".repeat(64))],
    ["host not signed", header("AKID/20260304/cn-hangzhou/keytrail/aws4_request", "x-amz-date")],
    ["uppercase signed header", header("AKID/20260304/cn-hangzhou/keytrail/aws4_request", "Host;x-amz-date")],
    ["no signature", "AWS4-HMAC-SHA256 Credential=AKID/20260304/cn-hangzhou/keytrail/aws4_request, SignedHeaders=host"],
    ["a repeated field", header("AKID/20260304/cn-hangzhou/keytrail/aws4_request") + `, Signature=${SIG}`],
  ])("refuses %s", (_, value) => {
    expect(parseAuthorization(value)).toBeNull();
  });
});

describe("parseAmzDate and the clock-skew check", () => {
  it("parses the basic ISO-8601 form, and only real times", () => {
    expect(parseAmzDate("20260304T050607Z")).toEqual(new Date("2026-03-04T05:06:07Z"));
    for (const bad of [
      null,
      "",
      "2026-03-04T05:06:07Z",
      "20260304T050607",
      "20261304T050607Z",
      "20260230T000000Z",
      "20260304T250000Z",
    ])
      expect(parseAmzDate(bad)).toBeNull();
  });

  it("allows up to 15 minutes either way", () => {
    const now = new Date("2026-03-04T12:00:00Z");
    const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);
    expect(isWithinClockSkew(at(-15), now)).toBe(true);
    expect(isWithinClockSkew(at(15), now)).toBe(true);
    expect(isWithinClockSkew(at(-15.01), now)).toBe(false);
    expect(isWithinClockSkew(at(16), now)).toBe(false);
  });
});

describe("signRequest and computeSignature", () => {
  const url = "https://keytrail.example.com:8443/api/v1/events?dryRun=1";
  const body = '{"events":[]}';
  const now = new Date("2026-03-04T05:06:07Z");

  it("signs host, content type, date and payload hash, and the server computes the same signature", async () => {
    const headers = await signRequest({
      url,
      body,
      accessKeyId: "AKID1",
      secret: "s3cret",
      region: "ap-guangzhou",
      now,
    });
    expect(headers).toMatchObject({
      host: "keytrail.example.com:8443",
      "content-type": "application/json",
      "x-amz-date": "20260304T050607Z",
      "x-amz-content-sha256": sha256Hex(new TextEncoder().encode(body)),
    });
    const auth = parseAuthorization(headers.authorization)!;
    expect(auth).toMatchObject({ accessKeyId: "AKID1", scopeDate: "20260304", region: "ap-guangzhou" });
    expect(auth.signedHeaders).toEqual(["content-type", "host", "x-amz-content-sha256", "x-amz-date"]);

    const signedHeaders = Object.fromEntries(auth.signedHeaders.map((h) => [h, headers[h]]));
    const input = {
      method: "POST",
      url: new URL(url),
      signedHeaders,
      body: new TextEncoder().encode(body),
      accessKeyId: "AKID1",
      region: "ap-guangzhou",
      date: now,
    };
    expect(await computeSignature({ ...input, secret: "s3cret" })).toBe(auth.signature);
    expect(await computeSignature({ ...input, secret: "wrong" })).not.toBe(auth.signature);
    expect(await computeSignature({ ...input, secret: "s3cret", region: "cn-hangzhou" })).not.toBe(auth.signature);
    expect(
      await computeSignature({ ...input, secret: "s3cret", url: new URL(url.replace("dryRun=1", "dryRun=0")) }),
    ).not.toBe(auth.signature);
  });

  it("defaults to region cn-hangzhou", async () => {
    const headers = await signRequest({ url, body, accessKeyId: "AKID1", secret: "s3cret", now });
    expect(headers.authorization).toContain("Credential=AKID1/20260304/cn-hangzhou/keytrail/aws4_request");
  });
});
