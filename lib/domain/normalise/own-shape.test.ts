import { describe, expect, it } from "vitest";
import { consoleSigninEvent } from "../console-event";
import { cleanIp } from "./ip";
import { normaliseOwnShape } from "./own-shape";

describe("own-shape events", () => {
  it("round-trips an event written by toOwnShape, keeping the raw text", () => {
    const event = consoleSigninEvent(
      {
        eventId: "e-1",
        eventTime: new Date("2026-11-21T10:00:00.123Z"),
        accountId: "1000000000001",
        actor: { userName: "admin", principalId: "200", userType: "SubUser", mfaUsed: false },
        meta: { sourceIpAddress: "203.0.113.9", userAgent: "UA" },
      },
      { ok: true },
    );
    const result = normaliseOwnShape(JSON.parse(event.raw), event.raw, "keytrail");
    expect(result).toEqual({ ok: true, event });
  });

  it("fills what is missing and derives the service from the event source", () => {
    const raw =
      '{"eventId":"x","eventTime":"2026-01-01T00:00:00+08:00","eventName":"GetUser","eventSource":"ram.aliyuncs.com","sourceIpAddress":"not-an-ip"}';
    const result = normaliseOwnShape(JSON.parse(raw), raw);
    expect(result.ok && result.event).toMatchObject({
      eventTime: new Date("2025-12-31T16:00:00.000Z"),
      service: "ram",
      eventType: "ApiCall",
      readOnly: null,
      sensitive: false,
      sourceIpAddress: null,
      resources: [],
      userIdentity: { type: null, principalId: null, userName: null, accessKeyId: null, mfaUsed: null, roleName: null },
      raw,
    });
  });

  it("rejects a record without the essentials, naming the field", () => {
    expect(normaliseOwnShape({ eventTime: "2026-01-01T00:00:00Z", eventName: "A", eventSource: "s" }, "{}")).toEqual({
      ok: false,
      reason: "eventId: Invalid input: expected string, received undefined",
    });
    expect(normaliseOwnShape({ eventId: "a", eventTime: "yesterday", eventName: "A", eventSource: "s" }, "{}")).toEqual(
      {
        ok: false,
        reason: "eventTime: eventTime must be an ISO-8601 date-time",
      },
    );
    expect(normaliseOwnShape("nope", "nope")).toMatchObject({ ok: false, reason: expect.stringMatching(/^record: /) });
  });

  it("keeps only real IP addresses", () => {
    expect(cleanIp("203.0.113.9")).toBe("203.0.113.9");
    expect(cleanIp("2001:DB8::1")).toBe("2001:db8::1");
    expect(cleanIp("::ffff:10.1.2.3")).toBe("10.1.2.3");
    expect(cleanIp("ec2.amazonaws.com")).toBeNull();
    expect(cleanIp("999.1.1.1")).toBeNull();
    expect(cleanIp(42)).toBeNull();
  });
});
