// Source-IP filters accept exact addresses and IPv4 CIDR blocks. Addresses are stored as text, so a block is
// turned into text prefixes on octet boundaries ("10.1.16.0/20" -> "10.1.16." ... "10.1.31."), which any
// database can match with an index-friendly LIKE 'prefix%'.
import { isIPv4 } from "node:net";
import { cleanIp } from "./normalise/ip";

export type IpMatch = { exact: string[] } | { prefixes: string[] };

export function parseIpFilter(value: string): IpMatch | { error: string } {
  const text = value.trim();
  if (!text.includes("/")) {
    const ip = cleanIp(text);
    return ip ? { exact: [ip] } : { error: `"${text}" is not an IP address or CIDR block` };
  }
  const [address, bitsText] = text.split("/");
  const bits = Number(bitsText);
  if (!isIPv4(address) || !/^\d{1,2}$/.test(bitsText) || bits > 32) {
    return { error: `"${text}" is not an IPv4 CIDR block (IPv6 addresses are matched exactly)` };
  }
  if (bits === 32) return { exact: [address] };
  if (bits === 0) return { prefixes: [""] };
  const value32 = address.split(".").reduce((n, octet) => n * 256 + Number(octet), 0);
  const boundary = Math.ceil(bits / 8) * 8; // expand to whole octets
  const count = 2 ** (boundary - bits);
  const blockSize = 2 ** (32 - boundary);
  const network = Math.floor(value32 / 2 ** (32 - bits)) * 2 ** (32 - bits);
  const octets = boundary / 8;
  const prefixes: string[] = [];
  for (let i = 0; i < count; i++) {
    const start = network + i * blockSize;
    const parts = [24, 16, 8, 0].map((shift) => Math.floor(start / 2 ** shift) % 256).slice(0, octets);
    prefixes.push(octets === 4 ? parts.join(".") : `${parts.join(".")}.`);
  }
  return octets === 4 ? { exact: prefixes } : { prefixes };
}
