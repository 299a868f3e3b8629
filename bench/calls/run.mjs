// `npm run bench -- calls`: the fixed cost of one statement through the
// TypeScript API in Node, against dist/ (the wasm build). One JSON object per
// line, per query and way of calling:
//   query      db.query(text, params): parses and plans every call
//   prepared   db.prepare(text) once, then statement.query(params)
//   native     the native build's RunQuery on a file-store copy of the
//              namespace (bench/query_bench.cc; with --native PATH), the
//              engine's own time without any boundary
// with the p50 / p10 / max microseconds per call over --runs calls (after
// --warmup calls; native: its p50 only), and rows per call. Then `memory`:
// the wasm memory of a fresh engine instance before and after one big
// result (it never shrinks: what the result needed at its peak). The queries: `RETURN 1` (nothing but
// the boundary), a parameterised point lookup by an indexed property, and
// row-heavy results (1,000 rows of scalars; 1,000 nodes; 1,000 rows of
// function calls; the persons grouped ten ways with five aggregates).
// With --ldbc it measures LDBC IS1-IS7 instead, on the LDBC test graph of
// $NAMIDB_SHARED_DATA (../shared/data), loaded as the peers benchmark loads
// it (bench/peers: staging API, an index on `id` of every label).
// Arguments: --runs N (default 2000), --warmup N (default 500), --persons N
// (default 2000), --only NAME[,NAME], --native PATH, --ldbc.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { open } from "../../dist/js/database.js";
import { loadEngine } from "../../dist/js/engine.js";
import { MemoryStore } from "../../dist/js/memory_store.js";
import { FileStore } from "../../dist/js/node/file_store.js";

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const runs = Number(arg("--runs", 2000));
const warmup = Number(arg("--warmup", 500));
const persons = Number(arg("--persons", 2000));
const only = arg("--only", "")?.split(",").filter(Boolean) ?? [];
const print = (o) => console.log(JSON.stringify(o));

let queries = [
  { name: "return_1", text: "RETURN 1 AS x", params: () => ({}) },
  {
    name: "point_lookup",
    text: "MATCH (n:Person {id: $id}) RETURN n.firstName AS firstName",
    params: (i) => ({ id: i % persons }),
  },
  {
    name: "rows_1000_scalars",
    text: "MATCH (n:Person) WHERE n.id < 1000 RETURN n.id AS id, n.firstName AS firstName, n.score AS score",
    params: () => ({}),
    runs: Math.max(20, Math.floor(runs / 20)),
  },
  {
    name: "rows_1000_nodes",
    text: "MATCH (n:Person) WHERE n.id < 1000 RETURN n",
    params: () => ({}),
    runs: Math.max(20, Math.floor(runs / 20)),
  },
  {
    name: "functions_1000",
    text: "MATCH (n:Person) WHERE n.id < 1000 RETURN toUpper(n.firstName) AS upper, size(n.firstName) AS length, round(abs(n.score)) AS score, coalesce(n.missing, n.id) AS id",
    params: () => ({}),
    runs: Math.max(20, Math.floor(runs / 20)),
  },
  {
    name: "aggregate_groups",
    text: "MATCH (n:Person) RETURN n.id % 10 AS g, count(*) AS c, sum(n.score) AS s, avg(n.score) AS a, max(n.firstName) AS m, count(DISTINCT n.firstName) AS d",
    params: () => ({}),
    runs: Math.max(20, Math.floor(runs / 20)),
  },
];

const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const round = (x) => Math.round(x * 10) / 10;
  return { p50: round(s[Math.floor(s.length / 2)]), p10: round(s[Math.floor(s.length / 10)]), max: round(s[s.length - 1]) };
};

async function measure(call, n) {
  let rows = 0;
  for (let i = 0; i < Math.min(warmup, n); i++) await call(i);
  const us = [];
  for (let i = 0; i < n; i++) {
    const started = performance.now();
    const result = await call(i);
    us.push((performance.now() - started) * 1000);
    rows = result.rows.length;
  }
  return { us: stats(us), rows };
}

