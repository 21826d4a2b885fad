// Which database Keytrail talks to: DATABASE_URL, or the embedded SQLite file by default.
// `file:` selects SQLite, `postgres://` / `postgresql://` selects PostgreSQL. Plain module (no Next.js, no
// Prisma) so the Prisma CLI config, scripts and the app all agree.
import type { Env } from "../config/env";

export const DEFAULT_DATABASE_URL = "file:./data/keytrail.db";

export type DbProvider = "sqlite" | "postgresql";

export function databaseUrl(env: Env = process.env): string {
  const url = env.DATABASE_URL?.trim();
  return url ? url : DEFAULT_DATABASE_URL;
}

export function providerOf(url: string): DbProvider {
  if (/^postgres(ql)?:\/\//i.test(url)) return "postgresql";
  if (url.startsWith("file:")) return "sqlite";
  throw new Error(
    `DATABASE_URL must start with "file:" (SQLite) or "postgresql://" (PostgreSQL); got "${url.split(":")[0]}:..."`,
  );
}

/** The filesystem path of a `file:` URL (relative paths resolve against the working directory). */
export function sqliteFilePath(url: string): string {
  return url.slice("file:".length).split("?")[0];
}
