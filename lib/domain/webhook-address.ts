// Where a webhook may not point: loopback, link-local (169.254.0.0/16, where the cloud metadata services answer:
// AWS, Azure, GCP, Tencent) and the other metadata addresses (AWS over IPv6, Alibaba Cloud), unless the operator
// sets KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS=1. Otherwise an administrator's webhook (or a stolen administrator session)
// could make the server read its own metadata credentials or local-only services. Checked when a URL is saved (the
// host as written) and at every delivery (each address the name resolves to, so DNS rebinding cannot bypass it).
// Private ranges (10/8, 172.16/12, 192.168/16, fc00::/7) stay allowed: an in-house SIEM is a normal destination.
import { BlockList, isIP } from "node:net";

const REFUSED = new BlockList();
REFUSED.addSubnet("127.0.0.0", 8, "ipv4"); // loopback
REFUSED.addSubnet("0.0.0.0", 8, "ipv4"); // "this host": connects to the loopback on Linux
REFUSED.addSubnet("169.254.0.0", 16, "ipv4"); // link-local: 169.254.169.254 and Tencent's 169.254.0.23
REFUSED.addAddress("100.100.100.200", "ipv4"); // Alibaba Cloud metadata
REFUSED.addAddress("::1", "ipv6"); // loopback
REFUSED.addAddress("::", "ipv6"); // unspecified
REFUSED.addSubnet("fe80::", 10, "ipv6"); // link-local
REFUSED.addAddress("fd00:ec2::254", "ipv6"); // AWS metadata over IPv6

/** Names that are the metadata service or this machine wherever they are resolved. */
const REFUSED_NAMES = ["localhost", "metadata.google.internal", "metadata.tencentyun.com"];

export const ALLOW_PRIVATE_WEBHOOKS_VARIABLE = "KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS";

export function privateWebhooksAllowed(env: Record<string, string | undefined> = process.env): boolean {
  return env[ALLOW_PRIVATE_WEBHOOKS_VARIABLE] === "1";
}

/** An IPv4 address inside an IPv4-mapped IPv6 one (::ffff:127.0.0.1, ::ffff:7f00:1), else null. */
function mappedIpv4(address: string): string | null {
  const match = /^(?:0{0,4}:){0,5}:?ffff:(.+)$/i.exec(address) ?? /^::ffff:(.+)$/i.exec(address);
  if (!match) return null;
  const tail = match[1];
  if (isIP(tail) === 4) return tail;
  const hex = /^([0-9a-f]{1,4}):([0-9a-f]{1,4})$/i.exec(tail);
  if (!hex) return null;
  const [high, low] = [parseInt(hex[1], 16), parseInt(hex[2], 16)];
  return [high >> 8, high & 255, low >> 8, low & 255].join(".");
}

/** Why a webhook may not connect to this IP address, or null when it may. */
export function refusedWebhookAddress(address: string): string | null {
  const family = isIP(address);
  if (family === 0) return null;
  const ipv4 = family === 4 ? address : mappedIpv4(address);
  const refused = ipv4 ? REFUSED.check(ipv4, "ipv4") : REFUSED.check(address, "ipv6");
  return refused ? `${address} is a loopback, link-local or cloud metadata address` : null;
}

/** Why a webhook URL's host (as URL.hostname gives it: IPv6 in brackets) is refused, or null. */
export function refusedWebhookHost(hostname: string): string | null {
  const host = hostname
    .replace(/^\[(.*)\]$/, "$1")
    .replace(/\.$/, "")
    .toLowerCase();
  if (isIP(host)) return refusedWebhookAddress(host);
  if (REFUSED_NAMES.includes(host) || host.endsWith(".localhost"))
    return `${host} names this machine or a cloud metadata service`;
  return null;
}

/** The message a form shows for a refused webhook URL. */
export function webhookHostMessage(reason: string): string {
  return `The webhook URL is refused: ${reason} (set ${ALLOW_PRIVATE_WEBHOOKS_VARIABLE}=1 to allow it).`;
}
