// Deterministic demo data: the Demo Corp directory, its cloud catalog and 90 days of events.
import { DIRECTORY_COUNTS } from "./directory";
import { DEMO_EVENT_COUNT } from "./events";

export * from "./catalog";
export * from "./directory";
export * from "./events";

/** Exact sizes of the demo data set (tests assert every one). */
export const DEMO_COUNTS = { ...DIRECTORY_COUNTS, events: DEMO_EVENT_COUNT } as const;
