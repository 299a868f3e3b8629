/**
 * Worker mode, the page side: `open(target, { worker })` runs the engine in a
 * dedicated worker and returns a WorkerDatabase, which has Database's methods
 * and forwards each call (serve.ts answers in the worker). A long statement
 * then never blocks the page. Parameters and properties are checked and
 * encoded here, so errors are the same as in-thread; a statement's result
 * arrives as the engine's row chunks (transferred buffers) and is decoded
 * here. An AbortSignal's abort is sent to the worker, where it
 * cancels the statement at its next read of the store.
 */
import {
  decodeResult,
  encodeStatement,
  type PreparedStatement,
  type Database,
  type DatabaseStats,
  type GcOptions,
  type GcResult,
  type OpenOptions,
  type ProcedureFunction,
  type QueryResult,
  type RunOptions,
  type StagingMethod,
} from "../database.js";
import { encodeParameterBatch } from "../staging_batch.js";
import { stagingArgs, type EdgeInput, type ElementId, type NodeInput } from "../staging_args.js";
import { AbortError, CorsHeaderError, CypherError, errorFromCode, InvalidArgumentError, TimeoutError, UnsupportedError } from "../errors.js";
import type { Change, SubscribeOptions } from "../notify/change_feed.js";
import type { Reply, Request, WireError } from "./protocol.js";
import { toWireOptions } from "./wire_options.js";
import { describe } from "../open_checks.js";
import { CsvHost, type CsvData, type CsvProgress } from "../csv/csv_host.js";
import "../browser_types.js";

type Pending = {
  resolve: (r: Extract<Reply, { ok: true }>) => void;
  reject: (e: Error) => void;
  onProgress?: (progress: CsvProgress) => void;
};

/** How a request is sent: its cancellation, the buffers it transfers, LOAD CSV's progress callback. */
interface SendOptions {
  signal?: AbortSignal;
  transfer?: ArrayBuffer[];
  onProgress?: (progress: CsvProgress) => void;
}

function toError(e: WireError): Error {
  if (e.cypher) return new CypherError(e.message, e.cypher);
  if (e.cancelled === "timeout") return new TimeoutError(e.message);
  if (e.cancelled === "abort") return new AbortError(e.message);
  if (e.cors) return new CorsHeaderError(e.cors.header, e.cors.setting, e.message);
  return errorFromCode(e.code, e.message);
}

/** One worker and the calls in flight to it. */
class WorkerConnection {
  private readonly pending = new Map<number, Pending>();
  private readonly listeners = new Map<string, (change: Change) => void>();
  private nextId = 1;

  constructor(readonly worker: Worker) {
    worker.addEventListener("message", (e: MessageEvent<Reply>) => this.receive(e.data));
    worker.addEventListener("error", (e: ErrorEvent) => {
      const err = new UnsupportedError(`the namidb worker failed to start or crashed: ${e.message}`);
      for (const p of this.pending.values()) p.reject(err);
      this.pending.clear();
    });
  }

  private receive(m: Reply): void {
    if (m.t === "change") {
      this.listeners.get(`${m.db}:${m.sub}`)?.({ version: m.version });
      return;
    }
    if (m.t === "progress") {
      this.pending.get(m.id)?.onProgress?.(m.progress);
      return;
    }
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.ok) p.resolve(m);
    else p.reject(toError(m.error));
  }

  /** Sends `request` (with a fresh id) and resolves to its reply. */
  send(
    request: DistributiveOmit<Request, "id">,
    { signal, transfer = [], onProgress }: SendOptions = {},
  ): Promise<Extract<Reply, { ok: true }>> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, ...(onProgress ? { onProgress } : {}) });
      this.worker.postMessage({ ...request, id }, transfer);
      signal?.addEventListener("abort", () => this.worker.postMessage({ t: "cancel", id }), { once: true });
    });
  }

  /** Sends `request`, which has no reply; a ReadableStream in `transfer` moves to the worker. */
  post(request: Request, transfer: Array<ArrayBuffer | ReadableStream<Uint8Array>> = []): void {
    this.worker.postMessage(request, transfer as ArrayBuffer[]);
  }

  listen(key: string, callback: ((change: Change) => void) | undefined): void {
    if (callback) this.listeners.set(key, callback);
    else this.listeners.delete(key);
  }

  /** Drops the listeners of database `db` (closed). */
  forget(db: number): void {
    for (const key of [...this.listeners.keys()]) if (key.startsWith(`${db}:`)) this.listeners.delete(key);
  }
}

type DistributiveOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;

let defaultConnection: WorkerConnection | undefined;
const connections = new WeakMap<Worker, WorkerConnection>();

function connect(worker: true | Worker): WorkerConnection {
  if (worker === true) {
    if (typeof Worker !== "function") {
      throw new UnsupportedError("worker mode needs Web Workers (a browser page); this runtime has none");
    }
    // The literal `new Worker(new URL(...), { type: "module" })` lets bundlers find and emit the worker.
    defaultConnection ??= new WorkerConnection(
      new Worker(new URL("./worker_main.js", import.meta.url), { type: "module", name: "namidb" }),
    );
    return defaultConnection;
  }
  let c = connections.get(worker);
  if (!c) connections.set(worker, (c = new WorkerConnection(worker)));
  return c;
}

/** @internal open() with `worker` set. */
export async function openInWorker(target: unknown, options: OpenOptions): Promise<WorkerDatabase> {
  if (typeof target !== "string") {
    throw new InvalidArgumentError(
      "in worker mode open() takes a URI (opfs://…, memory://…); to open a store of your own, start a worker that calls serveDatabases({ resolve })",
    );
  }
  if (options.engine !== undefined) throw new InvalidArgumentError("worker mode runs its own engine; do not pass `engine`");
  const { engine: _engine, worker, ...rest } = options;
  const wire = toWireOptions(rest);
  const connection = connect(worker as true | Worker);
  const reply = await connection.send({ t: "open", target, options: wire });
  const { db, mode } = reply.value as { db: number; mode: "read" | "write" };
  return new WorkerDatabase(connection, db, mode);
}

/** A Database whose engine runs in a worker: the same methods, each a message. */
export class WorkerDatabase {
  private stagedCount = 0;
  private closed = false;
  private nextSub = 1;
  private readonly csvNames = new Set<string>();
  private readonly statements = new Set<WorkerPreparedStatement>();

  /** @internal */
  constructor(
    private readonly connection: WorkerConnection,
    private readonly db: number,
    /** "read" or "write", as opened. */
    readonly mode: "read" | "write",
  ) {}

  /** The worker this database runs in. */
  get worker(): Worker {
    return this.connection.worker;
  }

  query(cypher: string, params: Record<string, unknown> = {}, options: RunOptions = {}): Promise<QueryResult> {
    return this.run(cypher, params, false, options);
  }

  write(cypher: string, params: Record<string, unknown> = {}, options: RunOptions = {}): Promise<QueryResult> {
    return this.run(cypher, params, true, options);
  }

  /** As Database.prepare: the statement is parsed and kept in the worker. */
  async prepare(cypher: string): Promise<WorkerPreparedStatement> {
    this.checkOpen();
    encodeStatement(cypher, {});
    const reply = await this.connection.send({ t: "prepare", db: this.db, cypher });
    const { statement } = reply.value as { statement: number };
    const prepared = new WorkerPreparedStatement(
      cypher,
      (params, write, options) => this.run(cypher, params, write, options, statement),
      () => {
        this.statements.delete(prepared);
        if (!this.closed) this.connection.post({ t: "unprepare", db: this.db, statement });
      },
    );
    this.statements.add(prepared);
    return prepared;
  }

  async upsertNode(labels: string[], id: ElementId, properties: Record<string, unknown> = {}): Promise<string> {
    return (await this.stage("upsertNode", stagingArgs.upsertNode(labels, id, properties))) as string;
  }

  async upsertEdge(
    type: string,
    src: ElementId,
    dst: ElementId,
    properties: Record<string, unknown> = {},
    id?: ElementId,
  ): Promise<string> {
    return (await this.stage("upsertEdge", stagingArgs.upsertEdge(type, src, dst, properties, id))) as string;
  }

  async upsertNodes(nodes: readonly NodeInput[]): Promise<number> {
    return (await this.stage("upsertNodes", stagingArgs.upsertNodes(nodes))) as number;
  }

  async upsertEdges(edges: readonly EdgeInput[]): Promise<number> {
    return (await this.stage("upsertEdges", stagingArgs.upsertEdges(edges))) as number;
  }

