import Link from "next/link";
import { formatCount } from "@/lib/domain/format";

/** A figure; with `href`, the number links to the view that lists what it counts. */
export function StatCard({ label, value, href, hint }: { label: string; value: number; href?: string; hint?: string }) {
  return (
    <div className="stat-card">
      <span className="stat-label">{label}</span>
      {href ? (
        <Link className="stat-value" href={href} aria-label={`${label}: ${formatCount(value)}`}>
          {formatCount(value)}
        </Link>
      ) : (
        <span className="stat-value">{formatCount(value)}</span>
      )}
      {hint && (
        <span className="muted" style={{ fontSize: "0.8rem" }}>
          {hint}
        </span>
      )}
    </div>
  );
}
