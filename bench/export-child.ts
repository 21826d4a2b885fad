// Run by the export benchmark in a process of its own, so its memory is the export's alone:
// `node --import tsx bench/export-child.ts <database url>` prints an ExportRun as JSON. The connection is opened
// and a first query run before measuring, as in the console, where both are long done when an export starts.
import { createDatabase } from "@/lib/db/client";
import { measureCsvExport } from "./export-workload";

const [url] = process.argv.slice(2);
const database = createDatabase(url);
await database.db.event.findFirst({ select: { eventId: true } });
const run = await measureCsvExport(database);
await database.db.$disconnect();
console.log(JSON.stringify(run));
