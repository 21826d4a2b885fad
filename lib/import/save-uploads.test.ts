import { describe, expect, it } from "vitest";
import { safeFileName } from "./save-uploads";

describe("safeFileName", () => {
  it("keeps the extension and drops folders and odd characters", () => {
    expect(safeFileName("../../etc/passwd", 0)).toBe("000-passwd");
    expect(safeFileName("C:\\logs\\trail 1.json.gz", 3)).toBe("003-trail_1.json.gz");
    expect(safeFileName("..hidden.jsonl", 12)).toBe("012-hidden.jsonl");
    expect(safeFileName("", 1)).toBe("001-upload");
  });
});
