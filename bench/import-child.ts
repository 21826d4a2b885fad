// Run by the import benchmark in a process of its own, so its peak memory is the import's alone:
// `node --import tsx bench/import-child.ts <database url> <file>` prints { events, ms, maxRssMb } as JSON.
import { createDatabase } from "@/lib/db/client";
import { importFiles } from "@/lib/import/import-files";

const [url, file] = process.argv.slice(2);
const database = createDatabase(url);
const started = performance.now();
const summary = await importFiles(database, [file], { readInWorker: true });
const ms = performance.now() - started;
await database.db.$disconnect();
console.log(
  JSON.stringify({
    events: summary.imported,
    rejected: summary.rejected,
    ms,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
