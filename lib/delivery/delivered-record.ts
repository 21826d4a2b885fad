// What every tracking-set destination receives for one event: our own JSON shape plus the source record verbatim.
// Plain TypeScript: no database, no Next.js.
import { toOwnShape, type NormalisedEvent } from "@/lib/domain/event";

/** The normalised event as our JSON shape, with `raw` holding the source record text exactly as received. */
export function deliveredRecord(event: NormalisedEvent): Record<string, unknown> {
  return { ...toOwnShape(event), raw: event.raw };
}

/** One JSON Lines line (the record and a line feed). */
export function deliveredLine(event: NormalisedEvent): string {
  return `${JSON.stringify(deliveredRecord(event))}\n`;
}
