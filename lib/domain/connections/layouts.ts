// Where a trail writes its objects in a bucket, and how to list only what is new. A "dated" layout keeps each
// account/region's objects under one folder (a stream) whose keys sort by time (zero-padded date folders):
// a poll lists each stream with StartAfter = the last key it read, so it never lists what it already read, and
// finds new streams with delimiter listings now and then. Tencent's hourly folders ([prefix/]YYYYMMDDH/, the hour
// written without padding) do not sort by time inside a day: they are listed folder by folder.
//
// Pattern syntax (layout "pattern", for Baidu BCT or a copy of a trail elsewhere): the key's path after the
// connection's prefix, folders separated by "/", with placeholders
//   {account}  {region}  {*}        one folder (any name) before the date: each distinct folder is its own stream;
//   {yyyy} {MM} {dd}  [{HH}]         the date (and hour), zero-padded, in this order, after those folders;
// everything after the date part is the object's name. Example: `AWSLogs/{account}/CloudTrail/{region}/{yyyy}/{MM}/{dd}/`.
import { DAY_MS } from "../time";

/** The bucket layouts a connection may name: the clouds' documented delivery paths, or a pattern of one's own. */
export const BUCKET_LAYOUTS = ["aws-cloudtrail", "alibaba-actiontrail", "tencent-cloudaudit", "pattern"] as const;
export type BucketLayout = (typeof BUCKET_LAYOUTS)[number];

export type KeyKind = "log" | "digest" | "other";

export interface KeyParts {
  kind: KeyKind;
  /** The folder (full key prefix, ending in "/") the key is listed under. */
  stream?: string;
  account?: string;
  region?: string;
  /** When its events happened, as precisely as the key says (file name time, else the date folder). */
  time?: Date;
}

export interface DatedLayout {
  kind: "dated";
  /** The connection's prefix, normalised to "" or "…/". */
  base: string;
  /** Where stream discovery starts (a folder: base + the fixed part of the path). */
  root: string;
  /** A folder (full prefix ending in "/"): a stream, a folder that may hold streams, or neither. */
  classifyFolder(folder: string): "stream" | "descend" | "skip";
  parseKey(key: string): KeyParts;
  /** The StartAfter key that lists a stream's objects from the UTC day of `time` on. */
  startAfter(stream: string, time: Date): string;
}

export interface HourlyLayout {
  kind: "hourly";
  base: string;
  root: string;
  parseKey(key: string): KeyParts;
  /** An hour folder's name ("2023120109" or "202312019") as the hour it stands for, or null. */
  folderHour(folder: string): Date | null;
  /** The StartAfter key for a delimiter listing of the hour folders from the UTC day of `time` on. */
  foldersStartAfter(time: Date): string;
}

export type Layout = DatedLayout | HourlyLayout;

export type LayoutResult = { ok: true; layout: Layout } | { ok: false; error: string };

/** Tencent writes the hour folders in China Standard Time (UTC+8). */
export const HOURLY_FOLDER_UTC_OFFSET_HOURS = 8;

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
const pad = (n: number) => String(n).padStart(2, "0");

export function normalisePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+/, "");
  return trimmed === "" || trimmed.endsWith("/") ? trimmed : `${trimmed}/`;
}

// A file name's own delivery time, as CloudTrail and ActionTrail write it: …_20230710T1220Z_….
const FILE_TIME = /_(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})Z[_.]/;

function fileTime(name: string): Date | undefined {
  const m = FILE_TIME.exec(name);
  return m ? utc(+m[1], +m[2], +m[3], +m[4], +m[5]) : undefined;
}

function utc(year: number, month: number, day: number, hour = 0, minute = 0): Date | undefined {
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute));
  const valid =
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day && hour < 24;
  return valid ? date : undefined;
}

/** The date part of a path ("{yyyy}/{MM}/{dd}/") as a regex source with groups y, M, d (and H), and a renderer. */
interface DatePart {
  source: string;
  /** The date part up to the end of {dd}, for a day (a StartAfter bound: sorts before all of that day's keys). */
  renderDay(time: Date): string;
}

function datePart(template: string): DatePart | string {
  const order = [...template.matchAll(/\{(yyyy|MM|dd|HH)\}/g)].map((m) => m[1]);
  const expected = ["yyyy", "MM", "dd", "HH"].slice(0, order.length);
  if (order.length < 3 || order.join() !== expected.join())
    return "pattern: the date must be written {yyyy}, {MM}, {dd} (and optionally {HH}), in this order";
  const groups: Record<string, string> = {
    yyyy: "(?<y>\\d{4})",
    MM: "(?<M>\\d{2})",
    dd: "(?<d>\\d{2})",
    HH: "(?<H>\\d{2})",
  };
  const source = template
    .split(/(\{(?:yyyy|MM|dd|HH)\})/)
    .map((piece) => (/^\{(yyyy|MM|dd|HH)\}$/.test(piece) ? groups[piece.slice(1, -1)] : escape(piece)))
    .join("");
  const dayEnd = template.indexOf("{dd}") + "{dd}".length;
  return {
    source,
    renderDay: (time) =>
      template
        .slice(0, dayEnd)
        .replace("{yyyy}", String(time.getUTCFullYear()))
        .replace("{MM}", pad(time.getUTCMonth() + 1))
        .replace("{dd}", pad(time.getUTCDate())),
  };
}

