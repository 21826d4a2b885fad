// Who is calling, as far as the server can tell: the client address and user agent of a request.
// X-Forwarded-For is client-writable: only the hop added by our own server (the last entry) is trusted,
// unless KEYTRAIL_TRUSTED_PROXIES says how many reverse proxies stand in front of it.
import type { RequestMeta } from "@/lib/domain/console-event";
import type { Env } from "@/lib/config/env";

export function requestMetaFrom(headers: Headers, env: Env = process.env): RequestMeta {
  const hops = (headers.get("x-forwarded-for") ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
  const trusted = Math.max(0, Number.parseInt(env.KEYTRAIL_TRUSTED_PROXIES ?? "0", 10) || 0);
  const ip = hops.length ? hops[Math.max(0, hops.length - 1 - trusted)] : (headers.get("x-real-ip") ?? null);
  return {
    sourceIpAddress: ip ? normaliseIp(ip) : null,
    userAgent: headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}

/** "::ffff:127.0.0.1" (an IPv4 client on a dual-stack socket) is shown as the IPv4 address. */
function normaliseIp(ip: string): string {
  return ip.replace(/^::ffff:(\d+\.\d+\.\d+\.\d+)$/, "$1").slice(0, 64);
}
