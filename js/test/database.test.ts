// open / query / write through the wasm engine: Cypher in, typed values out,
// one transaction per write, typed Cypher errors that leave nothing behind.
import { describe, expect, it } from "vitest";
import { open } from "../../dist/js/database.js";
import { CypherError, InvalidArgumentError } from "../../dist/js/errors.js";
import { MemoryStore } from "../../dist/js/memory_store.js";
import { float } from "../../dist/js/values.js";

describe("database", () => {
  it("writes and reads back with columns in RETURN order", async () => {
    const db = await open("memory://demo");
    const w = await db.write("CREATE (:Person {name: $n, age: $a}), (:Person {name: 'Bob', age: 25})", {
      n: "Ann",
      a: 31,
    });
    expect(w.counters).toMatchObject({ nodesCreated: 2, labelsAdded: 2, propertiesSet: 4 });
    const r = await db.query("MATCH (p:Person) WHERE p.age >= $min RETURN p.name AS name, p.age ORDER BY name", {
      min: 18,
    });
    expect(r.columns).toEqual(["name", "p.age"]);
    expect(r.rows).toEqual([
      ["Ann", 31],
      ["Bob", 25],
    ]);
    expect(r.toObjects()).toEqual([
      { name: "Ann", "p.age": 31 },
      { name: "Bob", "p.age": 25 },
    ]);
    await db.close();
  });

  it("returns nodes, relationships and paths as plain objects, big integers as bigint", async () => {
    const db = await open("memory://values");
    await db.write("CREATE (:A {x: 1})-[:T {w: 0.5}]->(:B)");
    const r = await db.query(
      "MATCH p = (a:A)-[t:T]->(b) RETURN a, t, p, 9007199254740993 AS big, 1.5 AS f, [1, null] AS l",
    );
    const [a, t, p, big, f, l] = r.rows[0]!;
    expect(a).toMatchObject({ labels: ["A"], properties: { x: 1 } });
    expect(typeof (a as { id: string }).id).toBe("string");
    expect(t).toMatchObject({ type: "T", properties: { w: 0.5 }, start: (a as { id: string }).id });
    expect((p as { nodes: unknown[]; relationships: unknown[] }).nodes).toHaveLength(2);
    expect(big).toBe(9007199254740993n);
    expect(f).toBe(1.5);
    expect(l).toEqual([1, null]);
    const back = await db.query("RETURN $big + 1 AS n, $bytes AS b", {
      big: 9007199254740993n,
      bytes: new Uint8Array([1, 2]),
    });
    expect(back.rows[0]).toEqual([9007199254740994n, new Uint8Array([1, 2])]);
    await db.close();
  });

  it("keeps integers and floats apart in bigint mode, and float() passes a float", async () => {
    const db = await open("memory://lossless", { integers: "bigint" });
    const r = await db.query("RETURN 1 AS i, 1.0 AS f, $p AS p, $q AS q, {k: [2]} AS m", {
      p: float(2),
      q: 2,
    });
    expect(r.rows[0]).toEqual([1n, 1, 2, 2n, { k: [2n] }]);
    const types = await db.query("RETURN $p * 1 AS a, $q * 1 AS b", { p: float(3), q: 3n });
    expect(types.rows[0]).toEqual([3, 3n]);
    await db.close();
  });

  it("reports Cypher errors with their classification and position", async () => {
    const db = await open("memory://errors");
    const err = await db.query("MATCH (n)\nRETURN m").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CypherError);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect(err).toMatchObject({ type: "SyntaxError", detail: "UndefinedVariable", line: 2, column: 8 });
    await expect(db.query("CREATE (n)")).rejects.toMatchObject({ detail: "WriteInReadQuery" });
    await expect(db.query("RETURN $x", { x: () => 1 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await db.close();
  });

  it("keeps nothing of a statement that fails", async () => {
    const db = await open("memory://atomic");
    await db.write("CREATE (:Keep)");
    await expect(db.write("CREATE (:Gone) WITH 1 AS x RETURN x / 0")).rejects.toMatchObject({
      type: "ArithmeticError",
      detail: "DivisionByZero",
    });
    const r = await db.query("MATCH (n) RETURN labels(n) AS l");
    expect(r.rows).toEqual([[["Keep"]]]);
    await db.close();
  });

  it("persists to the store it was opened on: a second session reads the first one's commits", async () => {
    const store = new MemoryStore();
    const first = await open({ store, namespace: "shared" });
    await first.write("UNWIND range(1, 100) AS i CREATE (:N {i: i})");
    await first.flush();
    await first.write("CREATE (:N {i: 101})");
    await first.close();
    const second = await open({ store, namespace: "shared" });
    const r = await second.query("MATCH (n:N) RETURN count(*) AS c, sum(n.i) AS s");
    expect(r.rows).toEqual([[101, 5151]]);
    await second.close();
  });

  it("evaluates deeply nested expressions without exhausting the stack", async () => {
    const db = await open("memory://deep");
    const depth = 95;  // near the most expressions may nest, 100 with the call around it (deeper is NestingTooDeep)
    const r = await db.query(`RETURN size(${"[".repeat(depth)}${"]".repeat(depth)}) AS one, ${"(".repeat(depth)}1${")".repeat(depth)} AS x`);
    expect(r.rows).toEqual([[1, 1]]);
    for (let i = 0; i < 300; ++i) await db.write("CREATE (:N)");  // once the module's code is optimized too
    const nested = await db.query(`RETURN ${"[".repeat(60)}${"]".repeat(60)} AS l`);
    let value = nested.rows[0]![0];
    let levels = 0;
    while (Array.isArray(value) && value.length > 0) {
      value = value[0];
      levels++;
    }
    expect(levels).toBe(59);
    await db.close();
  });

  it("passes dates and datetimes both ways", async () => {
    const { CypherDate, CypherDateTime } = await import("../../dist/js/values.js");
    const db = await open("memory://temporal");
    const r = await db.query("RETURN date($d) AS d, $t.year AS year, datetime({epochMillis: 0}) AS epoch, $js AS js", {
      d: "2015-07-21",
      t: new CypherDateTime("2015-07-21T21:40:32.142+01:00"),
      js: new Date(Date.UTC(2020, 0, 2, 3, 4, 5, 6)),
    });
    const [d, year, epoch, js] = r.rows[0]!;
    expect(d).toBeInstanceOf(CypherDate);
    expect(String(d)).toBe("2015-07-21");
    expect(year).toBe(2015);
    expect((epoch as InstanceType<typeof CypherDateTime>).iso).toBe("1970-01-01T00:00Z");
    expect((js as InstanceType<typeof CypherDateTime>).toDate().getTime()).toBe(Date.UTC(2020, 0, 2, 3, 4, 5, 6));
    await expect(db.query("RETURN $t", { t: new Date(NaN) })).rejects.toBeInstanceOf(InvalidArgumentError);
    // Stored through a statement and through the staging API, read back typed.
    await db.write("CREATE (:Event {on: $d})", { d: new CypherDate("2024-02-29") });
    await db.upsertNode(["Event"], "e2", { on: new CypherDate("2024-03-01"), at: new Date(0) });
    await db.commit();
    const events = await db.query("MATCH (e:Event) RETURN e.on AS on, e.at AS at ORDER BY e.on");
    expect(events.rows.map(([on]) => String(on))).toEqual(["2024-02-29", "2024-03-01"]);
    expect((events.rows[1]![1] as InstanceType<typeof CypherDateTime>).iso).toBe("1970-01-01T00:00Z");
    await db.close();
  });

  it('passes every temporal kind both ways and stores them, zones included', async () => {
    const values = await import('../../dist/js/values.js');
    const db = await open('memory://temporal-kinds');
    const params = {
      lt: new values.CypherLocalTime('21:40:32.142'),
      t: new values.CypherTime('21:40:32.142+01:00'),
      ldt: new values.CypherLocalDateTime('2015-07-21T21:40'),
      dt: new values.CypherDateTime('2015-07-21T21:40:32.142+02:00[Europe/Stockholm]'),
      dur: new values.CypherDuration('P1Y2M3DT4H5M6.7S'),
    };
    await db.write('CREATE (:Moment {lt: $lt, t: $t, ldt: $ldt, dt: $dt, dur: $dur})', params);
    const r = await db.query(
        'MATCH (m:Moment) RETURN m.lt AS lt, m.t AS t, m.ldt AS ldt, m.dt AS dt, m.dur AS dur, ' +
            'm.dt + m.dur AS later, m.dt.timezone AS zone',
    );
    const [lt, t, ldt, dt, dur, later, zone] = r.rows[0]!;
    expect(lt).toBeInstanceOf(values.CypherLocalTime);
    expect(t).toBeInstanceOf(values.CypherTime);
    expect(ldt).toBeInstanceOf(values.CypherLocalDateTime);
    expect(dt).toBeInstanceOf(values.CypherDateTime);
    expect(dur).toBeInstanceOf(values.CypherDuration);
    expect([lt, t, ldt, dt, dur].map(String)).toEqual(Object.values(params).map(String));
    expect(String(later)).toBe('2016-09-25T01:45:38.842+02:00[Europe/Stockholm]');
    expect(zone).toBe('Europe/Stockholm');
    expect((dt as InstanceType<typeof values.CypherDateTime>).toDate().getTime())
        .toBe(
            Date.UTC(2015, 6, 21, 19, 40, 32, 142),
        );
    await expect(db.query('RETURN $d', {d: new values.CypherDuration('P1X')}))
        .rejects.toBeInstanceOf(
            InvalidArgumentError,
        );
    await db.close();
  });
});
