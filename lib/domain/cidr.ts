// Source-IP filters accept exact addresses and IPv4 CIDR blocks. Addresses are stored as text, so a block is
// turned into text prefixes on octet boundaries ("10.1.16.0/20" -> "10.1.16." ... "10.1.31."), which any
// database can match with an index-friendly LIKE 'prefix%'. Blocks of either family are also read as numbers,
// to tell whether an address lies inside one (the trusted reverse proxies).
import { isIPv4, isIPv6 } from "node:net";
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

/** An IPv4 or IPv6 block as numbers, for "is this address inside?" (the trusted reverse proxies). */
export interface CidrBlock {
  family: 4 | 6;
  network: bigint;
  bits: number;
}

/** "10.1.0.0/16", "2001:db8::/32" or a single address (a block of one); null when it is neither. Host bits are
 * dropped ("10.1.2.3/16" is 10.1.0.0/16), as routers read it. An IPv4-mapped IPv6 block is the IPv4 block. */
export function parseCidrBlock(text: string): CidrBlock | null {
  const match = /^([^/]+?)(?:\/(\d{1,3}))?$/.exec(text.trim());
  if (!match) return null;
  const address = addressNumber(match[1]);
  if (!address) return null;
  const width = address.family === 4 ? 32 : 128;
  let bits = match[2] === undefined ? width : Number(match[2]);
  if (address.mapped && match[2] !== undefined) {
    if (bits < 96) return null; // would reach outside ::ffff:0:0/96: not an IPv4 block
    bits -= 96;
  }
  if (bits > width) return null;
  const hostBits = BigInt(width - bits);
  return { family: address.family, network: (address.value >> hostBits) << hostBits, bits };
}

export function cidrContains(block: CidrBlock, ip: string): boolean {
  const address = addressNumber(ip);
  if (!address || address.family !== block.family) return false;
  const hostBits = BigInt((block.family === 4 ? 32 : 128) - block.bits);
  return address.value >> hostBits === block.network >> hostBits;
}

/** An address as a number; "::ffff:a.b.c.d" (an IPv4 client on a dual-stack socket) counts as the IPv4 address. */
function addressNumber(text: string): { family: 4 | 6; value: bigint; mapped: boolean } | null {
  const ip = text
    .trim()
    .replace(/^\[(.*)\]$/, "$1")
    .split("%")[0]; // no brackets, no zone ("fe80::1%eth0")
  if (isIPv4(ip)) return { family: 4, value: ipv4Number(ip), mapped: false };
  if (!isIPv6(ip)) return null;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(ip);
  if (mapped) return { family: 4, value: ipv4Number(mapped[1]), mapped: true };
  // An embedded IPv4 tail ("64:ff9b::192.0.2.1") is two more groups.
  const text16 = ip.replace(/(\d+\.\d+\.\d+\.\d+)$/, (v4) => {
    const n = ipv4Number(v4);
    return `${(n >> 16n).toString(16)}:${(n & 0xffffn).toString(16)}`;
  });
  const [head, tail] = text16.split("::");
  const groups = (part: string | undefined) => (part ? part.split(":") : []);
  const all =
    tail === undefined
      ? groups(head)
      : [...groups(head), ...Array<string>(8 - groups(head).length - groups(tail).length).fill("0"), ...groups(tail)];
  return {
    family: 6,
    value: all.reduce((n, group) => (n << 16n) | BigInt(Number.parseInt(group, 16)), 0n),
    mapped: false,
  };
}

function ipv4Number(ip: string): bigint {
  return ip.split(".").reduce((n, octet) => (n << 8n) | BigInt(Number(octet)), 0n);
}
