// The "one way to do each thing" rules a reviewer would check with grep, checked on every npm test so that a
// second way does not creep back in. Each rule names where the one way lives.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = path.resolve(import.meta.dirname, "..");
const SELF = "tests/house-rules.test.ts";

/** Tracked source files (and untracked ones not ignored), so a rule also sees work not yet committed. */
function sourceFiles(): string[] {
  const out = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], {
    cwd: ROOT,
    encoding: "utf8",
  });
  return out
    .split("\n")
    .filter(
      (file) => /\.(ts|tsx|mjs|js|sh)$/.test(file) && !file.startsWith("tests/fixtures/datasets/") && file !== SELF,
    );
}

function offenders(pattern: RegExp, allowed: (file: string) => boolean = () => false): string[] {
  return sourceFiles().filter((file) => !allowed(file) && pattern.test(readFileSync(path.join(ROOT, file), "utf8")));
}

describe("one way to do each thing", () => {
  it("reads datasets from the repository, never from the shared folder beside a checkout", () => {
    expect(offenders(/\.\.\/shared\b/, (file) => file === ".ci/run")).toEqual([]);
  });

  it("runs hand-written SQL through the query builder", () => {
    expect(offenders(/\$(queryRaw|executeRaw)Unsafe\b/, (file) => file === "eslint.config.mjs")).toEqual([]);
  });

  it("renders tables only through the table kit", () => {
    expect(offenders(/<table[\s>]/, (file) => file.startsWith("components/data-table/"))).toEqual([]);
  });

  it("turns filter forms into URLs through the one submit hook", () => {
    expect(
      offenders(/router\.push\(/, (file) =>
        [
          "lib/url-state/use-filter-submit.ts",
          "components/data-table/data-table.tsx",
          "components/ui/close-on-escape.tsx",
        ].includes(file),
      ).filter((file) => file.startsWith("app/") || file.startsWith("components/")),
    ).toEqual([]);
  });

  it("builds forms from the form kit's Field, FormStatus and ConfirmDialog", () => {
    const kit = (file: string) => file.startsWith("components/ui/");
    expect(offenders(/function (Field|ConfirmDialog|FormError)\b/, kit)).toEqual([]);
    // The error boundary's panel is not a form.
    expect(offenders(/<[a-z]+[^>]*role="alert"/, (file) => kit(file) || file === "app/(console)/error.tsx")).toEqual(
      [],
    );
  });

  it("defines the length of a day once", () => {
    expect(offenders(/\bDAY_MS\s*=/, (file) => file === "lib/domain/time.ts")).toEqual([]);
  });
});
