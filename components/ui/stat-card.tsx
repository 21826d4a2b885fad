import { formatCount } from "@/lib/domain/format";

export function StatCard({ label, value }: { label: string; value: number }) {
  return (
    <div className="stat-card">
      <span className="stat-label">{label}</span>
      <span className="stat-value">{formatCount(value)}</span>
    </div>
  );
}
