// Who sent a request. X-Forwarded-For and its siblings are written by whoever sends the request, so they say
// something only when the TCP peer is a reverse proxy the operator named (KEYTRAIL_TRUSTED_PROXIES: addresses or
// CIDR blocks, IPv4 or IPv6). The client is then the rightmost X-Forwarded-For address that is not such a proxy:
// each trusted proxy appends the address it saw, and everything left of the first untrusted one could be made up.
import { cidrContains, parseCidrBlock, type CidrBlock } from "./cidr";
import { cleanIp } from "./normalise/ip";

/** The request header in which the console's own server hands the resolved client address to the app. */
export const CLIENT_ADDRESS_HEADER = "x-keytrail-client-ip";

/** Headers that only mean something when a trusted proxy wrote them. */
export const FORWARDING_HEADERS = [
  "x-forwarded-for",
  "x-forwarded-proto",
  "x-forwarded-host",
  "x-forwarded-port",
  "forwarded",
  "x-real-ip",
] as const;

export type TrustedProxies = readonly CidrBlock[];

/** "10.0.0.5,10.1.0.0/16, 2001:db8::/32" (commas or white space between entries); empty or unset trusts none. */
export function parseTrustedProxies(value: string | undefined): TrustedProxies {
  const entries = (value ?? "").split(/[\s,]+/).filter(Boolean);
  const blocks = entries.map((entry) => ({ entry, block: parseCidrBlock(entry) }));
  const invalid = blocks.filter((b) => !b.block).map((b) => `"${b.entry}"`);
  if (invalid.length) {
    const count = entries.length === 1 && /^\d+$/.test(entries[0]) ? " It no longer takes a number of proxies." : "";
    throw new Error(
      `KEYTRAIL_TRUSTED_PROXIES: ${invalid.join(", ")} ${invalid.length === 1 ? "is" : "are"} not an IP address or CIDR block. ` +
        `List the reverse proxies in front of the console by address or block, e.g. KEYTRAIL_TRUSTED_PROXIES=10.0.0.5,10.1.0.0/16.${count}`,
    );
  }
  return blocks.map((b) => b.block!);
}

export function isTrustedProxy(proxies: TrustedProxies, ip: string): boolean {
  return proxies.some((block) => cidrContains(block, ip));
}

/**
 * The client's address: the TCP peer, unless the peer is a trusted proxy; then the rightmost X-Forwarded-For
 * address that is not a trusted proxy (or the farthest hop when every hop is one). Null only without a peer.
 */
export function clientAddress(
  peer: string | null | undefined,
  forwardedFor: string | string[] | null | undefined,
  proxies: TrustedProxies,
): string | null {
  let address = cleanIp(peer);
  if (!address || !isTrustedProxy(proxies, address)) return address;
  const hops = [forwardedFor ?? []]
    .flat()
    .join(",")
    .split(",")
    .map((hop) => hop.trim())
    .filter(Boolean);
  for (const hop of hops.reverse()) {
    const ip = cleanIp(withoutPort(hop));
    // A trusted proxy passed on something that is no address: keep the nearest hop that can be vouched for.
    if (!ip) return address;
    address = ip;
    if (!isTrustedProxy(proxies, ip)) return ip;
  }
  return address;
}

/** "203.0.113.7:51234" and "[2001:db8::7]:51234" (some proxies add the client's port) as the bare address. */
function withoutPort(hop: string): string {
  return hop.replace(/^(\d+\.\d+\.\d+\.\d+):\d+$/, "$1").replace(/^\[([^\]]+)\](?::\d+)?$/, "$1");
}

type HeaderMap = Record<string, string | string[] | undefined>;

/**
 * The request headers the app may rely on: forwarding headers survive only from a trusted proxy (Next then fills
 * in its own for the direct connection), and CLIENT_ADDRESS_HEADER always holds the resolved address, never a
 * client's copy. Returns a new object; the caller puts it on the request.
 */
export function trustedRequestHeaders(
  headers: HeaderMap,
  peer: string | null | undefined,
  proxies: TrustedProxies,
): HeaderMap {
  const result: HeaderMap = { ...headers };
  delete result[CLIENT_ADDRESS_HEADER];
  const peerIp = cleanIp(peer);
  if (!peerIp || !isTrustedProxy(proxies, peerIp)) for (const name of FORWARDING_HEADERS) delete result[name];
  const client = clientAddress(peer, headers["x-forwarded-for"], proxies);
  if (client) result[CLIENT_ADDRESS_HEADER] = client;
  return result;
}
