/**
 * The worker side of worker mode: serves the databases a page opens with
 * `open(target, { worker })`. The package's own worker (worker_main.ts) runs
 * this with the default targets; a worker of your own calls it with a
 * `resolve` that opens your stores:
 *
 * ```ts
 * // my-worker.ts, started as new Worker(new URL("./my-worker.ts", import.meta.url), { type: "module" })
 * import { serveDatabases } from "namidb-wasm";
 * serveDatabases({ resolve: (uri) => ({ store: myStore, namespace: uri.slice(5) }) });
 * ```
 */
import { AbortError, CorsHeaderError, CypherError, NamiDBError, TimeoutError, toNamiDBError } from "../errors.js";
import { Database, open, PreparedStatement, type OpenTarget, type StagingMethod } from "../database.js";
import { MemoryStore } from "../memory_store.js";
import type { CsvProgress } from "../csv/csv_host.js";
import type { ObjectStore } from "../store.js";
import type { Reply, Request, WireError } from "./protocol.js";
import { fromWireOptions } from "./wire_options.js";
import { YieldingStore } from "./yielding_store.js";

export interface ServeOptions {
  /**
   * Turns a target URI from the page into what open() takes. Default: the
   * URIs open() knows (`opfs://`, `memory://`).
   */
  resolve?: (target: string) => OpenTarget | Promise<OpenTarget>;
}

// Structural, so that the public types need no DOM library (a worker's
// global scope and a MessagePort are both ports).
interface Port {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  addEventListener(type: "message", listener: (e: { data: Request }) => void): void;
}

function wireError(err: unknown): WireError {
  const e = toNamiDBError(err);
  const out: WireError = { code: e.code, message: e.message };
  if (e instanceof TimeoutError) out.cancelled = "timeout";
  if (e instanceof AbortError) out.cancelled = "abort";
  if (e instanceof CypherError) {
    out.cypher = { type: e.type, phase: e.phase, detail: e.detail };
    if (e.line !== undefined) out.cypher.line = e.line;
    if (e.column !== undefined) out.cypher.column = e.column;
  }
  if (e instanceof CorsHeaderError) out.cors = { header: e.header, setting: e.setting };
  return out;
}

/** Serves databases to the page that started this worker (or to `port`). */
export function serveDatabases(options: ServeOptions = {}, port: Port = self as unknown as Port): void {
  const databases = new Map<number, Database>();
  const subscriptions = new Map<string, () => void>();
  const running = new Map<number, AbortController>();
  let nextDb = 1;

  const reply = (message: Reply, transfer: ArrayBuffer[] = []) => port.postMessage(message, transfer);
  // Prepared statements by "db:statement".
  const statements = new Map<string, PreparedStatement>();
  let nextStatement = 1;
  const statementOf = (db: number, statement: number): PreparedStatement => {
    dbOf(db);
    const prepared = statements.get(`${db}:${statement}`);
    if (!prepared) throw new NamiDBError("InvalidArgument", "this prepared statement is closed; prepare the statement again");
    return prepared;
  };
  const dbOf = (id: number): Database => {
    const db = databases.get(id);
    if (!db) throw new NamiDBError("InvalidArgument", "this database is closed");
    return db;
  };

  async function target(uri: string): Promise<OpenTarget> {
    const memory = /^memory:\/\/(.*)$/.exec(uri);
    const resolved = options.resolve
      ? await options.resolve(uri)
      : memory
        ? { store: new MemoryStore(), namespace: memory[1]! }
        : uri;
    if (typeof resolved === "string") return resolved;
    // A worker's event loop must get a turn during a statement, or a cancel could not arrive.
    return { ...resolved, store: new YieldingStore(resolved.store as ObjectStore) };
  }

  async function handle(m: Request): Promise<void> {
    switch (m.t) {
      case "open": {
        const db = await open(await target(m.target), fromWireOptions(m.options));
        const id = nextDb++;
        databases.set(id, db);
        reply({ t: "reply", id: m.id, ok: true, value: { db: id, mode: db.mode } });
        return;
      }
      case "run": {
        const controller = new AbortController();
        running.set(m.id, controller);
        try {
          const options = {
            ...m.limits,
            signal: controller.signal,
            ...(m.progress ? { onProgress: (progress: CsvProgress) => reply({ t: "progress", id: m.id, progress }) } : {}),
          };
          const result =
            m.statement === undefined
              ? await dbOf(m.db).runEncoded(m.cypher, m.params, m.write, options)
              : await statementOf(m.db, m.statement).runEncoded(m.params, m.write, options);
          // The row chunks are transferred, not cloned.
          const buffers = result.chunks.map((c) => c.buffer as ArrayBuffer);
          reply({ t: "reply", id: m.id, ok: true, result, staged: dbOf(m.db).staged }, buffers);
        } finally {
          running.delete(m.id);
        }
        return;
      }
      case "prepare": {
        const statement = nextStatement++;
        statements.set(`${m.db}:${statement}`, await dbOf(m.db).prepare(m.cypher));
        reply({ t: "reply", id: m.id, ok: true, value: { statement } });
        return;
      }
      case "unprepare": {
        const key = `${m.db}:${m.statement}`;
        const statement = statements.get(key);
        statements.delete(key);
        await statement?.close();
        return;
      }
      case "stage": {
        const db = dbOf(m.db);
        const value = await db.stageEncoded(m.method as StagingMethod, m.args);
        reply({ t: "reply", id: m.id, ok: true, value, staged: db.staged });
        return;
      }
      case "call": {
        const db = dbOf(m.db);
        let value: unknown;
        if (m.method === "close") {
          for (const [key, stop] of subscriptions) if (key.startsWith(`${m.db}:`)) stop();
          for (const key of statements.keys()) if (key.startsWith(`${m.db}:`)) statements.delete(key);
          databases.delete(m.db);
          await db.close();
        } else if (m.method === "gc") {
          value = await db.gc(m.graceMs !== undefined ? { graceMs: m.graceMs } : {});
        } else {
          value = await db[m.method]();
        }
        reply({ t: "reply", id: m.id, ok: true, value, staged: m.method === "close" ? 0 : db.staged });
        return;
      }
      case "cancel":
        running.get(m.id)?.abort();
        return;
      case "csv": {
        // Handled before the next message (no await): a statement sent after it sees it.
        const db = databases.get(m.db);
        if (m.data === null) db?.unregisterCsv(m.name);
        else db?.registerCsv(m.name, m.data);
        return;
      }
      case "subscribe": {
        const stop = dbOf(m.db).subscribe(
          (change) => reply({ t: "change", db: m.db, sub: m.sub, version: change.version }),
          m.pollMs === undefined ? {} : { pollMs: m.pollMs },
        );
        subscriptions.set(`${m.db}:${m.sub}`, stop);
        reply({ t: "reply", id: m.id, ok: true });
        return;
      }
      case "unsubscribe":
        subscriptions.get(`${m.db}:${m.sub}`)?.();
        subscriptions.delete(`${m.db}:${m.sub}`);
        return;
    }
  }

  port.addEventListener("message", (e: { data: Request }) => {
    const m = e.data;
    handle(m).catch((err: unknown) => {
      if ("id" in m) reply({ t: "reply", id: m.id, ok: false, error: wireError(err) });
    });
  });
}
