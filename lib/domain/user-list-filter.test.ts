import { describe, expect, it } from "vitest";
import { NO_USER_FILTER, parseUserListFilter, userFilterWhere } from "./user-list-filter";

const parse = (query: string) => parseUserListFilter(new URLSearchParams(query));

describe("the user list filter", () => {
  it("reads every filter, and none", () => {
    expect(parse("")).toEqual({ ok: true, value: NO_USER_FILTER });
    expect(parse("type=SubUser&group=Platform&mfa=on&console=off&protection=login")).toEqual({
      ok: true,
      value: { type: "SubUser", group: "Platform", mfa: "on", console: "off", protection: "login" },
    });
  });

  it("names the parameter of a bad value", () => {
    expect(parse("type=Admin")).toMatchObject({ ok: false, param: "type" });
    expect(parse("mfa=maybe")).toMatchObject({ ok: false, param: "mfa" });
    expect(parse("console=1")).toMatchObject({ ok: false, param: "console" });
    expect(parse("protection=constructor")).toMatchObject({ ok: false, param: "protection" });
    expect(parse(`group=${"g".repeat(257)}`)).toMatchObject({ ok: false, param: "group" });
  });

  it("turns a filter into the database condition; mfa=off means console users without MFA", () => {
    const where = (q: string) => {
      const r = parse(q);
      if (!r.ok) throw new Error(r.message);
      return userFilterWhere(r.value);
    };
    expect(where("mfa=off")).toEqual({ consoleAccess: true, mfaEnabled: false });
    expect(where("type=Root&group=Ops")).toEqual({
      userType: "Root",
      memberships: { some: { group: { name: "Ops" } } },
    });
    expect(where("protection=none&console=on")).toEqual({
      consoleAccess: true,
      loginProtection: false,
      operationProtection: false,
    });
    expect(where("protection=operation&mfa=on")).toEqual({ mfaEnabled: true, operationProtection: true });
  });
});
