/**
 * `npm run bench -- peers`: namidb-wasm against kuzu-wasm, side by side in
 * one process, on the same graphs and queries, and namidb's wasm build
 * against its native build. Prints one JSON object per line
 * ({"suite":"peers","metric":...,"value":...,"unit":...} plus engine, query,
 * dataset where they apply) on stdout, progress on stderr. Every query's
 * answers are compared across engines (and builds) before it is timed; a
 * mismatch fails the run.
 *
 *   --datasets ldbc,wiki-vote,generated   which graphs (default: all three)
 *   --persons N      generator scale (default 11000; 110000 = 1M nodes, 5M edges)
 *   --runs N         timed runs per query and engine (default 10), after
 *   --warmup N       untimed runs (default 3); a query whose first run
 *                    (both engines) takes over 4 s gets 3 runs, no warm-up
 *   --cache-mb N     namidb block cache (default 1024)
 *   --native PATH    the native query benchmark (none: skip the native build)
 *   --keep           keep the native build's file-store copy of each namespace
 *                    (build/peers/<dataset>, with its workload.json) to run again
 *   --out FILE       also write the lines to FILE
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { FileStore } from "../../dist/js/node/file_store.js";
import { difference, type Rows } from "./compare.js";
import { generateGraph } from "./generator.js";
import { countElements, type Graph } from "./graph.js";
import { KuzuEngine, loadKuzu } from "./kuzu_engine.js";
import { loadLdbcGraph } from "./ldbc_dataset.js";
import { NamidbEngine } from "./namidb_engine.js";
import { kuzuSizes, namidbSizes, type Sizes } from "./sizes.js";
import { loadSnapGraph } from "./snap_dataset.js";
import { ldbcWorkload, snapWorkload, type BenchQuery } from "./workloads.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const BENCH_DIR = join(ROOT, "bench", "peers");
const DATA_DIR = process.env.NAMIDB_SHARED_DATA ?? resolve(ROOT, "..", "shared", "data");

const { values: args } = parseArgs({
  options: {
    datasets: { type: "string", default: "ldbc,wiki-vote,generated" },
    persons: { type: "string", default: "11000" },
    runs: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    "cache-mb": { type: "string", default: "1024" },
    native: { type: "string" },
    keep: { type: "boolean", default: false },
    out: { type: "string" },
  },
});
const runs = Number(args.runs);
const SLOW_MS = 4000;  // see bench(): fewer runs for a query this slow
const warmup = Number(args.warmup);
const cacheBytes = Number(args["cache-mb"]) * 1024 * 1024;
let failures = 0;

function emit(line: Record<string, unknown>): void {
  const text = JSON.stringify({ suite: "peers", ...line });
  console.log(text);
  if (args.out) appendFileSync(args.out, text + "\n");
}

function log(message: string): void {
  process.stderr.write(`[peers] ${message}\n`);
}

function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const n = v.length;
  return n % 2 ? v[(n - 1) / 2]! : (v[n / 2 - 1]! + v[n / 2]!) / 2;
}

function progress(engine: string): (done: number, total: number) => void {
  let shown = 0;
  return (done, total) => {
    const tenth = Math.floor((done / total) * 10);
    if (tenth > shown) {
      shown = tenth;
      log(`${engine}: loaded ${done.toLocaleString("en")} of ${total.toLocaleString("en")} elements`);
    }
  };
}

interface Dataset {
  graph: Graph;
  queries: BenchQuery[];
}

function dataset(name: string): Dataset {
  switch (name) {
    case "ldbc":
      return { graph: loadLdbcGraph(DATA_DIR), queries: ldbcWorkload(DATA_DIR) };
    case "wiki-vote": {
      const graph = loadSnapGraph(DATA_DIR, "snap-wiki-Vote");
      return { graph, queries: snapWorkload(graph) };
    }
    case "generated": {
      const { graph, params } = generateGraph({ persons: Number(args.persons) });
      return { graph, queries: ldbcWorkload(DATA_DIR, params) };
    }
    default:
      throw new Error(`unknown dataset '${name}' (ldbc, wiki-vote, generated)`);
  }
}

/** Runs each query on the native build over a file-store copy of the namespace. */
async function runNative(native: string, namidb: NamidbEngine, name: string, queries: BenchQuery[]) {
  const dir = join(ROOT, "build", "peers", name);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  await namidb.copyTo(new FileStore(dir));
  const workload = join(dir, "workload.json");
  writeFileSync(workload, JSON.stringify({
    root: dir, namespace: namidb.namespace, cache_bytes: cacheBytes, warmup, runs,
    queries: queries.map((q) => ({ name: q.name, cypher: q.namidb, params: q.params })),
  }));
  const child = spawnSync(native, [workload], { encoding: "utf8", maxBuffer: 1 << 30 });
  if (child.status !== 0) throw new Error(`native benchmark failed: ${child.stderr}`);
  const results = new Map<string, { p50: number; rows: unknown[][] }>();
  for (const line of child.stdout.split("\n").filter(Boolean)) {
    const r = JSON.parse(line) as { query: string; p50_ms: number; rows: unknown[][] };
    results.set(r.query, { p50: r.p50_ms, rows: r.rows });
  }
  if (!args.keep) rmSync(dir, { recursive: true, force: true });
  return results;
}

