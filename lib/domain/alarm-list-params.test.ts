import { describe, expect, it } from "vitest";
import { alarmListParams, messageListParams } from "./alarm-list-params";
import { readSearchParams } from "./search-params";

const read = <T>(schema: Parameters<typeof readSearchParams<T>>[0], query: string) =>
  readSearchParams(schema, new URLSearchParams(query));

describe("alarm and message list parameters", () => {
  it("read a policy, an unread flag and a cursor", () => {
    expect(read(alarmListParams, "policy=3&before=120")).toEqual({ policy: 3, before: 120 });
    expect(read(messageListParams, "unread=1&before=7")).toEqual({ unread: true, before: 7 });
  });

  it("take anything else as not given, as before", () => {
    expect(read(alarmListParams, "")).toEqual({ policy: undefined, before: undefined });
    expect(read(alarmListParams, "policy=abc&before=0")).toEqual({ policy: undefined, before: undefined });
    expect(read(messageListParams, "unread=true&before=")).toEqual({ unread: false, before: undefined });
  });
});
