"use client";
import { usePathname } from "next/navigation";
import { IntentLink } from "@/components/ui/intent-link";

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
      <IntentLink href="/" className="brand">
        <img src="/icon.svg" alt="" width={24} height={24} />
        <span>Keytrail</span>
      </IntentLink>
      <ul>
        {links.map((link) => (
          <li key={link.href}>
            <IntentLink href={link.href} aria-current={link.href === current ? "page" : undefined}>
              {link.label}
            </IntentLink>
          </li>
        ))}
      </ul>
    </nav>
  );
}
