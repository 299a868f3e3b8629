/**
 * The Worker's memory serving a namespace far larger than an isolate's
 * 128 MB: examples/edge/cloudflare, bundled from the packed package as
 * Wrangler bundles it, with its wrangler.toml settings (bounded caches), in
 * Miniflare's workerd over Miniflare's R2 simulator holding the generated
 * LDBC-shaped graph (bench/peers/generator.ts). Point and neighbourhood
 * queries for a series of people, one request each.
 *
 * Miniflare does not enforce the 128 MB, so the benchmark measures: the wasm
 * linear memory exactly (it only grows, so its last size is its peak; read
 * through a wrapper of WebAssembly.instantiate, apps/measure.mjs), and V8's
 * heap and array buffers by polling the isolate's inspector every few
 * milliseconds (a sampled peak). Their sum bounds what the isolate held.
 *
 * The namespace is built once (in memory, then copied into R2) and kept in
 * Miniflare's persistence folder for later runs.
 */
import { copyFile, cp, readFile, readdir, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { join } from "node:path";
import { Miniflare } from "miniflare";
import { parse } from "smol-toml";
import { copyNamespace } from "../../dist/js/copy.js";
import { R2Store } from "../../dist/js/r2/r2_store.js";
import type { R2BucketLike } from "../../dist/js/r2/r2_bucket.js";
import { generateGraph } from "../peers/generator.js";
import { countElements } from "../peers/graph.js";
import { NamidbEngine } from "../peers/namidb_engine.js";
import type { Emit } from "./cold_start.js";
import { HeapSampler, Inspector } from "./inspector.js";
import { REPO, type PackedPackage } from "./packed_package.js";
import { bundleWorker, startWorker } from "./worker_bundle.js";

export interface MemoryOptions {
  persons: number;
  /** Where Miniflare keeps the bucket between runs. */
  dataDir: string;
  /** People asked about (each gets every query). */
  people: number;
}

const NAMESPACE = "bench";
const BINDING = "GRAPHS";

const QUERIES: Array<[string, string]> = [
  ["point", "MATCH (p:Person {id: $id}) RETURN p.firstName AS first, p.lastName AS last, p.birthday AS born"],
  ["one_hop", "MATCH (p:Person {id: $id})-[:KNOWS]-(f:Person) RETURN f.id AS id, f.firstName AS name"],
  ["two_hop", "MATCH (p:Person {id: $id})-[:KNOWS]-(:Person)-[:KNOWS]-(f:Person) WHERE f <> p RETURN count(DISTINCT f) AS n"],
  ["messages", "MATCH (p:Person {id: $id})<-[:HAS_CREATOR]-(m:Message) RETURN m.id AS id, m.creationDate AS date ORDER BY date DESC LIMIT 10"],
];

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** The namespace in the persisted bucket, built if it is not there; its size. */
async function ensureNamespace(persistDir: string, persons: number, emit: Emit, log: (m: string) => void) {
  const mf = new Miniflare({
    modules: true,
    script: "export default { fetch() { return new Response(null, { status: 404 }); } }",
    r2Buckets: [BINDING],
    r2Persist: persistDir,
    host: "127.0.0.1",
    port: 0,
  });
  try {
    const bucket = (await mf.getR2Bucket(BINDING)) as R2BucketLike;
    if (!(await bucket.head(`${NAMESPACE}/manifest.json`))) {
      log(`building generated-${persons} (once; kept in ${persistDir})`);
      const started = performance.now();
      const { graph } = generateGraph({ persons });
      const { nodes, edges } = countElements(graph);
      const built = await NamidbEngine.create();
      await built.load(graph, (done, total) => {
        if (done % 500_000 < 10_000) log(`loaded ${done.toLocaleString("en")} of ${total.toLocaleString("en")} elements`);
      });
      const loaded = performance.now();
      log(`built in ${((loaded - started) / 1000).toFixed(0)} s (${nodes.toLocaleString("en")} nodes, ${edges.toLocaleString("en")} edges); copying into R2`);
      await copyNamespace(built.store, new R2Store(bucket, { cache: false }), NAMESPACE, { concurrency: 2 });
      await built.close();
      emit({ dataset: `generated-${persons}`, metric: "build_s", value: (loaded - started) / 1000, unit: "s" });
      emit({ dataset: `generated-${persons}`, metric: "copy_to_r2_s", value: (performance.now() - loaded) / 1000, unit: "s" });
    }
    let bytes = 0;
    let objects = 0;
    let cursor: string | undefined;
    do {
      const page = await bucket.list({ prefix: `${NAMESPACE}/`, ...(cursor ? { cursor } : {}) });
      for (const o of page.objects) {
        bytes += o.size;
        objects++;
      }
      cursor = page.truncated ? page.cursor : undefined;
    } while (cursor);
    return { bytes, objects };
  } finally {
    await mf.dispose();
  }
}

// Peak resident memory of the workerd processes this one started (the
// runtime, the R2 simulator and the Worker together): an upper bound.
async function workerdPeakRss(): Promise<number> {
  let peak = 0;
  for (const pid of await readdir("/proc")) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      const status = await readFile(`/proc/${pid}/status`, "utf8");
      if (!/^Name:\s*workerd/m.test(status)) continue;
      if (Number(/^PPid:\s*(\d+)/m.exec(status)?.[1]) !== process.pid) continue;
      peak = Math.max(peak, Number(/^VmHWM:\s*(\d+) kB/m.exec(status)?.[1] ?? 0) * 1024);
    } catch {
      // the process ended meanwhile
    }
  }
  return peak;
}

