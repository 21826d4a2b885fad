// Where a connection may connect: the same rule as webhooks (lib/domain/webhook-address.ts). No loopback,
// link-local or cloud metadata address, checked on the host as written when a connection is saved and on every
// address its name resolves to before each run, unless the operator sets KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS=1.
// Otherwise a connection's endpoint could make the server read its own metadata credentials.
import { lookup } from "node:dns/promises";
import { isIP } from "node:net";
import { privateWebhooksAllowed, refusedWebhookAddress, refusedWebhookHost } from "@/lib/domain/webhook-address";
import { ConnectionError } from "./connection-error";

type Env = Readonly<Record<string, string | undefined>>;

/** Why the endpoint as written is refused, or null (for saving a connection). */
export function refusedEndpoint(endpoint: string, env: Env = process.env): string | null {
  let url: URL;
  try {
    url = new URL(endpoint);
  } catch {
    return "endpoint: not a URL";
  }
  if (url.protocol !== "https:" && url.protocol !== "http:") return "endpoint: http or https only";
  if (privateWebhooksAllowed(env)) return null;
  const refused = refusedWebhookHost(url.hostname);
  return refused ? `endpoint: ${refused}: refused` : null;
}

/** Before a run: the endpoint's name resolves, and to no refused address. Throws a ConnectionError. */
export async function checkEndpoint(endpoint: string, env: Env = process.env): Promise<void> {
  const refused = refusedEndpoint(endpoint, env);
  if (refused) throw new ConnectionError("refusedEndpoint", refused);
  const host = new URL(endpoint).hostname.replace(/^\[(.*)\]$/, "$1");
  if (isIP(host)) return;
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "";
    throw new ConnectionError("unreachable", `${host}: the name does not resolve (${code || "DNS failure"})`);
  }
  if (privateWebhooksAllowed(env)) return;
  const bad = addresses.map((a) => refusedWebhookAddress(a.address)).find((reason) => reason !== null);
  if (bad) throw new ConnectionError("refusedEndpoint", `${host} resolves to ${bad}: refused`);
}
