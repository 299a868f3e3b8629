// The page half of the browser benchmark (bench/browser/run.mjs drives it):
// cold start of the engine, loading the LDBC graph into a memory and an OPFS
// namespace, and timing the LDBC reads on each, warm and cold.
import { loadEngine, MemoryStore, open, OpfsStore, type Database, type EdgeInput, type NodeInput, type ObjectStore } from "../../../dist/js/index.js";

interface Dataset {
  nodes: NodeInput[];
  edges: EdgeInput[];
  indexes: string[];
  queries: Array<{ name: string; text: string; params: Record<string, unknown> }>;
}

const NAMESPACE = "ldbc";
const stores: Record<string, ObjectStore> = {};
const readers: Record<string, Database> = {};
let dataset: Dataset | undefined;

async function coldStart(): Promise<Record<string, number>> {
  const t0 = performance.now();
  const engine = await loadEngine();
  const t1 = performance.now();
  const db = await open("memory://cold", { engine });
  await db.query("RETURN 1 AS one");
  const t2 = performance.now();
  await db.close();
  // performance.now() counts from the navigation: page, script and module fetch included.
  return { engine_load_ms: t1 - t0, first_query_ms: t2 - t1, since_navigation_ms: t2 };
}

async function load(kind: "memory" | "opfs"): Promise<{ seconds: number; elements: number }> {
  dataset ??= (await (await fetch("./ldbc.json")).json()) as Dataset;
  if (kind === "opfs") {
    const root = await navigator.storage.getDirectory();
    await root.removeEntry("bench", { recursive: true }).catch(() => undefined);
  }
  const store = kind === "memory" ? new MemoryStore() : new OpfsStore({ directory: "bench" });
  stores[kind] = store;
  const started = performance.now();
  const writer = await open({ store, namespace: NAMESPACE });
  for (let i = 0; i < dataset.nodes.length; i += 10_000) {
    await writer.upsertNodes(dataset.nodes.slice(i, i + 10_000));
    await writer.commit();
  }
  for (let i = 0; i < dataset.edges.length; i += 10_000) {
    await writer.upsertEdges(dataset.edges.slice(i, i + 10_000));
    await writer.commit();
  }
  await writer.flush();
  for (const statement of dataset.indexes) await writer.write(statement);
  await writer.compact();
  await writer.close();
  return { seconds: (performance.now() - started) / 1000, elements: dataset.nodes.length + dataset.edges.length };
}

/** Times `runs` runs of a query: "warm" on one reader after `warmup` runs, "cold" on a new reader each run. */
async function time(kind: string, name: string, mode: "warm" | "cold", runs: number, warmup: number): Promise<{ ms: number[]; rows: string }> {
  const q = dataset!.queries.find((x) => x.name === name)!;
  const ms: number[] = [];
  let rows = "";
  const reader = async () => open({ store: stores[kind]!, namespace: NAMESPACE }, { mode: "read" });
  if (mode === "warm") {
    readers[kind] ??= await reader();
    for (let i = 0; i < warmup; i++) await readers[kind]!.query(q.text, q.params);
  }
  for (let i = 0; i < runs; i++) {
    const db = mode === "warm" ? readers[kind]! : await reader();
    const t = performance.now();
    const r = await db.query(q.text, q.params);
    ms.push(performance.now() - t);
    rows = JSON.stringify(r.rows, (_k, v) => (typeof v === "bigint" ? `${v}n` : v));
    if (mode === "cold") await db.close();
  }
  return { ms, rows };
}

Object.assign(globalThis, { bench: { coldStart, load, time } });
document.body.dataset["ready"] = "true";
