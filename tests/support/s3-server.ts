// A local S3-compatible server for the bucket connector's tests and benchmarks: the connector talks to it with the
// AWS SDK's S3 client exactly as it would to S3, OSS, COS or BOS. s3rver keeps the buckets; it runs in a child
// process started with --openssl-legacy-provider (without it, its listings past 1,000 keys fail on Node 20's
// OpenSSL 3). s3rver checks only that an access key ID exists, so a front in the same child checks what S3 does:
// every request's SigV4 signature, re-signed with the maintained AWS signer and the one key pair (403
// SignatureDoesNotMatch / InvalidAccessKeyId), and the region signed for (400 AuthorizationHeaderMalformed). The
// front also counts requests by operation and has a fault switch (503 SlowDown, dropped connections).
//
// API (small on purpose; the completeness tests use it too):
//   const s3 = await startS3Server(["trail"], { region: "us-east-1" });
//   s3.endpoint / accessKeyId / secretAccessKey / region   — use path-style addressing
//   await s3.failNext(3)            the next 3 signed requests get 503 SlowDown (or failNext(n, 500, "InternalError"))
//   await s3.dropNext(2)            the next 2 requests' connections are closed without an answer
//   await s3.counts()               { list, listFolders, get, put, other, refused } since start or resetCounts()
//   s3.seedObject(bucket, key, bytes)   writes an object straight into s3rver's store (for 100,000-object benches)
//   await s3.stop()
import { spawn, type ChildProcess } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";

export const S3RVER_ACCESS_KEY_ID = "S3RVER";
// s3rver itself accepts any secret for its key ID "S3RVER"; the front checks signatures with this one.
export const S3RVER_SECRET_ACCESS_KEY = "local-Secret-4bX9qT7w";

export interface S3RequestCounts {
  /** ListObjectsV2 without a delimiter (reading a stream), and with one (finding folders). */
  list: number;
  listFolders: number;
  get: number;
  put: number;
  other: number;
  /** Refused by the signature or region check. */
  refused: number;
}

export interface S3Server {
  /** http://127.0.0.1:<port>: use path-style addressing. */
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Where s3rver keeps the buckets (removed by stop()). */
  directory: string;
  failNext(count: number, status?: number, code?: string): Promise<void>;
  dropNext(count: number): Promise<void>;
  counts(): Promise<S3RequestCounts>;
  resetCounts(): Promise<void>;
  seedObject(bucket: string, key: string, bytes: Uint8Array | string): void;
  stop(): Promise<void>;
}

