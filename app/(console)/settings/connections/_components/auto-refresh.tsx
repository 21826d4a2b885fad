"use client";
// Re-renders the page's server components every few seconds while the tab is visible, so a running import is seen
// moving. Client state (an open dialog, a typed date) survives a refresh; a hidden tab asks nothing.
import { useRouter } from "next/navigation";
import { useEffect } from "react";

export function AutoRefresh({ everyMs = 3000 }: { everyMs?: number }) {
  const router = useRouter();
  useEffect(() => {
    const timer = setInterval(() => {
      if (document.visibilityState === "visible") router.refresh();
    }, everyMs);
    return () => clearInterval(timer);
  }, [router, everyMs]);
  return null;
}
