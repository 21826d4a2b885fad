// CSV export of every event of the large database (the explorer's export stream, 180 days): rows/s and the
// growth of the process's resident memory while it streams (sampled every 20 ms), which must stay flat. Each run
// is a child process of its own (./export-child.ts) with a capped heap, as the import's: its memory is the export's
// alone, not whatever the benchmark's own process still holds from the workloads before it.
import { spawnSync } from "node:child_process";
import path from "node:path";
import type { Database } from "@/lib/db/client";
import { parseEventFilter } from "@/lib/domain/event-filter";
import { exportEventsStream } from "@/lib/export/export-events";

export interface ExportRun {
  rows: number;
  bytes: number;
  rowsPerSecond: number;
  rssGrowthMb: number;
}

export const EXPORT_HEAP_MB = 128;

export async function measureCsvExport(database: Database): Promise<ExportRun> {
  const parsed = parseEventFilter(new URLSearchParams({ range: "180d" }), { now: new Date() });
  if (!parsed.ok) throw new Error(parsed.message);
  let rows = 0;
  const stream = exportEventsStream(database, parsed.value, null, "csv", async (n) => {
    rows = n;
  });
  const startRss = process.memoryUsage().rss;
  let peakRss = startRss;
  const sampler = setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage().rss)), 20);
  const started = performance.now();
  let bytes = 0;
  const reader = stream.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.byteLength;
  }
  const ms = performance.now() - started;
  clearInterval(sampler);
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
  return { rows, bytes, rowsPerSecond: rows / (ms / 1000), rssGrowthMb: (peakRss - startRss) / 1024 / 1024 };
}

/** One export of the database at `url`, in a child process with an EXPORT_HEAP_MB heap. */
export function runCsvExport(url: string): ExportRun {
  const child = spawnSync(
    process.execPath,
    [`--max-old-space-size=${EXPORT_HEAP_MB}`, "--import", "tsx", path.resolve("bench/export-child.ts"), url],
    {
      encoding: "utf8",
      env: process.env,
    },
  );
  if (child.status !== 0) throw new Error(`export child failed: ${child.stderr}`);
  return JSON.parse(child.stdout.trim().split("\n").pop()!) as ExportRun;
}
