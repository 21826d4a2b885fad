"use client";
import Link from "next/link";
import { usePathname } from "next/navigation";

export interface SidebarLink {
  href: string;
  label: string;
}

function isCurrent(pathname: string, href: string): boolean {
  return href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`);
}

export function Sidebar({ links }: { links: SidebarLink[] }) {
  const pathname = usePathname();
  return (
    <nav className="sidebar" aria-label="Main">
      <Link href="/" className="brand">
        <img src="/icon.svg" alt="" width={24} height={24} />
        <span>Keytrail</span>
      </Link>
      <ul>
        {links.map((link) => (
          <li key={link.href}>
            <Link href={link.href} aria-current={isCurrent(pathname, link.href) ? "page" : undefined}>
              {link.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}
