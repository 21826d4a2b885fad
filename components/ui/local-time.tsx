"use client";
// A time in the reader's local zone, with UTC on hover; UTC throughout when `utc` is set. The server renders
// UTC, the browser switches to local after hydration, so the two never disagree during it.
import { useSyncExternalStore } from "react";
import { formatTime } from "@/lib/domain/format";

const subscribe = () => () => {};

function formatLocal(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, "0");
  const offset = -date.getTimezoneOffset();
  const zone = `UTC${offset >= 0 ? "+" : "-"}${pad(Math.floor(Math.abs(offset) / 60))}:${pad(Math.abs(offset) % 60)}`;
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())} ${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())} ${zone}`;
}

export function LocalTime({ iso, utc = false }: { iso: string; utc?: boolean }) {
  const inBrowser = useSyncExternalStore(
    subscribe,
    () => true,
    () => false,
  );
  const text = utc || !inBrowser ? formatTime(iso) : formatLocal(iso);
  return (
    <time dateTime={iso} title={formatTime(iso)}>
      {text}
    </time>
  );
}
