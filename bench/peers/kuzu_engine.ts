/**
 * Kùzu as the benchmark drives it: kuzu-wasm's synchronous Node build (the
 * engine runs in this thread, as namidb-wasm does), an in-memory database
 * per dataset, one node table per primary label with `id` as primary key,
 * one relationship table per type with every (from, to) pair, loaded with
 * its bulk path (CSV files in its virtual file system, then COPY FROM).
 * A query is prepared and executed on every run, as namidb-wasm parses and
 * plans every query.
 */
import { createRequire } from "node:module";
import { join } from "node:path";
import { countElements, relGroups, type Cell, type Graph } from "./graph.js";
import type { LoadReport } from "./namidb_engine.js";

// The parts of kuzu-wasm's CommonJS API the benchmark uses.
interface KuzuResult {
  isSuccess(): boolean;
  getErrorMessage(): string;
  getColumnNames(): string[];
  getAllRows(): unknown[][];
  close(): void;
}
interface KuzuPrepared {
  isSuccess(): boolean;
  getErrorMessage(): string;
  close(): void;
}
interface KuzuConnection {
  query(statement: string): KuzuResult;
  prepare(statement: string): KuzuPrepared;
  execute(prepared: KuzuPrepared, params: Record<string, unknown>): KuzuResult;
  close(): void;
}
interface KuzuModule {
  init(): Promise<void>;
  getVersion(): string;
  getFS(): { writeFile(path: string, data: string): void; unlink(path: string): void };
  getWasmMemory(): { buffer: ArrayBuffer };
  Database: new (path: string) => { close(): void };
  Connection: new (db: unknown) => KuzuConnection;
}

let kuzu: KuzuModule | undefined;

/** kuzu-wasm, installed by `npm run bench -- peers` into bench/peers/node_modules. */
export async function loadKuzu(benchDir: string): Promise<KuzuModule> {
  if (!kuzu) {
    const require = createRequire(join(benchDir, "package.json"));
    kuzu = require("kuzu-wasm/nodejs/sync") as KuzuModule;
    await kuzu.init();
  }
  return kuzu;
}

// Strings are quoted (content may hold commas and quotes); lists as [a,b].
function csvCell(cell: Cell): string {
  if (cell === null) return "";
  if (typeof cell === "number") return String(cell);
  if (Array.isArray(cell)) return `"[${cell.join(",")}]"`;
  return `"${cell.replaceAll('"', '""')}"`;
}

const CSV_OPTIONS = "DELIM='|', HEADER=false, QUOTE='\"', ESCAPE='\"'";

export class KuzuEngine {
  readonly name = "kuzu-wasm";
  private readonly db: { close(): void };
  private readonly conn: KuzuConnection;

  constructor(private readonly module: KuzuModule) {
    this.db = new module.Database(":memory:");
    this.conn = new module.Connection(this.db);
  }

  get version(): string {
    return this.module.getVersion();
  }

  private exec(statement: string): void {
    const result = this.conn.query(statement);
    try {
      if (!result.isSuccess()) throw new Error(`kuzu: ${result.getErrorMessage()}\n${statement}`);
    } finally {
      result.close();
    }
  }

  /** Declares the schema, then bulk loads each table from a CSV file. */
  load(graph: Graph, progress: (done: number, total: number) => void): LoadReport {
    const total = countElements(graph);
    const elements = total.nodes + total.edges;
    const fs = this.module.getFS();
    const started = performance.now();
    for (const t of graph.nodes) {
      const columns = t.columns.map((c) => `${c.name} ${c.type}`).join(", ");
      this.exec(`CREATE NODE TABLE ${t.label}(${columns}, PRIMARY KEY(id))`);
    }
    for (const [type, tables] of relGroups(graph)) {
      const pairs = tables.map((r) => `FROM ${r.from} TO ${r.to}`);
      const columns = tables[0]!.columns.map((c) => `, ${c.name} ${c.type}`).join("");
      this.exec(`CREATE REL TABLE ${type}(${pairs.join(", ")}${columns})`);
    }
    let done = 0;
    const copy = (path: string, lines: string[], statement: string, count: number) => {
      fs.writeFile(path, lines.join("\n") + "\n");
      this.exec(statement);
      fs.unlink(path);
      done += count;
      progress(done, elements);
    };
    for (const t of graph.nodes) {
      const lines = t.rows.map((row) => row.map(csvCell).join("|"));
      copy(`/${t.label}.csv`, lines, `COPY ${t.label} FROM '/${t.label}.csv' (${CSV_OPTIONS})`, t.rows.length);
    }
    for (const r of graph.rels) {
      const lines = r.src.map((s, i) => [s, r.dst[i]!, ...r.props[i]!].map(csvCell).join("|"));
      const path = `/${r.type}_${r.from}_${r.to}.csv`;
      copy(path, lines, `COPY ${r.type} FROM '${path}' (${CSV_OPTIONS}, from='${r.from}', to='${r.to}')`, r.src.length);
    }
    return { seconds: (performance.now() - started) / 1000, elements };
  }

  run(cypher: string, params: Record<string, unknown>): { columns: string[]; rows: unknown[][] } {
    const prepared = this.conn.prepare(cypher);
    try {
      if (!prepared.isSuccess()) throw new Error(prepared.getErrorMessage());
      const result = this.conn.execute(prepared, params);
      try {
        if (!result.isSuccess()) throw new Error(result.getErrorMessage());
        return { columns: result.getColumnNames(), rows: result.getAllRows() };
      } finally {
        result.close();
      }
    } finally {
      prepared.close();
    }
  }

  get memoryBytes(): number {
    return this.module.getWasmMemory().buffer.byteLength;
  }

  close(): void {
    this.conn.close();
    this.db.close();
  }
}