async function bench(name: string): Promise<void> {
  let started = performance.now();
  const { graph, queries } = dataset(name);
  const { nodes, edges } = countElements(graph);
  // The generator's scale is part of the dataset's name: runs at two scales stay apart.
  const label = name === "generated" ? `generated-${args.persons}` : name;
  log(`${label}: ${nodes.toLocaleString("en")} nodes, ${edges.toLocaleString("en")} edges ` +
    `(built in ${((performance.now() - started) / 1000).toFixed(1)} s)`);
  const base = { dataset: label };
  emit({ ...base, metric: "nodes", value: nodes, unit: "count" });
  emit({ ...base, metric: "edges", value: edges, unit: "count" });

  const namidb = await NamidbEngine.create();
  const kuzu = new KuzuEngine(await loadKuzu(BENCH_DIR));
  for (const engine of [namidb, kuzu]) {
    const load = await engine.load(graph, progress(engine.name));
    log(`${engine.name}: loaded in ${load.seconds.toFixed(2)} s`);
    emit({ ...base, engine: engine.name, metric: "load_seconds", value: load.seconds, unit: "s" });
    emit({ ...base, engine: engine.name, metric: "load_elements_per_s", value: load.elements / load.seconds,
      unit: "elements/s" });
    // What the load alone leaves: wasm memory only grows, so this is the load's peak.
    emit({ ...base, engine: engine.name, metric: "wasm_memory_after_load_bytes", value: engine.memoryBytes,
      unit: "bytes" });
    if (load.memoryBeforeFlushBytes !== undefined) {
      emit({ ...base, engine: engine.name, metric: "wasm_memory_before_flush_bytes", value: load.memoryBeforeFlushBytes,
        unit: "bytes" });
    }
    if (load.writerCacheBytes !== undefined) {
      emit({ ...base, engine: engine.name, metric: "writer_cache_bytes", value: load.writerCacheBytes, unit: "bytes" });
    }
    if (load.stagedSeconds !== undefined) {
      emit({ ...base, engine: engine.name, metric: "ingest_elements_per_s", value: load.elements / load.stagedSeconds,
        unit: "elements/s" });
    }
  }
  await namidb.openReader(cacheBytes);

  const wasmP50 = new Map<string, number>();
  const answers = new Map<string, Rows>();
  for (const q of queries) {
    started = performance.now();
    const ours = await namidb.run(q.namidb, q.params);
    let theirs: Rows;
    try {
      theirs = kuzu.run(q.kuzu, q.params);
    } catch (err) {
      throw new Error(`${label} ${q.name}: kuzu-wasm failed: ${(err as Error).message}`);
    }
    const diff = difference(theirs, ours);
    if (diff) {
      failures++;
      log(`MISMATCH ${label} ${q.name}: kuzu-wasm vs namidb-wasm: ${diff}`);
      emit({ ...base, query: q.name, metric: "result_mismatch", value: 1, unit: "count" });
      continue;
    }
    answers.set(q.name, ours);
    // A query that takes seconds (both engines together): the comparison run was
    // its warm-up, and 3 runs give its median.
    const slow = performance.now() - started > SLOW_MS;
    // Each engine's runs in a block of their own: run alternately, each
    // disturbs the other's caches and V8 heap, which multiplied namidb's
    // sub-millisecond calls by 10 (a point lookup at 100k nodes: 0.40 ms
    // alternating, 0.035 ms alone) and Kùzu's by 1.1-3.7.
    const repeats = slow ? Math.min(runs, 3) : runs;
    const time = async (call: () => unknown): Promise<number[]> => {
      for (let i = 0; i < (slow ? 0 : warmup); i++) await call();
      const taken: number[] = [];
      for (let i = 0; i < repeats; i++) {
        const start = performance.now();
        await call();
        taken.push(performance.now() - start);
      }
      return taken;
    };
    const times = {
      namidb: await time(() => namidb.run(q.namidb, q.params)),
      kuzu: await time(() => kuzu.run(q.kuzu, q.params)),
    };
    const ourP50 = median(times.namidb);
    const theirP50 = median(times.kuzu);
    wasmP50.set(q.name, ourP50);
    emit({ ...base, engine: namidb.name, query: q.name, metric: "p50_ms", value: ourP50, unit: "ms" });
    emit({ ...base, engine: kuzu.name, query: q.name, metric: "p50_ms", value: theirP50, unit: "ms" });
    emit({ ...base, query: q.name, metric: "p50_ratio_namidb_over_kuzu", value: ourP50 / theirP50, unit: "ratio" });
    emit({ ...base, query: q.name, metric: "rows", value: ours.rows.length, unit: "count" });
    emit({ ...base, query: q.name, metric: "runs", value: repeats, unit: "count" });
    if (q.name === "count_all") {
      // The whole graph counted: what the manifest's statistics answer.
      emit({ ...base, engine: namidb.name, metric: "count_all_ms", value: ourP50, unit: "ms" });
      emit({ ...base, engine: kuzu.name, metric: "count_all_ms", value: theirP50, unit: "ms" });
    }
    log(`${label} ${q.name}: namidb ${ourP50.toFixed(3)} ms, kuzu ${theirP50.toFixed(3)} ms ` +
      `(${(ourP50 / theirP50).toFixed(2)}x), ${ours.rows.length} rows`);
  }
  for (const engine of [namidb, kuzu]) {
    emit({ ...base, engine: engine.name, metric: "wasm_memory_bytes", value: engine.memoryBytes, unit: "bytes" });
  }
  kuzu.close();

  if (args.native) {
    const native = await runNative(args.native, namidb, name, queries.filter((q) => answers.has(q.name)));
    for (const [query, result] of native) {
      const diff = difference(answers.get(query)!, { columns: answers.get(query)!.columns, rows: result.rows });
      if (diff) {
        failures++;
        log(`MISMATCH ${label} ${query}: namidb wasm vs native: ${diff}`);
        emit({ ...base, query, metric: "result_mismatch_native", value: 1, unit: "count" });
        continue;
      }
      emit({ ...base, engine: "namidb-native", query, metric: "p50_ms", value: result.p50, unit: "ms" });
      emit({ ...base, query, metric: "wasm_over_native_ratio", value: wasmP50.get(query)! / result.p50,
        unit: "ratio" });
    }
  }
  await namidb.close();
}

function emitSizes(engine: string, sizes: { wasm: Sizes; js: Sizes }): void {
  for (const [part, s] of Object.entries(sizes)) {
    for (const [kind, bytes] of Object.entries(s)) {
      emit({ engine, metric: `${part}_bytes_${kind}`, value: bytes, unit: "bytes" });
    }
  }
}

async function main(): Promise<void> {
  if (args.out) writeFileSync(args.out, "");
  const kuzu = await loadKuzu(BENCH_DIR);
  emit({ metric: "machine", value: `${process.platform} ${process.arch}, node ${process.version}`, unit: "text" });
  emit({ engine: "kuzu-wasm", metric: "version", value: kuzu.getVersion(), unit: "text" });
  emitSizes("namidb-wasm", namidbSizes(ROOT));
  emitSizes("kuzu-wasm", kuzuSizes(BENCH_DIR));
  for (const name of args.datasets.split(",")) await bench(name.trim());
  if (failures) {
    log(`${failures} result mismatch(es): the run failed`);
    process.exitCode = 1;
  }
}

await main();
