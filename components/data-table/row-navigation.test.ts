import { describe, expect, it } from "vitest";
import { isTableShortcut, movedSelection } from "./row-navigation";

const ids = ["a", "b", "c"];

describe("movedSelection", () => {
  it("moves down with j and up with k", () => {
    expect(movedSelection(ids, "a", "j")).toBe("b");
    expect(movedSelection(ids, "c", "k")).toBe("b");
  });

  it("stays on the first and the last row", () => {
    expect(movedSelection(ids, "a", "k")).toBe("a");
    expect(movedSelection(ids, "c", "j")).toBe("c");
  });

  it("selects the first row when nothing on the page is selected", () => {
    expect(movedSelection(ids, null, "j")).toBe("a");
    expect(movedSelection(ids, null, "k")).toBe("a");
    expect(movedSelection(ids, "elsewhere", "j")).toBe("a");
  });

  it("answers null with no rows or another key", () => {
    expect(movedSelection([], null, "j")).toBeNull();
    expect(movedSelection(ids, "a", "x")).toBeNull();
  });
});

describe("isTableShortcut", () => {
  const plain = { metaKey: false, ctrlKey: false, altKey: false };
  const element = (insideControl: boolean) =>
    ({ closest: () => (insideControl ? {} : null) }) as unknown as EventTarget;

  it("takes keys typed outside form controls", () => {
    expect(isTableShortcut({ ...plain, target: element(false) })).toBe(true);
    expect(isTableShortcut({ ...plain, target: null })).toBe(true);
  });

  it("leaves keys typed into a form control or with a modifier", () => {
    expect(isTableShortcut({ ...plain, target: element(true) })).toBe(false);
    expect(isTableShortcut({ ...plain, ctrlKey: true, target: element(false) })).toBe(false);
    expect(isTableShortcut({ ...plain, metaKey: true, target: element(false) })).toBe(false);
    expect(isTableShortcut({ ...plain, altKey: true, target: element(false) })).toBe(false);
  });
});
