import { describe, expect, it } from "vitest";
import { hrefWith, toSearchParams } from "./url-state";

describe("url state", () => {
  it("keeps repeated parameters and applies changes", () => {
    const params = toSearchParams({ userName: ["a", "b"], event: "e-1", cursor: undefined });
    expect(params.toString()).toBe("userName=a&userName=b&event=e-1");
    expect(hrefWith("/x", params, { event: null, cursor: "c" })).toBe("/x?userName=a&userName=b&cursor=c");
    expect(hrefWith("/x", new URLSearchParams(), {})).toBe("/x");
  });
});
