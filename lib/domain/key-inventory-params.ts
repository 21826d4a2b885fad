// The AccessKey inventory's state lives in the URL: flag, owner and status filters, the sort column and its
// direction. Declared once as a schema (./search-params.ts), so a bad value is refused with a message that names
// it instead of being ignored.
import { z } from "zod";
import { KEY_FLAGS, type KeyFlag } from "./key-risk";
import { invalid, isOneOf, param, parseSearchParams, rule, type SearchParamsResult } from "./search-params";

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

export type InventoryParseResult = SearchParamsResult<InventoryQuery>;

/** A list parameter whose values must be among `choices`. */
const choiceList = <T extends string>(choices: readonly T[]) =>
  param.list().transform(
    rule((values: string[]) => {
      const bad = values.find((v) => !isOneOf(choices, v));
      return bad === undefined ? (values as T[]) : invalid(`"${bad}" is not one of ${choices.join(", ")}`);
    }),
  );

/** The inventory's parameters, one schema for the page and the Overview's counts. */
export const inventoryParams = z
  .object({
    flag: choiceList(KEY_FLAGS),
    owner: param
      .list()
      .transform(
        rule((owners: string[]) =>
          owners.some((o) => o.length > 128) ? invalid("a user name is at most 128 characters") : owners,
        ),
      ),
    status: choiceList(INVENTORY_STATUSES),
    sort: param
      .first()
      .transform(
        rule((sort: string | null) =>
          isOneOf(SORT_COLUMNS, sort ?? DEFAULT_SORT)
            ? ((sort ?? DEFAULT_SORT) as SortColumn)
            : invalid(`"${sort}" is not one of ${SORT_COLUMNS.join(", ")}`),
        ),
      ),
    order: param
      .first()
      .transform(
        rule((order: string | null) =>
          order === null || order === "asc" || order === "desc" ? order : invalid(`"${order}" is not asc or desc`),
        ),
      ),
  })
  .transform(({ flag, owner, status, sort, order }): InventoryQuery => ({
    flags: flag,
    owners: owner,
    statuses: status.length ? status : [...DEFAULT_STATUSES],
    sort,
    order: order ?? defaultOrderOf(sort),
  }));

export function parseInventoryQuery(params: URLSearchParams): InventoryParseResult {
  return parseSearchParams(inventoryParams, params);
}

/** The order a column sorts in when its header is first clicked: newest, most idle, most flagged first. */
export function defaultOrderOf(column: SortColumn): "asc" | "desc" {
  return column === "created" || column === "lastUsed" || column === "daysUnused" || column === "flags"
    ? "desc"
    : "asc";
}
