// Results cross from the engine in chunks of the binary row format (rows.ts,
// src/api/row_chunk_writer.h): a big result in many chunks arrives whole and in
// order, and every kind of value decodes as the tagged JSON form did (map
// keys in byte order, integers past 2^53 and every integer in lossless mode
// as bigint, UTF-8 text short and long).
import { describe, expect, it } from "vitest";
import { open } from "../../dist/js/database.js";
import { loadEngine } from "../../dist/js/engine.js";
import { CypherDuration, CypherLocalDateTime, CypherLocalTime, CypherTime } from "../../dist/js/values.js";

describe("result rows", () => {
  it("arrive whole and in order across many chunks", async () => {
    const db = await open("memory://rows-many");
    const n = 60_000;
    const r = await db.query("UNWIND range(1, $n) AS i RETURN i, 'row ' + toString(i) AS s, i / 2.0 AS f, [i, null] AS l", { n });
    expect(r.rows.length).toBe(n);
    for (const i of [1, 2, 999, 30_000, n]) {
      expect(r.rows[i - 1]).toEqual([i, `row ${i}`, i / 2, [i, null]]);
    }
    expect(r.rows.every((row, i) => row[0] === i + 1)).toBe(true);
    await db.close();
  });

  it("leave the engine as they are made: a big result does not grow the instance's memory", async () => {
    // A fresh instance: its memory only ever grows, so what it reaches is what it held at most.
    const engine = await loadEngine();
    const db = await open("memory://rows-big", { engine });
    await db.query("RETURN 1");
    const before = engine.memoryBytes;
    const r = await db.query(
      "UNWIND range(0, 599) AS a UNWIND range(0, 499) AS b RETURN a * 500 + b AS i, 'a string of some length ' + toString(a) AS s",
    );
    expect(r.rows.length).toBe(300_000);
    expect(r.rows[299_999]).toEqual([299_999, "a string of some length 599"]);
    // Held as values until the statement ended, these rows grew the instance by 32 MiB.
    expect(engine.memoryBytes - before).toBeLessThan(8 * 1024 * 1024);
    await db.close();
  });

  it("decode every kind of value as the JSON form did", async () => {
    const db = await open("memory://rows-kinds");
    await db.write("CREATE (:A {zeta: 1, alpha: 'é', mid: [1.5, 2.5]})-[:T {w: -0.0}]->(:B)");
    const r = await db.query(
      `MATCH p = (a:A)-[t:T]->(b:B)
       RETURN {b: 1, a: 2, \`$x\`: 3} AS m, {\`$only\`: 1} AS tagged, a, t, p,
              9007199254740993 AS big, -9007199254740991 AS safe, 0.0 / 0.0 AS nan, -0.0 AS negzero,
              1e308 * 10 AS inf, '' AS empty, 'ünïcødé ✓ and a longer text past thirty-two bytes' AS long,
              localtime('12:30:01') AS lt, localdatetime('2015-07-21T21:40:32.142') AS ldt,
              time('21:40:32+01:00') AS tm, duration('P1Y2M3DT4H') AS d`,
    );
    const row = r.toObjects()[0]!;
    expect(Object.keys(row.m as object)).toEqual(["$x", "a", "b"]);
    expect(row.m).toEqual({ $x: 3, a: 2, b: 1 });
    expect(row.tagged).toEqual({ $only: 1 });
    const a = row.a as { id: string; labels: string[]; properties: Record<string, unknown> };
    expect(a.id).toMatch(/^[0-9a-f-]{36}$/);
    expect(a.labels).toEqual(["A"]);
    expect(Object.keys(a.properties)).toEqual(["alpha", "mid", "zeta"]);
    expect(a.properties).toEqual({ alpha: "é", mid: [1.5, 2.5], zeta: 1 });
    const t = row.t as { id: string; type: string; start: string; end: string; properties: { w: number } };
    expect(t).toMatchObject({ type: "T", start: a.id });
    expect(Object.is(t.properties.w, -0)).toBe(true);
    const p = row.p as { nodes: unknown[]; relationships: unknown[] };
    expect(p.nodes).toEqual([a, expect.objectContaining({ labels: ["B"] })]);
    expect(p.relationships).toEqual([t]);
    expect(row.big).toBe(9007199254740993n);
    expect(row.safe).toBe(-9007199254740991);
    expect(row.nan).toBeNaN();
    expect(Object.is(row.negzero, -0)).toBe(true);
    expect(row.inf).toBe(Infinity);
    expect(row.empty).toBe("");
    expect(row.long).toBe("ünïcødé ✓ and a longer text past thirty-two bytes");
    expect(row.lt).toEqual(new CypherLocalTime("12:30:01"));
    expect(row.ldt).toEqual(new CypherLocalDateTime("2015-07-21T21:40:32.142"));
    expect(row.tm).toEqual(new CypherTime("21:40:32+01:00"));
    expect(row.d).toEqual(new CypherDuration("P1Y2M3DT4H"));
    const bytes = await db.query("RETURN $b AS b", { b: new Uint8Array([0, 1, 255]) });
    expect(bytes.rows[0]![0]).toEqual(new Uint8Array([0, 1, 255]));
    await db.close();
  });

  it("give every integer as a bigint in lossless mode, floats as numbers", async () => {
    const db = await open("memory://rows-lossless", { integers: "bigint" });
    const r = await db.query("RETURN 1 AS i, 1.0 AS f, [2, {x: 3}] AS nested");
    expect(r.rows).toEqual([[1n, 1, [2n, { x: 3n }]]]);
    await db.close();
  });
});
