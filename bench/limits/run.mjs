// `npm run bench -- limits`: what the statement limits cost and how close
// the engine runs to its stacks, in the wasm build (dist/). One JSON object
// per line:
//   timeout   how long after timeoutMs a CPU-bound statement's TimeoutError
//             arrives (the statement never reads the store)
//   abort     the same from when an AbortSignal's abort() was due (a timer
//             the statement's yields let run) to the AbortError
//   memory    the instance's memory (it never shrinks, so this is its peak)
//             after a streaming count and after a refused cartesian product
//   stack     the most of the C stack and of the Asyncify buffer a statement
//             nested as deep as the parser accepts used, with a computation
//             at the deepest point that yields to the event loop
// Arguments: --runs N (default 10).
import { open } from "../../dist/js/database.js";
import { loadEngine } from "../../dist/js/engine.js";

const args = process.argv.slice(2);
const runs = args.includes("--runs") ? Number(args[args.indexOf("--runs") + 1]) : 10;
const print = (o) => console.log(JSON.stringify(o));
const rep = (s, n) => s.repeat(n);
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const round = (x) => Math.round(x * 10) / 10;
  return { p50: round(s[Math.floor(s.length / 2)]), max: round(s[s.length - 1]), min: round(s[0]) };
};

// 100,000,000 rows of pure computation: minutes unbounded.
const endless = "UNWIND range(1, 10000) AS a UNWIND range(1, 10000) AS b WITH a WHERE a < 0 RETURN count(*)";

async function timeouts() {
  const db = await open("memory://timeouts");
  // Warm up: V8 compiles the module's hot functions again in the background
  // (tier-up) during the first seconds of work, and on a busy machine that
  // delays the first statements by up to a second or two.
  for (let i = 0; i < 3; i++) await db.query(endless, {}, { timeoutMs: 500 }).catch(() => undefined);
  for (const timeoutMs of [50, 200, 1000]) {
    const late = [];
    for (let i = 0; i < runs; i++) {
      const started = performance.now();
      const err = await db.query(endless, {}, { timeoutMs }).catch((e) => e);
      if (err?.name !== "TimeoutError") throw new Error(`expected a TimeoutError, got ${err}`);
      late.push(performance.now() - started - timeoutMs);
    }
    print({ bench: "timeout", query: "CPU-bound UNWIND count", timeoutMs, runs, lateMs: stats(late) });
  }
  for (const afterMs of [50, 200]) {
    const late = [];
    for (let i = 0; i < runs; i++) {
      // From when the abort was due: the timer itself runs only when the
      // statement yields to the event loop.
      const controller = new AbortController();
      const started = performance.now();
      setTimeout(() => controller.abort(), afterMs);
      const err = await db.query(endless, {}, { signal: controller.signal }).catch((e) => e);
      if (err?.name !== "AbortError") throw new Error(`expected an AbortError, got ${err}`);
      late.push(performance.now() - started - afterMs);
    }
    print({ bench: "abort", query: "CPU-bound UNWIND count", abortAfterMs: afterMs, runs, lateMs: stats(late) });
  }
  await db.close();
}

async function memory() {
  const mib = (b) => Math.round((b / 2 ** 20) * 10) / 10;
  {
    const engine = await loadEngine();
    const db = await open("memory://count", { engine });
    const before = engine.memoryBytes;
    const started = performance.now();
    const { rows } = await db.query("UNWIND range(1, 5000) AS a UNWIND range(1, 5000) AS b RETURN count(*)");
    print({
      bench: "memory",
      query: "UNWIND range(1, 5000) AS a UNWIND range(1, 5000) AS b RETURN count(*)",
      result: rows[0][0],
      ms: Math.round(performance.now() - started),
      instanceMiBBefore: mib(before),
      instanceMiBPeak: mib(engine.memoryBytes),
    });
    await db.close();
  }
  {
    const engine = await loadEngine();
    const db = await open("memory://cartesian", { engine });
    await db.write("UNWIND range(1, 2000) AS i CREATE (:N {i: i})");
    const before = engine.memoryBytes;
    const started = performance.now();
    const err = await db.query("MATCH (a:N), (b:N), (c:N) RETURN collect([a.i, b.i, c.i])").catch((e) => e);
    print({
      bench: "memory",
      query: "MATCH (a:N), (b:N), (c:N) RETURN collect([a.i, b.i, c.i]) over 2,000 nodes",
      error: err?.name,
      ms: Math.round(performance.now() - started),
      instanceMiBBefore: mib(before),
      instanceMiBPeak: mib(engine.memoryBytes),
      engineAlive: !engine.dead,
    });
    await db.close();
  }
}

// Each kind of nesting around a computation long enough to yield (and, for
// subqueries, a scan at every level), as deep as the parser accepts.
const slow = "reduce(s = 0, x IN range(1, 400000) | s + x)";
const shapes = {
  parentheses: (n) => `RETURN ${rep("(", n)}${slow}${rep(")", n)}`,
  lists: (n) => `RETURN size(${rep("[", n)}${slow}${rep("]", n)})`,
  "function calls": (n) => `RETURN ${rep("abs(", n)}${slow}${rep(")", n)}`,
  CASE: (n) => `RETURN ${rep("CASE WHEN true THEN ", n)}${slow}${rep(" END", n)}`,
  NOT: (n) => `RETURN ${rep("NOT ", n)}(${slow} > 0)`,
  "EXISTS subqueries": (n) => `RETURN ${rep("EXISTS { MATCH (a:N) WHERE ", n)}${slow} > 0${rep(" }", n)}`,
  "CALL subqueries": (n) => `${rep("CALL { MATCH (a:N {i: 1}) ", n)}RETURN ${slow} AS x${rep(" } RETURN x", n)}`,
  "pattern comprehensions": (n) =>
    `MATCH (a:N {i: 1}) RETURN size(${rep("[(a)-->(b) | ", n)}${slow}${rep("]", n)})`,
};

async function stacks() {
  const engine = await loadEngine();
  const db = await open("memory://stacks", { engine });
  await db.write("UNWIND range(1, 100) AS i CREATE (:N {i: i})");
  await db.write("MATCH (a:N), (b:N) WHERE b.i = a.i + 1 CREATE (a)-[:NEXT]->(b)");
  await db.flush();  // scans read data files through the store bridge
  for (const [kind, make] of Object.entries(shapes)) {
    let n = 100;
    while (n > 0) {
      const err = await db.query(`EXPLAIN ${make(n)}`).catch((e) => e);
      if (err?.detail !== "NestingTooDeep") break;
      n--;
    }
    engine.resetStackUse();
    const started = performance.now();
    await db.query(make(n));
    const use = engine.stackUse();
    print({
      bench: "stack",
      kind,
      levels: n,
      ms: Math.round(performance.now() - started),
      stackKiB: Math.round(use.stackBytes / 1024),
      stackOf: Math.round(use.stackSize / 1024),
      asyncifyKiB: Math.round(use.asyncifyBytes / 1024),
      asyncifyOf: Math.round(use.asyncifySize / 1024),
    });
  }
  await db.close();
}

await timeouts();
await memory();
await stacks();
