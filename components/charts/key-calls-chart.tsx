"use client";
// Calls per UTC day in the audit window, stacked by service.
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { KeyCallsPoint } from "@/lib/domain/key-calls-series";

const PALETTE = [
  "#1d4ed8",
  "#60a5fa",
  "#0f766e",
  "#f59e0b",
  "#a855f7",
  "#ef4444",
  "#84cc16",
  "#ec4899",
  "#64748b",
  "#14b8a6",
];

export function KeyCallsChart({ data, services, label }: { data: KeyCallsPoint[]; services: string[]; label: string }) {
  return (
    <figure className="chart" aria-label={label}>
      <ResponsiveContainer width="100%" height={220}>
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tickFormatter={(d: string) => d.slice(5)} fontSize={12} minTickGap={12} />
          <YAxis fontSize={12} width={48} allowDecimals={false} />
          <Tooltip />
          <Legend />
          {services.map((service, i) => (
            <Bar
              key={service}
              dataKey={`s${i}`}
              name={service}
              stackId="calls"
              fill={PALETTE[i % PALETTE.length]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
