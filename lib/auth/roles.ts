// Console roles and what each may open or do. Plain data: the sidebar, every page, action and route handler
// ask these same questions, so the rules live in one place.

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
  | "settings";

export interface Section {
  key: SectionKey;
  href: string;
  label: string;
  roles: readonly ConsoleRole[];
}

const EVERYONE = CONSOLE_ROLES;

/** The console's sections, in sidebar order. Team leads see operation records, AccessKeys and AccessKey audit
 *  scoped to the members of the groups they lead. */
export const SECTIONS: readonly Section[] = [
  { key: "overview", href: "/", label: "Overview", roles: EVERYONE },
  { key: "operationRecords", href: "/operation-records", label: "Operation records", roles: EVERYONE },
  { key: "accessKeys", href: "/access-keys", label: "AccessKeys", roles: EVERYONE },
  { key: "accessKeyAudit", href: "/access-keys/audit", label: "AccessKey audit", roles: EVERYONE },
  { key: "users", href: "/users", label: "Users & keys", roles: ["Administrator", "Auditor"] },
  { key: "credentialReport", href: "/credential-report", label: "Credential report", roles: ["Administrator", "Auditor"] },
  { key: "alarms", href: "/alarms", label: "Alarms", roles: ["Administrator", "Auditor"] },
  { key: "settings", href: "/settings", label: "Settings", roles: ["Administrator"] },
];

/** Pages reached from within a section rather than from the sidebar. */
const SUBPAGES: readonly Section[] = [
  { key: "importLogs", href: "/operation-records/import", label: "Import log files", roles: ["Administrator"] },
  { key: "messages", href: "/messages", label: "Message center", roles: EVERYONE },
];

export function section(key: SectionKey): Section {
  return SECTIONS.find((s) => s.key === key) ?? SUBPAGES.find((s) => s.key === key)!;
}

export function canOpen(role: ConsoleRole, key: SectionKey): boolean {
  return section(key).roles.includes(role);
}

export function sectionsFor(role: ConsoleRole): Section[] {
  return SECTIONS.filter((s) => s.roles.includes(role));
}

/** Administrators and auditors see every principal; a team lead only the members of the groups they lead. */
export function seesWholeAccount(role: ConsoleRole): boolean {
  return role !== "TeamLead";
}
