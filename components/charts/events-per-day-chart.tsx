"use client";
// Events per UTC day: reads and writes stacked (their sum is the day's events), failed drawn as a line over them,
// since a failed call is also a read or a write. Days where the source did not say read or write are stacked as
// "Read/write unknown" only when there are any.
import { Bar, CartesianGrid, ComposedChart, Legend, Line, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface DailyPoint {
  day: string;
  reads: number;
  writes: number;
  unknown: number;
  failed: number;
}

export const SERIES_NAMES = {
  reads: "Reads",
  writes: "Writes",
  unknown: "Read/write unknown",
  failed: "Failed (included in the bars)",
} as const;

/** Legend and tooltip order: the bars bottom-up, then the line (Recharts sorts by label otherwise). */
const SERIES_ORDER: string[] = ["reads", "writes", "unknown", "failed"];
const bySeries = (item: { dataKey?: unknown }) => SERIES_ORDER.indexOf(String(item.dataKey));

export function EventsPerDayChart({ data }: { data: DailyPoint[] }) {
  if (data.every((d) => d.reads + d.writes + d.unknown === 0))
    return <p className="empty">No events in the last 30 days.</p>;
  const withUnknown = data.some((d) => d.unknown > 0);
  return (
    <figure className="chart" aria-label="Events per day, last 30 UTC days: reads and writes stacked, failed as a line">
      <ResponsiveContainer width="100%" height={260}>
        <ComposedChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} fontSize={12} />
          <YAxis fontSize={12} width={56} allowDecimals={false} />
          <Tooltip itemSorter={bySeries} />
          <Legend itemSorter={bySeries} />
          <Bar dataKey="reads" name={SERIES_NAMES.reads} stackId="rw" fill="#60a5fa" isAnimationActive={false} />
          <Bar dataKey="writes" name={SERIES_NAMES.writes} stackId="rw" fill="#1d4ed8" isAnimationActive={false} />
          {withUnknown && (
            <Bar dataKey="unknown" name={SERIES_NAMES.unknown} stackId="rw" fill="#94a3b8" isAnimationActive={false} />
          )}
          <Line
            dataKey="failed"
            name={SERIES_NAMES.failed}
            type="monotone"
            stroke="#dc2626"
            strokeWidth={2}
            dot={{ r: 2 }}
            isAnimationActive={false}
          />
        </ComposedChart>
      </ResponsiveContainer>
      <figcaption className="muted" style={{ fontSize: "0.85rem", marginTop: 6 }}>
        UTC days, today last. Bars: every event, split into reads and writes. Line: events that failed (had an error
        code), which the bars already count.
      </figcaption>
    </figure>
  );
}
