import { describe, expect, it } from "vitest";
import type { ImportSummary } from "./import-summary";
import { summaryLine, summaryLines } from "./summary-line";

const clean: ImportSummary = {
  files: 12,
  imported: 2870,
  duplicates: 30,
  rejected: 0,
  rejectedByFile: [],
  skippedFiles: [],
};

describe("import summary", () => {
  it("is one line when everything went in", () => {
    expect(summaryLines(clean)).toEqual([
      "Imported 2,900 events from 12 files: 2,870 new, 30 duplicates skipped, 0 records rejected.",
    ]);
  });

  it("uses singulars for one", () => {
    expect(summaryLine({ ...clean, files: 1, imported: 0, duplicates: 1, rejected: 1 })).toBe(
      "Imported 1 event from 1 file: 0 new, 1 duplicate skipped, 1 record rejected.",
    );
    expect(summaryLine({ ...clean, files: 0, imported: 0, duplicates: 0 })).toBe(
      "Imported 0 events from 0 files: 0 new, 0 duplicates skipped, 0 records rejected.",
    );
  });

  it("lists the first reasons per rejected file, how many more, and the skipped files", () => {
    const reasons = [1, 2, 3, 4, 5].map((n) => `record ${n}: eventTime: missing`);
    const summary: ImportSummary = {
      files: 3,
      imported: 1000,
      duplicates: 0,
      rejected: 1213,
      rejectedByFile: [
        { file: "logs/a.json", count: 12, firstReasons: reasons },
        { file: "logs/b.jsonl", count: 1, firstReasons: ["line 2: invalid JSON (Unexpected end of JSON input)"] },
        { file: "logs/api.json", count: 1200, firstReasons: ["file: unknown format: a JSON object ..."] },
      ],
      skippedFiles: ["1", "2", "3", "4", "5", "6", "7"].map((n) => ({
        path: `logs/${n}.txt`,
        reason: "not one of .json",
      })),
    };
    expect(summaryLines(summary)).toEqual([
      "Imported 1,000 events from 3 files: 1,000 new, 0 duplicates skipped, 1,213 records rejected.",
      "  logs/a.json: 12 records rejected",
      ...reasons.map((r) => `    ${r}`),
      "    ... and 7 more",
      "  logs/b.jsonl: 1 record rejected",
      "    line 2: invalid JSON (Unexpected end of JSON input)",
      "  logs/api.json: 1,200 records rejected",
      "    file: unknown format: a JSON object ...",
      "Skipped 7 files:",
      ...["1", "2", "3", "4", "5"].map((n) => `  logs/${n}.txt: not one of .json`),
      "  ... and 2 more",
    ]);
  });
});
