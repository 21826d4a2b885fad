// A console event never records a webhook's token: URLs in its parameters keep scheme, host and path only.
import { describe, expect, it } from "vitest";
import { consoleEvent } from "./console-event";

describe("console events with webhook URLs", () => {
  it("drop the query, fragment and user info of every URL in the request parameters and response elements, raw record included", () => {
    const event = consoleEvent({
      eventId: "0b6f3c1e-1111-4222-8333-944455556667",
      eventTime: new Date("2026-11-21T10:00:00.000Z"),
      eventName: "CreateTrackingSet",
      readOnly: false,
      accountId: "1000000000001",
      actor: { userName: "admin", principalId: "2000000000000001", userType: "SubUser", mfaUsed: null },
      meta: { sourceIpAddress: "203.0.113.9", userAgent: "Mozilla/5.0" },
      requestParameters: {
        Name: "siem",
        Destination: {
          kind: "webhook",
          url: "https://bot:pw@hooks.example.com/services/T0/B0?token=xoxb-secret#x",
          secret: "(hidden)",
        },
      },
      responseElements: { Webhook: "http://siem.example:8080/in?api_key=k3y" },
    });
    expect(event.requestParameters).toEqual({
      Name: "siem",
      Destination: { kind: "webhook", url: "https://hooks.example.com/services/T0/B0", secret: "(hidden)" },
    });
    expect(event.responseElements).toEqual({ Webhook: "http://siem.example:8080/in" });
    for (const secret of ["xoxb-secret", "bot:pw", "k3y"]) expect(event.raw).not.toContain(secret);
  });
});
