// Keyset pagination over (eventTime, eventId): a cursor names the last row seen and the direction to go.
// Opaque to clients (base64url), validated on the way back in: a forged cursor is a 400, never a crash.

export interface KeysetCursor {
  eventTime: Date;
  eventId: string;
  /** "after": the page that follows this row in the current order; "before": the page that precedes it. */
  direction: "after" | "before";
}

export function encodeCursor(cursor: KeysetCursor): string {
  const text = `${cursor.direction === "after" ? "a" : "b"}|${cursor.eventTime.toISOString()}|${cursor.eventId}`;
  return Buffer.from(text, "utf8").toString("base64url");
}

export function decodeCursor(value: string): KeysetCursor | null {
  if (!/^[A-Za-z0-9_-]{1,400}$/.test(value)) return null;
  const text = Buffer.from(value, "base64url").toString("utf8");
  const match = /^([ab])\|(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z)\|(.{1,128})$/s.exec(text);
  if (!match) return null;
  const eventTime = new Date(match[2]);
  if (Number.isNaN(eventTime.getTime())) return null;
  return { direction: match[1] === "a" ? "after" : "before", eventTime, eventId: match[3] };
}
