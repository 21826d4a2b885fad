// One line of plain text per integrity finding, for `npm run verify` and the integrity page.
import type { ChainFinding, EventRef } from "@/lib/domain/event-chain-verify";

const account = (chainKey: string) => (chainKey === "" ? "events without an account" : `account ${chainKey}`);
const event = (ref: EventRef) => `event ${ref.eventId} (#${ref.chainIndex ?? "?"}, seq ${ref.seq})`;

export function describeFinding(f: ChainFinding): string {
  switch (f.kind) {
    case "changed":
      return `Changed: ${event(f.event)} of ${account(f.chainKey)}. ${f.reason}`;
    case "inserted":
      return `Inserted: ${event(f.event)} of ${account(f.chainKey)}. ${f.reason}`;
    case "deleted": {
      const count = f.toIndex - f.fromIndex + 1;
      const where = [f.after && `after ${event(f.after)}`, f.before && `before ${event(f.before)}`]
        .filter(Boolean)
        .join(" and ");
      const last = f.lastEventId ? ` The last of them was ${f.lastEventId}.` : "";
      return `Deleted: ${count} event${count === 1 ? "" : "s"} of ${account(f.chainKey)}, #${f.fromIndex}–#${f.toIndex}${where ? `, ${where}` : ""}.${last} ${f.reason}`;
    }
    case "digest":
      return `${f.reason} (${account(f.chainKey)})`;
  }
}
