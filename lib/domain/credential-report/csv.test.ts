import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { dataset } from "@/tests/fixtures/datasets";
import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { AWS_COLUMNS } from "./columns";
import { CSV_CHUNK_ROWS, reportCsv, reportCsvChunks, reportCsvStream, reportFileName } from "./csv";
import { reportRows } from "./rows";
import type { ReportSnapshot, ReportUser } from "./snapshot";

const DATASET = dataset("aws-iam-credential-report", "csv");
const GENERATED = "2026-11-21T09:56:00.000Z";

function user(userName: string, userType = "SubUser", overrides: Partial<ReportUser> = {}): ReportUser {
  return {
    userName,
    userType,
    createdAt: "2025-03-04T05:06:07.000Z",
    passwordEnabled: false,
    passwordChangedAt: null,
    passwordLastUsedAt: null,
    consoleAccess: false,
    loginProtection: false,
    operationProtection: false,
    mfaEnabled: false,
    abnormalLogins30d: 0,
    accessKeys: [],
    ...overrides,
  };
}

const snapshot = (users: ReportUser[]): ReportSnapshot => ({
  accountId: "1000000000001",
  accountName: "Demo Corp",
  generatedAt: GENERATED,
  passwordRotationDays: 90,
  users,
});

const INJECTIONS = ["=cmd|' /C calc'!A0", "+1", "-1", "@x", "\tx", "\rx"];
const DIRECTORY = snapshot([
  user("root", "Root", {
    passwordEnabled: true,
    passwordLastUsedAt: "2026-11-20T01:02:03.000Z",
    mfaEnabled: true,
    consoleAccess: true,
    accessKeys: [
      {
        accessKeyId: "LTAIROOTKEY000000001",
        createdAt: "2025-01-01T00:00:00.000Z",
        status: "Active",
        lastUsedAt: null,
        lastUsedService: null,
        lastUsedRegion: null,
        atRisk: false,
      },
    ],
  }),
  user('smith, "john"'),
  user("line\nbreak"),
  user("张伟"),
  ...INJECTIONS.map((name) => user(name)),
  user("carol", "Collaborator", { consoleAccess: true }),
  user("dave", "MessageReceiver"),
  user("kit", "SubUser", {
    passwordEnabled: true,
    passwordChangedAt: "2026-10-01T00:00:00.000Z",
    accessKeys: [
      {
        accessKeyId: "LTAIKIT0000000000001",
        createdAt: "2026-01-01T00:00:00.000Z",
        status: "Active",
        lastUsedAt: "2026-11-20T00:00:00.000Z",
        lastUsedService: "ecs",
        lastUsedRegion: "cn-beijing",
        atRisk: false,
      },
      {
        accessKeyId: "LTAIKIT0000000000002",
        createdAt: "2026-11-01T00:00:00.000Z",
        status: "Disabled",
        lastUsedAt: null,
        lastUsedService: null,
        lastUsedRegion: null,
        atRisk: true,
      },
    ],
  }),
]);

/** Strict RFC 4180: CRLF records, no relaxed quotes, every record as wide as the header. */
const STRICT = {
  record_delimiter: "\r\n",
  relax_quotes: false,
  relax_column_count: false,
  skip_empty_lines: false,
} as const;

