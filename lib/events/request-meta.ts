// Who is calling, as far as the server can tell: the client address and user agent of a request.
// The address is read only from CLIENT_ADDRESS_HEADER, which the console's own server (scripts/server.ts) sets on
// every request from the TCP peer and the trusted proxies, over any copy a client sent. Served some other way
// (plain `next start`), nothing vouches for that header or for X-Forwarded-For: the address is then unknown (null).
import type { RequestMeta } from "@/lib/domain/console-event";
import { cleanIp } from "@/lib/domain/normalise/ip";
import { CLIENT_ADDRESS_HEADER } from "@/lib/domain/trusted-proxies";

// On globalThis, not in module state: the server script and the app's bundled code are separate module copies
// in one process. Not an environment variable, which could be set for a server that does not resolve the address.
const SERVED = Symbol.for("keytrail.clientAddressHeader");

/** Called by the server that resolves the client address into CLIENT_ADDRESS_HEADER on every request. */
export function trustClientAddressHeader(): void {
  (globalThis as Record<symbol, unknown>)[SERVED] = true;
}

export function requestMetaFrom(headers: Headers): RequestMeta {
  const served = (globalThis as Record<symbol, unknown>)[SERVED] === true;
  return {
    sourceIpAddress: served ? cleanIp(headers.get(CLIENT_ADDRESS_HEADER)) : null,
    userAgent: headers.get("user-agent")?.slice(0, 512) ?? null,
  };
}
