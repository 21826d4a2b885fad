// The user list's filters, read from the URL: user type, group, MFA, console access and protection. A bad value
// is an error that names its parameter. `mfa=off` means console users without MFA (what the Overview counts).

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

export type UserListFilterResult = { ok: true; filter: UserListFilter } | { ok: false; param: string; message: string };

const onOff = (value: string | null) => (value === null || value === "on" || value === "off" ? value : undefined);

export function parseUserListFilter(params: URLSearchParams): UserListFilterResult {
  const get = (name: string) => params.get(name)?.trim() || null;
  const type = get("type");
  if (type !== null && !(USER_TYPES as readonly string[]).includes(type))
    return { ok: false, param: "type", message: `type: must be one of ${USER_TYPES.join(", ")}` };
  const group = get("group");
  if (group !== null && group.length > 256)
    return { ok: false, param: "group", message: "group: at most 256 characters" };
  const mfa = onOff(get("mfa"));
  if (mfa === undefined) return { ok: false, param: "mfa", message: "mfa: must be on or off" };
  const consoleAccess = onOff(get("console"));
  if (consoleAccess === undefined) return { ok: false, param: "console", message: "console: must be on or off" };
  const protection = get("protection");
  if (protection !== null && !Object.hasOwn(PROTECTIONS, protection))
    return { ok: false, param: "protection", message: "protection: must be login, operation or none" };
  return {
    ok: true,
    filter: {
      type: type as UserListFilter["type"],
      group,
      mfa,
      console: consoleAccess,
      protection: protection as UserListFilter["protection"],
    },
  };
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
