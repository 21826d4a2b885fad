// Days in UTC: the unit of the usage rollups, the Overview's chart and the risk rules. One definition so that every
// "day" in the product starts and ends at the same instant.

/** One day in milliseconds. */
export const DAY_MS = 86_400_000;

/** The UTC day a time falls on, as "YYYY-MM-DD". */
export const utcDay = (time: Date): string => time.toISOString().slice(0, 10);

/** The instant a UTC day ("YYYY-MM-DD") starts. */
export const utcDayStart = (day: string): Date => new Date(`${day}T00:00:00.000Z`);
