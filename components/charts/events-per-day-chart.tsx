"use client";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";

export interface DailyPoint {
  day: string;
  reads: number;
  writes: number;
}

export function EventsPerDayChart({ data }: { data: DailyPoint[] }) {
  if (data.length === 0) return <p className="empty">No events in the last 30 days.</p>;
  return (
    <figure className="chart" aria-label="Events per day, last 30 days, reads and writes">
      <ResponsiveContainer width="100%" height={240}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} fontSize={12} />
          <YAxis fontSize={12} width={48} />
          <Tooltip />
          <Legend />
          <Bar dataKey="reads" name="Reads" stackId="rw" fill="#60a5fa" isAnimationActive={false} />
          <Bar dataKey="writes" name="Writes" stackId="rw" fill="#1d4ed8" isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