describe("reportCsv", () => {
  it("starts the Tencent layout with a UTF-8 BOM, the AWS layout without", () => {
    const tencent = reportCsv(DIRECTORY, "tencent");
    const aws = reportCsv(DIRECTORY, "aws");
    expect(tencent.startsWith("\uFEFFAccountID,Username,")).toBe(true);
    expect(aws.startsWith("user,arn,")).toBe(true);
    expect([...new TextEncoder().encode(tencent).slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  });

  it("ends every record with CRLF, bare line breaks only inside quoted cells", () => {
    for (const format of ["tencent", "aws"] as const) {
      const text = reportCsv(DIRECTORY, format);
      expect(text.endsWith("\r\n")).toBe(true);
      // Outside quotes, every \n follows a \r.
      const unquoted = text.replace(/"(?:[^"]|"")*"/g, "");
      expect(unquoted.match(/(?<!\r)\n/g)).toBeNull();
      expect(unquoted.split("\r\n")).toHaveLength(DIRECTORY.users.length + 2);
    }
  });

  it("parses back (strict RFC 4180) to exactly the rows, with formula-like cells neutralised", () => {
    for (const format of ["tencent", "aws"] as const) {
      const parsed = parse(reportCsv(DIRECTORY, format), { ...STRICT, bom: true }) as string[][];
      const expected = reportRows(DIRECTORY, format).map((row) =>
        row.map((cell) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)),
      );
      expect(parsed).toEqual(expected);
      const names = parsed.slice(1).map((row) => row[format === "aws" ? 0 : 1]);
      expect(names).toEqual([
        format === "aws" ? "<root_account>" : "root",
        'smith, "john"',
        "line\nbreak",
        "张伟",
        "'=cmd|' /C calc'!A0",
        "'+1",
        "'-1",
        "'@x",
        "'\tx",
        "'\rx",
        "carol",
        "dave",
        "kit",
      ]);
    }
  });

  it("quotes a name with a comma and quotes as RFC 4180 says", () => {
    // The ARN carries the name too, so it is quoted the same way.
    expect(reportCsv(DIRECTORY, "aws")).toContain(
      '\r\n"smith, ""john""","acs:ram::1000000000001:user/smith, ""john""",2025-03-04T05:06:07+00:00,',
    );
    expect(reportCsv(DIRECTORY, "tencent")).toContain('\r\n1000000000001,"smith, ""john""",SubUser,');
  });

  it("quotes a lone line feed or carriage return inside a cell", () => {
    const text = reportCsv(DIRECTORY, "tencent");
    expect(text).toContain('\r\n1000000000001,"line\nbreak",SubUser,');
    expect(text).toContain(`\r\n1000000000001,"'\rx",SubUser,`);
  });

  it("neutralises the injection cases in every cell they reach (user name and ARN stay distinct)", () => {
    const rows = parse(reportCsv(DIRECTORY, "tencent"), { ...STRICT, bom: true }) as string[][];
    for (const row of rows) for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
  });

  it("the AWS layout's header is the real reports' header, and its values use their vocabulary per column", () => {
    const files = readdirSync(DATASET).filter((f) => f.endsWith(".csv"));
    expect(files.length).toBeGreaterThan(0);
    const kind = (cell: string) =>
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+00:00$/.test(cell)
        ? "time"
        : ["true", "false", "N/A", "no_information", "not_supported"].includes(
              cell.toLowerCase() === cell ? cell : cell.toLowerCase(),
            )
          ? cell.toLowerCase()
          : "text";
    const realKinds = AWS_COLUMNS.map(() => new Set<string>());
    for (const file of files) {
      const [header, ...rows] = parse(readFileSync(path.join(DATASET, file), "utf8"), {
        relax_column_count: false,
      }) as string[][];
      expect(header).toEqual([...AWS_COLUMNS]);
      for (const row of rows) row.forEach((cell, i) => realKinds[i].add(kind(cell)));
    }
    const [header, ...rows] = parse(reportCsv(DIRECTORY, "aws"), STRICT) as string[][];
    expect(header).toEqual([...AWS_COLUMNS]);
    for (const row of rows) {
      row.forEach((cell, i) => {
        if (realKinds[i].has("text")) return; // user, arn, region, service: free text
        expect.soft([...realKinds[i]], `${AWS_COLUMNS[i]} = ${cell}`).toContain(kind(cell));
      });
    }
  });
});

describe("reportCsvChunks", () => {
  it("streams the header, then CSV_CHUNK_ROWS users a chunk, adding up to reportCsv", () => {
    const many = snapshot(
      Array.from({ length: CSV_CHUNK_ROWS * 2 + 5 }, (_, i) => user(`u${String(i).padStart(5, "0")}`)),
    );
    const chunks = [...reportCsvChunks(many, "tencent")];
    expect(chunks).toHaveLength(4);
    expect(chunks[0]).toBe(`\uFEFF${reportRows(many, "tencent")[0].join(",")}\r\n`);
    expect(chunks[1].split("\r\n")).toHaveLength(CSV_CHUNK_ROWS + 1);
    expect(chunks.join("")).toBe(reportCsv(many, "tencent"));
  });

  it("an empty directory is just the header", () => {
    expect(reportCsv(snapshot([]), "aws")).toBe(`${AWS_COLUMNS.join(",")}\r\n`);
  });

  it("as a byte stream, the same UTF-8 bytes", async () => {
    const bytes = new Uint8Array(await new Response(reportCsvStream(DIRECTORY, "tencent")).arrayBuffer());
    expect(bytes).toEqual(new TextEncoder().encode(reportCsv(DIRECTORY, "tencent")));
  });
});

describe("reportFileName", () => {
  it("names the account and the UTC generation time", () => {
    const at = new Date("2026-11-21T09:56:00.123Z");
    expect(reportFileName("1000000000001", at)).toBe("credential-report-1000000000001-20261121T095600Z.csv");
    expect(reportFileName("1000000000001", at, "tencent")).toBe("credential-report-1000000000001-20261121T095600Z.csv");
    expect(reportFileName("1000000000001", at, "aws")).toBe("credential-report-1000000000001-20261121T095600Z-aws.csv");
    expect(reportFileName('12"; x=/../3', at)).toBe("credential-report-12___x_____3-20261121T095600Z.csv");
  });
});