interface DatedSpec {
  base: string;
  /** Fixed folders under the base where discovery starts ("AWSLogs/"). */
  root: string;
  /** Matches a stream folder relative to the base, with optional named groups account and region. */
  stream: RegExp;
  /** Folders relative to the base that may hold streams. */
  descend: RegExp[];
  date: DatePart;
  /** Relative keys that are digests (integrity files), not logs. */
  digest?: RegExp;
  /** Object names (after the date part) that are logs. */
  logName: RegExp;
  /** The account from the object name when the path has none (ActionTrail: 1234_Actiontrail_…). */
  nameAccount?: RegExp;
}

function datedLayout(spec: DatedSpec): DatedLayout {
  const streamSource = spec.stream.source.replace(/^\^/, "").replace(/\$$/, "");
  const key = new RegExp(`^(?<stream>${streamSource})${spec.date.source}(?<name>.+)$`);
  return {
    kind: "dated",
    base: spec.base,
    root: spec.base + spec.root,
    classifyFolder(folder) {
      if (!folder.startsWith(spec.base)) return "skip";
      const relative = folder.slice(spec.base.length);
      if (spec.stream.test(relative)) return "stream";
      return spec.descend.some((re) => re.test(relative)) ? "descend" : "skip";
    },
    parseKey(full) {
      if (!full.startsWith(spec.base)) return { kind: "other" };
      const relative = full.slice(spec.base.length);
      if (spec.digest?.test(relative)) return { kind: "digest" };
      const m = key.exec(relative);
      if (!m?.groups) return { kind: "other" };
      const g = m.groups;
      const streamMatch = spec.stream.exec(g.stream)?.groups ?? {};
      const name = g.name;
      const day = utc(+g.y, +g.M, +g.d, g.H === undefined ? 0 : +g.H);
      if (!day || !spec.logName.test(name)) return { kind: "other" };
      const fromName = fileTime(name);
      // The file name's time when it falls on the folder's day; else the folder's own day.
      const time = fromName && fromName.getTime() - day.getTime() < DAY_MS && fromName >= day ? fromName : day;
      const account = streamMatch.account ?? (spec.nameAccount ? spec.nameAccount.exec(name)?.[1] : undefined);
      return {
        kind: "log",
        stream: spec.base + g.stream,
        ...(account ? { account } : {}),
        ...(streamMatch.region ? { region: streamMatch.region } : {}),
        time,
      };
    },
    startAfter: (stream, time) => stream + spec.date.renderDay(time),
  };
}

/** CloudTrail: [prefix/]AWSLogs/[o-orgid/]<account>/CloudTrail/<region>/YYYY/MM/DD/*.json.gz. */
function awsCloudTrail(base: string): DatedLayout {
  return datedLayout({
    base,
    root: "AWSLogs/",
    stream: /^AWSLogs\/(?:o-[a-z0-9]+\/)?(?<account>\d{12})\/CloudTrail\/(?<region>[a-z0-9-]+)\/$/,
    descend: [
      /^AWSLogs\/$/,
      /^AWSLogs\/o-[a-z0-9]+\/$/,
      /^AWSLogs\/(?:o-[a-z0-9]+\/)?\d{12}\/$/,
      /^AWSLogs\/(?:o-[a-z0-9]+\/)?\d{12}\/CloudTrail\/$/,
    ],
    date: datePart("{yyyy}/{MM}/{dd}/") as DatePart,
    digest: /^AWSLogs\/(?:o-[a-z0-9]+\/)?\d{12}\/CloudTrail-Digest\//,
    logName: /^[^/]+\.json(\.gz)?$/i,
  });
}

/** ActionTrail: [prefix/]AliyunLogs/Actiontrail/[<rd_id>/<account>/]<region>/YYYY/MM/DD/*.gz. */
function alibabaActionTrail(base: string): DatedLayout {
  return datedLayout({
    base,
    root: "AliyunLogs/Actiontrail/",
    stream: /^AliyunLogs\/Actiontrail\/(?:rd-[A-Za-z0-9]+\/(?<account>[0-9]+)\/)?(?<region>(?!rd-)[a-z0-9-]+)\/$/,
    descend: [
      /^AliyunLogs\/Actiontrail\/$/,
      /^AliyunLogs\/Actiontrail\/rd-[A-Za-z0-9]+\/$/,
      /^AliyunLogs\/Actiontrail\/rd-[A-Za-z0-9]+\/[0-9]+\/$/,
    ],
    date: datePart("{yyyy}/{MM}/{dd}/") as DatePart,
    logName: /^[^/]+\.gz$/i,
    nameAccount: /^(\d+)_Actiontrail_/i,
  });
}

