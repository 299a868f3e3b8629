// The fixed cost of a statement call (docs/benchmarks.md, "Calls") and what
// its fast path must keep: parameters encoded into one reused writer never
// leak into another call's, calls in flight keep their order and results,
// a signal aborted right after the call still cancels it, results decoded
// with a remembered meta text keep their own columns and counters. Calls
// into the engine go through the glue's dynCall caller of
// bridge_library.js, not Emscripten's own.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { open } from "../../dist/js/database.js";
import { AbortError, InternalError, InvalidArgumentError } from "../../dist/js/errors.js";
import { decodeRows } from "../../dist/js/rows.js";
import { BatchWriter, encodeParameterBatch } from "../../dist/js/staging_batch.js";

/** The parameters as a writer of their own encodes them. */
function fresh(params: Record<string, unknown>): Uint8Array {
  const writer = new BatchWriter(256);
  writer.parameters(params);
  return writer.copy();
}

describe("parameters encoded into a reused writer", () => {
  it("give each call bytes of its own, unchanged by later calls", () => {
    const big = { a: "x".repeat(200), b: [1, 2, 3], c: { d: 2n ** 62n } };
    const first = encodeParameterBatch(big);
    const kept = first.slice();
    const second = encodeParameterBatch({ id: 7 });
    expect(second).toEqual(fresh({ id: 7 }));
    expect(first).toEqual(kept);  // not a view of the writer the second call wrote into
    expect(first.buffer).not.toBe(second.buffer);
    expect(first.byteLength).toBe(first.buffer.byteLength);  // transferable on its own
  });

  it("leave nothing of a call that threw for the next", () => {
    const before = encodeParameterBatch({ s: "a long string that fills the writer".repeat(4) });
    expect(before.length).toBeGreaterThan(100);
    expect(() => encodeParameterBatch({ ok: "written first", bad: () => 1 })).toThrow(InvalidArgumentError);
    expect(encodeParameterBatch({ id: 1 })).toEqual(fresh({ id: 1 }));
    expect(encodeParameterBatch({})).toEqual(fresh({}));
  });

  it("encode a call made from inside another (a getter of a parameter) with a writer of its own", () => {
    let inner: Uint8Array | undefined;
    const params = {
      a: 1,
      get b() {
        inner = encodeParameterBatch({ nested: "inner value" });
        return "outer value";
      },
    };
    const outer = encodeParameterBatch(params);
    expect(inner).toEqual(fresh({ nested: "inner value" }));
    expect(outer).toEqual(fresh({ a: 1, b: "outer value" }));
  });

  it("encode values past what the writer keeps, and small ones after them", () => {
    const large = { blob: new Uint8Array(200_000).fill(7) };
    expect(encodeParameterBatch(large)).toEqual(fresh(large));
    expect(encodeParameterBatch({ id: 3 })).toEqual(fresh({ id: 3 }));
  });
});

