// `npm run bench -- load`: bulk loads through the TypeScript API in the
// wasm build, in-memory store, default settings. One JSON object per line:
//   nodes   --nodes Person nodes (two properties each) staged with
//           upsertNodes and committed every --batch elements, then one
//           flush: elements/s staged and committed, and with the flush
//   edges   a new writer session on that namespace (so every endpoint is in
//           data files, read through the default block cache) stages
//           --edges KNOWS relationships between random people (one property
//           each) with upsertEdges, committing every --batch elements:
//           seconds and elements/s, then the flush; then the time of
//           MATCH ()-[r:KNOWS]->() RETURN count(r) after it (count_seconds),
//           and, where the build has db.stats(), the block cache's figures
//           and the session's set of live nodes at the end (cache_*, live_nodes)
//   memory  the instance's wasm memory at the end (it only grows), and the
//           bytes of data files (sst/) the store was given over the whole
//           load (flushes and compactions) and the most it held at once
//           (sst_written_bytes, of which compactions wrote
//           sst_compaction_bytes, and sst_peak_bytes: figures that do not
//           depend on the machine's load)
// Arguments: --nodes N (default 1,000,000), --edges N (default 2,000,000),
// --batch N (default 10,000), --cache-bytes N (open()'s cacheBytes; default:
// none, so the runtime's default), --max-cache-bytes N (open()'s
// maxCacheBytes, the ceiling the cache may grow to; default: the runtime's),
// --memtable-bytes N (open()'s memtableBytes, past which a commit flushes;
// default: the runtime's),
// --dist DIR (the build to measure, default dist/; another build's dist/
// measures it with this same program).
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const nodes = Number(arg("--nodes", 1_000_000));
const edges = Number(arg("--edges", 2_000_000));
const batch = Number(arg("--batch", 10_000));
const cacheBytes = args.includes("--cache-bytes") ? Number(arg("--cache-bytes")) : undefined;
const maxCacheBytes = args.includes("--max-cache-bytes") ? Number(arg("--max-cache-bytes")) : undefined;
const memtableBytes = args.includes("--memtable-bytes") ? Number(arg("--memtable-bytes")) : undefined;
const options = {
  ...(cacheBytes === undefined ? {} : { cacheBytes }),
  ...(maxCacheBytes === undefined ? {} : { maxCacheBytes }),
  ...(memtableBytes === undefined ? {} : { memtableBytes }),
};
const dist = resolve(arg("--dist", new URL("../../dist", import.meta.url).pathname));
const { open } = await import(pathToFileURL(`${dist}/js/database.js`).href);
const { Engine } = await import(pathToFileURL(`${dist}/js/engine.js`).href);
const { MemoryStore } = await import(pathToFileURL(`${dist}/js/memory_store.js`).href);

const print = (o) => console.log(JSON.stringify({ bench: "load", nodes, edges, batch, cache_bytes: cacheBytes ?? "default",
  max_cache_bytes: maxCacheBytes ?? "default", memtable_bytes: memtableBytes ?? "default", ...o }));
const round = (x, digits = 3) => Math.round(x * 10 ** digits) / 10 ** digits;

// A deterministic generator (xorshift32) so that runs load the same graph.
let state = 2463534242;
const random = (n) => {
  state ^= state << 13;
  state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5;
  state >>>= 0;
  return state % n;
};

const engine = await Engine.load();
const store = new MemoryStore();
// Counts the data files put and deleted, whatever build runs. A data file
// is a compaction's when its key's max LSN (sst/<kind>-<epoch>-<lsn>-...) is
// one that data files had before some other object was put since (the
// checkpoint and manifest that published them): a merged run takes the
// newest LSN of the runs it merges, a flush's run a new one.
const sst = { written: 0, compacted: 0, held: 0, peak: 0, sizes: new Map(), lsns: new Map() };
{
  const put = store.put.bind(store);
  const del = store.delete.bind(store);
  store.put = async (key, data, opts) => {
    const token = await put(key, data, opts);
    if (key.includes("/sst/")) {
      const lsn = key.split("/sst/")[1].split("-")[2];
      if (sst.lsns.get(lsn) === "published") sst.compacted += data.byteLength;
      else sst.lsns.set(lsn, "writing");
      sst.written += data.byteLength;
      sst.held += data.byteLength;
      sst.sizes.set(key, data.byteLength);
      sst.peak = Math.max(sst.peak, sst.held);
    } else {
      for (const lsn of sst.lsns.keys()) sst.lsns.set(lsn, "published");
    }
    return token;
  };
  store.delete = async (key) => {
    await del(key);
    sst.held -= sst.sizes.get(key) ?? 0;
    sst.sizes.delete(key);
  };
}
const target = { store, namespace: "load" };

{
  const db = await open(target, { engine, ...options });
  const started = performance.now();
  for (let from = 0; from < nodes; from += batch) {
    const part = [];
    for (let i = from; i < Math.min(nodes, from + batch); i++) {
      part.push({ labels: ["Person"], id: `p:${i}`, properties: { id: i, name: `person ${i}` } });
    }
    await db.upsertNodes(part);
    await db.commit();
  }
  const staged = (performance.now() - started) / 1000;
  await db.flush();
  const seconds = (performance.now() - started) / 1000;
  await db.close();
  print({ phase: "nodes", staged_seconds: round(staged), ingest_elements_per_s: Math.round(nodes / staged),
    seconds: round(seconds), load_elements_per_s: Math.round(nodes / seconds) });
}

{
  // A fresh session: nothing of the nodes is in its memtable or cache.
  const db = await open(target, { engine, ...options });
  const started = performance.now();
  for (let from = 0; from < edges; from += batch) {
    const part = [];
    for (let i = from; i < Math.min(edges, from + batch); i++) {
      part.push({ type: "KNOWS", src: `p:${random(nodes)}`, dst: `p:${random(nodes)}`, properties: { since: 2000 + (i % 25) } });
    }
    await db.upsertEdges(part);
    await db.commit();
  }
  const staged = (performance.now() - started) / 1000;
  await db.flush();
  const seconds = (performance.now() - started) / 1000;
  const counted = performance.now();
  const count = (await db.query("MATCH ()-[r:KNOWS]->() RETURN count(r)")).rows[0][0];
  const countSeconds = (performance.now() - counted) / 1000;
  const stats = typeof db.stats === "function" ? await db.stats() : undefined;
  await db.close();
  const cache = stats ? {
    cache_start_bytes: stats.cache.startBytes, cache_capacity_bytes: stats.cache.capacityBytes,
    cache_max_bytes: stats.cache.maxBytes, cache_grows: stats.cache.grows, cache_hits: stats.cache.hits,
    cache_misses: stats.cache.misses, cache_ghost_hits: stats.cache.ghostHits, live_nodes: stats.liveNodes?.count,
  } : {};
  print({ phase: "edges", staged_seconds: round(staged), ingest_elements_per_s: Math.round(edges / staged),
    seconds: round(seconds), load_elements_per_s: Math.round(edges / seconds), relationships: Number(count),
    count_seconds: round(countSeconds), ...cache });
}

print({ phase: "memory", wasm_memory_bytes: engine.memoryBytes, sst_written_bytes: sst.written,
  sst_compaction_bytes: sst.compacted, sst_peak_bytes: sst.peak });
