// The main thread's side of the import reader thread (import-worker.ts): the same items as importItems, in
// order, while the reading runs on another core. The worker is a TypeScript file run under tsx, so this is for
// the command line and the benchmark; the console's upload imports in its own thread.
import path from "node:path";
import { pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import type { ImportItem } from "./import-items";

type Message = ImportItem | { kind: "end" } | { kind: "error"; message: string };

export async function* importItemsFromWorker(paths: string[], batchSize: number, maxBatchSize = batchSize): AsyncGenerator<ImportItem> {
  // A worker does not inherit the parent's --import loader: it registers tsx itself, then loads the reader.
  const entry = pathToFileURL(path.resolve(/*turbopackIgnore: true*/ "lib/import/import-worker.ts")).href;
  const tsx = pathToFileURL(path.resolve(/*turbopackIgnore: true*/ "node_modules/tsx/dist/esm/api/index.mjs")).href;
  const worker = new Worker(`import(${JSON.stringify(tsx)}).then(({ register }) => { register(); return import(${JSON.stringify(entry)}); });`, {
    eval: true,
    workerData: { paths, batchSize, maxBatchSize },
  });
  const queue: Message[] = [];
  let wake: (() => void) | null = null;
  const arrive = (message: Message) => {
    queue.push(message);
    wake?.();
    wake = null;
  };
  worker.on("message", arrive);
  worker.on("error", (error) => arrive({ kind: "error", message: error.message }));
  worker.on("exit", (code) => code !== 0 && arrive({ kind: "error", message: `the import reader stopped (exit code ${code})` }));
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
