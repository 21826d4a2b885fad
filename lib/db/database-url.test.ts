import { describe, expect, it } from "vitest";
import { databaseUrl, providerOf, sqliteFilePath } from "./database-url";

describe("database URL", () => {
  it("defaults to the embedded SQLite file", () => {
    expect(databaseUrl({})).toBe("file:./data/keytrail.db");
    expect(databaseUrl({ DATABASE_URL: "  " })).toBe("file:./data/keytrail.db");
  });

  it("picks the provider from the scheme and refuses others", () => {
    expect(providerOf("file:./x.db")).toBe("sqlite");
    expect(providerOf("postgresql://u@h/db")).toBe("postgresql");
    expect(providerOf("postgres://u@h/db")).toBe("postgresql");
    expect(() => providerOf("mysql://u:pw@h/db")).toThrow('got "mysql:..."');
  });

  it("reads the file path of a SQLite URL", () => {
    expect(sqliteFilePath("file:./data/keytrail.db?connection_limit=1")).toBe("./data/keytrail.db");
  });
});
