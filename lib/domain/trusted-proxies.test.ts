import { describe, expect, it } from "vitest";
import {
  CLIENT_ADDRESS_HEADER,
  clientAddress,
  isTrustedProxy,
  parseTrustedProxies,
  trustedRequestHeaders,
} from "./trusted-proxies";

const none = parseTrustedProxies(undefined);
const proxies = parseTrustedProxies("10.0.0.5,10.1.0.0/16, 2001:db8:1::/48");

describe("parseTrustedProxies", () => {
  it("reads addresses and blocks of both families, separated by commas or spaces", () => {
    expect(parseTrustedProxies("")).toEqual([]);
    expect(parseTrustedProxies(" 127.0.0.1  ::1 ")).toHaveLength(2);
    expect(proxies).toHaveLength(3);
    expect(isTrustedProxy(proxies, "10.0.0.5")).toBe(true);
    expect(isTrustedProxy(proxies, "10.0.0.6")).toBe(false);
    expect(isTrustedProxy(proxies, "10.1.200.3")).toBe(true);
    expect(isTrustedProxy(proxies, "2001:db8:1:ffff::9")).toBe(true);
    expect(isTrustedProxy(proxies, "2001:db8:2::9")).toBe(false);
  });

  it("refuses anything else with a message that says what to write", () => {
    expect(() => parseTrustedProxies("10.0.0.5,proxy.internal,10.0.0.0/40")).toThrow(
      'KEYTRAIL_TRUSTED_PROXIES: "proxy.internal", "10.0.0.0/40" are not an IP address or CIDR block. List the reverse proxies in front of the console by address or block, e.g. KEYTRAIL_TRUSTED_PROXIES=10.0.0.5,10.1.0.0/16.',
    );
    // The old setting was a count of proxies.
    expect(() => parseTrustedProxies("1")).toThrow(
      'KEYTRAIL_TRUSTED_PROXIES: "1" is not an IP address or CIDR block. List the reverse proxies in front of the console by address or block, e.g. KEYTRAIL_TRUSTED_PROXIES=10.0.0.5,10.1.0.0/16. It no longer takes a number of proxies.',
    );
  });
});

describe("clientAddress", () => {
  it("is the TCP peer when no proxy is trusted, whatever X-Forwarded-For says", () => {
    expect(clientAddress("198.51.100.4", "6.6.6.6", none)).toBe("198.51.100.4");
    expect(clientAddress("198.51.100.4", undefined, none)).toBe("198.51.100.4");
    expect(clientAddress(undefined, "6.6.6.6", none)).toBeNull();
  });

  it("is the TCP peer when the peer is not one of the trusted proxies", () => {
    expect(clientAddress("10.0.0.6", "6.6.6.6", proxies)).toBe("10.0.0.6");
    expect(clientAddress("10.2.0.1", "6.6.6.6", proxies)).toBe("10.2.0.1");
  });

  it("is the address a trusted proxy (by address or by block) appended", () => {
    expect(clientAddress("10.0.0.5", "203.0.113.7", proxies)).toBe("203.0.113.7");
    expect(clientAddress("10.1.4.4", "203.0.113.7", proxies)).toBe("203.0.113.7");
  });

  it("walks a chain of trusted proxies from the right to the first address that is none of them", () => {
    expect(clientAddress("10.0.0.5", "203.0.113.7, 10.1.0.9, 10.1.3.3", proxies)).toBe("203.0.113.7");
    // Two header lines are one list.
    expect(clientAddress("10.0.0.5", ["203.0.113.7", "10.1.0.9"], proxies)).toBe("203.0.113.7");
  });

  it("ignores what the client wrote left of the address the proxy appended", () => {
    expect(clientAddress("10.0.0.5", "6.6.6.6, 203.0.113.7", proxies)).toBe("203.0.113.7");
    expect(clientAddress("10.0.0.5", "6.6.6.6, 10.1.0.1, 203.0.113.7, 10.1.9.9", proxies)).toBe("203.0.113.7");
    // A client that names a trusted proxy itself only gets as far as its own address.
    expect(clientAddress("10.0.0.5", "10.1.0.1, 203.0.113.7", proxies)).toBe("203.0.113.7");
  });

  it("falls back to the farthest or the nearest hop it can vouch for", () => {
    expect(clientAddress("10.0.0.5", undefined, proxies)).toBe("10.0.0.5");
    expect(clientAddress("10.0.0.5", " , ", proxies)).toBe("10.0.0.5");
    expect(clientAddress("10.0.0.5", "10.1.0.9, 10.1.0.8", proxies)).toBe("10.1.0.9");
    expect(clientAddress("10.0.0.5", "203.0.113.7, unknown, 10.1.0.9", proxies)).toBe("10.1.0.9");
  });

  it("handles IPv6 peers, hops and ports", () => {
    expect(clientAddress("2001:db8:1::2", "2001:DB8:9::7", proxies)).toBe("2001:db8:9::7");
    expect(clientAddress("2001:db8:2::2", "203.0.113.7", proxies)).toBe("2001:db8:2::2");
    expect(clientAddress("10.0.0.5", "[2001:db8:9::7]:51234", proxies)).toBe("2001:db8:9::7");
    expect(clientAddress("10.0.0.5", "203.0.113.7:51234", proxies)).toBe("203.0.113.7");
  });

  it("reads IPv4-mapped IPv6 addresses (a dual-stack socket) as IPv4", () => {
    expect(clientAddress("::ffff:127.0.0.1", "6.6.6.6", none)).toBe("127.0.0.1");
    expect(clientAddress("::ffff:10.0.0.5", "::ffff:203.0.113.7", proxies)).toBe("203.0.113.7");
    expect(clientAddress("::ffff:127.0.0.1", "6.6.6.6", parseTrustedProxies("127.0.0.1"))).toBe("6.6.6.6");
  });
});

describe("trustedRequestHeaders", () => {
  const sent = {
    host: "console.example",
    "user-agent": "curl/8",
    "x-forwarded-for": "6.6.6.6",
    "x-forwarded-proto": "https",
    "x-forwarded-host": "evil.example",
    "x-real-ip": "6.6.6.6",
    forwarded: "for=6.6.6.6",
    [CLIENT_ADDRESS_HEADER]: "6.6.6.6",
  };

  it("drops a direct client's forwarding headers and its copy of the address header", () => {
    expect(trustedRequestHeaders(sent, "198.51.100.4", proxies)).toEqual({
      host: "console.example",
      "user-agent": "curl/8",
      [CLIENT_ADDRESS_HEADER]: "198.51.100.4",
    });
  });

  it("keeps a trusted proxy's forwarding headers and sets the address it resolved", () => {
    expect(trustedRequestHeaders(sent, "10.0.0.5", proxies)).toEqual({ ...sent, [CLIENT_ADDRESS_HEADER]: "6.6.6.6" });
  });

  it("sets no address when there is no peer, and never leaves the client's", () => {
    expect(trustedRequestHeaders(sent, undefined, proxies)).toEqual({
      host: "console.example",
      "user-agent": "curl/8",
    });
  });

  it("does not change the headers it was given", () => {
    const copy = { ...sent };
    trustedRequestHeaders(copy, "198.51.100.4", none);
    expect(copy).toEqual(sent);
  });
});
