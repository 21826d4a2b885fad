import { describe, expect, it } from "vitest";
import { requestMetaFrom, trustClientAddressHeader } from "./request-meta";

describe("requestMetaFrom", () => {
  // In order: the first case runs before the server's mark is set in this process.
  it("knows no address when the console's own server did not resolve it, whatever the headers claim", () => {
    const headers = new Headers({
      "x-forwarded-for": "6.6.6.6",
      "x-real-ip": "6.6.6.6",
      "x-keytrail-client-ip": "6.6.6.6",
      "user-agent": "curl/8",
    });
    expect(requestMetaFrom(headers)).toEqual({ sourceIpAddress: null, userAgent: "curl/8" });
  });

  it("reads only the address the server resolved, never X-Forwarded-For", () => {
    trustClientAddressHeader();
    const headers = new Headers({
      "x-forwarded-for": "6.6.6.6, 198.51.100.4",
      "x-real-ip": "6.6.6.6",
      "x-keytrail-client-ip": "127.0.0.1",
      "user-agent": "curl/8",
    });
    expect(requestMetaFrom(headers)).toEqual({ sourceIpAddress: "127.0.0.1", userAgent: "curl/8" });
    expect(requestMetaFrom(new Headers({ "x-forwarded-for": "6.6.6.6" }))).toEqual({
      sourceIpAddress: null,
      userAgent: null,
    });
  });

  it("keeps only a real address, in canonical text", () => {
    expect(requestMetaFrom(new Headers({ "x-keytrail-client-ip": "::ffff:127.0.0.1" })).sourceIpAddress).toBe(
      "127.0.0.1",
    );
    expect(requestMetaFrom(new Headers({ "x-keytrail-client-ip": "2001:DB8::1" })).sourceIpAddress).toBe("2001:db8::1");
    expect(requestMetaFrom(new Headers({ "x-keytrail-client-ip": "not an address" })).sourceIpAddress).toBeNull();
    expect(requestMetaFrom(new Headers({ "user-agent": "x".repeat(600) })).userAgent).toHaveLength(512);
  });
});
