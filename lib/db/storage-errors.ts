// When the database cannot take a write (locked by another writer past the wait, disk full, read-only,
// unreachable), the API answers 503 with the reason and stores nothing: ingest runs in one transaction, so a
// failed batch leaves no trace, and a retry once the condition clears stores it exactly once.
// SQLite's codes come from better-sqlite3 (error.code); PostgreSQL's SQLSTATE from pg, which Prisma's driver
// adapter wraps, so the codes are looked for through `cause` and `meta` too.

export type StorageProblem = "locked" | "full" | "readOnly" | "unavailable";

export const STORAGE_PROBLEM_MESSAGES: Record<StorageProblem, string> = {
  locked: "The database is locked by another writer: nothing was stored; retry shortly.",
  full: "The database is full (no disk space left): nothing was stored; retry once space is freed.",
  readOnly: "The database is read-only: nothing was stored; retry once it is writable again.",
  unavailable: "The database cannot be reached: nothing was stored; retry shortly.",
};

const BY_CODE: [RegExp, StorageProblem][] = [
  [/^SQLITE_(BUSY|LOCKED)/, "locked"],
  [/^(55P03|40P01|40001)$/, "locked"], // lock_not_available, deadlock_detected, serialization_failure
  [/^SQLITE_FULL$/, "full"],
  [/^(53100|53200)$/, "full"], // disk_full, out_of_memory
  [/^SQLITE_READONLY/, "readOnly"],
  [/^25006$/, "readOnly"], // read_only_sql_transaction
  [/^(SQLITE_CANTOPEN|SQLITE_IOERR)/, "unavailable"],
  [/^(57P01|57P02|57P03|08\d{3}|ECONNREFUSED|ECONNRESET|ETIMEDOUT|P1001|P1017)$/, "unavailable"],
];

/** The string codes found on the error and what it wraps (a few levels deep). */
function codesOf(error: unknown, depth = 0, found: string[] = []): string[] {
  if (!error || typeof error !== "object" || depth > 4) return found;
  const e = error as Record<string, unknown>;
  for (const key of ["code", "originalCode", "kind"]) if (typeof e[key] === "string") found.push(e[key] as string);
  for (const key of ["cause", "meta", "driverAdapterError"]) codesOf(e[key], depth + 1, found);
  return found;
}

export function storageProblemOf(error: unknown): StorageProblem | null {
  for (const code of codesOf(error)) for (const [pattern, problem] of BY_CODE) if (pattern.test(code)) return problem;
  const message = error instanceof Error ? error.message : "";
  if (/database is locked|lock timeout|could not obtain lock/i.test(message)) return "locked";
  if (/database or disk is full|no space left/i.test(message)) return "full";
  if (/readonly database|read-only transaction/i.test(message)) return "readOnly";
  return null;
}

/** How long, in ms, a write waits for another writer before giving up (KEYTRAIL_DB_LOCK_TIMEOUT_MS). */
export function lockTimeoutMs(env: Readonly<Record<string, string | undefined>> = process.env): number {
  const value = Number(env.KEYTRAIL_DB_LOCK_TIMEOUT_MS ?? 10_000);
  return Number.isFinite(value) && value > 0 ? Math.round(value) : 10_000;
}
