// The AccessKey audit chart's series: one point per UTC day of the window (days without calls included, so
// gaps show), one field per service. Fields are named s0, s1, ... by position in `services`: service names
// come from logs and must not collide with "day" or any other key.
import { DAY_MS, utcDay } from "./time";

export type KeyCallsPoint = { day: string } & Record<`s${number}`, number>;

export function keyCallsSeries(
  cells: { day: string; service: string; calls: number }[],
  from: Date,
  to: Date,
): { data: KeyCallsPoint[]; services: string[] } {
  const totals = new Map<string, number>();
  for (const c of cells) totals.set(c.service, (totals.get(c.service) ?? 0) + c.calls);
  // Busiest service at the bottom of each stack.
  const services = [...totals.entries()].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([s]) => s);
  const field = new Map(services.map((s, i) => [s, `s${i}` as const]));
  const points = new Map<string, KeyCallsPoint>();
  for (let t = Date.parse(`${utcDay(from)}T00:00:00Z`); t <= to.getTime(); t += DAY_MS) {
    const day = utcDay(new Date(t));
    const point = { day } as KeyCallsPoint;
    for (const f of field.values()) point[f] = 0;
    points.set(day, point);
  }
  for (const c of cells) {
    const point = points.get(c.day);
    if (point) point[field.get(c.service)!] += c.calls;
  }
  return { data: [...points.values()], services };
}
