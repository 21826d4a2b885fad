// When a trail delivered an object, read from its key, and the stretches with no delivery: the completeness check
// for buckets without CloudTrail digest files. A trail delivers about every 5 minutes while there is activity, so
// an hour with no object is worth a look (the trail stopped, a file was deleted, the connector skipped a folder).
//
// What each layout's keys say (all read as UTC):
// - AWS CloudTrail: `<account>_CloudTrail_<region>_YYYYMMDDTHHmmZ_<unique>.json.gz` (to the minute);
// - Alibaba ActionTrail: `Actiontrail_<region>_YYYYMMDDHHMMSS_1002_<count>_<size>_<md5>.gz` (to the second);
// - Tencent CloudAudit tracking sets: an hourly folder `${YYYYMMDDH}/`, as Tencent documents it: the hour may be
//   written with one digit before 10 o'clock (`202401059/`) or two (`2024010509/`); both are read (to the hour);
// - any key with date folders `YYYY/MM/DD/` and nothing finer (to the day).
import { HOURLY_FOLDER_UTC_OFFSET_HOURS, type BucketLayout } from "./layouts";

export interface ObjectTime {
  /** The start of the window the key places the object in. */
  time: Date;
  /** How long that window is: 0 when the key names the minute, 60 for an hourly folder, 1,440 for a day folder. */
  spanMinutes: number;
}

const MINUTE_MS = 60_000;
/** Even a busy trail delivers at most every 5 minutes: a shorter inferred cadence would flag every pause. */
export const MIN_CADENCE_MINUTES = 5;

/** The delivery time a key shows for the layout, or null when the key shows none. */
export function objectTime(layout: BucketLayout, key: string): ObjectTime | null {
  switch (layout) {
    case "aws-cloudtrail":
      return cloudTrailName(key) ?? dateFolders(key);
    case "alibaba-actiontrail":
      return actionTrailName(key) ?? dateFolders(key);
    case "tencent-cloudaudit":
      return chinaStandardTime(hourFolder(key));
    case "pattern":
      return cloudTrailName(key) ?? actionTrailName(key) ?? hourFolder(key) ?? dateFolders(key);
  }
}

const baseName = (key: string) => key.slice(key.lastIndexOf("/") + 1);

function cloudTrailName(key: string): ObjectTime | null {
  const match = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z(?:_|\.)/.exec(baseName(key));
  return match ? at(0, match[1], match[2], match[3], match[4], match[5]) : null;
}

function actionTrailName(key: string): ObjectTime | null {
  const match = /^actiontrail_[^_]+_(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})_/i.exec(baseName(key));
  return match ? at(0, match[1], match[2], match[3], match[4], match[5], match[6]) : null;
}

function hourFolder(key: string): ObjectTime | null {
  const folders = key.split("/").slice(0, -1);
  for (let index = folders.length - 1; index >= 0; index--) {
    const match = /^(\d{4})(\d{2})(\d{2})(\d{1,2})$/.exec(folders[index]);
    if (match) return at(60, match[1], match[2], match[3], match[4]);
  }
  return null;
}

/** Tencent names its hour folders in China Standard Time, as the connector reads them (./layouts.ts). */
function chinaStandardTime(found: ObjectTime | null): ObjectTime | null {
  if (!found) return null;
  return { ...found, time: new Date(found.time.getTime() - HOURLY_FOLDER_UTC_OFFSET_HOURS * 3_600_000) };
}

function dateFolders(key: string): ObjectTime | null {
  const matches = [...key.matchAll(/(?:^|\/)(\d{4})\/(\d{2})\/(\d{2})\//g)];
  const last = matches.at(-1);
  return last ? at(24 * 60, last[1], last[2], last[3]) : null;
}

/** A UTC time from its parts, or null when a part is out of range (month 13, 31 February, hour 24). */
function at(spanMinutes: number, ...parts: string[]): ObjectTime | null {
  const [year, month, day, hour = 0, minute = 0, second = 0] = parts.map(Number);
  const time = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const same =
    time.getUTCFullYear() === year &&
    time.getUTCMonth() === month - 1 &&
    time.getUTCDate() === day &&
    time.getUTCHours() === hour &&
    time.getUTCMinutes() === minute &&
    time.getUTCSeconds() === second;
  return same ? { time, spanMinutes } : null;
}

export interface CadenceOptions {
  /** The trail's delivery cadence; inferred from the objects when absent. */
  expectedMinutes?: number;
  /** Look from here (a silence from here to the first object counts); objects before it are ignored. */
  from?: Date;
  /** Look up to here (a silence from the last object to here counts); objects after it are ignored. */
  to?: Date;
}

export interface Gap {
  /** The end of the last window with an object. */
  from: Date;
  /** The start of the next one. */
  to: Date;
}

export interface Cadence {
  expectedMinutes: number;
  gaps: Gap[];
}

/**
 * The stretches with no object longer than the cadence. Two objects leave a gap when the next one's window starts
 * more than the cadence (or the earlier window's span, for keys that name only the hour or day) after the earlier
 * one's starts; the gap runs from the end of the earlier window to the start of the next. Uninferred, the cadence
 * is the median step between successive distinct times, at least MIN_CADENCE_MINUTES.
 */
export function cadenceGaps(times: readonly (ObjectTime | Date)[], options: CadenceOptions = {}): Cadence {
  const { from, to } = options;
  const windows = distinctWindows(times).filter(
    (window) => (!from || window.time >= from) && (!to || window.time <= to),
  );
  const expectedMinutes = options.expectedMinutes ?? inferredCadence(windows);
  const expectedMs = expectedMinutes * MINUTE_MS;
  const gaps: Gap[] = [];
  const points = [
    ...(from ? [{ time: from, spanMinutes: 0 }] : []),
    ...windows,
    ...(to ? [{ time: to, spanMinutes: 0 }] : []),
  ];
  for (let index = 1; index < points.length; index++) {
    const earlier = points[index - 1];
    const next = points[index];
    const spanMs = earlier.spanMinutes * MINUTE_MS;
    if (next.time.getTime() - earlier.time.getTime() > Math.max(expectedMs, spanMs))
      gaps.push({ from: new Date(earlier.time.getTime() + spanMs), to: next.time });
  }
  return { expectedMinutes, gaps };
}

/** Sorted by time, one per time (the widest span when two keys name the same time differently). */
function distinctWindows(times: readonly (ObjectTime | Date)[]): ObjectTime[] {
  const byTime = new Map<number, number>();
  for (const entry of times) {
    const window = entry instanceof Date ? { time: entry, spanMinutes: 0 } : entry;
    const ms = window.time.getTime();
    byTime.set(ms, Math.max(byTime.get(ms) ?? 0, window.spanMinutes));
  }
  return [...byTime.entries()]
    .sort(([a], [b]) => a - b)
    .map(([ms, spanMinutes]) => ({ time: new Date(ms), spanMinutes }));
}

function inferredCadence(windows: ObjectTime[]): number {
  const steps: number[] = [];
  for (let index = 1; index < windows.length; index++)
    steps.push((windows[index].time.getTime() - windows[index - 1].time.getTime()) / MINUTE_MS);
  if (steps.length === 0) return MIN_CADENCE_MINUTES;
  steps.sort((a, b) => a - b);
  const middle = Math.floor(steps.length / 2);
  const median = steps.length % 2 ? steps[middle] : (steps[middle - 1] + steps[middle]) / 2;
  return Math.max(MIN_CADENCE_MINUTES, median);
}
