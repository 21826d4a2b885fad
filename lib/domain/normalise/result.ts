import type { NormalisedEvent } from "../event";

/** A source record becomes an event, or is rejected with a reason a person can act on. Never dropped silently. */
export type NormaliseResult = { ok: true; event: NormalisedEvent } | { ok: false; reason: string };
