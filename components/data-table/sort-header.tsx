// A header that sorts: a link to the same list sorted by this column (the server sorts; the URL holds it), with
// ▲ / ▼ on the current sort. Pair it with the column's meta.ariaSort (see sortMeta).
import Link from "next/link";

export type SortDirection = "asc" | "desc";

export function SortHeader({ label, href, current }: { label: string; href: string; current: SortDirection | null }) {
  return (
    <Link href={href} className="sort-link" title={`Sort by ${label.toLowerCase()}`}>
      {label}
      <span aria-hidden="true">{current === "asc" ? " ▲" : current === "desc" ? " ▼" : ""}</span>
    </Link>
  );
}

/** The aria-sort for a column: its direction when it is the sort column, else "none". */
export function ariaSortOf(current: SortDirection | null): "ascending" | "descending" | "none" {
  return current === "asc" ? "ascending" : current === "desc" ? "descending" : "none";
}
