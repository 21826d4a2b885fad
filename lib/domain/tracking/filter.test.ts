import { describe, expect, it } from "vitest";
import type { NormalisedEvent } from "@/lib/domain/event";
import { buildEvent } from "@/tests/fixtures/events";
import { DELIVER_EVERYTHING, describeTrackingFilter, parseTrackingFilter, trackingFilterMatches } from "./filter";

const event = (overrides: Partial<NormalisedEvent> = {}): NormalisedEvent => ({
  ...buildEvent({
    eventId: "e1",
    eventTime: new Date("2026-11-01T00:00:00Z"),
    eventName: "CreateUser",
    eventSource: "ram.aliyuncs.com",
    service: "ram",
    readOnly: false,
    sensitive: true,
    accountId: "1",
    userIdentity: { type: "ram-user", principalId: "p", userName: "alice" },
  }),
  ...overrides,
});

describe("tracking set filter", () => {
  it("delivers everything with empty lists", () => {
    expect(trackingFilterMatches(DELIVER_EVERYTHING, event())).toBe(true);
  });

  it("requires every filled-in part", () => {
    const parsed = parseTrackingFilter(
      {
        services: "ram, iam",
        eventNames: "CreateUser\nDeleteUser",
        readOnly: "write",
        sensitiveOnly: "on",
        userNames: "bob",
      },
      [3],
    );
    if (!parsed.ok) throw new Error(parsed.error);
    expect(parsed.filter).toEqual({
      services: ["ram", "iam"],
      eventNames: ["CreateUser", "DeleteUser"],
      readOnly: "write",
      sensitiveOnly: true,
      userNames: ["bob"],
      groupIds: [3],
    });
    const f = parsed.filter;
    expect(trackingFilterMatches(f, event())).toBe(false); // alice is neither bob nor a member
    expect(trackingFilterMatches(f, event(), new Set(["alice"]))).toBe(true);
    expect(trackingFilterMatches(f, event({ service: "ecs" }), new Set(["alice"]))).toBe(false);
    expect(trackingFilterMatches(f, event({ readOnly: true }), new Set(["alice"]))).toBe(false);
    expect(trackingFilterMatches(f, event({ readOnly: null }), new Set(["alice"]))).toBe(false);
    expect(trackingFilterMatches(f, event({ sensitive: false }), new Set(["alice"]))).toBe(false);
    expect(describeTrackingFilter(f, ["Ops"])).toBe(
      "services ram, iam; events CreateUser, DeleteUser; writes; sensitive only; users bob; members of Ops",
    );
  });

  it("refuses a bad read/write choice with a clear message", () => {
    expect(parseTrackingFilter({ readOnly: "sometimes" }, [])).toEqual({
      ok: false,
      error: expect.stringMatching(/^Filter readOnly: /),
    });
  });
});
