import { describe, expect, it } from "vitest";
import { requestMetaFrom } from "./request-meta";

describe("requestMetaFrom", () => {
  it("trusts only the hop our own server appended to X-Forwarded-For", () => {
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 198.51.100.4", "user-agent": "curl/8" });
    expect(requestMetaFrom(headers, {})).toEqual({ sourceIpAddress: "198.51.100.4", userAgent: "curl/8" });
  });

  it("steps back over the configured number of trusted proxies", () => {
    const headers = new Headers({ "x-forwarded-for": "6.6.6.6, 203.0.113.5, 10.0.0.2" });
    expect(requestMetaFrom(headers, { KEYTRAIL_TRUSTED_PROXIES: "1" }).sourceIpAddress).toBe("203.0.113.5");
  });

  it("shows IPv4-mapped IPv6 addresses as IPv4 and copes with no headers", () => {
    expect(requestMetaFrom(new Headers({ "x-forwarded-for": "::ffff:127.0.0.1" }), {}).sourceIpAddress).toBe("127.0.0.1");
    expect(requestMetaFrom(new Headers(), {})).toEqual({ sourceIpAddress: null, userAgent: null });
  });
});
