// The user list's filters, read from the URL: user type, group, MFA, console access and protection. A bad value
// is an error that names its parameter (./search-params.ts). `mfa=off` means console users without MFA (what
// the Overview counts).

import { z } from "zod";
import {
  invalid,
  isOneOf,
  param,
  parseSearchParams,
  rule,
  type RawSearchParams,
  type SearchParamsResult,
} from "./search-params";

export const USER_TYPES = ["Root", "SubUser", "Collaborator", "MessageReceiver"] as const;
export const PROTECTIONS = {
  login: "Login protection on",
  operation: "Operation protection on",
  none: "No protection",
} as const;

export interface UserListFilter {
  type: (typeof USER_TYPES)[number] | null;
  group: string | null;
  mfa: "on" | "off" | null;
  console: "on" | "off" | null;
  protection: keyof typeof PROTECTIONS | null;
}

export const NO_USER_FILTER: UserListFilter = { type: null, group: null, mfa: null, console: null, protection: null };

export type UserListFilterResult = SearchParamsResult<UserListFilter>;

const onOff = () =>
  param
    .firstTrimmed()
    .transform(
      rule((value: string | null) =>
        value === null || value === "on" || value === "off" ? value : invalid("must be on or off"),
      ),
    );

/** The user list's parameters, one schema for the page and its filter form. */
export const userListParams = z.object({
  type: param
    .firstTrimmed()
    .transform(
      rule((type: string | null) =>
        type === null || isOneOf(USER_TYPES, type) ? type : invalid(`must be one of ${USER_TYPES.join(", ")}`),
      ),
    ),
  group: param
    .firstTrimmed()
    .transform(
      rule((group: string | null) =>
        group !== null && group.length > 256 ? invalid("at most 256 characters") : group,
      ),
    ),
  mfa: onOff(),
  console: onOff(),
  protection: param
    .firstTrimmed()
    .transform(
      rule((protection: string | null) =>
        protection === null || Object.hasOwn(PROTECTIONS, protection)
          ? (protection as UserListFilter["protection"])
          : invalid("must be login, operation or none"),
      ),
    ),
}) satisfies z.ZodType<UserListFilter, RawSearchParams>;

export function parseUserListFilter(params: URLSearchParams): UserListFilterResult {
  return parseSearchParams(userListParams, params);
}

/** The Prisma `where` fragment for a filter (plain data, so it is unit-tested here). */
export function userFilterWhere(filter: UserListFilter): Record<string, unknown> {
  const where: Record<string, unknown> = {};
  if (filter.type) where.userType = filter.type;
  if (filter.group) where.memberships = { some: { group: { name: filter.group } } };
  if (filter.mfa === "on") where.mfaEnabled = true;
  if (filter.mfa === "off") Object.assign(where, { consoleAccess: true, mfaEnabled: false });
  if (filter.console) where.consoleAccess = filter.console === "on";
  if (filter.protection === "login") where.loginProtection = true;
  if (filter.protection === "operation") where.operationProtection = true;
  if (filter.protection === "none") Object.assign(where, { loginProtection: false, operationProtection: false });
  return where;
}
