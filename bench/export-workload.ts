// CSV export of every event of the large database (the explorer's export stream, 180 days): rows/s and the
// growth of the process's resident memory while it streams (sampled every 20 ms), which must stay flat.
import type { Database } from "@/lib/db/client";
import { parseEventFilter } from "@/lib/domain/event-filter";
import { exportEventsStream } from "@/lib/export/export-events";

export interface ExportRun {
  rows: number;
  bytes: number;
  rowsPerSecond: number;
  rssGrowthMb: number;
}

export async function measureCsvExport(database: Database): Promise<ExportRun> {
  const parsed = parseEventFilter(new URLSearchParams({ range: "180d" }), { now: new Date() });
  if (!parsed.ok) throw new Error(parsed.message);
  let rows = 0;
  const stream = exportEventsStream(database, parsed.filter, null, "csv", async (n) => {
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