const CHILD = String.raw`
const http = require("node:http");
const S3rver = require("s3rver");
const { SignatureV4 } = require("@smithy/signature-v4");
const { HttpRequest } = require("@smithy/protocol-http");
const { Hash } = require("@smithy/hash-node");
const { timingSafeEqual } = require("node:crypto");
const KEY_ID = process.env.S3_KEY_ID, SECRET = process.env.S3_SECRET, REGION = process.env.S3_REGION;
const counts = { list: 0, listFolders: 0, get: 0, put: 0, other: 0, refused: 0 };
const faults = { fail: 0, status: 503, code: "SlowDown", drop: 0 };

function xmlError(res, status, code, message, extra = "") {
  res.writeHead(status, { "content-type": "application/xml" });
  res.end('<?xml version="1.0" encoding="UTF-8"?><Error><Code>' + code + "</Code><Message>" + message +
    "</Message>" + extra + "<RequestId>front</RequestId></Error>");
}

async function signatureProblem(req, url) {
  const auth = /^AWS4-HMAC-SHA256 Credential=([^/]+)\/(\d{8})\/([^/]+)\/s3\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/
    .exec(req.headers.authorization || "");
  if (!auth) return [403, "AccessDenied", "Access Denied"];
  const [, keyId, , region, signedHeaders, signature] = auth;
  if (keyId !== KEY_ID) return [403, "InvalidAccessKeyId", "The AWS Access Key Id you provided does not exist in our records."];
  if (region !== REGION)
    return [400, "AuthorizationHeaderMalformed", "The authorization header is malformed; the region '" + region +
      "' is wrong; expecting '" + REGION + "'", "<Region>" + REGION + "</Region>"];
  const headers = {};
  for (const name of signedHeaders.split(";")) headers[name] = String(req.headers[name] ?? "");
  const query = {};
  for (const name of new Set(url.searchParams.keys())) {
    const values = url.searchParams.getAll(name);
    query[name] = values.length === 1 ? values[0] : values;
  }
  const date = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(headers["x-amz-date"] || "");
  if (!date) return [403, "AccessDenied", "Missing x-amz-date"];
  const signingDate = new Date(Date.UTC(+date[1], +date[2] - 1, +date[3], +date[4], +date[5], +date[6]));
  const signer = new SignatureV4({ service: "s3", region, credentials: { accessKeyId: KEY_ID, secretAccessKey: SECRET },
    sha256: Hash.bind(null, "sha256"), uriEscapePath: false, applyChecksum: false });
  const request = new HttpRequest({ method: req.method, protocol: "http:", hostname: url.hostname,
    port: url.port ? Number(url.port) : undefined, path: url.pathname, query, headers });
  const signed = await signer.sign(request, { signingDate, signableHeaders: new Set(Object.keys(headers)) });
  const expected = /Signature=([0-9a-f]{64})/.exec(signed.headers.authorization)[1];
  if (!timingSafeEqual(Buffer.from(expected), Buffer.from(signature)))
    return [403, "SignatureDoesNotMatch", "The request signature we calculated does not match the signature you provided. Check your key and signing method."];
  return null;
}

function operation(req, url) {
  const [, bucket, ...key] = url.pathname.split("/");
  if (req.method === "GET" && bucket && key.join("/") === "" && url.searchParams.has("list-type"))
    return url.searchParams.get("delimiter") ? "listFolders" : "list";
  if (req.method === "GET" && key.join("/") !== "") return "get";
  if (req.method === "PUT" && key.join("/") !== "") return "put";
  return "other";
}

// s3rver's delimiter listings miss folders whose objects sit deeper than one level (it does not walk into them), so
// the front answers those itself from s3rver's store: <dir>/<bucket>/<folders>/<name>._S3rver_object.
const fs = require("node:fs");
const path = require("node:path");
const OBJECT = "._S3rver_object";
function holdsObject(dir) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true }))
    if (entry.isDirectory() ? holdsObject(path.join(dir, entry.name)) : entry.name.endsWith(OBJECT)) return true;
  return false;
}
const xmlText = (text) => text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
function folderListing(res, bucket, url) {
  const prefix = url.searchParams.get("prefix") || "";
  const token = url.searchParams.get("continuation-token");
  const after = token ? Buffer.from(token, "base64").toString() : url.searchParams.get("start-after") || "";
  const maxKeys = Math.min(1000, +(url.searchParams.get("max-keys") || 1000));
  const dir = path.join(process.env.S3_DIR, bucket, ...prefix.split("/").filter(Boolean));
  const entries = [];
  if (fs.existsSync(dir))
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory() && holdsObject(path.join(dir, entry.name))) entries.push({ folder: prefix + entry.name + "/" });
      else if (entry.isFile() && entry.name.endsWith(OBJECT)) {
        const key = prefix + entry.name.slice(0, -OBJECT.length);
        entries.push({ key, size: fs.statSync(path.join(dir, entry.name)).size });
      }
    }
  const sorted = entries.map((e) => ({ ...e, name: e.folder || e.key })).filter((e) => e.name > after)
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  const page = sorted.slice(0, maxKeys);
  const truncated = sorted.length > maxKeys;
  res.writeHead(200, { "content-type": "application/xml" });
  res.end('<?xml version="1.0" encoding="UTF-8"?><ListBucketResult><Name>' + bucket + "</Name><Prefix>" + xmlText(prefix) +
    "</Prefix><Delimiter>/</Delimiter><MaxKeys>" + maxKeys + "</MaxKeys><KeyCount>" + page.length + "</KeyCount><IsTruncated>" +
    truncated + "</IsTruncated>" + (truncated ? "<NextContinuationToken>" + Buffer.from(page.at(-1).name).toString("base64") +
    "</NextContinuationToken>" : "") + page.filter((e) => e.key).map((e) => "<Contents><Key>" + xmlText(e.key) +
    "</Key><Size>" + e.size + "</Size><StorageClass>STANDARD</StorageClass></Contents>").join("") +
    page.filter((e) => e.folder).map((e) => "<CommonPrefixes><Prefix>" + xmlText(e.folder) + "</Prefix></CommonPrefixes>").join("") +
    "</ListBucketResult>");
}

const server = new S3rver({ address: "127.0.0.1", port: 0, silent: true, directory: process.env.S3_DIR,
  configureBuckets: (process.env.S3_BUCKETS || "").split(",").filter(Boolean).map((name) => ({ name, configs: [] })) });
server.run().then((back) => {
  const front = http.createServer((req, res) => {
    const url = new URL(req.url, "http://" + (req.headers.host || "127.0.0.1"));
    if (url.pathname.startsWith("/__control/")) {
      const what = url.pathname.slice("/__control/".length);
      if (what === "fail") Object.assign(faults, { fail: +url.searchParams.get("count"),
        status: +(url.searchParams.get("status") || 503), code: url.searchParams.get("code") || "SlowDown" });
      if (what === "drop") faults.drop = +url.searchParams.get("count");
      if (what === "reset") for (const name of Object.keys(counts)) counts[name] = 0;
      res.writeHead(200, { "content-type": "application/json" });
      return res.end(JSON.stringify(counts));
    }
    if (faults.drop > 0) {
      faults.drop--;
      return req.socket.destroy();
    }
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", async () => {
      const body = Buffer.concat(chunks);
      const problem = await signatureProblem(req, url).catch((error) => [403, "AccessDenied", String(error)]);
      if (problem) {
        counts.refused++;
        return xmlError(res, ...problem);
      }
      counts[operation(req, url)]++;
      if (faults.fail > 0) {
        faults.fail--;
        return xmlError(res, faults.status, faults.code, "Please reduce your request rate.");
      }
      const op = operation(req, url);
      const bucket = url.pathname.split("/")[1];
      if (op === "listFolders" && url.searchParams.get("delimiter") === "/" && fs.existsSync(path.join(process.env.S3_DIR, bucket)))
        return folderListing(res, bucket, url);
      const forward = http.request({ host: "127.0.0.1", port: back.port, method: req.method, path: req.url,
        headers: { ...req.headers, "content-length": String(body.length) } }, (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
      });
      forward.on("error", (error) => xmlError(res, 500, "InternalError", String(error)));
      forward.end(body);
    });
  });
  front.keepAliveTimeout = 1000;
  front.listen(0, "127.0.0.1", () => console.log("LISTENING " + front.address().port));
}, (error) => { console.error(error); process.exit(1); });
`;

