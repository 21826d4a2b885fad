// Copies the SQLite write-ahead log back into the database file from a thread of its own, so the ingest path's
// commits only append to the log. Run by the committing connection, a checkpoint stopped ingest for a fifth of its
// time; a PASSIVE checkpoint from another connection runs beside writers and readers and never blocks them (it
// copies what no reader still needs and tries again next time). The ingest connection keeps a large automatic
// checkpoint as a backstop should this thread not keep up or stop.
import path from "node:path";
import { Worker } from "node:worker_threads";

/** How often the thread checkpoints. */
export const CHECKPOINT_EVERY_MS = 250;
/** The ingest connection's own automatic checkpoint while the thread runs: 256 MB of log at 4 KB pages. */
export const BACKSTOP_CHECKPOINT_PAGES = 65_536;

// Plain CommonJS for an eval'd thread: better-sqlite3 is loaded from the project's node_modules by path, which
// works the same under tsx, the scripts and `next start` (the console's bundles keep it external).
const THREAD = `
const { statSync } = require("node:fs");
const { workerData } = require("node:worker_threads");
const Sqlite = require(workerData.driver);
const inode = (file) => { try { return statSync(file).ino; } catch { return null; } };
const connection = new Sqlite(workerData.file, { timeout: 0 });
const opened = inode(workerData.file);
const timer = setInterval(() => {
  // The file was deleted or replaced (tests and benchmarks recreate theirs): this thread's work is done.
  if (inode(workerData.file) !== opened) {
    clearInterval(timer);
    connection.close();
    return;
  }
  try {
    connection.pragma("wal_checkpoint(PASSIVE)");
  } catch {
    // Busy, read-only, full or gone: the next round tries again, and the backstop still holds.
  }
}, workerData.everyMs);
`;

/** Starts the checkpoint thread for the SQLite file: true if it started (the caller then moves its own automatic
 *  checkpoint to the backstop at once: a busy ingest loop may not read the thread's messages for a while).
 *  `onStopped` runs if the thread fails or ends (back to checkpointing by itself). It does not keep the process
 *  alive. */
export function startCheckpointer(file: string, onStopped: () => void): boolean {
  let worker: Worker;
  try {
    const driver = path.resolve(/*turbopackIgnore: true*/ "node_modules/better-sqlite3");
    worker = new Worker(THREAD, { eval: true, workerData: { file, driver, everyMs: CHECKPOINT_EVERY_MS } });
  } catch {
    return false;
  }
  worker.on("error", onStopped);
  worker.on("exit", onStopped);
  worker.unref();
  return true;
}