function patternLayout(base: string, pattern: string): LayoutResult {
  const text = pattern.replace(/^\/+/, "");
  const yearAt = text.indexOf("{yyyy}");
  if (yearAt < 0) return { ok: false, error: "pattern: needs the date folders {yyyy}/{MM}/{dd}" };
  const folderEnd = text.lastIndexOf("/", yearAt) + 1;
  const streamPart = text.slice(0, folderEnd);
  const date = datePart(text.slice(folderEnd));
  if (typeof date === "string") return { ok: false, error: date };
  const unknown = /\{(?!(?:account|region|\*|yyyy|MM|dd|HH)\})[^}]*\}/.exec(text);
  if (unknown) return { ok: false, error: `pattern: unknown placeholder ${unknown[0]}` };
  const folders = streamPart.split("/").filter(Boolean);
  if (folders.some((f) => /\{(yyyy|MM|dd|HH)\}/.test(f)))
    return { ok: false, error: "pattern: the date must come last" };
  const folderSource = (folder: string) =>
    folder
      .split(/(\{(?:account|region|\*)\})/)
      .map((piece) =>
        piece === "{account}"
          ? "(?<account>[^/]+)"
          : piece === "{region}"
            ? "(?<region>[^/]+)"
            : piece === "{*}"
              ? "[^/]+"
              : escape(piece),
      )
      .join("");
  const sources = folders.map(folderSource);
  const fixed = folders.findIndex((f) => f.includes("{"));
  const rootFolders = fixed < 0 ? folders : folders.slice(0, fixed);
  return {
    ok: true,
    layout: datedLayout({
      base,
      root: rootFolders.map((f) => `${f}/`).join(""),
      stream: new RegExp(`^${sources.map((s) => `${s}\\/`).join("")}$`),
      descend: sources.map(
        (_, n) =>
          new RegExp(
            `^${sources
              .slice(0, n)
              .map((s) => `${s.replace(/\(\?<\w+>/g, "(?:")}\\/`)
              .join("")}$`,
          ),
      ),
      date,
      logName: /./,
    }),
  };
}

/** Tencent CloudAudit tracking sets: [prefix/]YYYYMMDDH/<name>, one folder per hour (China Standard Time). */
function tencentCloudAudit(base: string): HourlyLayout {
  const folderHour = (folder: string): Date | null => {
    const m = /^(\d{4})(\d{2})(\d{2})(\d{1,2})$/.exec(folder.replace(/\/$/, ""));
    if (!m) return null;
    const local = utc(+m[1], +m[2], +m[3], +m[4]);
    return local ? new Date(local.getTime() - HOURLY_FOLDER_UTC_OFFSET_HOURS * 3_600_000) : null;
  };
  return {
    kind: "hourly",
    base,
    root: base,
    folderHour,
    parseKey(full) {
      if (!full.startsWith(base)) return { kind: "other" };
      const [folder, ...rest] = full.slice(base.length).split("/");
      const time = folderHour(folder);
      if (!time || rest.length !== 1 || rest[0] === "") return { kind: "other" };
      return { kind: "log", stream: `${base}${folder}/`, time };
    },
    // Folder names are in UTC+8: from the local day `time` falls on (every folder of it sorts after its date).
    foldersStartAfter: (time) => {
      const local = new Date(time.getTime() + HOURLY_FOLDER_UTC_OFFSET_HOURS * 3_600_000);
      return `${base}${local.getUTCFullYear()}${pad(local.getUTCMonth() + 1)}${pad(local.getUTCDate())}`;
    },
  };
}

/** The layout of a bucket connection's settings, or why its pattern is refused. */
export function layoutOf(settings: { layout: BucketLayout; prefix: string; pattern?: string }): LayoutResult {
  const base = normalisePrefix(settings.prefix);
  switch (settings.layout) {
    case "aws-cloudtrail":
      return { ok: true, layout: awsCloudTrail(base) };
    case "alibaba-actiontrail":
      return { ok: true, layout: alibabaActionTrail(base) };
    case "tencent-cloudaudit":
      return { ok: true, layout: tencentCloudAudit(base) };
    case "pattern":
      return patternLayout(base, settings.pattern ?? "");
  }
}

/** The UTC day `time` falls on, at midnight: where a live position starts and a backfill ends. */
export function dayStart(time: Date): Date {
  return new Date(Date.UTC(time.getUTCFullYear(), time.getUTCMonth(), time.getUTCDate()));
}

/** The hour `time` falls in, at its start. */
export function hourStart(time: Date): Date {
  return new Date(Math.floor(time.getTime() / 3_600_000) * 3_600_000);
}
