"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

export interface SidebarLink {
  href: string;
  label: string;
}

function matches(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

/** The most specific link that matches is current (AccessKey audit, not AccessKeys, on /access-keys/audit). */
function currentHref(pathname: string, links: SidebarLink[]): string | null {
  const matching = links.filter((l) => matches(pathname, l.href)).sort((a, b) => b.href.length - a.href.length);
  return matching[0]?.href ?? null;
}

export function Sidebar({ links }: { links: SidebarLink[] }) {
  const current = currentHref(usePathname(), links);
  return (
    <nav className="sidebar" aria-label="Main">
      <Link href="/" className="brand">
        <img src="/icon.svg" alt="" width={24} height={24} />
        <span>Keytrail</span>
      </Link>
      <ul>
        {links.map((link) => (
          <li key={link.href}>
            <Link href={link.href} aria-current={link.href === current ? "page" : undefined}>
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