describe("statements through the call path", () => {
  it("calls bound methods through bridge_library.js's dynCall caller, with every argument", async () => {
    const glue = readFileSync(new URL("../../dist/wasm/namidb.mjs", import.meta.url), "utf8");
    // Emscripten's own copies the arguments with Object.assign into an argCache.
    expect(glue).not.toContain("Object.assign(argCache");
    // A prepared run passes 11 arguments; the limits among them must arrive.
    const db = await open("memory://call-path-args");
    await db.write("UNWIND range(1, 5) AS i CREATE (:N {i: i})");
    const statement = await db.prepare("MATCH (n:N) WHERE n.i >= $from RETURN n.i AS i ORDER BY i");
    expect((await statement.query({ from: 2 })).rows).toEqual([[2], [3], [4], [5]]);
    await expect(statement.query({ from: 1 }, { maxRows: 3 })).rejects.toThrow(/3/);
    await db.close();
  });

  it("keep the order and the results of calls in flight together, writes and failures among them", async () => {
    const db = await open("memory://call-path-order");
    await db.write("UNWIND range(1, 20) AS i CREATE (:N {i: i})");
    const statement = await db.prepare("MATCH (n:N {i: $i}) RETURN n.i AS i, $tag AS tag");
    const done: string[] = [];
    const note = <T>(name: string, p: Promise<T>) =>
      p.then(
        (v) => (done.push(name), v),
        (e: unknown) => {
          done.push(name);
          throw e;
        },
      );
    const calls: Array<Promise<unknown>> = [];
    for (let i = 1; i <= 20; i++) {
      calls.push(note(`q${i}`, statement.query({ i, tag: `t${i}` })));
      // A write in the middle (it suspends the module for its commit), then a read that must see it.
      if (i === 10) calls.push(note("write", db.write("CREATE (:N {i: 100})")));
      if (i === 11) calls.push(note("count", db.query("MATCH (n:N) RETURN count(n) AS c")));
      if (i === 12) calls.push(note("bad", statement.query({ i: () => 1 } as never)));
      if (i === 13) calls.push(note("fails", db.query("RETURN 1 / $z AS x", { z: "text" })));
    }
    const settled = await Promise.allSettled(calls);
    const expected = Array.from({ length: 20 }, (_, k) => `q${k + 1}`);
    expected.splice(10, 0, "write");
    expected.splice(12, 0, "count");
    expected.splice(14, 0, "bad");
    expected.splice(16, 0, "fails");
    // A call refused before it is queued (its parameters) settles first; the others in order.
    expect(done.filter((n) => n !== "bad")).toEqual(expected.filter((n) => n !== "bad"));
    const results = settled.map((s) => (s.status === "fulfilled" ? (s.value as { rows: unknown[][] }).rows : s.reason));
    const q = expected.map((n, k) => [n, results[k]] as const);
    for (const [name, value] of q) {
      if (/^q\d+$/.test(name)) expect(value).toEqual([[Number(name.slice(1)), `t${name.slice(1)}`]]);
    }
    expect(Object.fromEntries(q).count).toEqual([[21]]);
    expect(Object.fromEntries(q).bad).toBeInstanceOf(InvalidArgumentError);
    expect(Object.fromEntries(q).fails).toBeInstanceOf(Error);
    await db.close();
  });

  it("cancel a statement whose signal aborts right after the call, before it ran", async () => {
    const db = await open("memory://call-path-abort");
    const statement = await db.prepare("RETURN $x AS x");
    const controller = new AbortController();
    const pending = statement.query({ x: 1 }, { signal: controller.signal });
    controller.abort();
    await expect(pending).rejects.toBeInstanceOf(AbortError);
    await expect(pending).rejects.toThrow(/before it ran/);
    expect((await statement.query({ x: 2 })).rows).toEqual([[2]]);
    await db.close();
  });

  it("give each result its own columns, and the counters and profile of its own statement", async () => {
    const db = await open("memory://call-path-meta");
    const read = await db.query("RETURN 1 AS x");
    expect(read.columns).toEqual(["x"]);
    expect(read.counters).toBeUndefined();
    read.columns.push("changed by the caller");
    const again = await db.query("RETURN 2 AS x");
    expect(again.columns).toEqual(["x"]);
    expect(again.columns).not.toBe(read.columns);
    const written = await db.write("CREATE (:M) RETURN 3 AS x");
    expect(written.columns).toEqual(["x"]);
    expect(written.counters).toMatchObject({ nodesCreated: 1 });
    const other = await db.query("RETURN 4 AS y, 5 AS z");
    expect(other.columns).toEqual(["y", "z"]);
    const profiled = await db.query("PROFILE RETURN 6 AS x");
    expect(profiled.columns).toEqual(["x"]);
    expect(profiled.profile?.length).toBeGreaterThan(0);
    const last = await db.query("RETURN 7 AS x");
    expect(last.columns).toEqual(["x"]);
    expect(last.counters).toBeUndefined();
    expect(last.profile).toBeUndefined();
    expect(last.rows).toEqual([[7]]);
    const renamed = await db.query("RETURN 8 AS x2");
    expect(renamed.columns).toEqual(["x2"]);
    await db.close();
  });
});

describe("result chunks", () => {
  it("decode floats and 64-bit integers, and refuse a chunk that ends inside one", () => {
    const chunk = new Uint8Array(4 + 1 + 8 + 1 + 8);
    const view = new DataView(chunk.buffer);
    view.setUint32(0, 1, true);  // one row
    chunk[4] = 3;  // a float
    view.setFloat64(5, -2.5, true);
    chunk[13] = 4;  // a 64-bit integer
    view.setBigInt64(14, -(2n ** 62n) - 3n, true);
    const rows: unknown[][] = [];
    decodeRows(chunk, 2, rows);
    expect(rows).toEqual([[-2.5, -(2n ** 62n) - 3n]]);
    expect(() => decodeRows(chunk.subarray(0, 18), 2, [])).toThrow(InternalError);
    expect(() => decodeRows(chunk.subarray(0, 3), 2, [])).toThrow(InternalError);
  });
});
