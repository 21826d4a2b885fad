import { describe, expect, it } from "vitest";
import { cidrContains, parseCidrBlock, parseIpFilter } from "./cidr";

describe("parseIpFilter", () => {
  it("matches exact addresses", () => {
    expect(parseIpFilter(" 203.0.113.9 ")).toEqual({ exact: ["203.0.113.9"] });
    expect(parseIpFilter("2001:DB8::1")).toEqual({ exact: ["2001:db8::1"] });
    expect(parseIpFilter("10.0.0.1/32")).toEqual({ exact: ["10.0.0.1"] });
  });

  it("turns octet-aligned blocks into one prefix", () => {
    expect(parseIpFilter("10.0.0.0/8")).toEqual({ prefixes: ["10."] });
    expect(parseIpFilter("192.168.7.0/24")).toEqual({ prefixes: ["192.168.7."] });
  });

  it("expands other blocks to the next octet boundary", () => {
    expect(parseIpFilter("10.1.20.0/20")).toEqual({
      prefixes: Array.from({ length: 16 }, (_, i) => `10.1.${16 + i}.`),
    });
    expect(parseIpFilter("172.16.0.0/12")).toEqual({
      prefixes: Array.from({ length: 16 }, (_, i) => `172.${16 + i}.`),
    });
    expect(parseIpFilter("203.0.113.130/30")).toEqual({
      exact: ["203.0.113.128", "203.0.113.129", "203.0.113.130", "203.0.113.131"],
    });
  });

  it("refuses what is neither", () => {
    expect(parseIpFilter("ec2.amazonaws.com")).toEqual({
      error: '"ec2.amazonaws.com" is not an IP address or CIDR block',
    });
    expect(parseIpFilter("10.0.0.0/33")).toHaveProperty("error");
    expect(parseIpFilter("2001:db8::/32")).toHaveProperty("error");
  });
});

describe("parseCidrBlock and cidrContains", () => {
  const inside = (block: string, ip: string) => cidrContains(parseCidrBlock(block)!, ip);

  it("reads single addresses and blocks of both families", () => {
    expect(parseCidrBlock("10.0.0.5")).toEqual({ family: 4, network: 0x0a000005n, bits: 32 });
    expect(parseCidrBlock("10.1.0.0/16")).toEqual({ family: 4, network: 0x0a010000n, bits: 16 });
    expect(parseCidrBlock("10.1.2.3/16")).toEqual({ family: 4, network: 0x0a010000n, bits: 16 });
    expect(parseCidrBlock("2001:db8::/32")).toEqual({ family: 6, network: 0x20010db8n << 96n, bits: 32 });
    expect(parseCidrBlock("::1")).toEqual({ family: 6, network: 1n, bits: 128 });
    expect(parseCidrBlock("::ffff:10.0.0.0/104")).toEqual({ family: 4, network: 0x0a000000n, bits: 8 });
  });

  it("refuses what is not a block", () => {
    for (const text of [
      "",
      "1",
      "0",
      "10.0.0.0/33",
      "2001:db8::/129",
      "10.0.0.256",
      "10.0.0.0/",
      "/8",
      "example.org",
      "10.0.0.0/8/8",
      "::ffff:10.0.0.0/64",
    ]) {
      expect(parseCidrBlock(text), text).toBeNull();
    }
  });

  it("tells whether an address lies inside", () => {
    expect(inside("10.0.0.5", "10.0.0.5")).toBe(true);
    expect(inside("10.0.0.5", "10.0.0.6")).toBe(false);
    expect(inside("10.1.0.0/16", "10.1.255.7")).toBe(true);
    expect(inside("10.1.0.0/16", "10.2.0.1")).toBe(false);
    expect(inside("0.0.0.0/0", "203.0.113.9")).toBe(true);
    expect(inside("2001:db8::/32", "2001:db8:ffff::1")).toBe(true);
    expect(inside("2001:db8::/32", "2001:db9::1")).toBe(false);
    expect(inside("fd00::/8", "fd12:3456::1")).toBe(true);
    expect(inside("::1", "0:0:0:0:0:0:0:1")).toBe(true);
    expect(inside("64:ff9b::/96", "64:ff9b::192.0.2.1")).toBe(true);
  });

  it("treats an IPv4-mapped IPv6 address as the IPv4 address, and never mixes families otherwise", () => {
    expect(inside("127.0.0.1", "::ffff:127.0.0.1")).toBe(true);
    expect(inside("10.0.0.0/8", "::FFFF:10.9.8.7")).toBe(true);
    expect(inside("::ffff:10.0.0.5", "10.0.0.5")).toBe(true);
    expect(inside("::/0", "10.0.0.5")).toBe(false);
    expect(inside("0.0.0.0/0", "::1")).toBe(false);
    expect(inside("10.0.0.0/8", "not an address")).toBe(false);
  });
});
