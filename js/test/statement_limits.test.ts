// What keeps one statement from killing the engine, in the wasm build:
// deep input is a typed error at a depth the wasm stack holds, long flat
// chains run, a statement is bounded in bytes, and time limits and
// AbortSignals stop statements that only compute. After every refusal the
// engine, and every other database in it, goes on working.
import { describe, expect, it } from "vitest";
import { open } from "../../dist/js/database.js";
import { loadEngine, type Engine } from "../../dist/js/engine.js";
import { AbortError, CancelledError, CypherError, ResourceExhaustedError, TimeoutError } from "../../dist/js/errors.js";

// src/query/parser/parser.h: kMaxNestingDepth and kSubqueryNestingLevels;
// src/query/execution/evaluator.h: kMaxBuiltValueDepth (the same number).
const LIMIT = 100;
const SUBQUERY = 8;

const rep = (s: string, n: number) => s.repeat(n);
const chain = (term: string, sep: string, n: number) => Array(n).fill(term).join(sep);

// Each kind of nesting: `make(n)` nests n levels; `deepest` is the most
// that runs, `value` what it returns then.
const nests: Array<{ kind: string; make: (n: number) => string; deepest: number; value: unknown }> = [
  { kind: "parentheses", make: (n) => `RETURN ${rep("(", n)}1${rep(")", n)}`, deepest: LIMIT - 1, value: 1 },
  { kind: "lists", make: (n) => `RETURN size(${rep("[", n)}1${rep("]", n)})`, deepest: LIMIT - 2, value: 1 },
  { kind: "maps", make: (n) => `RETURN size(keys(${rep("{a: ", n)}1${rep("}", n)}))`, deepest: LIMIT - 3, value: 1 },
  {
    kind: "CASE",
    make: (n) => `RETURN ${rep("CASE WHEN true THEN ", n)}1${rep(" END", n)}`,
    deepest: LIMIT - 1,
    value: 1,
  },
  { kind: "function calls", make: (n) => `RETURN ${rep("abs(", n)}1${rep(")", n)}`, deepest: LIMIT - 1, value: 1 },
  {
    kind: "EXISTS subqueries",
    make: (n) => `RETURN ${rep("EXISTS { MATCH (a:N) WHERE ", n)}true${rep(" }", n)}`,
    deepest: Math.floor((LIMIT - 1) / (SUBQUERY + 1)),
    value: true,
  },
  {
    kind: "pattern predicates (EXISTS patterns)",
    make: (n) => `MATCH (a:N {i: 0}) RETURN ${rep("EXISTS { (a)-->(:N) WHERE ", n)}true${rep(" }", n)}`,
    deepest: Math.floor((LIMIT - 1) / (SUBQUERY + 1)),
    value: true,
  },
  {
    kind: "CALL subqueries",
    make: (n) => `${rep("CALL { ", n)}RETURN 1 AS x${rep(" } RETURN x", n)}`,
    deepest: Math.floor((LIMIT - 1) / SUBQUERY),
    value: 1,
  },
  {
    kind: "pattern comprehensions",
    make: (n) => `MATCH (a:N {i: 0}) RETURN size(${rep("[(a)-->(b) | ", n)}1${rep("]", n)})`,
    deepest: Math.floor((LIMIT - 2) / (SUBQUERY + 1)),
    value: 1,
  },
];

async function graph(engine: Engine, name: string) {
  const db = await open(`memory://${name}`, { engine });
  await db.write("UNWIND range(0, 99) AS i CREATE (:N {i: i})");
  await db.write("MATCH (a:N), (b:N) WHERE b.i = a.i + 1 CREATE (a)-[:NEXT]->(b)");
  return db;
}

async function one(db: { query(c: string): Promise<{ rows: unknown[][] }> }, cypher: string): Promise<unknown> {
  return (await db.query(cypher)).rows[0]![0];
}

