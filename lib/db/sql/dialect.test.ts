import { sql } from "kysely";
import { describe, expect, it } from "vitest";
import { postgresSql, sqliteSql, unnestRows, PARAMETER_MARK } from "./dialect";
import { builderFor } from "./kysely";

const at = new Date("2026-11-21T12:00:00.000Z");
const compile = (provider: "sqlite" | "postgresql", expression: ReturnType<typeof sql>) => {
  const { sql: text, parameters } = expression.compile(builderFor(provider));
  return { text, parameters };
};

describe("the dialects", () => {
  it("bind a time as Prisma stores it", () => {
    expect(compile("sqlite", sqliteSql.time(at))).toEqual({ text: "?", parameters: ["2026-11-21T12:00:00.000+00:00"] });
    expect(compile("postgresql", postgresSql.time(at))).toEqual({
      text: "$1::timestamp(3)",
      parameters: ["2026-11-21T12:00:00.000Z"],
    });
    expect(sqliteSql.timeValue(at)).toBe("2026-11-21T12:00:00.000+00:00");
    expect(postgresSql.timeValue(at)).toBe("2026-11-21T12:00:00.000Z");
  });

  it("bind booleans as each driver takes them", () => {
    expect([sqliteSql.bool(true), sqliteSql.bool(false)]).toEqual([1, 0]);
    expect([postgresSql.bool(true), postgresSql.bool(false)]).toEqual([true, false]);
  });

  it("read a time back as UTC text, and its UTC day", () => {
    expect(compile("sqlite", sqliteSql.timeText("Event.eventTime")).text).toBe(`"Event"."eventTime"`);
    expect(compile("postgresql", postgresSql.timeText("Event.eventTime")).text).toBe(
      `to_char("Event"."eventTime", 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`,
    );
    expect(compile("sqlite", sqliteSql.utcDay("eventTime")).text).toBe(`substr("eventTime", 1, 10)`);
    expect(compile("postgresql", postgresSql.utcDay("eventTime")).text).toBe(`to_char("eventTime", 'YYYY-MM-DD')`);
  });

  it("name the larger and smaller value, and a table read in storage order", () => {
    const [a, b] = [sql.ref("a"), sql.ref("b")];
    expect(compile("sqlite", sqliteSql.greatest(a, b)).text).toBe(`max("a", "b")`);
    expect(compile("sqlite", sqliteSql.least(a, b)).text).toBe(`min("a", "b")`);
    expect(compile("postgresql", postgresSql.greatest(a, b)).text).toBe(`GREATEST("a", "b")`);
    expect(compile("postgresql", postgresSql.least(a, b)).text).toBe(`LEAST("a", "b")`);
    expect(compile("sqlite", sqliteSql.unindexed("T")).text).toBe(`"T" NOT INDEXED`);
    expect(compile("postgresql", postgresSql.unindexed("T")).text).toBe(`"T"`);
    expect([sqliteSql.rowLocks, postgresSql.rowLocks]).toEqual([false, true]);
  });

  it("give PostgreSQL's multi-row source as one typed array per column", () => {
    const rows = unnestRows(
      [
        ["a", "text"],
        ["b", "integer"],
      ],
      [
        ["x", "y"],
        [1, 2],
      ],
    );
    expect(compile("postgresql", rows)).toEqual({
      text: "SELECT * FROM unnest($1::text[], $2::integer[])",
      parameters: [
        ["x", "y"],
        [1, 2],
      ],
    });
  });

  it("leave a mark where each parameter goes for Prisma's raw queries", () => {
    const node = builderFor("sqlite").selectFrom("User").select("id").where("id", "=", 7).toOperationNode();
    expect(sqliteSql.markedCompiler().compileQuery(node, { queryId: "q" }).sql).toBe(
      `select "id" from "User" where "id" = ${PARAMETER_MARK}`,
    );
    expect(postgresSql.markedCompiler().compileQuery(node, { queryId: "q" }).sql).toBe(
      `select "id" from "User" where "id" = ${PARAMETER_MARK}`,
    );
  });
});
