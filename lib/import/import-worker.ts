// The import's reader on a thread of its own (started by import-worker-client.ts): reads, splits, parses and
// normalises the files while the main thread stores the previous batch. Items go to the main thread in order;
// after each batch it waits for a credit, so at most CREDITS batches are in flight and memory stays bounded.
// No top-level await: the client bundles this file to a CommonJS script for the thread.
import { parentPort, workerData } from "node:worker_threads";
import { importItems } from "./import-items";

export const CREDITS = 2;

async function readAll(port: NonNullable<typeof parentPort>) {
  const { paths, batchSize, maxBatchSize } = workerData as { paths: string[]; batchSize: number; maxBatchSize: number };
  let credits = CREDITS;
  let waiting: (() => void) | null = null;
  port.on("message", () => {
    credits++;
    waiting?.();
    waiting = null;
  });
  try {
    for await (const item of importItems(paths, batchSize, maxBatchSize)) {
      if (item.kind === "batch") {
        while (credits === 0) await new Promise<void>((resolve) => (waiting = resolve));
        credits--;
      }
      port.postMessage(item);
    }
    port.postMessage({ kind: "end" });
  } catch (error) {
    port.postMessage({ kind: "error", message: error instanceof Error ? error.message : String(error) });
  }
}

if (parentPort) void readAll(parentPort);
