// The AccessKey inventory's state lives in the URL: flag, owner and status filters, the sort column and its
// direction. Parsed here, pure, so a bad value is refused with a message that names it instead of being ignored.
import { isKeyFlag, KEY_FLAGS, type KeyFlag } from "./key-risk";

export const INVENTORY_STATUSES = ["Active", "Disabled", "Deleted", "NotInInventory"] as const;
export type InventoryStatus = (typeof INVENTORY_STATUSES)[number];
export const INVENTORY_STATUS_LABELS: Record<InventoryStatus, string> = {
  Active: "Active",
  Disabled: "Disabled",
  Deleted: "Deleted",
  NotInInventory: "Not in inventory (seen only in logs)",
};
/** Deleted keys (and keys seen only in logs) are shown only when asked for. */
export const DEFAULT_STATUSES: readonly InventoryStatus[] = ["Active", "Disabled"];

export const SORT_COLUMNS = [
  "accessKeyId",
  "owner",
  "status",
  "created",
  "lastUsed",
  "lastUsedService",
  "lastUsedRegion",
  "daysUnused",
  "flags",
] as const;
export type SortColumn = (typeof SORT_COLUMNS)[number];
export const DEFAULT_SORT: SortColumn = "created";

export interface InventoryQuery {
  /** Keys with any of these flags; empty = any. */
  flags: KeyFlag[];
  /** Owner user names (exact); empty = any. */
  owners: string[];
  statuses: InventoryStatus[];
  sort: SortColumn;
  order: "asc" | "desc";
}

export type InventoryParseResult = { ok: true; query: InventoryQuery } | { ok: false; param: string; message: string };

const valuesOf = (params: URLSearchParams, name: string) =>
  params
    .getAll(name)
    .flatMap((v) => v.split(","))
    .map((v) => v.trim())
    .filter(Boolean);

const isIn = <T extends string>(list: readonly T[], value: string): value is T =>
  (list as readonly string[]).includes(value);

export function parseInventoryQuery(params: URLSearchParams): InventoryParseResult {
  const fail = (param: string, message: string): InventoryParseResult => ({
    ok: false,
    param,
    message: `${param}: ${message}`,
  });

  const flags = valuesOf(params, "flag");
  const badFlag = flags.find((f) => !isKeyFlag(f));
  if (badFlag !== undefined) return fail("flag", `"${badFlag}" is not one of ${KEY_FLAGS.join(", ")}`);

  const owners = valuesOf(params, "owner");
  if (owners.some((o) => o.length > 128)) return fail("owner", "a user name is at most 128 characters");

  const statuses = valuesOf(params, "status");
  const badStatus = statuses.find((s) => !isIn(INVENTORY_STATUSES, s));
  if (badStatus !== undefined) return fail("status", `"${badStatus}" is not one of ${INVENTORY_STATUSES.join(", ")}`);

  const sort = params.get("sort") ?? DEFAULT_SORT;
  if (!isIn(SORT_COLUMNS, sort)) return fail("sort", `"${sort}" is not one of ${SORT_COLUMNS.join(", ")}`);
  const order = params.get("order") ?? defaultOrderOf(sort);
  if (order !== "asc" && order !== "desc") return fail("order", `"${order}" is not asc or desc`);

  return {
    ok: true,
    query: {
      flags: [...new Set(flags)] as KeyFlag[],
      owners: [...new Set(owners)],
      statuses: statuses.length ? ([...new Set(statuses)] as InventoryStatus[]) : [...DEFAULT_STATUSES],
      sort,
      order,
    },
  };
}

/** The order a column sorts in when its header is first clicked: newest, most idle, most flagged first. */
export function defaultOrderOf(column: SortColumn): "asc" | "desc" {
  return column === "created" || column === "lastUsed" || column === "daysUnused" || column === "flags"
    ? "desc"
    : "asc";
}
