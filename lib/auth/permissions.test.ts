import { describe, expect, it } from "vitest";
import { can, isPermission, PERMISSIONS, refusalMessage } from "./permissions";
import { CONSOLE_ROLES, canOpen, SECTIONS, section, type SectionKey } from "./roles";

const granted = (role: (typeof CONSOLE_ROLES)[number]) => PERMISSIONS.filter((p) => can(role, p));

describe("permissions", () => {
  it("gives each role exactly its permissions", () => {
    expect(granted("Administrator")).toEqual([...PERMISSIONS]);
    expect(granted("Auditor")).toEqual([
      "signedIn",
      "readAudit",
      "readDirectory",
      "readAlarms",
      "credentialReport",
      "readConnections",
    ]);
    expect(granted("TeamLead")).toEqual(["signedIn", "readAudit"]);
  });

  it("refuses an unknown role everything", () => {
    for (const permission of PERMISSIONS) expect(can("Root" as never, permission)).toBe(false);
  });

  it("refuses a permission that does not exist", () => {
    expect(can("Administrator", "public" as never)).toBe(false);
    expect(can("Administrator", "toString" as never)).toBe(false);
    expect(isPermission("manageKeys")).toBe(true);
    expect(isPermission("public")).toBe(false);
    expect(isPermission("toString")).toBe(false);
  });

  it("opens every section to exactly the roles that hold its permission", () => {
    const keys: SectionKey[] = [...SECTIONS.map((s) => s.key), "importLogs", "messages", "addConnection"];
    for (const key of keys) {
      for (const role of CONSOLE_ROLES)
        expect(canOpen(role, key), `${role} → ${key}`).toBe(can(role, section(key).permission));
    }
    expect(section("settings").permission).toBe("manageSettings");
    expect(section("importLogs").permission).toBe("importLogs");
  });

  it("says who may do what was refused", () => {
    expect(refusalMessage("manageSettings")).toBe("Only administrators may do this.");
    expect(refusalMessage("credentialReport")).toBe("Only administrators and auditors may do this.");
    expect(refusalMessage("readAudit")).toBe("Only administrators, auditors and team leads may do this.");
  });
});