const engine = await loadEngine();
let store = new MemoryStore();
let namespace = "calls";
if (args.includes("--ldbc")) {
  // The peers benchmark's dataset, loader and queries (dist/bench: npx tsc -p tsconfig.bench.json).
  const dataDir = process.env.NAMIDB_SHARED_DATA ?? new URL("../../../shared/data", import.meta.url).pathname;
  const { loadLdbcGraph } = await import("../../dist/bench/ldbc_dataset.js");
  const { NamidbEngine } = await import("../../dist/bench/namidb_engine.js");
  const { ldbcWorkload } = await import("../../dist/bench/workloads.js");
  const loaded = await NamidbEngine.create();
  await loaded.load(loadLdbcGraph(dataDir), () => {});
  ({ store, namespace } = loaded);
  queries.splice(0, queries.length, ...ldbcWorkload(dataDir)
    .filter((q) => /^IS\d$/.test(q.name))
    .map((q) => ({ name: q.name, text: q.namidb, params: () => q.params })));
} else {
  const writer = await open({ store, namespace }, { engine });
  await writer.write("CREATE INDEX FOR (p:Person) ON (p.id)");
  const nodes = [];
  for (let i = 0; i < persons; i++) {
    nodes.push({ labels: ["Person"], id: `p${i}`, properties: { id: i, firstName: `Name${i}`, score: i / 7 } });
  }
  await writer.upsertNodes(nodes);
  await writer.commit();
  await writer.flush();
  await writer.close();
}
const db = await open({ store, namespace }, { engine, mode: "read" });
const native = args.includes("--native") ? await runNative(arg("--native")) : new Map();

for (const q of queries) {
  if (only.length && !only.includes(q.name)) continue;
  const n = q.runs ?? runs;
  const ways = { query: (i) => db.query(q.text, q.params(i)) };
  if (typeof db.prepare === "function") {
    const statement = await db.prepare(q.text);
    ways.prepared = (i) => statement.query(q.params(i));
  }
  for (const [way, call] of Object.entries(ways)) {
    const { us, rows } = await measure(call, n);
    print({ bench: "calls", query: q.name, way, runs: n, rows, us });
  }
  const nativeRun = native.get(q.name);
  if (nativeRun) print({ bench: "calls", query: q.name, way: "native", runs: nativeRun.runs, rows: nativeRun.rows.length, us: { p50: Math.round(nativeRun.p50_ms * 10000) / 10 } });
}
await db.close();

// A fresh instance per figure: its memory only ever grows.
if (!args.includes("--ldbc") && (!only.length || only.includes("big_result"))) {
  const fresh = await loadEngine();
  const big = await open("memory://big", { engine: fresh });
  await big.query("RETURN 1");
  const before = fresh.memoryBytes;
  const rows = 300_000;
  const started = performance.now();
  const result = await big.query("UNWIND range(1, $n) AS i RETURN i, 'a string of some length ' + toString(i) AS s", { n: rows });
  const ms = Math.round(performance.now() - started);
  if (result.rows.length !== rows) throw new Error(`expected ${rows} rows, got ${result.rows.length}`);
  print({ bench: "calls", query: "big_result", rows, ms, wasmMemoryBefore: before, wasmMemoryAfter: fresh.memoryBytes });
  await big.close();
}

// The native build's RunQuery over a file-store copy of the namespace.
async function runNative(path) {
  const dir = mkdtempSync(join(tmpdir(), "namidb-calls-"));
  try {
    const target = new FileStore(dir);
    let startAfter;
    do {
      const page = await store.list(`${namespace}/`, startAfter ? { startAfter } : {});
      for (const meta of page.objects) await target.put(meta.key, (await store.get(meta.key)).data);
      startAfter = page.nextStartAfter;
    } while (startAfter);
    const workload = join(dir, "workload.json");
    writeFileSync(workload, JSON.stringify({
      root: dir, namespace, warmup, runs,
      queries: queries.map((q) => ({ name: q.name, cypher: q.text, params: q.params(7) })),
    }));
    const child = spawnSync(path, [workload], { encoding: "utf8", maxBuffer: 1 << 30 });
    if (child.status !== 0) throw new Error(`native benchmark failed: ${child.stderr}`);
    return new Map(child.stdout.split("\n").filter(Boolean).map((line) => {
      const r = JSON.parse(line);
      return [r.query, r];
    }));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
