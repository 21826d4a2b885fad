// The one pager: a labelled <nav> with "Previous page" / "Next page" links (or greyed text where there is no
// such page) and an optional status such as "Page 2 of 5". Keyset lists that only go back in time pass `next`
// alone with their own text ("Older alarms"); with neither link present nothing is rendered.
import Link from "next/link";
import type { ReactNode } from "react";

export interface PagerLink {
  /** Null: there is no such page (the text is shown greyed, not as a link). */
  href: string | null;
  text?: string;
}

export function Pager({
  label,
  previous,
  next,
  status,
  prefetch,
  scroll,
}: {
  /** The navigation landmark's accessible name, e.g. "Pages". */
  label: string;
  previous?: PagerLink;
  next?: PagerLink;
  status?: ReactNode;
  /** Passed to each link: false where a page costs a query the user may never want. */
  prefetch?: boolean;
  scroll?: boolean;
}) {
  const item = (link: PagerLink | undefined, fallback: string) => {
    if (!link) return null;
    const text = link.text ?? fallback;
    return link.href ? (
      <Link href={link.href} prefetch={prefetch} scroll={scroll}>
        {text}
      </Link>
    ) : (
      <span className="muted">{text}</span>
    );
  };
  if (!previous && !next?.href) return null;
  return (
    <nav className="pager" aria-label={label}>
      {status !== undefined && <span className="muted">{status}</span>}
      {item(previous, "Previous page")}
      {item(next, "Next page")}
    </nav>
  );
}
