// `npm run import -- <file-or-folder>...`: import CloudTrail, ActionTrail, CloudAudit and Keytrail JSON Lines
// files (.json, .json.gz, .jsonl, .jsonl.gz, .ndjson; folders recursively, S3 delivery trees included).
// Exit code: 0 when nothing was rejected, 1 when some records were rejected (or the import failed), 2 for usage errors.
import { existsSync } from "node:fs";
import { createDatabase } from "@/lib/db/client";
import { databaseUrl } from "@/lib/db/database-url";
import { migrateDatabase } from "@/lib/db/migrate";
import { importFiles } from "@/lib/import/import-files";
import { summaryLines } from "@/lib/import/summary-line";

const USAGE = "Usage: npm run import -- <file-or-folder>...";

const args = process.argv.slice(2).filter((a) => a !== "--");
if (args.length === 0 || args.includes("--help") || args.includes("-h")) {
  console.error(USAGE);
  process.exit(2);
}
const missing = args.filter((a) => !existsSync(a));
if (missing.length > 0) {
  for (const m of missing) console.error(`Not found: ${m}`);
  console.error(USAGE);
  process.exit(2);
}

const url = databaseUrl();
await migrateDatabase(url, { quiet: true });
const database = createDatabase(url);
const live = process.stderr.isTTY;
try {
  const summary = await importFiles(database, args, {
    readInWorker: true,
    onProgress: (p) => {
      if (live)
        process.stderr.write(`\r${p.filesDone}/${p.filesTotal} files, ${p.imported} new, ${p.rejected} rejected `);
    },
  });
  if (live) process.stderr.write("\r\x1b[K");
  for (const line of summaryLines(summary)) console.log(line);
  process.exitCode = summary.rejected > 0 ? 1 : 0;
} catch (error) {
  // Batches already stored stay; importing again is safe (events are idempotent on eventId).
  console.error(`Import failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
} finally {
  await database.db.$disconnect();
}
