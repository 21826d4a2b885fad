import { describe, expect, it } from "vitest";
import { canOpen, isConsoleRole, sectionsFor, seesWholeAccount } from "./roles";

describe("console roles", () => {
  it("gives each role exactly its sections, in sidebar order", () => {
    expect(sectionsFor("Administrator").map((s) => s.label)).toEqual([
      "Overview",
      "Operation records",
      "AccessKeys",
      "AccessKey audit",
      "Users & keys",
      "Credential report",
      "Alarms",
      "Connections",
      "Settings",
    ]);
    expect(sectionsFor("Auditor").map((s) => s.label)).toEqual([
      "Overview",
      "Operation records",
      "AccessKeys",
      "AccessKey audit",
      "Users & keys",
      "Credential report",
      "Alarms",
      "Connections",
    ]);
    expect(sectionsFor("TeamLead").map((s) => s.label)).toEqual([
      "Overview",
      "Operation records",
      "AccessKeys",
      "AccessKey audit",
    ]);
  });

  it("refuses team leads the administration, report and settings pages", () => {
    expect(canOpen("TeamLead", "users")).toBe(false);
    expect(canOpen("TeamLead", "credentialReport")).toBe(false);
    expect(canOpen("TeamLead", "settings")).toBe(false);
    expect(canOpen("Auditor", "settings")).toBe(false);
    expect(canOpen("Auditor", "credentialReport")).toBe(true);
    expect(canOpen("TeamLead", "alarms")).toBe(false);
    expect(canOpen("Auditor", "alarms")).toBe(true);
    expect(canOpen("TeamLead", "messages")).toBe(true);
    expect(canOpen("Auditor", "connections")).toBe(true);
    expect(canOpen("Auditor", "addConnection")).toBe(false);
    expect(canOpen("TeamLead", "connections")).toBe(false);
  });

  it("limits only team leads to their teams", () => {
    expect(seesWholeAccount("Administrator")).toBe(true);
    expect(seesWholeAccount("Auditor")).toBe(true);
    expect(seesWholeAccount("TeamLead")).toBe(false);
  });

  it("recognises only the three roles", () => {
    expect(isConsoleRole("Auditor")).toBe(true);
    expect(isConsoleRole("auditor")).toBe(false);
    expect(isConsoleRole(null)).toBe(false);
  });
});
