// `npm start`: prepare the database (migrate; demo data when empty), build the console if the build is
// missing or older than the sources, then serve it (scripts/server.ts) and print where and how to sign in.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";
import { authSecret } from "@/lib/config/local-secrets";
import { prepareDatabase } from "@/lib/setup/prepare";
import { parseTrustedProxies } from "@/lib/domain/trusted-proxies";
import { exitOnSignals, listenHost, serveConsole } from "./server";

// A mistyped proxy list stops the start before anything else happens (the server checks it again).
try {
  parseTrustedProxies(process.env.KEYTRAIL_TRUSTED_PROXIES);
} catch (error) {
  console.error((error as Error).message);
  process.exit(1);
}

process.env.NEXT_TELEMETRY_DISABLED ??= "1";
process.env.AUTH_TRUST_HOST ??= "true";
process.env.AUTH_SECRET = authSecret(); // generated into ./data/auth-secret on the first start
const port = process.env.PORT || "3000";
// Loopback by default: the demo's sign-ins are public knowledge.
const host = listenHost();
const next = path.resolve("node_modules/.bin/next");

const state = await prepareDatabase();

if (buildIsStale()) {
  console.log("Building the console (next build)…");
  const build = spawnSync(next, ["build"], { stdio: "inherit", env: process.env });
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const url = `http://${host === "127.0.0.1" || host === "0.0.0.0" ? "localhost" : host}:${port}`;
const served = await serveConsole({ host, port: Number(port) });
exitOnSignals(served);
console.log("");
console.log(`Keytrail is running on ${url}`);
if (state.demo) {
  console.log("Demo sign-ins (password keytrail-demo for each):");
  console.log("  admin    Administrator");
  console.log("  auditor  Auditor");
  console.log("  lead     Team lead of the Platform group");
} else if (state.empty) {
  console.log("No administrator yet: npm run create-admin -- --user-name <name> --account-name <organisation>");
}
console.log("");

/** True when there is no production build, or a source file is newer than it. */
function buildIsStale(): boolean {
  const buildId = path.resolve(".next/BUILD_ID");
  if (!existsSync(buildId)) return true;
  const built = statSync(buildId).mtimeMs;
  const sources = [
    "app",
    "components",
    "lib",
    "public",
    "prisma",
    "package.json",
    "next.config.js",
    "tsconfig.json",
    "proxy.ts",
  ];
  return sources.some((source) => newestMtime(path.resolve(source)) > built);
}

function newestMtime(file: string): number {
  if (!existsSync(file)) return 0;
  const stat = statSync(file);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return readdirSync(file).reduce((newest, name) => Math.max(newest, newestMtime(path.join(file, name))), stat.mtimeMs);
}
