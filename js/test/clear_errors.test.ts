// Bad input to open() and to parameters gets a typed error that names the
// input and says what to do, and changes nothing.
import { describe, expect, it } from "vitest";
import { open } from "../../dist/js/database.js";
import { InvalidArgumentError, NamiDBError, UnsupportedError } from "../../dist/js/errors.js";
import { MemoryStore } from "../../dist/js/memory_store.js";
import { open as openNode, parseFileUri } from "../../dist/js/node/open.js";

async function error(promise: Promise<unknown>): Promise<NamiDBError> {
  const e = await promise.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(NamiDBError);
  return e as NamiDBError;
}

const nested = (depth: number): unknown => {
  let v: unknown = 1;
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

describe("parameters", () => {
  it("refuses a cyclic value, naming where the cycle is", async () => {
    const db = await open("memory://p");
    const cyclic: Record<string, unknown> = { name: "a" };
    cyclic.self = { list: [cyclic] };
    const e = await error(db.query("RETURN $m AS m", { m: cyclic }));
    expect(e).toBeInstanceOf(InvalidArgumentError);
    expect(e.message).toBe(
      "parameter $m.self.list[0] contains itself (a cycle); a Cypher value is a tree of lists and maps: pass a copy without the cycle",
    );
    // The same object twice, side by side, is no cycle.
    const shared = { k: 1 };
    expect((await db.query("RETURN $l AS l", { l: [shared, shared] })).rows).toEqual([[[{ k: 1 }, { k: 1 }]]]);
    await db.close();
  });

  it("takes lists and maps 64 levels deep, the parameters object counting, and refuses deeper ones with the limit", async () => {
    const db = await open("memory://deep");
    expect((await db.query("RETURN $p AS p", { p: nested(63) })).rows[0]![0]).toEqual(nested(63));
    expect((await db.query("UNWIND $p AS q RETURN size(q) AS n", { p: [nested(62)] })).rows).toEqual([[1]]);
    for (const depth of [64, 2000]) {
      const e = await error(db.query("RETURN $p AS p", { p: nested(depth) }));
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect(e.message).toMatch(/^parameter \$p\[0\]\[0\].*\[0\] nests lists and maps deeper than 64 levels \(the limit, counting the parameters or properties object\); flatten it$/);
    }
    const props = await error(db.upsertNode(["V"], "v2", { deep: { a: nested(200) } }));
    expect(props.message).toMatch(/^property 'deep'\.a\[0\].* nests lists and maps deeper than 64 levels/);
    expect(db.staged).toBe(0);
    await db.close();
  });

  it("refuses a lone surrogate, naming the parameter, key, statement, label or id", async () => {
    const db = await open("memory://s");
    const hint = "which no Cypher string can hold: pass well-formed Unicode (text.toWellFormed() replaces it with U+FFFD)";
    const cases: Array<[Promise<unknown>, string]> = [
      [db.query("RETURN $s", { s: "ok\uD800" }), `parameter $s holds a lone surrogate (\\uD800 at index 2), ${hint}`],
      [db.query("RETURN $m", { m: { list: ["fine", "\uDC00x"] } }), "parameter $m.list[1] holds a lone surrogate (\\uDC00 at index 0)"],
      [db.query("RETURN $m", { m: { ["k\uD83D"]: 1 } }), "parameter $m: the key 'k\uD83D' holds a lone surrogate (\\uD83D at index 1)"],
      [db.query("RETURN $s", { ["s\uDBFF"]: 1 }), "the name of parameter $s\uDBFF holds a lone surrogate (\\uDBFF at index 1)"],
      [db.query("RETURN 'a\uD800' AS s"), "the statement holds a lone surrogate (\\uD800 at index 9)"],
      [db.upsertNode(["L\uD800"], "n1"), "labels[0] holds a lone surrogate (\\uD800 at index 1)"],
      [db.upsertNode(["L"], "n\uD800"), "id holds a lone surrogate (\\uD800 at index 1)"],
      [db.upsertNode(["L"], "n1", { p: "\uDFFF" }), "property 'p' holds a lone surrogate (\\uDFFF at index 0)"],
      // The bulk calls write plain values without naming their place first.
      [db.upsertNodes([{ labels: ["L"], id: "n1", properties: { a: 1, p: "x\uDFFF" } }]),
        "property 'p' holds a lone surrogate (\\uDFFF at index 1)"],
      [db.upsertEdges([{ type: "T", src: "n1", dst: "n2", properties: { ["k\uD800"]: 1 } }]),
        "the name of property 'k\uD800' holds a lone surrogate (\\uD800 at index 1)"],
    ];
    for (const [promise, message] of cases) {
      const e = await error(promise);
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect(e.message).toContain(message);
    }
    // A pair is fine, and so is the replacement character.
    expect((await db.query("RETURN $s AS s", { s: "\uD83D\uDE00 \uFFFD" })).rows).toEqual([["\uD83D\uDE00 \uFFFD"]]);
    expect(db.staged).toBe(0);
    await db.close();
  });

  it("names the JS type Cypher has no value for and what to pass instead", async () => {
    const db = await open("memory://t");
    class Point {
      constructor(readonly x: number) {}
    }
    const cases: Array<[unknown, string]> = [
      [new Map([["a", 1]]), "parameter $v is a Map, which Cypher has no value for; pass a plain object (Object.fromEntries(map))"],
      [new Set([1]), "parameter $v is a Set, which Cypher has no value for; pass an array ([...set])"],
      [new Point(1), "parameter $v is a Point, which Cypher has no value for; pass a number, string"],
      [() => 1, "parameter $v is a function, which Cypher has no value for"],
    ];
    for (const [v, message] of cases) expect((await error(db.query("RETURN $v", { v }))).message).toContain(message);
    expect((await error(db.query("RETURN 1", [] as unknown as Record<string, unknown>))).message).toBe(
      "the parameters must be a plain object of named values ({ name: value }), not an array",
    );
    expect((await error(db.query(42 as unknown as string))).message).toBe("a statement must be a string of Cypher, not 42");
    expect((await error(db.query("RETURN 1", {}, { signal: "stop" } as unknown as object))).message).toBe(
      "the signal option must be an AbortSignal, not 'stop'",
    );
    await db.close();
  });
});

describe("open()", () => {
  it("sends file: URIs given to the portable entry to namidb-wasm/node", async () => {
    const e = await error(open("file:./data?ns=demo"));
    expect(e).toBeInstanceOf(UnsupportedError);
    expect(e.message).toContain(`import { open } from "namidb-wasm/node"`);
    expect(e.message).toContain("'file:./data?ns=demo'");
  });

  it("refuses a file: URI naming another host, or a bad namespace, with the forms that work", async () => {
    const host = await error(openNode("file://host/x"));
    expect(host).toBeInstanceOf(InvalidArgumentError);
    expect(host.message).toBe(
      "'file://host/x' names the host 'host'; a file: URI opens a folder on this machine: " +
        "file:./relative/folder?ns=name or file:///absolute/folder?ns=name",
    );
    expect(() => parseFileUri("file://localhost/tmp/d?ns=a")).not.toThrow();
    expect(parseFileUri("file:///tmp/d?ns=a")).toEqual({ dir: "/tmp/d", namespace: "a" });
    expect((await error(openNode("file:./d?ns=My_Graph"))).message).toBe(
      "'file:./d?ns=My_Graph': namespace 'My_Graph' is not valid; use 1 to 63 lowercase letters, digits and '-', starting with a letter or digit",
    );
    expect((await error(openNode("file:./d?nss=g"))).message).toBe("'file:./d?nss=g': unknown parameter 'nss' (only ns=<namespace>)");
    expect((await error(open("memory://Demo"))).message).toContain("'memory://Demo': namespace 'Demo' is not valid");
    expect((await error(open("s3://bucket/x"))).message).toBe(
      "unsupported database URI 's3://bucket/x': use memory://<namespace>, opfs://<namespace> (browsers), https://host/path/<namespace>/ (read-only), " +
        "or pass a store as { store, namespace } (and file:<folder>?ns=<namespace> from \"namidb-wasm/node\")",
    );
  });

  it("names a wrong target or option instead of ignoring it", async () => {
    const store = new MemoryStore();
    const cases: Array<[Promise<unknown>, string]> = [
      [open({ store, namespace: "ok" }, { readOnly: true } as object), "unknown open() option 'readOnly' (the options are engine, integers, mode, cacheBytes, maxCacheBytes, memtableBytes, gcGraceMs, limits, remote, worker, csv)"],
      [open({ store, namespace: "ok" }, { integers: "BigInt" } as object), `open() option integers must be "number" or "bigint", not 'BigInt'`],
      [open({ store, namespace: "ok" }, { mode: "readonly" } as object), `open() option mode must be "read" or "write", not 'readonly'`],
      [open({ store, namespace: "ok" }, { engine: {} } as object), "open() option engine must be an Engine (from loadEngine()), not an object"],
      [open({ store, namespace: "ok" }, { limits: { timeout: 5 } } as object), "unknown statement option 'timeout'"],
      [open({ store, namespace: "a/b" }), "open({ store, namespace }): namespace 'a/b' is not valid"],
      [open({ store: { get() {} }, namespace: "g" } as never), "open({ store, namespace }): the store has no head, put, delete, list methods"],
      [open({ namespace: "g" } as never), "open({ store, namespace }): store must be an ObjectStore, not undefined"],
      [open(null as never), "open() takes a URI string or { store, namespace, prefix? }, not null"],
    ];
    for (const [promise, message] of cases) {
      const e = await error(promise);
      expect(e).toBeInstanceOf(InvalidArgumentError);
      expect(e.message).toContain(message);
    }
    expect((await store.list("")).objects).toEqual([]);  // nothing was written
  });
});
