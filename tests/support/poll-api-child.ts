// Runs one live poll of a stored API connection in a process of its own, so a test can kill it with SIGKILL at
// any moment: `node --import tsx tests/support/poll-api-child.ts <connectionId> <now ISO>`. Prints the report.
import { pollApi } from "@/lib/connections/api/poll-api";
import { loadConnection } from "@/lib/connections/load-connection";
import { createDatabase } from "@/lib/db/client";

async function main() {
  const [id, now] = process.argv.slice(2);
  const database = createDatabase();
  const connection = await loadConnection(database, Number(id));
  if (!connection) throw new Error(`no connection ${id}`);
  const report = await pollApi(database, connection as Parameters<typeof pollApi>[1], "live", { now: new Date(now) });
  console.log(JSON.stringify(report));
  await database.db.$disconnect();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(1);
});