/** Starts s3rver behind a signature-checking front on a free loopback port, with the named buckets empty. */
export async function startS3Server(buckets: string[] = [], options: { region?: string } = {}): Promise<S3Server> {
  const region = options.region ?? "us-east-1";
  const directory = mkdtempSync(path.join(tmpdir(), "keytrail-s3-"));
  const child: ChildProcess = spawn(process.execPath, ["-e", CHILD], {
    env: {
      ...process.env,
      NODE_OPTIONS: "--openssl-legacy-provider",
      S3_DIR: directory,
      S3_BUCKETS: buckets.join(","),
      S3_KEY_ID: S3RVER_ACCESS_KEY_ID,
      S3_SECRET: S3RVER_SECRET_ACCESS_KEY,
      S3_REGION: region,
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
  const endpoint = `http://127.0.0.1:${port}`;
  const control = async (what: string, query: Record<string, string | number> = {}) => {
    const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)]));
    const answer = await fetch(`${endpoint}/__control/${what}?${search}`, { method: "POST" });
    return (await answer.json()) as S3RequestCounts;
  };
  return {
    endpoint,
    region,
    accessKeyId: S3RVER_ACCESS_KEY_ID,
    secretAccessKey: S3RVER_SECRET_ACCESS_KEY,
    directory,
    failNext: async (count, status = 503, code = "SlowDown") => void (await control("fail", { count, status, code })),
    dropNext: async (count) => void (await control("drop", { count })),
    counts: () => control("counts"),
    resetCounts: async () => void (await control("reset")),
    // s3rver's filesystem store: <dir>/<bucket>/<folders>/<name>._S3rver_object (metadata and MD5 made on read).
    seedObject: (bucket, key, bytes) => {
      const parts = key.split("/");
      const folder = path.join(directory, bucket, ...parts.slice(0, -1));
      mkdirSync(folder, { recursive: true });
      writeFileSync(path.join(folder, `${parts.at(-1)}._S3rver_object`), bytes);
    },
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
