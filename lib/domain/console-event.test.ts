import { describe, expect, it } from "vitest";
import { consoleSigninEvent, consoleSignoutEvent } from "./console-event";

const base = {
  eventId: "0b6f3c1e-1111-4222-8333-944455556666",
  eventTime: new Date("2026-11-21T10:00:00.000Z"),
  accountId: "1000000000001",
  actor: { userName: "admin", principalId: "2000000000000001", userType: "SubUser", mfaUsed: false },
  meta: { sourceIpAddress: "203.0.113.9", userAgent: "Mozilla/5.0" },
};

describe("console events", () => {
  it("builds a successful ConsoleSignin in the normalised shape", () => {
    const event = consoleSigninEvent(base, { ok: true });
    expect(event).toMatchObject({
      eventName: "ConsoleSignin",
      eventType: "ConsoleSignin",
      origin: "keytrail",
      service: "keytrail",
      eventSource: "keytrail",
      readOnly: false,
      errorCode: null,
      sourceIpAddress: "203.0.113.9",
      userAgent: "Mozilla/5.0",
      responseElements: { ConsoleSignin: "Success" },
      userIdentity: {
        type: "SubUser",
        principalId: "2000000000000001",
        userName: "admin",
        accessKeyId: null,
        mfaUsed: false,
        roleName: null,
      },
    });
    expect(JSON.parse(event.raw)).toMatchObject({
      eventId: base.eventId,
      eventTime: "2026-11-21T10:00:00.000Z",
      serviceName: "keytrail",
    });
  });

  it("records a failure with its code and keeps the typed user name as plain data", () => {
    const typed = "<img src=x onerror=alert(1)>";
    const event = consoleSigninEvent(
      { ...base, accountId: null, actor: { userName: typed, principalId: null, userType: null, mfaUsed: null } },
      { ok: false, errorCode: "InvalidCredentials", errorMessage: "Incorrect user name or password." },
    );
    expect(event.errorCode).toBe("InvalidCredentials");
    expect(event.responseElements).toEqual({ ConsoleSignin: "Failure" });
    expect(event.userIdentity.userName).toBe(typed);
    expect(event.requestParameters).toEqual({ userName: typed });
  });

  it("builds a ConsoleSignout", () => {
    expect(consoleSignoutEvent(base)).toMatchObject({
      eventName: "ConsoleSignout",
      eventType: "ConsoleSignin",
      errorCode: null,
    });
  });
});
