// A second console server for one test, with settings of its own (e.g. KEYTRAIL_TRUSTED_PROXIES), on the browser
// tests' database: scripts/server.ts on a free loopback port, with the main test server's environment. Its
// background schedules are slowed to a crawl, so it does not compete with the main server's.
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import path from "node:path";
import type { TestInfo } from "@playwright/test";

export interface ConsoleServer {
  baseURL: string;
  stop(): Promise<void>;
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

export async function startConsoleServer(testInfo: TestInfo, env: Record<string, string>): Promise<ConsoleServer> {
  const port = await freePort();
  const baseURL = `http://127.0.0.1:${port}`;
  const child = spawn(process.execPath, ["--import", "tsx", path.resolve("scripts/server.ts")], {
    env: {
      ...process.env,
      ...testInfo.config.webServer?.env,
      DATABASE_URL: process.env.E2E_DATABASE_URL || "file:./data/e2e.db",
      PORT: String(port),
      KEYTRAIL_HOST: "127.0.0.1",
      KEYTRAIL_DIGEST_INTERVAL_MINUTES: "0",
      KEYTRAIL_ALARM_POLL_MS: "3600000",
      KEYTRAIL_DELIVERY_POLL_MS: "3600000",
      ...env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  const keep = (chunk: Buffer) => void (output = (output + chunk.toString("utf8")).slice(-8_000));
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
    await exited;
  };

  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The second console server exited (${child.exitCode}):\n${output}`);
    const status = await fetch(`${baseURL}/login`).then(
      (r) => r.status,
      () => 0,
    );
    if (status === 200) return { baseURL, stop };
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`The second console server did not answer within 60 s:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
}
