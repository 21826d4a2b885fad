// Browser tests in Debian's Chromium (Playwright cannot download browsers here) against `next start` on a
// fresh, seeded database. Run after `next build` (npm test does both).
import { execFileSync } from "node:child_process";
import { defineConfig, devices } from "@playwright/test";

// A free loopback port, chosen once (the config is evaluated again in worker processes: keep the first).
process.env.E2E_PORT ??= execFileSync(process.execPath, [
  "-e",
  'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{process.stdout.write(String(s.address().port));s.close()})',
]).toString();
const port = process.env.E2E_PORT;
const chromium = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

const debianChromium = {
  ...devices["Desktop Chrome"],
  launchOptions: {
    executablePath: chromium,
    args: [
      "--no-sandbox",
      "--disable-gpu",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
      "--no-first-run",
      "--disable-quic",
    ],
  },
};

export default defineConfig({
  testDir: "./e2e",
  timeout: 60_000,
  expect: { timeout: 15_000 },
  workers: 1,
  retries: 0,
  forbidOnly: !!process.env.CI,
  reporter: [["list"]],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    acceptDownloads: true,
    trace: "retain-on-failure",
  },
  projects: [
    // Signs the demo users in once and stores their sessions (e2e/.auth, see e2e/sign-in.ts).
    { name: "setup", testMatch: /auth\.setup\.ts$/, use: debianChromium },
    { name: "debian-chromium", dependencies: ["setup"], use: debianChromium },
  ],
  webServer: {
    command: "node_modules/.bin/tsx scripts/e2e-server.ts",
    url: `http://127.0.0.1:${port}/login`,
    reuseExistingServer: false,
    timeout: 300_000,
    stdout: "pipe",
    env: {
      E2E_PORT: port,
      AUTH_SECRET: "e2e-only-secret-0d1c6f3a9b8e47f2a5c4d3b2a1f0e9d8",
      AUTH_TRUST_HOST: "true",
      NEXT_TELEMETRY_DISABLED: "1",
      KEYTRAIL_DATA_DIR: "data/e2e",
      // Every spec signs in from 127.0.0.1: the per-IP sign-in throttle (tested in the integration tests) would
      // otherwise count all the specs' deliberate failures together.
      KEYTRAIL_SIGNIN_IP_MAX_FAILURES: "1000",
      // The tracking-set and alarm specs deliver to a webhook receiver on 127.0.0.1, which is refused otherwise.
      KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS: "1",
    },
  },
});
