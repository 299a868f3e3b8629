/**
 * namidb-wasm as the benchmark drives it: the package's own API, a fresh
 * engine (wasm instance) per dataset, the graph loaded through the staging
 * API into an in-memory store (commit every 10,000 elements, the flushes the
 * memtable's default budget calls for and one at the end), an
 * index on `id` of every label, and queries on a read-only snapshot.
 */
import { Engine } from "../../dist/js/engine.js";
import { open, type Database, type EdgeInput, type NodeInput } from "../../dist/js/database.js";
import { MemoryStore } from "../../dist/js/memory_store.js";
import type { ObjectStore } from "../../dist/js/store.js";
import { countElements, type Cell, type Graph } from "./graph.js";

const COMMIT_EVERY = 10_000;
const NAMESPACE = "bench";

export interface LoadReport {
  /** Everything: staging, commits, flush (and for Kùzu, its COPY). */
  seconds: number;
  elements: number;
  /** namidb-wasm: staging and commits only, before the flush to data files. */
  stagedSeconds?: number;
  /**
   * namidb-wasm: the writer's own figures at the end of the load (wasm
   * memory before the flush, and its block cache) to tell apart what the
   * memtable, the flush and the cache take.
   */
  memoryBeforeFlushBytes?: number;
  writerCacheBytes?: number;
}

// The present (non-null) cells of a row, by column name.
function properties(columns: { name: string }[], cells: Cell[]): Record<string, unknown> {
  const props: Record<string, unknown> = {};
  for (let i = 0; i < columns.length; i++) {
    const v = cells[i];
    if (v !== null && v !== undefined) props[columns[i]!.name] = v;
  }
  return props;
}

export class NamidbEngine {
  readonly name = "namidb-wasm";
  readonly store: MemoryStore = new MemoryStore();
  readonly namespace = NAMESPACE;
  private db: Database | undefined;

  private constructor(private readonly engine: Engine) {}

  static async create(): Promise<NamidbEngine> {
    return new NamidbEngine(await Engine.load());
  }

  /** Loads `graph`; `progress` is told the elements done so far. */
  async load(graph: Graph, progress: (done: number, total: number) => void): Promise<LoadReport> {
    const total = countElements(graph);
    const elements = total.nodes + total.edges;
    const started = performance.now();
    const writer = await open({ store: this.store, namespace: NAMESPACE }, { engine: this.engine });
    let done = 0;
    // The bulk staging calls, a commit per COMMIT_EVERY elements.
    let nodes: NodeInput[] = [];
    let edges: EdgeInput[] = [];
    const commit = async () => {
      if (nodes.length) await writer.upsertNodes(nodes);
      if (edges.length) await writer.upsertEdges(edges);
      done += nodes.length + edges.length;
      nodes = [];
      edges = [];
      await writer.commit();
      progress(done, elements);
    };
    for (const table of graph.nodes) {
      const labels = [table.label, ...table.extraLabels];
      for (const row of table.rows) {
        nodes.push({ labels, id: `${table.label}:${row[0]}`, properties: properties(table.columns, row) });
        if (nodes.length === COMMIT_EVERY) await commit();
      }
    }
    await commit();
    for (const rel of graph.rels) {
      for (let i = 0; i < rel.src.length; i++) {
        edges.push({ type: rel.type, src: `${rel.from}:${rel.src[i]}`, dst: `${rel.to}:${rel.dst[i]}`,
          properties: rel.columns.length ? properties(rel.columns, rel.props[i]!) : {} });
        if (edges.length === COMMIT_EVERY) await commit();
      }
    }
    await commit();
    const staged = performance.now();
    const memoryBeforeFlushBytes = this.engine.memoryBytes;
    await writer.flush();
    const labels = new Set(graph.nodes.flatMap((t) => [t.label, ...t.extraLabels]));
    for (const label of labels) await writer.write(`CREATE INDEX IF NOT EXISTS FOR (n:${label}) ON (n.id)`);
    const writerCacheBytes = (await writer.stats()).cache.bytes;
    await writer.close();
    const seconds = (performance.now() - started) / 1000;
    return { seconds, elements, stagedSeconds: (staged - started) / 1000, memoryBeforeFlushBytes, writerCacheBytes };
  }

  /** Opens the read-only snapshot the queries run on. */
  async openReader(cacheBytes: number): Promise<void> {
    this.db = await open({ store: this.store, namespace: NAMESPACE }, {
      engine: this.engine,
      mode: "read",
      cacheBytes,
    });
  }

  async run(cypher: string, params: Record<string, unknown>): Promise<{ columns: string[]; rows: unknown[][] }> {
    if (!this.db) throw new Error("openReader() first");
    const result = await this.db.query(cypher, params);
    return { columns: result.columns, rows: result.rows };
  }

  get memoryBytes(): number {
    return this.engine.memoryBytes;
  }

  async close(): Promise<void> {
    await this.db?.close();
    this.db = undefined;
  }

  /** Copies the namespace to `target` (the native build reads it from a file store). */
  async copyTo(target: ObjectStore): Promise<void> {
    let startAfter: string | undefined;
    do {
      const page = await this.store.list(`${NAMESPACE}/`, startAfter ? { startAfter } : {});
      for (const meta of page.objects) {
        const object = await this.store.get(meta.key);
        await target.put(meta.key, object.data);
      }
      startAfter = page.nextStartAfter;
    } while (startAfter);
  }
}
