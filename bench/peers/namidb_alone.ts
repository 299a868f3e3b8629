/**
 * namidb-wasm alone on one dataset's peers queries, for comparing two builds
 * of it (the peers run needs Kùzu and takes an hour at scale): loads the
 * dataset as the peers benchmark does, then times each query, printing one
 * JSON line per query with its p50, p10 and fastest run.
 *
 *   node --no-liftoff dist/bench/namidb_alone.js --dataset wiki-vote --queries two_hop
 *   node --no-liftoff ../other/dist/bench/namidb_alone.js --dataset wiki-vote --queries two_hop
 *
 * `--no-liftoff` compiles the wasm with V8's optimizing tier from the start:
 * with tiering, whether a function was optimized by the time a query's runs
 * begin varies from process to process, and so do its times (by up to 2x).
 */
import { parseArgs } from "node:util";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { loadLdbcGraph } from "./ldbc_dataset.js";
import { NamidbEngine } from "./namidb_engine.js";
import { loadSnapGraph } from "./snap_dataset.js";
import { ldbcWorkload, snapWorkload } from "./workloads.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const DATA_DIR = process.env.NAMIDB_SHARED_DATA ?? resolve(ROOT, "..", "shared", "data");

const { values: args } = parseArgs({
  options: {
    dataset: { type: "string", default: "wiki-vote" },
    queries: { type: "string", default: "" },
    runs: { type: "string", default: "80" },
    warmup: { type: "string", default: "5" },
  },
});

if (args.dataset !== "ldbc" && args.dataset !== "wiki-vote") {
  throw new Error(`unknown dataset '${args.dataset}' (ldbc, wiki-vote)`);
}
const graph = args.dataset === "ldbc" ? loadLdbcGraph(DATA_DIR) : loadSnapGraph(DATA_DIR, "snap-wiki-Vote");
const wanted = new Set(args.queries!.split(",").filter(Boolean));
const queries = (args.dataset === "ldbc" ? ldbcWorkload(DATA_DIR) : snapWorkload(graph))
  .filter((q) => wanted.size === 0 || wanted.has(q.name));
const engine = await NamidbEngine.create();
await engine.load(graph, () => {});
await engine.openReader(1 << 30);
for (const q of queries) {
  for (let i = 0; i < Number(args.warmup); i++) await engine.run(q.namidb, q.params);
  const times: number[] = [];
  for (let i = 0; i < Number(args.runs); i++) {
    const started = performance.now();
    await engine.run(q.namidb, q.params);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const at = (f: number) => Number(times[Math.floor(f * (times.length - 1))]!.toFixed(3));
  console.log(JSON.stringify({ suite: "namidb-alone", dataset: args.dataset, query: q.name,
    runs: times.length, p50_ms: at(0.5), p10_ms: at(0.1), min_ms: at(0) }));
}
await engine.close();
