// db.prepare(): a statement parsed and planned once in the engine, run with
// new parameters as query() / write() run it (the same values, counters,
// limits and typed errors); planned again after a new index; closed with
// close() or with its database.
import { describe, expect, it } from "vitest";
import { open, PreparedStatement } from "../../dist/js/database.js";
import { CypherError, InvalidArgumentError, ResourceExhaustedError } from "../../dist/js/errors.js";
import { CypherDate } from "../../dist/js/values.js";

async function people() {
  const db = await open("memory://prepared");
  await db.write("UNWIND range(0, 49) AS i CREATE (:Person {id: i, name: 'p' + toString(i), born: date('2000-01-01') + duration({days: i})})");
  await db.write("MATCH (a:Person), (b:Person) WHERE b.id = (a.id + 1) % 50 CREATE (a)-[:KNOWS {since: a.id}]->(b)");
  return db;
}

describe("prepared statements", () => {
  it("answer every run as query() does, values of every kind included", async () => {
    const db = await people();
    const text =
      "MATCH p = (a:Person {id: $id})-[k:KNOWS]->(b) RETURN a, k, p, b.name AS name, b.born AS born, $big AS big, $f AS f, [$id, null] AS l";
    const statement = await db.prepare(text);
    expect(statement).toBeInstanceOf(PreparedStatement);
    expect(statement.text).toBe(text);
    for (const id of [3, 17, 3, 49]) {
      const params = { id, big: 2n ** 60n, f: -0 };
      const prepared = await statement.query(params);
      const fresh = await db.query(text, params);
      expect(prepared.columns).toEqual(fresh.columns);
      expect(prepared.rows).toEqual(fresh.rows);
      expect(prepared.rows[0]![4]).toBeInstanceOf(CypherDate);
      expect(prepared.rows[0]![3]).toBe(`p${(id + 1) % 50}`);
    }
    await db.close();
  });

  it("writes as transactions of their own, with their counters", async () => {
    const db = await people();
    const add = await db.prepare("CREATE (:Tag {name: $name}) RETURN $name AS name");
    for (const name of ["a", "b", "c"]) {
      const w = await add.write({ name });
      expect(w.rows).toEqual([[name]]);
      expect(w.counters).toMatchObject({ nodesCreated: 1, propertiesSet: 1, labelsAdded: 1 });
    }
    expect((await db.query("MATCH (t:Tag) RETURN t.name ORDER BY t.name")).rows).toEqual([["a"], ["b"], ["c"]]);
    // Run read-only, an updating clause is refused as query() refuses it.
    await expect(add.query({ name: "d" })).rejects.toMatchObject({ detail: "WriteInReadQuery" });
    await db.close();
  });

  it("uses an index created after it was prepared", async () => {
    const db = await people();
    const plan = await db.prepare("EXPLAIN MATCH (n:Person {id: $id}) RETURN n.name");
    expect(JSON.stringify((await plan.query()).rows)).not.toContain("IndexSeek");
    await db.write("CREATE INDEX FOR (p:Person) ON (p.id)");
    expect(JSON.stringify((await plan.query()).rows)).toContain("IndexSeek");
    await db.close();
  });

  it("sees the graph of now, not what an earlier run read", async () => {
    const db = await people();
    const count = await db.prepare("MATCH (n:Person) WHERE n.id >= $from RETURN count(n) AS c");
    expect((await count.query({ from: 45 })).rows).toEqual([[5]]);
    await db.write("CREATE (:Person {id: 100})");
    expect((await count.query({ from: 45 })).rows).toEqual([[6]]);
    await db.close();
  });

  it("fails with typed errors: a syntax error, a bad parameter, a limit, a closed statement", async () => {
    const db = await people();
    await expect(db.prepare("MATCH (n RETURN n")).rejects.toBeInstanceOf(CypherError);
    await expect(db.prepare(42 as unknown as string)).rejects.toBeInstanceOf(InvalidArgumentError);
    const statement = await db.prepare("UNWIND range(1, $n) AS x RETURN x");
    await expect(statement.query({ n: () => 1 })).rejects.toThrow(/parameter \$n is a function/);
    await expect(statement.query({ n: () => 1 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(statement.query({ n: 10 }, { maxRows: 3 })).rejects.toBeInstanceOf(ResourceExhaustedError);
    expect((await statement.query({ n: 3 })).rows).toEqual([[1], [2], [3]]);
    await statement.close();
    expect(statement.closed).toBe(true);
    await expect(statement.query({ n: 3 })).rejects.toThrow(/prepared statement is closed/);
    await expect(statement.query({ n: 3 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await statement.close();  // again: nothing to do
    const other = await db.prepare("RETURN 1 AS one");
    await db.close();
    expect(other.closed).toBe(true);
    await expect(other.query()).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("keeps many statements apart and frees each on close", async () => {
    const db = await people();
    const statements = await Promise.all(
      Array.from({ length: 20 }, (_, i) => db.prepare(`MATCH (n:Person {id: $id}) RETURN n.id + ${i} AS x`)),
    );
    const answers = await Promise.all(statements.map((s, i) => s.query({ id: i })));
    expect(answers.map((a) => a.rows)).toEqual(statements.map((_, i) => [[2 * i]]));
    await Promise.all(statements.slice(0, 10).map((s) => s.close()));
    expect((await statements[15]!.query({ id: 1 })).rows).toEqual([[16]]);
    await db.close();
  });
});
