// Each cloud's faults as the SDKs raise them, turned into the connection's error kinds.
import { describe, expect, it } from "vitest";
import { ConnectionError } from "../connection-error";
import { alibabaFault } from "./alibaba-lookup";
import { awsFault } from "./aws-lookup";
import { networkCode } from "./lookup";
import { tencentFault } from "./tencent-lookup";

const ENDPOINT = "https://api.example.test";
const kindOf = (error: Error) => (error instanceof ConnectionError ? [error.kind, error.retryable] : [error.name]);
const awsError = (name: string, status = 400) =>
  Object.assign(new Error(name), { name, $metadata: { httpStatusCode: status } });
const coded = (code: string, extra = {}) => Object.assign(new Error(code), { code, ...extra });

describe("AWS CloudTrail faults", () => {
  it.each([
    [awsError("ThrottlingException"), ["throttled", true]],
    [awsError("SomethingElse", 429), ["throttled", true]],
    [awsError("UnrecognizedClientException"), ["credentials", false]],
    [awsError("InvalidSignatureException", 403), ["credentials", false]],
    [awsError("AccessDeniedException"), ["accessDenied", false]],
    [awsError("InvalidNextTokenException"), ["PageTokenExpired"]],
    [coded("ECONNREFUSED"), ["unreachable", true]],
    [coded("ECONNRESET"), ["unreachable", true]],
    [awsError("InternalFailure", 500), ["unreachable", true]],
    [awsError("ValidationException"), ["failed", true]],
  ])("%s", (error, expected) => expect(kindOf(awsFault(error, ENDPOINT))).toEqual(expected));
});

describe("Alibaba ActionTrail faults", () => {
  it.each([
    [coded("Throttling.User"), ["throttled", true]],
    [coded("InvalidAccessKeyId.NotFound"), ["credentials", false]],
    [coded("SignatureDoesNotMatch"), ["credentials", false]],
    [coded("Forbidden.RAM"), ["accessDenied", false]],
    [coded("InvalidNextToken"), ["PageTokenExpired"]],
    [coded("ENOTFOUND"), ["unreachable", true]],
    [new SyntaxError("Unexpected end of JSON input"), ["unreachable", true]],
  ])("%s", (error, expected) => expect(kindOf(alibabaFault(error, ENDPOINT))).toEqual(expected));
});

describe("Tencent CloudAudit faults", () => {
  it.each([
    [coded("RequestLimitExceeded"), ["throttled", true]],
    [coded("", { httpCode: 429 }), ["throttled", true]],
    [coded("AuthFailure.SignatureFailure"), ["credentials", false]],
    [coded("AuthFailure.SecretIdNotFound"), ["credentials", false]],
    [coded("AuthFailure.UnauthorizedOperation"), ["accessDenied", false]],
    [coded("InvalidParameterValue.NextToken"), ["PageTokenExpired"]],
    [new Error("request to https://x/ failed, reason: getaddrinfo ENOTFOUND x"), ["unreachable", true]],
    [coded("InvalidParameter"), ["failed", true]],
  ])("%s", (error, expected) => expect(kindOf(tencentFault(error, ENDPOINT))).toEqual(expected));

  it("names the host that cannot be reached, never more of the URL", () => {
    expect(tencentFault(coded("ECONNREFUSED"), "https://cloudaudit.example.test/path?x=1").message).toBe(
      "cloudaudit.example.test: cannot connect (ECONNREFUSED)",
    );
  });
});

describe("networkCode", () => {
  it("finds a code on the error, its cause, or in its message", () => {
    expect(networkCode(coded("ECONNRESET"))).toBe("ECONNRESET");
    expect(networkCode(new Error("outer", { cause: coded("EAI_AGAIN") }))).toBe("EAI_AGAIN");
    expect(networkCode(new Error("connect ECONNREFUSED 127.0.0.1:1"))).toBe("ECONNREFUSED");
    expect(networkCode(coded("Throttling.User"))).toBeNull();
  });
});
