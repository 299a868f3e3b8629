// The memory of a load of the peers benchmark's generated graph
// (bench/peers/generator.ts), as bench/peers/namidb_engine.ts loads it
// (upsertNodes / upsertEdges, a commit every 10,000 elements, a flush at the
// end), with the writer's memtable sampled around every commit. One JSON
// line: the memtable's bytes after the nodes and at the end, the largest
// seen before a commit, the flushes its budget called for, and the wasm
// memory before the final flush and after the load (it only grows: the
// load's peak). Needs the wasm build and the benchmark's TypeScript:
//   bash scripts/build.sh wasm js && npx tsc -p tsconfig.bench.json
//   node bench/load/memtable.mjs --persons 11000 [--memtable-bytes N]
// --persons as bench/peers (11,000: 100k nodes; 110,000: 1M);
// --memtable-bytes: open()'s memtableBytes (default: the runtime's; a huge
// value, e.g. 2**50, never flushes before the end, as before the budget);
// --dist DIR: the build to measure (default dist/; the generator is this
// checkout's). It also prints what staging the relationships read: the
// block cache's misses meanwhile (blocks read to look up ids in the data
// files of earlier flushes) and that phase's seconds.
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const root = resolve(new URL("../..", import.meta.url).pathname);
const personsArg = arg("--persons", "11000");
const memArg = arg("--memtable-bytes", undefined);
const load = (path) => import(pathToFileURL(`${root}/${path}`).href);
const dist = resolve(arg("--dist", `${root}/dist`));
const loadBuild = (path) => import(pathToFileURL(`${dist}/${path}`).href);
const { Engine } = await loadBuild("js/engine.js");
const { open } = await loadBuild("js/database.js");
const { MemoryStore } = await loadBuild("js/memory_store.js");
const { generateGraph } = await load("dist/bench/generator.js");
const { countElements } = await load("dist/bench/graph.js");
const COMMIT_EVERY = 10_000;
function properties(columns, cells) {
  const props = {};
  for (let i = 0; i < columns.length; i++) { const v = cells[i]; if (v !== null && v !== undefined) props[columns[i].name] = v; }
  return props;
}
const { graph } = generateGraph({ persons: Number(personsArg) });
const total = countElements(graph);
const engine = await Engine.load();
const store = new MemoryStore();
const opts = { engine };
if (memArg) opts.memtableBytes = Number(memArg);
const started = performance.now();
const writer = await open({ store, namespace: "bench" }, opts);
let peakMem = 0, flushes = 0;
let nodes = [], edges = [];
const commit = async () => {
  if (nodes.length) await writer.upsertNodes(nodes);
  if (edges.length) await writer.upsertEdges(edges);
  nodes = []; edges = [];
  const before = (await writer.stats()).memtable;
  peakMem = Math.max(peakMem, before.bytes);
  await writer.commit();
  const after = (await writer.stats()).memtable;
  if (after.bytes < before.bytes) flushes++;
};
for (const table of graph.nodes) {
  const labels = [table.label, ...table.extraLabels];
  for (const row of table.rows) {
    nodes.push({ labels, id: `${table.label}:${row[0]}`, properties: properties(table.columns, row) });
    if (nodes.length === COMMIT_EVERY) await commit();
  }
}
await commit();
const afterNodesStats = await writer.stats();
const afterNodes = afterNodesStats.memtable;
const relationshipsStarted = performance.now();
for (const rel of graph.rels) {
  for (let i = 0; i < rel.src.length; i++) {
    edges.push({ type: rel.type, src: `${rel.from}:${rel.src[i]}`, dst: `${rel.to}:${rel.dst[i]}`,
      properties: rel.columns.length ? properties(rel.columns, rel.props[i]) : {} });
    if (edges.length === COMMIT_EVERY) await commit();
  }
}
await commit();
const staged = performance.now();
const blockReads = (await writer.stats()).cache.misses - afterNodesStats.cache.misses;
const memoryBeforeFlushBytes = engine.memoryBytes;
const final = (await writer.stats()).memtable;
await writer.flush();
const stats = await writer.stats();
await writer.close();
const seconds = (performance.now() - started) / 1000;
console.log(JSON.stringify({
  persons: Number(personsArg), nodes: total.nodes, edges: total.edges, memtableBudget: final.maxBytes,
  memtable_after_nodes_bytes: afterNodes.bytes, memtable_after_nodes_entries: afterNodes.nodes,
  memtable_final_bytes: final.bytes, memtable_final_nodes: final.nodes, memtable_final_rels: final.relationships,
  memtable_peak_bytes_seen: peakMem, autoflushes: flushes,
  wasm_memory_before_flush_bytes: memoryBeforeFlushBytes, wasm_memory_after_load_bytes: engine.memoryBytes,
  writer_cache_bytes: stats.cache.bytes, live_nodes_bytes: stats.liveNodes.bytes,
  load_seconds: seconds, staged_seconds: (staged - started) / 1000,
  relationship_staging_seconds: (staged - relationshipsStarted) / 1000,
  relationship_staging_block_reads: blockReads,
}));
