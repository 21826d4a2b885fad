import { describe, expect, it } from "vitest";
import { parseIpFilter } from "./cidr";

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
    expect(parseIpFilter("10.1.20.0/20")).toEqual({ prefixes: Array.from({ length: 16 }, (_, i) => `10.1.${16 + i}.`) });
    expect(parseIpFilter("172.16.0.0/12")).toEqual({ prefixes: Array.from({ length: 16 }, (_, i) => `172.${16 + i}.`) });
    expect(parseIpFilter("203.0.113.130/30")).toEqual({ exact: ["203.0.113.128", "203.0.113.129", "203.0.113.130", "203.0.113.131"] });
  });

  it("refuses what is neither", () => {
    expect(parseIpFilter("ec2.amazonaws.com")).toEqual({ error: '"ec2.amazonaws.com" is not an IP address or CIDR block' });
    expect(parseIpFilter("10.0.0.0/33")).toHaveProperty("error");
    expect(parseIpFilter("2001:db8::/32")).toHaveProperty("error");
  });
});