  async tombstoneNode(id: ElementId): Promise<void> {
    await this.stage("tombstoneNode", stagingArgs.tombstone(id));
  }

  async tombstoneEdge(id: ElementId): Promise<void> {
    await this.stage("tombstoneEdge", stagingArgs.tombstone(id));
  }

  /** Changes staged and not yet committed (as of the last reply from the worker). */
  get staged(): number {
    return this.closed ? 0 : this.stagedCount;
  }

  async commit(): Promise<number> {
    return (await this.call("commit")) as number;
  }

  async discard(): Promise<void> {
    await this.call("discard");
  }

  async flush(): Promise<number> {
    return (await this.call("flush")) as number;
  }

  async compact(): Promise<number> {
    return (await this.call("compact")) as number;
  }

  async refresh(): Promise<void> {
    await this.call("refresh");
  }

  /** As Database.stats: the worker's database's statistics. */
  async stats(): Promise<DatabaseStats> {
    return (await this.call("stats")) as DatabaseStats;
  }

  /** As Database.gc. */
  async gc(options: GcOptions = {}): Promise<GcResult> {
    if (options === null || typeof options !== "object") throw new InvalidArgumentError("gc() takes {graceMs?}");
    return (await this.call("gc", options.graceMs)) as GcResult;
  }

  /** As Database.subscribe; the callback runs on the page. */
  subscribe(callback: (change: Change) => void, options: SubscribeOptions = {}): () => void {
    this.checkOpen();
    if (typeof callback !== "function") throw new InvalidArgumentError("subscribe() needs a callback function");
    const sub = this.nextSub++;
    const key = `${this.db}:${sub}`;
    this.connection.listen(key, callback);
    const request = { t: "subscribe" as const, db: this.db, sub, ...(options.pollMs !== undefined ? { pollMs: options.pollMs } : {}) };
    this.connection.send(request).catch(() => this.connection.listen(key, undefined));
    return () => {
      this.connection.listen(key, undefined);
      this.connection.post({ t: "unsubscribe", db: this.db, sub });
    };
  }

  /**
   * Not in worker mode (UnsupportedError): a procedure's body is a function
   * of this thread, and functions do not cross to a worker.
   */
  async registerProcedure(signature: string, fn: ProcedureFunction): Promise<void> {
    void signature;
    void fn;
    throw new UnsupportedError(
      "registerProcedure() is not available in worker mode: its body is a function of this thread, which cannot be " +
        "sent to the worker; open the database without { worker: true } to register procedures",
    );
  }

  /**
   * As Database.registerCsv: a string, a Uint8Array or a Blob / File is
   * sent to the worker (a Uint8Array is copied); a ReadableStream is
   * transferred, so this thread can no longer read it. Where the browser
   * cannot transfer streams it is an UnsupportedError.
   */
  registerCsv(name: string, data: CsvData): void {
    this.checkOpen();
    // Checked here, so a bad name or value fails on the page and not silently in the worker.
    new CsvHost().register(name, data);
    const stream = typeof ReadableStream !== "undefined" && data instanceof ReadableStream;
    try {
      this.connection.post({ t: "csv", db: this.db, name, data }, stream ? [data] : []);
    } catch (err) {
      if (!stream || (err as Error).name !== "DataCloneError") throw err;
      throw new UnsupportedError(
        "registerCsv() of a ReadableStream needs a browser that can transfer streams to a worker, and this one " +
          "cannot; register a Blob, a Uint8Array or a string, or open the database without { worker: true }",
      );
    }
    this.csvNames.add(name);
  }