export async function workerMemory(pkg: PackedPackage, work: string, options: MemoryOptions, emit: Emit, log: (m: string) => void): Promise<void> {
  const dataset = `generated-${options.persons}`;
  const persistDir = join(options.dataDir, `r2-${dataset}`);
  const size = await ensureNamespace(persistDir, options.persons, emit, log);
  emit({ dataset, metric: "namespace_bytes", value: size.bytes, unit: "bytes" });
  emit({ dataset, metric: "namespace_objects", value: size.objects, unit: "count" });

  // The example as a user's project, plus the measuring wrapper.
  const example = join(REPO, "examples", "edge", "cloudflare");
  await rm(join(pkg.app, "cloudflare-example"), { recursive: true, force: true });
  await cp(join(example, "src"), join(pkg.app, "cloudflare-example", "src"), { recursive: true });
  for (const file of ["measure.mjs", "bench_worker.mjs"]) await copyFile(join(REPO, "bench", "edge", "apps", file), join(pkg.app, file));
  const config = parse(await readFile(join(example, "wrangler.toml"), "utf8")) as { vars: Record<string, string>; compatibility_date: string };
  const vars: Record<string, string> = { ...config.vars, NAMESPACE, PREFIX: "", REFRESH_SECONDS: "3600" };
  const bundle = await bundleWorker(join(pkg.app, "bench_worker.mjs"), join(work, "memory-worker"));
  const inspectorPort = await freePort();
  const mf = await startWorker(bundle, {
    compatibilityDate: config.compatibility_date,
    r2Buckets: [BINDING],
    r2Persist: persistDir,
    bindings: vars,
    inspectorPort,
  });
  const base = { dataset, cache_mb: Number(vars["CACHE_MB"]), r2_cache_mb: Number(vars["R2_CACHE_MB"]) };
  try {
    const inspector = await Inspector.connect(inspectorPort, "core:user:");
    const idle = await inspector.heapUsage();
    emit({ ...base, metric: "idle_js_heap_bytes", value: idle.usedSize, unit: "bytes" });
    const sampler = new HeapSampler(inspector);
    const times = new Map<string, number[]>(QUERIES.map(([name]) => [name, []]));
    const step = Math.floor(options.persons / options.people);
    for (let i = 0; i < options.people; i++) {
      const id = i * step + 7;
      for (const [name, query] of QUERIES) {
        const started = performance.now();
        const response = await mf.dispatchFetch("http://worker/query", { method: "POST", body: JSON.stringify({ query, params: { id } }) });
        const body = (await response.json()) as { rows?: unknown[][]; error?: unknown };
        const ms = performance.now() - started;
        if (response.status !== 200 || !body.rows) throw new Error(`${name} for ${id}: ${response.status} ${JSON.stringify(body)}`);
        if (name === "point" && body.rows.length !== 1) throw new Error(`no person ${id}`);
        if (i === 0 && name === "point") {
          emit({ ...base, metric: "first_query_ms", value: ms, unit: "ms", note: "opens the namespace and builds the id index" });
          const first = ((await (await mf.dispatchFetch("http://worker/__memory")).json()) as { wasmBytes: number }).wasmBytes;
          emit({ ...base, metric: "wasm_memory_after_first_query_bytes", value: first, unit: "bytes" });
        } else {
          times.get(name)!.push(ms);
        }
        log(`${name} ${id}: ${ms.toFixed(0)} ms, ${body.rows.length} rows`);
      }
    }
    await sampler.stop();
    const wasm = ((await (await mf.dispatchFetch("http://worker/__memory")).json()) as { wasmBytes: number }).wasmBytes;
    const after = await inspector.heapUsage();
    inspector.close();
    for (const [name, ms] of times) emit({ ...base, metric: `${name}_ms`, value: median(ms), unit: "ms", runs: ms.length });
    emit({ ...base, metric: "peak_wasm_memory_bytes", value: wasm, unit: "bytes" });
    emit({ ...base, metric: "peak_js_heap_bytes", value: sampler.peakUsed, unit: "bytes", samples: sampler.samples });
    emit({ ...base, metric: "peak_array_buffer_bytes", value: sampler.peakBuffers, unit: "bytes", samples: sampler.samples });
    emit({ ...base, metric: "peak_isolate_bytes", value: wasm + sampler.peakTotal, unit: "bytes", note: "wasm memory + sampled peak of JS heap and array buffers" });
    emit({ ...base, metric: "js_heap_at_end_bytes", value: after.usedSize, unit: "bytes" });
    emit({ ...base, metric: "workerd_process_peak_rss_bytes", value: await workerdPeakRss(), unit: "bytes", note: "runtime, R2 simulator and Worker together" });
  } finally {
    await mf.dispose();
  }
}
