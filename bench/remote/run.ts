/**
 * `npm run bench -- remote`: what reading a namespace from a bucket costs.
 * The namespace (LDBC test graph, generated graph) is built in memory, copied
 * to the project's strict S3 endpoint on loopback, which then delays every
 * reply by the injected latency (one round trip); a reader through a signed
 * FetchStore measures requests, round trips, bytes and wall time for open, a
 * cold point lookup, a cold 1-hop and LDBC IS1 / IS3 / IC2 / IC9, each on a
 * freshly opened database: cold (nothing cached), then again with the
 * persistent block cache the cold run filled; and downloading the whole
 * namespace. One JSON object per line on stdout
 * ({"suite":"remote","dataset","cache","metric","value","unit"}), progress
 * and the request trace of each query on stderr.
 *
 *   --datasets ldbc,generated   which graphs (default both; ldbc needs ../shared/data)
 *   --persons N                 generator scale (default 11000: 100k nodes; 110000: 1M)
 *   --latency-ms N              injected round-trip latency (default 50)
 *   --max-in-flight N           the FetchStore's bound on requests at once (default 16, its default)
 *   --out FILE                  also write the lines to FILE
 */
import { appendFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { copyNamespace } from "../../dist/js/copy.js";
import { open, type Database } from "../../dist/js/database.js";
import { Engine } from "../../dist/js/engine.js";
import { FetchStore } from "../../dist/js/fetch/fetch_store.js";
import { DirectoryBlockCache } from "../../dist/js/node/directory_cache.js";
import { Presigner } from "../../dist/js/presign/presigner.js";
import type { GetRequest, ObjectStore, ReadOptions } from "../../dist/js/store.js";
import { ObjectEndpoint } from "../../dist/test-support/object_endpoint.js";
import { generateGraph, type GeneratedParams } from "../peers/generator.js";
import { countElements, type Graph } from "../peers/graph.js";
import { loadLdbcGraph } from "../peers/ldbc_dataset.js";
import { NamidbEngine } from "../peers/namidb_engine.js";
import { ldbcWorkload, type BenchQuery } from "../peers/workloads.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const DATA_DIR = process.env.NAMIDB_SHARED_DATA ?? resolve(ROOT, "..", "shared", "data");
const QUERIES = ["point_lookup", "one_hop", "IS1", "IS3", "IC2", "IC9"];
const NAMESPACE = "bench";

const { values: args } = parseArgs({
  options: {
    datasets: { type: "string", default: "ldbc,generated" },
    persons: { type: "string", default: "11000" },
    "latency-ms": { type: "string", default: "50" },
    "max-in-flight": { type: "string", default: "16" },
    out: { type: "string" },
  },
});
const latencyMs = Number(args["latency-ms"]);
const maxInFlight = Number(args["max-in-flight"]);

function emit(line: Record<string, unknown>): void {
  const text = JSON.stringify({ suite: "remote", ...line });
  console.log(text);
  if (args.out) appendFileSync(args.out, text + "\n");
}

function log(message: string): void {
  process.stderr.write(`[remote] ${message}\n`);
}

interface Cost {
  requests: number;
  roundTrips: number;
  bytes: number;
  ms: number;
}

function costSince(store: FetchStore, before: FetchStore["stats"], started: number): Cost {
  const now = store.stats;
  return {
    requests: now.requests - before.requests,
    roundTrips: now.roundTrips - before.roundTrips,
    bytes: now.bytesReceived - before.bytesReceived,
    ms: performance.now() - started,
  };
}

// "sst/out_by_type-…" -> "out_by_type", "wal/…" -> "wal", "manifest.json" -> "manifest".
function kindOf(key: string): string {
  const m = /(sst\/([a-z_]+)-|wal\/|manifest)/.exec(key);
  return m ? (m[2] ?? (m[1] === "wal/" ? "wal" : "manifest")) : key;
}

/**
 * The FetchStore as the engine sees it, recording each batched read the
 * engine makes (one bridge call, the engine's unit of round trips) and what
 * it asked for.
 */
class BatchRecorder implements ObjectStore {
  readonly kind = "fetch";
  batches: string[][] = [];
  constructor(readonly inner: FetchStore) {}
  getMany(requests: readonly GetRequest[], options?: ReadOptions) {
    this.batches.push(requests.map((r) => kindOf(r.key)));
    return this.inner.getMany(requests, options);
  }
  get(key: string, range?: GetRequest["range"], options?: ReadOptions) {
    this.batches.push([kindOf(key)]);
    return this.inner.get(key, range, options);
  }
  head(key: string, options?: ReadOptions) {
    this.batches.push([`head ${kindOf(key)}`]);
    return this.inner.head(key, options);
  }
  put(...args: Parameters<ObjectStore["put"]>) {
    return this.inner.put(...args);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
  list(...args: Parameters<ObjectStore["list"]>) {
    this.batches.push(["list"]);
    return this.inner.list(...args);
  }
}

class RemoteBench {
  private readonly endpoint = new ObjectEndpoint({ dialect: "s3" });
  private presigner!: Presigner;
  private bucket = "";

  start(): Promise<string> {
    return this.endpoint.start();
  }

  // A bucket per dataset, and a signer for it.
  private useBucket(bucket: string): void {
    this.bucket = bucket;
    this.presigner = new Presigner({
      dialect: "s3",
      bucketUrl: `${this.endpoint.url}/${bucket}/`,
      credentials: { accessKeyId: this.endpoint.accessKeyId, secretAccessKey: this.endpoint.secretAccessKey },
      region: this.endpoint.region,
      prefixes: ["*"],
      access: "write",
      expiresSeconds: 3600,
    });
  }

  stop(): Promise<void> {
    return this.endpoint.stop();
  }

  store(cacheDir?: string): FetchStore {
    return new FetchStore({
      presignBatch: (r) => this.presigner.presignBatch(r),
      maxInFlight,
      cache: cacheDir ? { persistent: new DirectoryBlockCache(cacheDir), scope: this.bucket } : {},
    });
  }

  async run(name: string, graph: Graph, queries: BenchQuery[]): Promise<void> {
    const { nodes, edges } = countElements(graph);
    log(`${name}: ${nodes.toLocaleString("en")} nodes, ${edges.toLocaleString("en")} edges; loading`);
    const base = { dataset: name };
    emit({ ...base, metric: "nodes", value: nodes, unit: "count" });
    emit({ ...base, metric: "edges", value: edges, unit: "count" });
    emit({ ...base, metric: "latency_ms", value: latencyMs, unit: "ms" });
    emit({ ...base, metric: "max_in_flight", value: maxInFlight, unit: "count" });
    this.useBucket(`remote-${name}`);
    const built = await NamidbEngine.create();
    await built.load(graph, () => undefined);

    // Upload at full speed, then every reply waits one round trip.
    this.endpoint.latencyMs = 0;
    // Tables are up to 16 MiB each and the endpoint shares this process: no hurry.
    const upload = new FetchStore({ presignBatch: (r) => this.presigner.presignBatch(r), timeoutMs: 600_000 });
    await copyNamespace(built.store, upload, NAMESPACE, { concurrency: 4 });
    let namespaceBytes = 0;
    for (const [key, data] of this.endpoint.objects(this.bucket)) if (key.startsWith(`${NAMESPACE}/`)) namespaceBytes += data.length;
    emit({ ...base, metric: "namespace_bytes", value: namespaceBytes, unit: "bytes" });
    emit({ ...base, metric: "namespace_objects", value: this.endpoint.objects(this.bucket).size, unit: "count" });
    this.endpoint.latencyMs = latencyMs;

    // The answers to check every remote run against, from the in-memory namespace.
    await built.openReader(24 << 20);
    const expected = new Map<string, string>();
    for (const q of queries) expected.set(q.name, JSON.stringify((await built.run(q.namidb, q.params)).rows));
    await built.close();

    const engine = await Engine.load();
    const cacheDir = mkdtempSync(join(tmpdir(), "namidb-remote-cache-"));
    try {
      for (const cache of ["cold", "persistent"] as const) {
        // Each measurement has a persistent cache of its own: empty in the cold
        // pass (the first page load), which fills it; read in the second.
        const open_ = await this.measureOpen(engine, join(cacheDir, "open"));
        this.emitCost(base, cache, "open", open_.cost, namespaceBytes);
        await open_.db.close();
        for (const q of queries) {
          const store = this.store(join(cacheDir, q.name));
          const recorder = new BatchRecorder(store);
          const db = await open({ store: recorder, namespace: NAMESPACE }, { engine, mode: "read" });
          recorder.batches = [];
          const logStart = this.endpoint.log.length;
          const before = store.stats;
          const started = performance.now();
          const result = await db.query(q.namidb, q.params);
          const cost = costSince(store, before, started);
          await db.close();
          if (JSON.stringify(result.rows) !== expected.get(q.name)) throw new Error(`${name} ${q.name}: the remote answer differs`);
          this.emitCost(base, cache, q.name, cost, namespaceBytes);
          emit({ ...base, cache, metric: `${q.name}_engine_batches`, value: recorder.batches.length, unit: "count" });
          const trace = this.endpoint.log.slice(logStart).map((r) => `${r.op} ${kindOf(r.key)}`);
          const batches = recorder.batches.map((b) => `[${summarize(b)}]`).join(" ");
          log(`${name} ${cache} ${q.name}: ${cost.roundTrips} round trips, ${cost.requests} requests, ` +
            `${cost.bytes.toLocaleString("en")} bytes, ${cost.ms.toFixed(0)} ms; engine batches ${batches}; HTTP [${summarize(trace)}]`);
        }
      }
      // The alternative: fetching every object of the namespace (listed, then all at once).
      const store = this.store();
      const before = store.stats;
      const started = performance.now();
      let page = await store.list(`${NAMESPACE}/`);
      const keys = page.objects.map((o) => o.key);
      while (page.nextStartAfter) {
        page = await store.list(`${NAMESPACE}/`, { startAfter: page.nextStartAfter });
        keys.push(...page.objects.map((o) => o.key));
      }
      await store.getMany(keys.map((key) => ({ key })));
      const full = costSince(store, before, started);
      emit({ ...base, cache: "cold", metric: "full_download_ms", value: full.ms, unit: "ms" });
      emit({ ...base, cache: "cold", metric: "full_download_requests", value: full.requests, unit: "count" });
      emit({ ...base, cache: "cold", metric: "full_download_round_trips", value: full.roundTrips, unit: "count" });
      emit({ ...base, cache: "cold", metric: "full_download_bytes", value: full.bytes, unit: "bytes" });
      log(`${name}: full download ${full.ms.toFixed(0)} ms, ${full.requests} requests, ${full.bytes.toLocaleString("en")} bytes`);
    } finally {
      rmSync(cacheDir, { recursive: true, force: true });
    }
  }

  private async measureOpen(engine: Engine, cacheDir: string): Promise<{ db: Database; cost: Cost }> {
    const store = this.store(cacheDir);
    const before = store.stats;
    const started = performance.now();
    const db = await open({ store, namespace: NAMESPACE }, { engine, mode: "read" });
    return { db, cost: costSince(store, before, started) };
  }

  private emitCost(base: Record<string, unknown>, cache: string, what: string, cost: Cost, namespaceBytes: number): void {
    const line = { ...base, cache };
    emit({ ...line, metric: `${what}_round_trips`, value: cost.roundTrips, unit: "count" });
    emit({ ...line, metric: `${what}_requests`, value: cost.requests, unit: "count" });
    emit({ ...line, metric: `${what}_bytes`, value: cost.bytes, unit: "bytes" });
    emit({ ...line, metric: `${what}_bytes_fraction`, value: cost.bytes / namespaceBytes, unit: "ratio" });
    emit({ ...line, metric: `${what}_ms`, value: cost.ms, unit: "ms" });
  }
}

// "get nodes, get nodes, get out" -> "2× get nodes, get out", in order of first appearance.
function summarize(trace: string[]): string {
  const counts = new Map<string, number>();
  for (const t of trace) counts.set(t, (counts.get(t) ?? 0) + 1);
  return [...counts].map(([t, n]) => (n > 1 ? `${n}× ${t}` : t)).join(", ");
}

function workload(generated?: GeneratedParams): BenchQuery[] {
  return ldbcWorkload(DATA_DIR, generated).filter((q) => QUERIES.includes(q.name));
}

async function main(): Promise<void> {
  if (args.out) writeFileSync(args.out, "");
  emit({ metric: "machine", value: `${process.platform} ${process.arch}, node ${process.version}`, unit: "text" });
  const bench = new RemoteBench();
  await bench.start();
  try {
    const haveData = existsSync(join(DATA_DIR, "ldbc-queries"));
    for (const name of args.datasets.split(",").map((s) => s.trim())) {
      if (!haveData) {
        log(`skipping ${name}: the LDBC data and queries are not at ${DATA_DIR} (set NAMIDB_SHARED_DATA)`);
        emit({ dataset: name, metric: "skipped", value: `no data at ${DATA_DIR}`, unit: "text" });
        continue;
      }
      if (name === "ldbc") {
        await bench.run("ldbc", loadLdbcGraph(DATA_DIR), workload());
      } else if (name === "generated") {
        const started = performance.now();
        const { graph, params } = generateGraph({ persons: Number(args.persons) });
        log(`generated-${args.persons}: built in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        await bench.run(`generated-${args.persons}`, graph, workload(params));
      } else {
        throw new Error(`unknown dataset '${name}' (ldbc, generated)`);
      }
    }
  } finally {
    await bench.stop();
  }
}

await main();
