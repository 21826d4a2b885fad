import { describe, expect, it } from "vitest";
import { parseEventFilter } from "./event-filter";
import { eventHref } from "./event-link";

describe("a link to one event", () => {
  it("filters the explorer to the event, a minute either side of its time, with its details open", () => {
    const href = eventHref("e-1", "2026-11-20T10:00:00.000Z");
    expect(href).toBe(
      "/operation-records?eventId=e-1&from=2026-11-20T09%3A59%3A00.000Z&to=2026-11-20T10%3A01%3A00.000Z&event=e-1",
    );
    const parsed = parseEventFilter(new URL(href, "http://x").searchParams, { now: new Date("2026-11-22T00:00:00Z") });
    expect(parsed.ok).toBe(true);
  });
});
