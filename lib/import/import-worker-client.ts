// The main thread's side of the import reader thread (import-worker.ts): the same items as importItems, in
// order, while the reading runs on another core. The reader is TypeScript, bundled once per process by esbuild into
// one CommonJS script for the thread, so this is for the command line and the benchmark (run from the repository);
// the console's upload imports in its own thread.
import path from "node:path";
import { Worker } from "node:worker_threads";
import type { ImportItem } from "./import-items";

type Message = ImportItem | { kind: "end" } | { kind: "error"; message: string };

let readerScript: Promise<string> | null = null;

/** The reader and everything it imports as one script, built once: a thread that registered tsx and compiled
 *  each module itself started several times slower, a fixed cost that showed on small files (docs/performance.md). */
function bundledReader(): Promise<string> {
  readerScript ??= import("esbuild").then(async ({ build }) => {
    const result = await build({
      entryPoints: [path.resolve(/*turbopackIgnore: true*/ "lib/import/import-worker.ts")],
      bundle: true,
      write: false,
      platform: "node",
      format: "cjs",
      target: "node20",
      logLevel: "silent",
    });
    return result.outputFiles[0].text;
  });
  return readerScript;
}

export async function* importItemsFromWorker(
  paths: string[],
  batchSize: number,
  maxBatchSize = batchSize,
): AsyncGenerator<ImportItem> {
  const worker = new Worker(await bundledReader(), { eval: true, workerData: { paths, batchSize, maxBatchSize } });
  const queue: Message[] = [];
  let wake: (() => void) | null = null;
  const arrive = (message: Message) => {
    queue.push(message);
    wake?.();
    wake = null;
  };
  worker.on("message", arrive);
  worker.on("error", (error) => arrive({ kind: "error", message: error.message }));
  worker.on(
    "exit",
    (code) => code !== 0 && arrive({ kind: "error", message: `the import reader stopped (exit code ${code})` }),
  );
  try {
    for (;;) {
      while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
      const message = queue.shift()!;
      if (message.kind === "end") return;
      if (message.kind === "error") throw new Error(message.message);
      yield message;
      // The batch was stored (the consumer asked for the next item): the reader may send another.
      if (message.kind === "batch") worker.postMessage("credit");
    }
  } finally {
    await worker.terminate();
  }
}
