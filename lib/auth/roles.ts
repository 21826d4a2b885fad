// Console roles and the sections each may open. Plain data: the sidebar, every page, action and route handler
// ask these same questions. A section names the permission (lib/auth/permissions.ts) that opens it, so a page
// and the actions behind it answer from the same table.
import { can, type Permission } from "./permissions";

export const CONSOLE_ROLES = ["Administrator", "Auditor", "TeamLead"] as const;
export type ConsoleRole = (typeof CONSOLE_ROLES)[number];

export const ROLE_LABELS: Record<ConsoleRole, string> = {
  Administrator: "Administrator",
  Auditor: "Auditor",
  TeamLead: "Team lead",
};

export function isConsoleRole(value: unknown): value is ConsoleRole {
  return typeof value === "string" && (CONSOLE_ROLES as readonly string[]).includes(value);
}

export type SectionKey =
  | "overview"
  | "operationRecords"
  | "importLogs"
  | "accessKeys"
  | "accessKeyAudit"
  | "users"
  | "credentialReport"
  | "alarms"
  | "messages"
  | "connections"
  | "addConnection"
  | "settings";

export interface Section {
  key: SectionKey;
  href: string;
  label: string;
  /** The permission a role needs to open it. */
  permission: Permission;
}

/** The console's sections, in sidebar order. Team leads see operation records, AccessKeys and AccessKey audit
 *  scoped to the members of the groups they lead. */
export const SECTIONS: readonly Section[] = [
  { key: "overview", href: "/", label: "Overview", permission: "readAudit" },
  { key: "operationRecords", href: "/operation-records", label: "Operation records", permission: "readAudit" },
  { key: "accessKeys", href: "/access-keys", label: "AccessKeys", permission: "readAudit" },
  { key: "accessKeyAudit", href: "/access-keys/audit", label: "AccessKey audit", permission: "readAudit" },
  { key: "users", href: "/users", label: "Users & keys", permission: "readDirectory" },
  { key: "credentialReport", href: "/credential-report", label: "Credential report", permission: "credentialReport" },
  { key: "alarms", href: "/alarms", label: "Alarms", permission: "readAlarms" },
  // Under Settings, but open to auditors too (read only): the rest of Settings is not.
  { key: "connections", href: "/settings/connections", label: "Connections", permission: "readConnections" },
  { key: "settings", href: "/settings", label: "Settings", permission: "manageSettings" },
];

/** Pages reached from within a section rather than from the sidebar. */
const SUBPAGES: readonly Section[] = [
  { key: "importLogs", href: "/operation-records/import", label: "Import log files", permission: "importLogs" },
  { key: "messages", href: "/messages", label: "Message center", permission: "signedIn" },
  { key: "addConnection", href: "/settings/connections/new", label: "Add connection", permission: "manageConnections" },
];

export function section(key: SectionKey): Section {
  return SECTIONS.find((s) => s.key === key) ?? SUBPAGES.find((s) => s.key === key)!;
}

export function canOpen(role: ConsoleRole, key: SectionKey): boolean {
  return can(role, section(key).permission);
}

export function sectionsFor(role: ConsoleRole): Section[] {
  return SECTIONS.filter((s) => can(role, s.permission));
}

/** Administrators and auditors see every principal; a team lead only the members of the groups they lead. */
export function seesWholeAccount(role: ConsoleRole): boolean {
  return role !== "TeamLead";
}
