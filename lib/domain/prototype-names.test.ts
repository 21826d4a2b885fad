// Every URL parser looks a value up among its own choices only: a name Object.prototype carries ("toString",
// "__proto__", "constructor", ...) is an unknown value with a clear message, never a lookup that finds a function.
import { describe, expect, it } from "vitest";
import { isAuditWindowPreset, parseAuditWindow } from "./audit-window";
import { isPreviewFilter } from "./credential-report/preview-filters";
import { parseEventFilter } from "./event-filter";
import { parseInventoryQuery } from "./key-inventory-params";
import { parseUserListFilter } from "./user-list-filter";

const NAMES = ["toString", "__proto__", "constructor", "hasOwnProperty", "valueOf"];
const now = new Date("2026-11-21T12:00:00.000Z");
const query = (name: string, value: string) => new URLSearchParams([[name, value]]);

describe.each(NAMES)("the Object.prototype name %s", (name) => {
  it("is not an event-filter range", () => {
    expect(parseEventFilter(query("range", name), { now })).toEqual({
      ok: false,
      param: "range",
      message: "range: must be one of 1h, 24h, 7d, 30d, 90d, 180d or custom",
    });
  });

  it("is not an event-filter select value", () => {
    for (const param of ["eventType", "result", "readOnly", "sensitive", "order"]) {
      expect(parseEventFilter(query(param, name), { now }), param).toMatchObject({ ok: false, param });
    }
  });

  it("is not an audit window", () => {
    expect(isAuditWindowPreset(name)).toBe(false);
    expect(parseAuditWindow(query("range", name), now)).toMatchObject({ ok: false, param: "range" });
  });

  it("is not an inventory flag, status, sort column or order", () => {
    for (const param of ["flag", "status", "sort", "order"]) {
      expect(parseInventoryQuery(query(param, name)), param).toMatchObject({ ok: false, param });
    }
  });

  it("is not a user-list type or protection", () => {
    for (const param of ["type", "protection", "mfa", "console"]) {
      expect(parseUserListFilter(query(param, name)), param).toMatchObject({ ok: false, param });
    }
  });

  it("is not a credential-report preview filter", () => {
    expect(isPreviewFilter(name)).toBe(false);
  });
});
