import { describe, expect, it } from "vitest";
import { lockTimeoutMs, storageProblemOf } from "./storage-errors";

const withCode = (code: string, message = "failed") => Object.assign(new Error(message), { code });

describe("storageProblemOf", () => {
  it("reads SQLite's codes", () => {
    expect(storageProblemOf(withCode("SQLITE_BUSY"))).toBe("locked");
    expect(storageProblemOf(withCode("SQLITE_BUSY_SNAPSHOT"))).toBe("locked");
    expect(storageProblemOf(withCode("SQLITE_FULL"))).toBe("full");
    expect(storageProblemOf(withCode("SQLITE_READONLY"))).toBe("readOnly");
    expect(storageProblemOf(withCode("SQLITE_READONLY_DBMOVED"))).toBe("readOnly");
    expect(storageProblemOf(withCode("SQLITE_IOERR_WRITE"))).toBe("unavailable");
  });

  it("reads PostgreSQL's SQLSTATE through the wrappers Prisma's driver adapter puts around it", () => {
    const wrapped = (originalCode: string) =>
      Object.assign(new Error("raw query failed"), {
        code: "P2010",
        meta: { driverAdapterError: { cause: { originalCode, kind: "postgres" } } },
      });
    expect(storageProblemOf(wrapped("55P03"))).toBe("locked");
    expect(storageProblemOf(wrapped("53100"))).toBe("full");
    expect(storageProblemOf(wrapped("25006"))).toBe("readOnly");
    expect(storageProblemOf(Object.assign(new Error("x"), { cause: withCode("ECONNREFUSED") }))).toBe("unavailable");
  });

  it("falls back on the message, and leaves other errors alone", () => {
    expect(storageProblemOf(new Error("database is locked"))).toBe("locked");
    expect(storageProblemOf(new Error("cannot execute INSERT in a read-only transaction"))).toBe("readOnly");
    expect(storageProblemOf(new Error("Unique constraint failed"))).toBeNull();
    expect(storageProblemOf(withCode("P2002"))).toBeNull();
    expect(storageProblemOf("not an error")).toBeNull();
    expect(storageProblemOf(null)).toBeNull();
  });
});

describe("lockTimeoutMs", () => {
  it("defaults to 10 s and takes a positive number", () => {
    expect(lockTimeoutMs({})).toBe(10_000);
    expect(lockTimeoutMs({ KEYTRAIL_DB_LOCK_TIMEOUT_MS: "250" })).toBe(250);
    expect(lockTimeoutMs({ KEYTRAIL_DB_LOCK_TIMEOUT_MS: "0" })).toBe(10_000);
    expect(lockTimeoutMs({ KEYTRAIL_DB_LOCK_TIMEOUT_MS: "soon" })).toBe(10_000);
  });
});
