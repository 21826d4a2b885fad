// The SQLite checkpoint thread (lib/db/sqlite-checkpointer.ts) on a real file: what a writer that never
// checkpoints itself appends to the log reaches the database file, and the thread ends when the file is deleted.
import { mkdtempSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Sqlite from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { CHECKPOINT_EVERY_MS, startCheckpointer } from "@/lib/db/sqlite-checkpointer";

const dir = mkdtempSync(path.join(tmpdir(), "keytrail-checkpointer-"));
const waitFor = async (done: () => boolean, ms: number) => {
  const until = Date.now() + ms;
  while (!done() && Date.now() < until) await new Promise((resolve) => setTimeout(resolve, 20));
  return done();
};

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the checkpoint thread", () => {
  it("copies a writer's log into the database file, and stops when the file is deleted", async () => {
    const file = path.join(dir, "c.db");
    const writer = new Sqlite(file);
    writer.pragma("journal_mode = WAL");
    writer.pragma("wal_autocheckpoint = 0"); // the writer never copies the log back itself
    writer.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, body TEXT NOT NULL)");
    const emptySize = statSync(file).size;

    let stopped = 0;
    expect(startCheckpointer(file, () => stopped++)).toBe(true);
    const insert = writer.prepare("INSERT INTO t (body) VALUES (?)");
    writer.transaction(() => {
      for (let i = 0; i < 2000; i++) insert.run("x".repeat(1000));
    })();
    // 2 MB in the log; only a checkpoint writes it to the database file.
    expect(statSync(`${file}-wal`).size).toBeGreaterThan(2_000_000);
    expect(await waitFor(() => statSync(file).size > 2_000_000, CHECKPOINT_EVERY_MS * 8)).toBe(true);
    expect(emptySize).toBeLessThan(100_000);
    expect(writer.prepare("SELECT COUNT(*) AS n FROM t").get()).toEqual({ n: 2000 });

    writer.close();
    for (const suffix of ["", "-wal", "-shm"]) rmSync(file + suffix, { force: true });
    expect(await waitFor(() => stopped > 0, CHECKPOINT_EVERY_MS * 8)).toBe(true);
  });

  it("ends when it cannot open its file, and tells the caller (who goes back to checkpointing by itself)", () => {
    let stopped = 0;
    expect(startCheckpointer(path.join(dir, "missing", "x.db"), () => stopped++)).toBe(true);
    return waitFor(() => stopped > 0, 2000).then((ok) => expect(ok).toBe(true));
  });
});
