// `npm run connections` as an operator runs it, against the test database: add and status with --json (the API's
// shape), refusals with exit code 1 and usage errors with 2, every change an event by keytrail-cli, and no secret
// printed except the push secret once. Then two `work` processes (two console servers' runners) on one database:
// each run on one of them at a time, and both stop cleanly, giving their leases back.
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createConnection } from "@/lib/connections/manage-connections";
import { openTestDatabase, resetDatabase } from "./test-database";

const database = openTestDatabase();
const { db } = database;
// One process (no tsx wrapper in between), so a SIGTERM reaches the script itself, as on a server.
const COMMAND = ["--import", "tsx", path.resolve("scripts/connections.ts")];
const CLOUD_SECRET = "cli-cloud-secret-NEVER-PRINTED-0123456789";
const env = { ...process.env, KEYTRAIL_ALLOW_PRIVATE_WEBHOOKS: "1", KEYTRAIL_CONNECTION_TICK_MS: "100" };

function cli(...args: string[]) {
  const result = spawnSync(process.execPath, [...COMMAND, ...args], { env, encoding: "utf8", timeout: 120_000 });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const bucket = {
  kind: "bucket",
  name: "prod-trail",
  layout: "aws-cloudtrail",
  endpoint: "http://no-such-host.invalid",
  region: "us-east-1",
  bucket: "my-trail",
  prefix: "",
  accessKeyId: "AKIAIOSFODNN7EXAMPLE",
  secretAccessKey: CLOUD_SECRET,
  pathStyle: true,
  pollSeconds: 5,
};

beforeAll(async () => {
  await resetDatabase(database);
  await db.account.create({ data: { accountId: "666666666666", name: "CLI Org" } });
});

afterAll(async () => {
  await resetDatabase(database);
  await db.$disconnect();
});

describe("npm run connections", () => {
  const printed: string[] = [];

  it("adds, shows status as JSON, and refuses with exit codes 1 and 2", async () => {
    // The bucket is added by the service (what `add` calls) to keep the spawned commands few.
    expect(await createConnection(database, bucket)).toMatchObject({ ok: true });
    const push = cli("add", "--json", JSON.stringify({ kind: "push", name: "bus", envelope: "eventbridge" }), "--json");
    printed.push(push.stdout, push.stderr);
    expect(push.status, push.stderr).toBe(0);
    const pushed = JSON.parse(push.stdout);
    expect(pushed.push).toMatchObject({ header: "X-Keytrail-Secret", secret: expect.stringMatching(/^[\w-]{43}$/) });

    const status = cli("status", "prod-trail", "--json");
    printed.push(status.stdout, status.stderr);
    expect(status.status, status.stderr).toBe(0);
    expect(JSON.parse(status.stdout)).toMatchObject({
      name: "prod-trail",
      state: "running",
      lastSuccessAt: null,
      eventsImported: 0,
      duplicates: 0,
      rejected: 0,
      objectsRead: 0,
      waiting: 0,
      lagSeconds: null,
    });

    const refused = cli("backfill", "bus", "--from", "2026-11-01");
    printed.push(refused.stdout, refused.stderr);
    expect(refused.status).toBe(1);
    expect(refused.stderr).toMatch(/A push receiver has nothing to backfill/);

    const usage = cli("backfill", "prod-trail");
    expect(usage.status).toBe(2);
    expect(usage.stderr).toMatch(/give --from DATE/);

    const everything = printed.join("\n");
    expect(everything).not.toContain(CLOUD_SECRET);
    expect(everything.split(pushed.push.secret)).toHaveLength(2); // in the add's own answer, once
  });

  it("records each change as an event by keytrail-cli, without the secret", async () => {
    const events = await db.event.findMany({ where: { service: "keytrail" }, orderBy: { eventTime: "asc" } });
    expect(events.map((e) => [e.eventName, e.userName, e.errorCode])).toEqual([
      ["CreateConnection", "keytrail-cli", null],
      ["StartConnectionBackfill", "keytrail-cli", "InvalidParameter"],
    ]);
    expect(JSON.stringify(events)).not.toContain(CLOUD_SECRET);
  });

  it("runs each connection on one of two `work` processes at a time, and both stop cleanly", async () => {
    const workers = [0, 1].map(() =>
      spawn(process.execPath, [...COMMAND, "work"], { env, stdio: ["ignore", "pipe", "pipe"] }),
    );
    const exits = workers.map((worker) => new Promise<number | null>((resolve) => worker.on("exit", resolve)));
    const output = workers.map((worker) => {
      const lines: string[] = [];
      worker.stdout!.on("data", (chunk: Buffer) => lines.push(chunk.toString()));
      worker.stderr!.on("data", (chunk: Buffer) => lines.push(chunk.toString()));
      return lines;
    });
    const id = (await db.connection.findUniqueOrThrow({ where: { name: "prod-trail" } })).id;
    // Unreachable is retried after 5 s: wait for two runs.
    const deadline = Date.now() + 60_000;
    const running = () => workers.every((worker) => worker.exitCode === null);
    while ((await db.connectionRun.count({ where: { connectionId: id } })) < 2 && Date.now() < deadline && running())
      await new Promise((resolve) => setTimeout(resolve, 200));
    expect(running(), output.join("\n")).toBe(true);
    for (const worker of workers) worker.kill("SIGTERM");
    expect(await Promise.all(exits)).toEqual([0, 0]);

    const runs = await db.connectionRun.findMany({ where: { connectionId: id }, orderBy: { id: "asc" } });
    expect(runs.length).toBeGreaterThanOrEqual(2);
    for (let i = 1; i < runs.length; i++)
      expect(runs[i].startedAt.getTime()).toBeGreaterThanOrEqual(runs[i - 1].finishedAt!.getTime());
    expect(runs.every((run) => run.error?.startsWith("no-such-host.invalid: the name does not resolve"))).toBe(true);
    expect((await db.connection.findUniqueOrThrow({ where: { id } })).leaseOwner).toBeNull();
    // One failing message per administrator (there are none here), and one log line per server at most.
    const logs = output.join("\n");
    expect(logs).toMatch(/running connections as server-/);
    expect(logs).not.toContain(CLOUD_SECRET);
    expect(logs.match(/is failing/g)?.length ?? 0).toBeLessThanOrEqual(2);
  });
});
