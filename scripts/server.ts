// The console's HTTP server: Next's request handler inside a plain Node server, because only here is the TCP peer
// known. Each request's client address is resolved from the peer and KEYTRAIL_TRUSTED_PROXIES
// (lib/domain/trusted-proxies.ts) into a header the app reads (lib/events/request-meta.ts); forwarding headers
// from anyone but a trusted proxy are dropped first, so neither the address nor X-Forwarded-Proto can be claimed.
// `npm start` (scripts/start.ts), `npm run dev`, the browser tests and the benchmark serve through it; run directly
// (`tsx scripts/server.ts [--dev]`, PORT and KEYTRAIL_HOST) it serves the database as it is, without preparing it.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { parseTrustedProxies, trustedRequestHeaders } from "@/lib/domain/trusted-proxies";
import { trustClientAddressHeader } from "@/lib/events/request-meta";

export interface ConsoleServerOptions {
  dev?: boolean;
  host: string;
  port: number;
}

export interface ConsoleServer {
  server: Server;
  port: number;
  /** Stop accepting, let open requests finish (up to a limit), and shut Next down. */
  close(): Promise<void>;
}

const DRAIN_MS = 10_000;

/** Throws, before anything listens, when KEYTRAIL_TRUSTED_PROXIES has an entry that is no address or block. */
export async function serveConsole(options: ConsoleServerOptions): Promise<ConsoleServer> {
  const proxies = parseTrustedProxies(process.env.KEYTRAIL_TRUSTED_PROXIES);
  const env = process.env as Record<string, string | undefined>;
  env.NODE_ENV ??= options.dev ? "development" : "production";
  trustClientAddressHeader();

  // Imported here, after NODE_ENV is settled: what Next loads depends on it.
  const { default: next } = await import("next");
  const server = createServer();
  const app = next({ dev: options.dev ?? false, hostname: options.host, port: options.port, httpServer: server });
  await app.prepare();
  const handle = app.getRequestHandler();
  server.on("request", (req, res) => {
    setHeaders(req, trustedRequestHeaders(req.headers, req.socket.remoteAddress, proxies));
    handle(req, res).catch((error: unknown) => {
      console.error(error);
      if (!res.headersSent) res.statusCode = 500;
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port, options.host, () => {
      server.off("error", reject);
      resolve();
    });
  });

  let closing: Promise<void> | null = null;
  const close = () =>
    (closing ??= (async () => {
      const drained = new Promise<void>((resolve) => server.close(() => resolve()));
      server.closeIdleConnections();
      const timer = setTimeout(() => server.closeAllConnections(), DRAIN_MS);
      await drained;
      clearTimeout(timer);
      await app.close();
    })());
  return { server, port: (server.address() as AddressInfo).port, close };
}

/** Replaces the request's headers in place (Next reads req.headers). */
function setHeaders(req: IncomingMessage, headers: Record<string, string | string[] | undefined>): void {
  for (const name of Object.keys(req.headers)) if (!(name in headers)) delete req.headers[name];
  Object.assign(req.headers, headers);
}

/** SIGINT / SIGTERM: close gracefully, then exit (the background schedules would keep the process alive). A second
 * signal exits at once. */
export function exitOnSignals(console_: ConsoleServer): void {
  let stopping = false;
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.on(signal, () => {
      if (stopping) process.exit(1);
      stopping = true;
      console_.close().then(
        () => process.exit(0),
        (error: unknown) => {
          console.error(error);
          process.exit(1);
        },
      );
    });
  }
}

/** Where to listen: KEYTRAIL_HOST (not HOSTNAME: containers set it to their name), loopback by default. */
export function listenHost(): string {
  return process.env.KEYTRAIL_HOST || "127.0.0.1";
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const dev = process.argv.includes("--dev");
  const port = Number(process.env.PORT || "3000");
  try {
    const served = await serveConsole({ dev, host: listenHost(), port });
    console.log(`Keytrail is listening on http://${listenHost()}:${served.port}${dev ? " (development)" : ""}`);
    exitOnSignals(served);
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