  unregisterCsv(name: string): boolean {
    if (this.closed || !this.csvNames.delete(name)) return false;
    this.connection.post({ t: "csv", db: this.db, name, data: null });
    return true;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const statement of this.statements) statement.markClosed();
    this.statements.clear();
    this.connection.forget(this.db);
    await this.connection.send({ t: "call", db: this.db, method: "close" });
  }

  private checkOpen(): void {
    if (this.closed) throw new InvalidArgumentError("this database is closed");
  }

  private async run(
    cypher: string,
    params: Record<string, unknown>,
    write: boolean,
    options: RunOptions,
    statement?: number,
  ): Promise<QueryResult> {
    this.checkOpen();
    const encoded = statement === undefined ? encodeStatement(cypher, params) : encodeParameterBatch(params);
    const { signal, onProgress, ...limits } = options;
    if (onProgress !== undefined && typeof onProgress !== "function") {
      throw new InvalidArgumentError(`the onProgress option must be a function, not ${describe(onProgress)}`);
    }
    if (signal?.aborted) throw new AbortError("the statement was cancelled before it ran");
    const reply = await this.connection.send(
      {
        t: "run",
        db: this.db,
        cypher,
        params: encoded,
        write,
        limits: limits as Record<string, number>,
        ...(statement === undefined ? {} : { statement }),
        ...(onProgress === undefined ? {} : { progress: true }),
      },
      { transfer: [encoded.buffer as ArrayBuffer], ...(signal ? { signal } : {}), ...(onProgress ? { onProgress } : {}) },
    );
    this.stagedCount = reply.staged ?? this.stagedCount;
    return decodeResult(reply.result!);
  }

  private async stage(method: StagingMethod, args: string[] | Uint8Array): Promise<unknown> {
    this.checkOpen();
    if (this.mode === "read") {
      throw new InvalidArgumentError("this database was opened with mode 'read'; open it with mode 'write' to change it");
    }
    // A staging batch's buffer is its own (staging_batch.ts): moved, not copied.
    const transfer = args instanceof Uint8Array ? [args.buffer as ArrayBuffer] : [];
    const reply = await this.connection.send({ t: "stage", db: this.db, method, args }, { transfer });
    this.stagedCount = reply.staged ?? this.stagedCount;
    const value = reply.value as { id?: string; count?: number };
    return value.id ?? value.count;
  }

  private async call(
    method: "commit" | "discard" | "flush" | "compact" | "refresh" | "gc" | "stats",
    graceMs?: number,
  ): Promise<unknown> {
    this.checkOpen();
    const reply = await this.connection.send({
      t: "call",
      db: this.db,
      method,
      ...(graceMs !== undefined ? { graceMs } : {}),
    });
    this.stagedCount = reply.staged ?? this.stagedCount;
    return reply.value;
  }
}

/** A PreparedStatement of a WorkerDatabase: the same methods, each a message to the worker. */
export class WorkerPreparedStatement {
  private isClosed = false;

  /** @internal */
  constructor(
    /** The statement's text, as prepared. */
    readonly text: string,
    private readonly send: (params: Record<string, unknown>, write: boolean, options: RunOptions) => Promise<QueryResult>,
    private readonly release: () => void,
  ) {}

  /** As PreparedStatement.query. */
  query(params: Record<string, unknown> = {}, options: RunOptions = {}): Promise<QueryResult> {
    return this.run(params, false, options);
  }

  /** As PreparedStatement.write. */
  write(params: Record<string, unknown> = {}, options: RunOptions = {}): Promise<QueryResult> {
    return this.run(params, true, options);
  }

  get closed(): boolean {
    return this.isClosed;
  }

  /** As PreparedStatement.close. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    this.release();
  }

  /** @internal The database closed: so is this statement. */
  markClosed(): void {
    this.isClosed = true;
  }

  private async run(params: Record<string, unknown>, write: boolean, options: RunOptions): Promise<QueryResult> {
    if (this.isClosed) throw new InvalidArgumentError("this prepared statement is closed; prepare the statement again");
    return this.send(params, write, options);
  }
}

/** Database and WorkerDatabase alike: what code that takes either may call. */
export type DatabaseApi = Pick<
  Database,
  | "mode"
  | "query"
  | "write"
  | "upsertNode"
  | "upsertEdge"
  | "upsertNodes"
  | "upsertEdges"
  | "tombstoneNode"
  | "tombstoneEdge"
  | "staged"
  | "commit"
  | "discard"
  | "flush"
  | "compact"
  | "gc"
  | "stats"
  | "registerProcedure"
  | "registerCsv"
  | "unregisterCsv"
  | "refresh"
  | "subscribe"
  | "close"
> & {
  prepare(cypher: string): Promise<PreparedStatementApi>;
};

/** PreparedStatement and WorkerPreparedStatement alike. */
export type PreparedStatementApi = Pick<PreparedStatement, "text" | "query" | "write" | "closed" | "close">;
