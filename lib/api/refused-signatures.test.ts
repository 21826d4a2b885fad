import { describe, expect, it } from "vitest";
import { AGGREGATE_ERROR_CODE, AGGREGATE_SOURCES, aggregateEvent } from "./refused-signatures";

const key = {
  accessKeyId: "LTAIUNIT000000000001",
  accountId: "1234567890123",
  userName: "bob",
  principalId: "p-bob",
  userType: "SubUser",
};

describe("aggregateEvent", () => {
  it("names the key, the minute, the exact count and the busiest sources, and nothing a caller chose", () => {
    const minute = Date.UTC(2026, 11, 7, 18, 30) / 60_000;
    const sources = Array.from({ length: AGGREGATE_SOURCES + 2 }, (_, i) => ({
      sourceIp: `192.0.2.${i}`,
      count: 20 - i,
    }));
    const event = aggregateEvent(key, { accessKeyId: key.accessKeyId, minute, total: 200, sources });
    expect(event).toMatchObject({
      eventName: "PutEvents",
      eventSource: "keytrail",
      origin: "keytrail",
      errorCode: AGGREGATE_ERROR_CODE,
      eventTime: new Date("2026-12-07T18:30:59.999Z"),
      accountId: key.accountId,
      sourceIpAddress: "192.0.2.0",
      userAgent: null,
      region: null,
      requestParameters: null,
      userIdentity: { userName: "bob", principalId: "p-bob", type: "SubUser", accessKeyId: key.accessKeyId },
    });
    expect(event.responseElements).toEqual({
      refusedCalls: 200,
      minute: "2026-12-07T18:30:00.000Z",
      sources: sources.slice(0, AGGREGATE_SOURCES),
      otherSources: 2,
    });
    expect(event.errorMessage).toBe(
      "200 requests naming this AccessKey were refused (no valid signature) in the minute from 2026-12-07T18:30:00.000Z; the first is recorded on its own",
    );
  });

  it("counts as an authentication failure, so it never moves the key's last use", async () => {
    const { isAuthenticationFailure } = await import("@/lib/domain/key-usage");
    expect(isAuthenticationFailure(AGGREGATE_ERROR_CODE)).toBe(true);
  });
});
