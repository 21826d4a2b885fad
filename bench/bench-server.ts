// The production console server for a benchmark workload: scripts/server.ts (Next's handler in the console's own
// HTTP server) on a free loopback port against a given database (as scripts/e2e-server.ts does for the browser
// tests, minus the fresh seeded database), with the
// environment the server needs. Needs a prior `next build`: the benchmark never builds. Stop it when done
// (also on error); it is killed anyway if the benchmark process exits first.
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";

export interface BenchServer {
  /** http://127.0.0.1:<port> */
  baseUrl: string;
  /** The server's last lines of output, for an error message. */
  output(): string;
  stop(): Promise<void>;
}

export interface BenchServerOptions {
  databaseUrl: string;
  /** The server's own settings (AUTH_SECRET, KEYTRAIL_DATA_DIR, KEYTRAIL_ENCRYPTION_KEY, …), over process.env. */
  env: Record<string, string>;
  /** How long to wait for /login to answer. */
  readyTimeoutMs?: number;
}

const OUTPUT_LINES = 60;

export function assertProductionBuild(cwd = process.cwd()): void {
  if (!existsSync(path.join(cwd, ".next", "BUILD_ID"))) {
    throw new Error(
      "The load workload serves the console's production build: run `npx next build` first (no .next/BUILD_ID).",
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function exited(child: ChildProcess): Promise<void> {
  return child.exitCode !== null || child.signalCode !== null
    ? Promise.resolve()
    : new Promise((resolve) => child.once("exit", () => resolve()));
}

export async function startBenchServer(options: BenchServerOptions): Promise<BenchServer> {
  assertProductionBuild();
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const lines: string[] = [];
  const keep = (chunk: Buffer) => {
    lines.push(...chunk.toString("utf8").split("\n").filter(Boolean));
    lines.splice(0, Math.max(0, lines.length - OUTPUT_LINES));
  };
  // One process (node with tsx's loader, not the tsx launcher), so the kill below reaches the server itself.
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("scripts/server.ts")], {
    env: {
      ...process.env,
      ...options.env,
      DATABASE_URL: options.databaseUrl,
      NEXT_TELEMETRY_DISABLED: "1",
      PORT: String(port),
      KEYTRAIL_HOST: "127.0.0.1",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  // If the benchmark dies without stopping it (an uncaught error, process.exit), take the server with it.
  const killOnExit = () => child.kill("SIGKILL");
  process.on("exit", killOnExit);
  const output = () => lines.join("\n");

  const stop = async () => {
    process.off("exit", killOnExit);
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
    await exited(child);
    clearTimeout(timer);
  };

  // Ready when the sign-in page answers (its first request also loads the app's server code).
  const deadline = Date.now() + (options.readyTimeoutMs ?? 60_000);
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) {
      throw new Error(
        `The console server exited (${child.exitCode ?? child.signalCode}) before answering:\n${output()}`,
      );
    }
    try {
      const response = await fetch(`${baseUrl}/login`, { redirect: "manual" });
      await response.arrayBuffer();
      if (response.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(
        `The console server did not answer ${baseUrl}/login within ${(options.readyTimeoutMs ?? 60_000) / 1000} s:\n${output()}`,
      );
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return { baseUrl, output, stop };
}
