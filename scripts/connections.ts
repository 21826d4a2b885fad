// `npm run connections -- <command>`: manage the connections to the clouds from the command line, with the same
// JSON shape as the API (README.md, "Connecting your clouds"). Every change is recorded as an event by
// "keytrail-cli". `work` runs the connections headless until stopped, as a console server does.
// Exit codes: 0 done, 1 refused (bad input, no such connection), 2 usage.
import { readFileSync } from "node:fs";
import { parseArgs } from "node:util";
import type { ConnectionCommand } from "@/lib/connections/connection-commands";
import type { ConnectionView } from "@/lib/connections/manage-connections";
import type { Database } from "@/lib/db/client";

const USAGE = `Usage: npm run connections -- <command> [--json]
  add --json '{"kind":"bucket","name":"prod-trail",...}' | add --file connection.json
  edit NAME --json '{...}' | edit NAME --file connection.json   (a missing secret keeps the stored one)
  list
  status NAME
  pause NAME | resume NAME
  backfill NAME --from 2026-11-01
  rotate-secret NAME                                       (push receivers: a new secret, shown once)
  remove NAME
  work                                                     (run the connections until stopped)
--json answers in JSON (the API's shape); with add and edit it takes the connection's JSON.`;

function usage(problem?: string): never {
  if (problem) console.error(problem);
  console.error(USAGE);
  process.exit(2);
}