describe("deep input", () => {
  it("runs every kind of nesting at the limit and refuses one level more with a typed error", async () => {
    const engine = await loadEngine();
    const db = await graph(engine, "nesting");
    for (const { kind, make, deepest, value } of nests) {
      engine.resetStackUse();
      expect(await one(db, make(deepest)), kind).toEqual(value);
      // At the limit a statement uses less than half of the C stack.
      const use = engine.stackUse();
      expect(use.stackBytes, kind).toBeGreaterThan(0);
      expect(use.stackBytes, kind).toBeLessThan(use.stackSize / 2);
      const err = await db.query(make(deepest + 1)).catch((e: unknown) => e);
      expect(err, kind).toBeInstanceOf(CypherError);
      const e = err as CypherError;
      expect([e.type, e.phase, e.detail, e.line], kind).toEqual(["SyntaxError", "compile time", "NestingTooDeep", 1]);
      expect(e.column, kind).toBeGreaterThan(1);
      expect(e.message, kind).toMatch(/more than 100 levels/);
    }
    // Far past the limit (what used to abort the instance) is the same error.
    for (const text of [
      `RETURN ${rep("(", 5000)}1${rep(")", 5000)}`,
      `RETURN ${rep("[", 5000)}1${rep("]", 5000)}`,
      `RETURN ${rep("NOT ", 5000)}true`,
    ]) {
      await expect(db.query(text)).rejects.toBeInstanceOf(CypherError);
    }
    expect(engine.dead).toBe(false);
    expect(await one(db, "MATCH (n:N) RETURN count(n)")).toBe(100);
    await db.close();
  });

  it("suspends at the deepest nesting accepted within half of the stack and of the Asyncify buffer", async () => {
    // A computation at the deepest point yields to the event loop (the stack
    // unwound into the Asyncify buffer through every level) and subqueries
    // scan data files through the store bridge at every level.
    const engine = await loadEngine();
    const db = await graph(engine, "suspended");
    await db.flush();
    const slow = "reduce(s = 0, x IN range(1, 400000) | s + x)";
    const shapes = [
      (n: number) => `RETURN ${rep("(", n)}${slow}${rep(")", n)}`,
      (n: number) => `RETURN size(${rep("[", n)}${slow}${rep("]", n)})`,
      (n: number) => `RETURN ${rep("EXISTS { MATCH (a:N) WHERE ", n)}${slow} > 0${rep(" }", n)}`,
      (n: number) => `${rep("CALL { MATCH (a:N {i: 1}) ", n)}RETURN ${slow} AS x${rep(" } RETURN x", n)}`,
    ];
    for (const make of shapes) {
      let n = LIMIT;  // the deepest this shape parses
      while ((await db.query(`EXPLAIN ${make(n)}`).catch((e: CypherError) => e.detail)) === "NestingTooDeep") n--;
      engine.resetStackUse();
      await db.query(make(n));
      const use = engine.stackUse();
      expect(use.asyncifyBytes, make(1)).toBeGreaterThan(0);
      expect(use.asyncifyBytes, make(1)).toBeLessThan(use.asyncifySize / 2);
      expect(use.stackBytes, make(1)).toBeLessThan(use.stackSize / 2);
    }
    expect(engine.dead).toBe(false);
    await db.close();
  });

  it("refuses a value built deeper than the limit at run time, where 20,000 levels aborted the instance", async () => {
    const engine = await loadEngine();
    const db = await open("memory://deep-values", { engine });
    const wrapped = (n: number) => `RETURN reduce(acc = [], i IN range(1, ${n}) | [acc]) AS v`;
    // [] is one level, each step adds one: LIMIT levels come back whole.
    let v = (await db.query(wrapped(LIMIT - 1))).rows[0]![0];
    let levels = 0;
    for (; Array.isArray(v); levels++) v = (v as unknown[])[0];
    expect(levels).toBe(LIMIT);
    for (const n of [LIMIT, 20000]) {
      const err = await db.query(wrapped(n)).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ResourceExhaustedError);
      expect(String(err)).toMatch(/more than the limit of 100/);
    }
    expect(engine.dead).toBe(false);
    expect(await one(db, "RETURN 1")).toBe(1);
    await db.close();
  });

  it("runs long flat chains of one operator, as generated queries write them", async () => {
    const db = await open("memory://chains");
    expect(await one(db, `RETURN ${chain("1", " + ", 20000)}`)).toBe(20000);
    expect(await one(db, `RETURN ${chain("1", " + 2 - ", 5000)}`)).toBe(5000);
    expect(await one(db, `RETURN ${chain("true", " AND ", 20000)}`)).toBe(true);
    expect(await one(db, `RETURN ${chain("false", " OR ", 20000)}`)).toBe(false);
    expect(await one(db, `RETURN size([${chain("1", ", ", 20000)}])`)).toBe(20000);
    await db.write("UNWIND range(0, 9) AS i CREATE (:N {i: i})");
    const where = Array.from({ length: 2000 }, (_, i) => `n.i <> ${100 + i}`).join(" AND ");
    expect(await one(db, `MATCH (n:N) WHERE ${where} RETURN count(n)`)).toBe(10);
    await db.close();
  });
});

