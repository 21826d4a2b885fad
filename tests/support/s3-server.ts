// A local S3-compatible server (s3rver) for the bucket connector's tests and benchmarks: the connector talks to it
// with the AWS SDK's S3 client exactly as it would to S3, OSS, COS or BOS. It runs in a child process started
// with --openssl-legacy-provider (without it, s3rver's listings past 1,000 keys fail on Node 20's OpenSSL 3) and
// checks every request's SigV4 signature against its one key pair.
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";

export const S3RVER_ACCESS_KEY_ID = "S3RVER";
export const S3RVER_SECRET_ACCESS_KEY = "S3RVER";

export interface S3Server {
  /** http://127.0.0.1:<port>: use path-style addressing. */
  endpoint: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Where s3rver keeps the buckets (removed by stop()). */
  directory: string;
  stop(): Promise<void>;
}

const CHILD = `
const S3rver = require("s3rver");
const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: process.env.S3_DIR,
  configureBuckets: (process.env.S3_BUCKETS || "").split(",").filter(Boolean).map((name) => ({ name, configs: [] })) });
server.run().then((address) => console.log("LISTENING " + address.port), (error) => { console.error(error); process.exit(1); });
`;

/** Starts s3rver on a free loopback port with the named buckets created empty. */
export async function startS3Server(buckets: string[] = []): Promise<S3Server> {
  const directory = mkdtempSync(path.join(tmpdir(), "keytrail-s3-"));
  const child: ChildProcess = spawn(process.execPath, ["-e", CHILD], {
    env: {
      ...process.env,
      NODE_OPTIONS: "--openssl-legacy-provider",
      S3_DIR: directory,
      S3_BUCKETS: buckets.join(","),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr!.on("data", (chunk) => (stderr += String(chunk)));
  const port = await new Promise<number>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout! });
    lines.on("line", (line) => {
      const match = /^LISTENING (\d+)$/.exec(line);
      if (match) resolve(Number(match[1]));
    });
    child.once("exit", (code) => reject(new Error(`s3rver exited (${code}): ${stderr}`)));
  });
  return {
    endpoint: `http://127.0.0.1:${port}`,
    accessKeyId: S3RVER_ACCESS_KEY_ID,
    secretAccessKey: S3RVER_SECRET_ACCESS_KEY,
    directory,
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once("exit", resolve));
        child.kill("SIGTERM");
        await exited;
      }
      rmSync(directory, { recursive: true, force: true });
    },
  };
}
