// Procedures registered from TypeScript: the wasm engine suspends on the
// call, the function runs (maybe async) and its rows come back typed.
import { describe, expect, it } from "vitest";
import { open } from "../../dist/js/database.js";
import { CypherError, InvalidArgumentError } from "../../dist/js/errors.js";
import { float } from "../../dist/js/values.js";

describe("registerProcedure", () => {
  it("answers CALL standalone and inside a query, with arguments by input name", async () => {
    const db = await open("memory://procs", { integers: "bigint" });
    const seen: Array<Record<string, unknown>> = [];
    await db.registerProcedure("test.range(from :: INTEGER?, scale :: FLOAT?) :: (i :: INTEGER?, x :: FLOAT?)", async (args) => {
      seen.push(args);
      await Promise.resolve();  // the body may await
      const from = args.from as bigint;
      return [0n, 1n].map((k) => ({ i: from + k, x: float(Number(from + k) * (args.scale as number)) }));
    });
    const standalone = await db.query("CALL test.range(9007199254740993, 2)");
    expect(standalone.columns).toEqual(["i", "x"]);
    expect(standalone.rows).toEqual([[9007199254740993n, 2 * 9007199254740993], [9007199254740994n, 2 * 9007199254740994]]);
    // INTEGER 2 was passed where FLOAT is expected: the function saw a float.
    expect(seen[0]).toEqual({ from: 9007199254740993n, scale: 2 });
    const inQuery = await db.query("UNWIND [1, 10] AS f CALL test.range(f, 0.5) YIELD i WHERE i > 1 RETURN f, i");
    expect(inQuery.rows).toEqual([[1n, 2n], [10n, 10n], [10n, 11n]]);
    const implicit = await db.query("CALL test.range", { from: 5, scale: float(1) });
    expect(implicit.rows.map((r) => r[0])).toEqual([5n, 6n]);
    await db.close();
  });

  it("lists a registered procedure in SHOW PROCEDURES, described by its signature", async () => {
    const db = await open("memory://listed");
    await db.registerProcedure("app.ping(n :: INTEGER) :: (n :: INTEGER)", (args) => [{ n: args.n }]);
    const listed = await db.query("SHOW PROCEDURES YIELD name, description, mode WHERE name STARTS WITH 'app.'");
    expect(listed.rows).toEqual([["app.ping", "app.ping(n :: INTEGER) :: (n :: INTEGER)", "READ"]]);
    const builtIn = await db.query("SHOW PROCEDURES WHERE name = 'db.labels' RETURN description");
    expect(builtIn.rows).toEqual([["The labels some node carries."]]);
    await db.close();
  });

  it("runs VOID procedures once per row and keeps the rows", async () => {
    const db = await open("memory://void");
    let calls = 0;
    await db.registerProcedure("test.touch() :: VOID", () => {
      calls++;
      return [];
    });
    const r = await db.query("UNWIND [1, 2, 3] AS n CALL test.touch() RETURN n");
    expect(r.rows).toEqual([[1], [2], [3]]);
    expect(calls).toBe(3);
    await db.close();
  });

  it("refuses a malformed signature and a body that is not a function, registering nothing", async () => {
    const db = await open("memory://bad-sig");
    await expect(db.registerProcedure("test.p(x INTEGER) :: ()", () => [])).rejects.toThrow(InvalidArgumentError);
    await expect(db.registerProcedure("test.p(x INTEGER) :: ()", () => [])).rejects.toThrow(/expected '::'/);
    // @ts-expect-error: not a function
    await expect(db.registerProcedure("test.p() :: ()", 42)).rejects.toThrow(/needs a function/);
    await expect(db.query("CALL test.p()")).rejects.toMatchObject({ type: "ProcedureError", detail: "ProcedureNotFound" });
    await db.close();
  });

  it("fails the statement, typed, when the body throws or returns what is not rows", async () => {
    const db = await open("memory://throws");
    await db.registerProcedure("test.boom() :: (x :: INTEGER?)", () => {
      throw new Error("the disk is full of kittens");
    });
    await db.registerProcedure("test.notRows() :: (x :: INTEGER?)", () => 7 as never);
    await db.registerProcedure("test.badValue() :: (x :: ANY?)", () => [{ x: Symbol("no") }]);
    const boom = await db.query("CALL test.boom()").catch((e: unknown) => e);
    expect(boom).toBeInstanceOf(CypherError);
    expect(boom).toMatchObject({ type: "ProcedureError", detail: "ProcedureCallFailed" });
    expect((boom as Error).message).toMatch(/test\.boom: the disk is full of kittens/);
    await expect(db.query("CALL test.notRows()")).rejects.toThrow(/array \(or iterable\) of rows/);
    await expect(db.query("CALL test.badValue()")).rejects.toThrow(/row 0, output 'x'/);
    // The session goes on.
    expect((await db.query("RETURN 1 AS one")).rows).toEqual([[1]]);
    await db.close();
  });

  it("lists the catalogue through the built-ins", async () => {
    const db = await open("memory://builtins");
    await db.write("CREATE (:Person {name: 'Ann'})-[:KNOWS]->(:Person:Admin)");
    expect((await db.query("CALL db.labels()")).rows).toEqual([["Admin"], ["Person"]]);
    expect((await db.query("CALL db.relationshipTypes() YIELD relationshipType AS t RETURN t")).rows).toEqual([["KNOWS"]]);
    expect((await db.query("CALL db.propertyKeys()")).rows).toEqual([["name"]]);
    // The schema as the data has it.
    expect((await db.query("CALL db.schema.nodeTypeProperties()")).rows).toEqual([
      [":`Admin`:`Person`", ["Admin", "Person"], null, null, false],
      [":`Person`", ["Person"], "name", ["String"], true],
    ]);
    expect((await db.query("CALL db.schema.relTypeProperties()")).rows).toEqual([[":`KNOWS`", null, null, false]]);
    const schema = await db.query(
      "CALL db.schema.visualization() YIELD nodes, relationships " +
        "RETURN [n IN nodes | n.name] AS labels, [r IN relationships | type(r)] AS types",
    );
    expect(schema.rows).toEqual([[["Admin", "Person"], ["KNOWS", "KNOWS"]]]);
    await db.close();
  });
});
