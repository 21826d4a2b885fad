"use client";
// The header's Message center link with the unread count, kept current: the layout around it is not re-rendered
// on navigation, so the count is asked for again every few seconds and whenever the page changes.
import { usePathname } from "next/navigation";
import { useEffect, useState } from "react";
import { IntentLink } from "@/components/ui/intent-link";

const POLL_MS = 5_000;

export function MessageLink({ initialUnread }: { initialUnread: number }) {
  const [unread, setUnread] = useState(initialUnread);
  const pathname = usePathname();
  useEffect(() => {
    let stopped = false;
    const refresh = async () => {
      try {
        const response = await fetch("/api/v1/messages/unread", { cache: "no-store" });
        if (response.ok && !stopped) setUnread(((await response.json()) as { unread: number }).unread);
      } catch {
        // Offline for a moment: keep the last count.
      }
    };
    void refresh();
    const timer = setInterval(() => void refresh(), POLL_MS);
    return () => {
      stopped = true;
      clearInterval(timer);
    };
  }, [pathname]);
  return (
    <IntentLink
      href="/messages"
      className="button button-quiet message-link"
      aria-label={`Message center, ${unread} unread`}
    >
      Messages{unread > 0 && <span className="badge badge-danger">{unread > 99 ? "99+" : unread}</span>}
    </IntentLink>
  );
}