// `--json '{...}'` gives add and edit the connection's JSON; a bare --json asks for a JSON answer.
const argv = process.argv.slice(2);
const jsonAt = argv.indexOf("--json");
const jsonInput =
  jsonAt >= 0 && argv[jsonAt + 1] !== undefined && /^\s*[{[]/.test(argv[jsonAt + 1]) ? argv[jsonAt + 1] : undefined;
// The --json that carries the connection is not a request for a JSON answer: a second --json is.
if (jsonInput !== undefined) argv.splice(jsonAt, 2);
function readArgs() {
  try {
    return parseArgs({
      args: argv,
      options: {
        json: { type: "boolean" },
        file: { type: "string" },
        from: { type: "string" },
        help: { type: "boolean" },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    usage((error as Error).message);
  }
}
const { values, positionals } = readArgs();
if (values.help) usage();
const [command, name, ...extra] = positionals;
if (!command) usage();
if (extra.length) usage(`Unexpected arguments: ${extra.join(" ")}`);
const asJson = Boolean(values.json);
const NEEDS_NAME = ["edit", "status", "pause", "resume", "backfill", "rotate-secret", "remove"];
const KNOWN = ["add", "list", "work", ...NEEDS_NAME];
if (!KNOWN.includes(command)) usage(`Unknown command: ${command}`);
if (NEEDS_NAME.includes(command) && !name) usage(`${command}: give the connection's NAME`);
if (!NEEDS_NAME.includes(command) && name) usage(`${command} takes no NAME`);

function connectionInput(): unknown {
  if (jsonInput === undefined && !values.file) usage(`${command}: give the connection as --json '{...}' or --file F`);
  let text: string;
  try {
    text = jsonInput ?? readFileSync(values.file!, "utf8");
  } catch (error) {
    usage(`--file: cannot read ${values.file}: ${(error as NodeJS.ErrnoException).code ?? "unreadable"}`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    usage(`The connection is not valid JSON: ${(error as Error).message}`);
  }
}

const when = (iso: string | null) => (iso ? iso.replace("T", " ").replace(/\.\d+Z$/, "Z") : "never");
const lag = (seconds: number | null) =>
  seconds === null
    ? "no events yet"
    : seconds < 120
      ? `${seconds} s`
      : seconds < 7200
        ? `${Math.round(seconds / 60)} min`
        : `${Math.round(seconds / 3600)} h`;

function statusLines(view: ConnectionView): string[] {
  const lines = [
    `${view.name} (${view.kind}): ${view.state}`,
    ...(view.lastError ? [`  error: ${view.lastErrorKind}: ${view.lastError} (since ${when(view.failingSince)})`] : []),
    `  last success: ${when(view.lastSuccessAt)}   last run: ${when(view.lastRunAt)}`,
    `  events: ${view.eventsToday} today, ${view.eventsImported} in total; ${view.duplicates} duplicates, ${view.rejected} rejected`,
    view.kind === "push"
      ? `  deliveries refused: ${view.pushRefused}`
      : `  ${view.kind === "bucket" ? `objects read: ${view.objectsRead}` : `pages read: ${view.pagesRead}`}, waiting: ${view.waiting}`,
    `  lag: ${lag(view.lagSeconds)}`,
  ];
  if (view.push) lines.push(`  push URL: ${view.push.url} (secret in header ${view.push.header})`);
  if (view.backfill)
    lines.push(
      `  backfill from ${view.backfill.from.slice(0, 10)}: ${view.backfill.state}, ${view.backfill.done} of ${view.backfill.found} done${view.backfill.error ? `: ${view.backfill.error}` : ""}`,
    );
  for (const run of view.runs.slice(0, 5))
    lines.push(
      `  run ${when(run.startedAt)} ${run.mode}: ${run.ok ? "ok" : `failed: ${run.error}`}, ${run.imported} imported`,
    );
  for (const problem of view.problems.slice(0, 5)) lines.push(`  problem: ${problem.source}: ${problem.reason}`);
  return lines;
}

async function work(database: Database): Promise<void> {
  const { startConnectionSchedule } = await import("@/lib/connections/connection-schedule");
  const { serverId } = await import("@/lib/connections/lease");
  const schedule = startConnectionSchedule({ database });
  console.log(`Keytrail: running connections as ${serverId()} until stopped (Ctrl-C).`);
  // The schedule's timer does not hold a process open (a console server has its HTTP server for that): this does.
  const keepAlive = setInterval(() => undefined, 3_600_000);
  await new Promise<void>((resolve) => {
    const stop = () => {
      clearInterval(keepAlive);
      void schedule.stop().then(resolve);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
}

// The arguments are checked before the database is opened (and before the modules that open it are loaded).
const change: ConnectionCommand | null =
  command === "add"
    ? { op: "add", input: connectionInput() }
    : command === "edit"
      ? { op: "update", name, input: connectionInput() }
      : command === "backfill"
        ? values.from
          ? { op: "backfill", name, from: values.from }
          : usage("backfill: give --from DATE, such as --from 2026-11-01")
        : command === "rotate-secret"
          ? { op: "rotateSecret", name }
          : command === "pause" || command === "resume" || command === "remove"
            ? { op: command, name }
            : null;

const { databaseUrl } = await import("@/lib/db/database-url");
const { migrateDatabase } = await import("@/lib/db/migrate");
const { createDatabase } = await import("@/lib/db/client");
const manage = await import("@/lib/connections/manage-connections");
const url = databaseUrl();
await migrateDatabase(url, { quiet: true });
const database = createDatabase(url);
try {
  if (command === "work") await work(database);
  else if (command === "list") {
    const views = await manage.listConnections(database);
    if (asJson) console.log(JSON.stringify(views, null, 2));
    else if (views.length === 0)
      console.log("No connections yet: add one with npm run connections -- add --json '{...}'");
    else
      for (const view of views)
        console.log(`${statusLines(view)[0]} (lag ${lag(view.lagSeconds)}, last success ${when(view.lastSuccessAt)})`);
  } else if (command === "status") {
    const found = await manage.findConnectionByName(database, name);
    const view = found && (await manage.connectionStatus(database, found.id));
    if (!view) {
      if (asJson) console.log(JSON.stringify({ error: `No connection named "${name}"` }));
      else console.error(`No connection named "${name}"`);
      process.exitCode = 1;
    } else if (asJson) console.log(JSON.stringify(view, null, 2));
    else console.log(statusLines(view).join("\n"));
  } else if (change) {
    const { commandLineAuditor } = await import("@/lib/connections/connection-audit");
    const { runConnectionCommand } = await import("@/lib/connections/connection-commands");
    const answer = await runConnectionCommand(database, await commandLineAuditor(database, command), change);
    if (!answer.ok) {
      if (asJson)
        console.log(
          JSON.stringify({ error: answer.error, ...(answer.parameter ? { parameter: answer.parameter } : {}) }),
        );
      else console.error(answer.error);
      process.exitCode = 1;
    } else if (asJson) console.log(JSON.stringify(answer.body, null, 2));
    else console.log(humanAnswer(change, answer.body));
  }
} finally {
  await database.db.$disconnect();
}

function humanAnswer(change: ConnectionCommand, body: Record<string, unknown>): string {
  const push = body.push as { url?: string; header?: string; secret?: string } | null | undefined;
  switch (change.op) {
    case "add":
      return push?.secret
        ? [
            `Added push receiver ${String(body.name)}. Point the event bus at:`,
            `  URL:    ${push.url}`,
            `  header: ${push.header}: ${push.secret}`,
            "The secret is shown this once: keep it now (rotate-secret makes a new one).",
          ].join("\n")
        : `Added ${String(body.kind)} connection ${String(body.name)}: it runs within seconds on a console server (or npm run connections -- work).`;
    case "rotateSecret":
      return [
        `New secret for ${String(body.name)} (the old one is refused from now on):`,
        `  header: ${String(body.header)}: ${String(body.secret)}`,
        `  URL (unchanged): ${String(body.url)}`,
      ].join("\n");
    case "remove":
      return `Removed ${String(body.name)}; the events it imported stay.`;
    case "backfill":
      return `Backfill of ${String(body.name)} started from ${(body.backfill as { from: string }).from}.`;
    default:
      return statusLines(body as unknown as ConnectionView).join("\n");
  }
}