describe("memory of a statement", () => {
  it("counts a stream of rows without holding it: within 1 MiB, and the instance does not grow", async () => {
    // The same shape as UNWIND range(1, 5000) AS a UNWIND range(1, 5000) AS b
    // RETURN count(*), which grew the instance to 4 GiB (npm run bench --
    // limits runs that one): 2,000,000 rows, which unwound 1,024 rows at a
    // time in one chunk came to hundreds of MiB.
    const engine = await loadEngine();
    const db = await open("memory://stream", { engine });
    const before = engine.memoryBytes;
    const across = "UNWIND range(1, 1000) AS a UNWIND range(1, 2000) AS b ";
    const tight = { maxMemoryBytes: 1 << 20 };
    expect((await db.query(`${across}RETURN count(*), sum(b), min(a), max(b), avg(a)`, {}, tight)).rows).toEqual([
      [2_000_000, 2_001_000_000, 1, 2000, 500.5],
    ]);
    expect(engine.memoryBytes - before).toBeLessThan(16 * 1024 * 1024);
    await db.close();
  });

  it("keeps what is in flight between operators small when rows hold long lists", async () => {
    // Each row UNWIND makes holds the 3,000-element list too: 1,024 such
    // rows in one chunk came to over 300 MiB; chunks are now cut by bytes.
    const engine = await loadEngine();
    const db = await open("memory://inflight", { engine });
    const before = engine.memoryBytes;
    expect(await one(db, "WITH range(1, 3000) AS l UNWIND l AS x RETURN count(x)")).toBe(3000);
    expect(engine.memoryBytes - before).toBeLessThan(64 * 1024 * 1024);
    await db.close();
  });

  it("refuses a runaway statement by its bytes; the engine and its other databases go on", async () => {
    const engine = await loadEngine();
    const busy = await graph(engine, "busy");
    // Another database of the same engine, with a staged batch.
    const other = await open("memory://other", { engine });
    await other.upsertNode(["P"], "p1", { name: "Ann" });
    await other.upsertNode(["P"], "p2", { name: "Bob" });
    // A 3-way cartesian product's rows held as the result, with the default
    // limit of 512 MiB.
    const runaway = "UNWIND range(1, 2000) AS x MATCH (a:N), (b:N) RETURN x, a.i, b.i";
    const err = await busy.query(runaway).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceExhaustedError);
    expect(String(err)).toMatch(/maxMemoryBytes limit of 512\.0 MiB/);
    expect(engine.dead).toBe(false);
    // Held memory is the limit and what the estimates miss: far from 4 GiB.
    expect(engine.memoryBytes).toBeLessThan(1.5 * 1024 ** 3);
    // Smaller limits refuse sooner; a sort of the same rows too.
    await expect(
      busy.query("UNWIND range(1, 2000) AS x MATCH (a:N) RETURN x, a ORDER BY a.i", {}, { maxMemoryBytes: 8 << 20 }),
    ).rejects.toThrow(/maxMemoryBytes limit of 8\.0 MiB/);
    expect(other.staged).toBe(2);
    expect(await one(other, "MATCH (p:P) RETURN count(p)")).toBe(2);
    expect(await other.commit()).toBe(1);
    expect(await one(busy, "MATCH (n:N)-[:NEXT]->() RETURN count(n)")).toBe(99);
    // Limits check their input.
    await expect(busy.query("RETURN 1", {}, { maxMemoryBytes: -1 })).rejects.toThrow(/maxMemoryBytes/);
    await Promise.all([busy.close(), other.close()]);
  });
});

describe("time limits and cancellation", () => {
  // 100,000,000 rows: a minute and more of pure computation unbounded.
  const endless = "UNWIND range(1, 10000) AS a UNWIND range(1, 10000) AS b WITH a WHERE a < 0 RETURN count(*)";
  const handed = (err: unknown) => Number(/after ([\d,]+) rows/.exec(String(err))?.[1]?.replace(/,/g, ""));

  it("stops a statement that only computes at its time limit", async () => {
    const db = await open("memory://timeout");
    const err = await db.query(endless, {}, { timeoutMs: 200 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TimeoutError);
    expect(err).toBeInstanceOf(CancelledError);
    expect(String(err)).toMatch(/time limit of 200 ms/);
    // Stopped far short of the 100,010,000 rows the whole run hands on.
    expect(handed(err)).toBeGreaterThan(0);
    expect(handed(err)).toBeLessThan(10_000_000);
    expect(await one(db, "RETURN 1")).toBe(1);
    await db.close();
  });

  it("stops a statement that only computes when its AbortSignal fires, and lets the event loop run meanwhile", async () => {
    const db = await open("memory://abort");
    const controller = new AbortController();
    const events: string[] = [];
    setTimeout(() => {
      events.push("abort");
      controller.abort();
    }, 100);
    const err = await db.query(endless, {}, { signal: controller.signal }).catch((e: unknown) => e);
    events.push("settled");
    expect(err).toBeInstanceOf(AbortError);
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as Error).name).toBe("AbortError");
    expect(String(err)).toMatch(/AbortSignal/);
    expect(handed(err)).toBeLessThan(10_000_000);
    // The timer ran while the statement computed, before it settled.
    expect(events).toEqual(["abort", "settled"]);
    expect(await one(db, "RETURN 1")).toBe(1);
    await db.close();
  });
});
