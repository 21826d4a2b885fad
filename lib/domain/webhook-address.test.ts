import { describe, expect, it } from "vitest";
import { privateWebhooksAllowed, refusedWebhookAddress, refusedWebhookHost } from "./webhook-address";

describe("refusedWebhookAddress", () => {
  it.each([
    "127.0.0.1",
    "127.255.0.9",
    "0.0.0.0",
    "169.254.169.254",
    "169.254.0.23",
    "169.254.1.1",
    "100.100.100.200",
    "::1",
    "::",
    "fe80::1",
    "fd00:ec2::254",
    "::ffff:127.0.0.1",
    "::ffff:7f00:1",
    "::ffff:169.254.169.254",
    "::ffff:a9fe:a9fe",
  ])("refuses %s", (address) => {
    expect(refusedWebhookAddress(address)).toBe(`${address} is a loopback, link-local or cloud metadata address`);
  });

  it.each([
    "203.0.113.9",
    "10.0.0.5",
    "192.168.1.20",
    "172.16.3.4",
    "100.100.100.201",
    "2001:db8::1",
    "fd00:ec2::253",
    "::ffff:203.0.113.9",
  ])("allows %s", (address) => expect(refusedWebhookAddress(address)).toBeNull());
});

describe("refusedWebhookHost", () => {
  it("checks literal addresses as URL.hostname gives them, and the metadata and local names", () => {
    expect(refusedWebhookHost(new URL("http://169.254.169.254/latest").hostname)).toMatch(
      /^169\.254\.169\.254 is a loopback/,
    );
    expect(refusedWebhookHost(new URL("http://[::1]:8080/").hostname)).toMatch(/^::1 is a loopback/);
    expect(refusedWebhookHost(new URL("http://[fd00:ec2::254]/").hostname)).toMatch(/^fd00:ec2::254 is/);
    // The URL parser turns odd IPv4 spellings into dotted form first: 2130706433 and 0x7f.1 are 127.0.0.1.
    expect(refusedWebhookHost(new URL("http://2130706433/").hostname)).toMatch(/^127\.0\.0\.1 is/);
    expect(refusedWebhookHost(new URL("http://0x7f.1/").hostname)).toMatch(/^127\.0\.0\.1 is/);
    expect(refusedWebhookHost("metadata.google.internal")).toBe(
      "metadata.google.internal names this machine or a cloud metadata service",
    );
    expect(refusedWebhookHost("Metadata.Google.Internal.")).toBe(
      "metadata.google.internal names this machine or a cloud metadata service",
    );
    expect(refusedWebhookHost("localhost")).toBe("localhost names this machine or a cloud metadata service");
    expect(refusedWebhookHost("api.localhost")).toBe("api.localhost names this machine or a cloud metadata service");
    expect(refusedWebhookHost("hooks.example.com")).toBeNull();
    expect(refusedWebhookHost("10.1.2.3")).toBeNull();
  });
});

describe("privateWebhooksAllowed", () => {
  it("only for exactly 1", () => {
    expect(privateWebhooksAllowed({ KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS: "1" })).toBe(true);
    expect(privateWebhooksAllowed({ KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS: "true" })).toBe(false);
    expect(privateWebhooksAllowed({})).toBe(false);
  });
});
