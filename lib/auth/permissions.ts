// What each console role may do, named for what it allows. The one table the sections (lib/auth/roles.ts), the
// server actions (lib/actions/client.ts) and the pages ask: a section is open to a role when the role has the
// section's permission, so the sidebar and the actions behind it cannot disagree.
import type { ConsoleRole } from "./roles";

export const PERMISSIONS = [
  /** Any console role: one's own account, messages and session. */
  "signedIn",
  /** Overview, operation records, AccessKeys and their audit (a team lead: their teams only). */
  "readAudit",
  /** Users, groups and the recycle bin, read only. */
  "readDirectory",
  /** Alarms raised by the policies. */
  "readAlarms",
  /** Generate and download the credential report. */
  "credentialReport",
  /** Create, change and delete users and groups. */
  "manageDirectory",
  /** Create, disable, enable and delete AccessKeys. */
  "manageKeys",
  /** Settings: password policy, alarm policies, tracking sets, event integrity. */
  "manageSettings",
  /** Import log files into the audit log. */
  "importLogs",
  /** See the connections to the clouds and their state (not their secrets). */
  "readConnections",
  /** Add, change, pause, backfill and remove connections to the clouds. */
  "manageConnections",
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const EVERYONE: readonly ConsoleRole[] = ["Administrator", "Auditor", "TeamLead"];
const READERS: readonly ConsoleRole[] = ["Administrator", "Auditor"];
const ADMINISTRATORS: readonly ConsoleRole[] = ["Administrator"];

export const PERMISSION_ROLES: Readonly<Record<Permission, readonly ConsoleRole[]>> = {
  signedIn: EVERYONE,
  readAudit: EVERYONE,
  readDirectory: READERS,
  readAlarms: READERS,
  credentialReport: READERS,
  manageDirectory: ADMINISTRATORS,
  manageKeys: ADMINISTRATORS,
  manageSettings: ADMINISTRATORS,
  importLogs: ADMINISTRATORS,
  readConnections: READERS,
  manageConnections: ADMINISTRATORS,
};

export function isPermission(value: unknown): value is Permission {
  return typeof value === "string" && (PERMISSIONS as readonly string[]).includes(value);
}

/** Whether a user of this role may do what the permission names. An unknown role may do nothing. */
export function can(role: ConsoleRole, permission: Permission): boolean {
  return Object.hasOwn(PERMISSION_ROLES, permission) && PERMISSION_ROLES[permission].includes(role);
}

/** "Only administrators may do this.", from the roles that hold the permission. */
export function refusalMessage(permission: Permission): string {
  const roles = PERMISSION_ROLES[permission].map((r) => (r === "TeamLead" ? "team leads" : `${r.toLowerCase()}s`));
  return `Only ${roles.length > 1 ? `${roles.slice(0, -1).join(", ")} and ${roles.at(-1)}` : roles[0]} may do this.`;
}
