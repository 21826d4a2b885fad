import { describe, expect, it } from "vitest";
import {
  createUserInput,
  formErrors,
  isPurged,
  isRestorable,
  newAccessKeyId,
  newAccessKeySecret,
  PURGED_PREFIX,
  randomString,
  recycleBinCutoff,
  updateUserInput,
} from "./directory-admin";

const base = {
  userName: "dana",
  displayName: "Dana",
  email: "",
  userType: "SubUser",
  consoleRole: "",
  consoleAccess: false,
  password: "",
  groupIds: [],
};

describe("createUserInput", () => {
  it("accepts a user without console access and normalises empty choices to null", () => {
    expect(createUserInput.parse({ ...base, groupIds: ["3"] })).toMatchObject({
      email: null,
      consoleRole: null,
      groupIds: [3],
    });
  });
  it("needs a role and an initial password for console access", () => {
    const result = createUserInput.safeParse({ ...base, consoleAccess: true });
    expect(result.success).toBe(false);
    if (!result.success)
      expect(Object.keys(formErrors(result.error).fieldErrors).sort()).toEqual(["consoleRole", "password"]);
  });
  it("refuses console access for a message receiver, reserved names and the purged marker", () => {
    expect(
      createUserInput.safeParse({
        ...base,
        userType: "MessageReceiver",
        consoleAccess: true,
        consoleRole: "Auditor",
        password: "x".repeat(10),
      }).success,
    ).toBe(false);
    expect(createUserInput.safeParse({ ...base, userName: "recycle-bin" }).success).toBe(false);
    expect(createUserInput.safeParse({ ...base, userName: "a b" }).success).toBe(false);
    expect(createUserInput.safeParse({ ...base, userType: "Root" }).success).toBe(false);
    expect(
      updateUserInput.safeParse({ userName: "dana", displayName: `${PURGED_PREFIX}x`, email: "", consoleRole: "" })
        .success,
    ).toBe(false);
    expect(
      updateUserInput.safeParse({ userName: "dana", displayName: "D", email: "not-an-email", consoleRole: "" }).success,
    ).toBe(false);
  });
});

describe("recycle bin", () => {
  const now = new Date("2025-06-30T12:00:00Z");
  it("restores for 30 days", () => {
    expect(isRestorable(new Date("2025-06-01T12:00:01Z"), now)).toBe(true);
    expect(isRestorable(new Date("2025-05-31T12:00:00Z"), now)).toBe(false);
    expect(recycleBinCutoff(now).toISOString()).toBe("2025-05-31T12:00:00.000Z");
  });
  it("knows a purged tombstone", () => {
    expect(isPurged({ displayName: `${PURGED_PREFIX}Dana`, deletedAt: now })).toBe(true);
    expect(isPurged({ displayName: "Dana", deletedAt: now })).toBe(false);
  });
});

describe("AccessKey generators", () => {
  it("have the demo's shapes", () => {
    expect(newAccessKeyId()).toMatch(/^LTAI[A-Z0-9]{20}$/);
    expect(newAccessKeySecret()).toMatch(/^[A-Za-z0-9]{30}$/);
    expect(newAccessKeySecret()).not.toBe(newAccessKeySecret());
  });
  it("skip bytes that would bias the alphabet", () => {
    // 36 letters: bytes >= 252 are skipped.
    const bytes = Buffer.from([255, 0, 253, 35, 252, 36]);
    expect(randomString(3, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", () => bytes)).toBe("A9A");
  });
});
