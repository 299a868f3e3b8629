/**
 * open / query / write: a namespace of an object store as a graph database.
 *
 * `open()` in mode "write" (the default) makes a writer session: every
 * `write()` is one transaction, durable when its promise resolves (a WAL
 * segment and a manifest swap), `query()` sees the session's own writes at
 * once, and the staging API (upsertNode / upsertEdge / tombstone..., then
 * commit) loads in bulk. Several writers may open one namespace; the first
 * to commit wins and the others get ConflictError. In mode "read" it is a
 * reader pinned to the namespace's newest version until `refresh()`.
 */
import type { DatabaseClientHandle, GcReply, RecoveryReply, RowsReply, StoreReplyError } from "../wasm/namidb.mjs";
import { resolveCacheSizes, resolveMemtableBytes } from "./cache_size.js";
import { CsvHost, type CsvData, type CsvOptions, type CsvProgress } from "./csv/csv_host.js";
import { Engine, type RowsRead } from "./engine.js";
import "./browser_types.js";
import {
  codeFromNumber,
  CypherError,
  EngineAbortedError,
  ERROR_CODES,
  errorFromCode,
  InvalidArgumentError,
  type ErrorCode,
  type NamiDBError,
} from "./errors.js";
import { FetchStore, type FetchStoreOptions } from "./fetch/fetch_store.js";
import { parsePublicUrl } from "./fetch/public_url.js";
import { MemoryStore } from "./memory_store.js";
import { ChangeFeed, type Change, type SubscribeOptions } from "./notify/change_feed.js";
import { OpfsStore } from "./opfs/opfs_store.js";
import { openInWorker, type DatabaseApi, type WorkerDatabase } from "./worker/client.js";
import { checkOpenOptions, checkStoreTarget, describe, memoryNamespace, opfsNamespace } from "./open_checks.js";
import { cancelledStatement, watchStatement, type StatementSignal } from "./statement_signal.js";
import type { ObjectStore } from "./store.js";
import { stagingArgs, type EdgeInput, type ElementId, type NodeInput } from "./staging_args.js";
import { decodeRows } from "./rows.js";
import { checkWellFormed, decodeValue, encodedJson, encodeParameter } from "./values.js";
import { encodeParameterBatch } from "./staging_batch.js";

export type { CsvData, CsvOptions, CsvProgress, EdgeInput, ElementId, NodeInput };

/** What the LOAD CSV clauses of a statement read. */
export interface LoadCsvStats {
  /** Rows made (the header of WITH HEADERS not counted). */
  rows: number;
  /** Bytes read. */
  bytes: number;
}

/** db.stats(): what a database holds in memory (docs/api.md). */
export interface DatabaseStats {
  /** The block cache of decoded data blocks. */
  cache: {
    /** Lookups it answered, and those it did not (the block was then read). */
    hits: number;
    misses: number;
    /** Misses on a block it had evicted recently (what makes it grow). */
    ghostHits: number;
    evictions: number;
    /** Blocks held now, and the memory they hold (payloads and entry views). */
    blocks: number;
    bytes: number;
    /** Its budget now, the one it started with, and its ceiling. */
    capacityBytes: number;
    startBytes: number;
    maxBytes: number;
    /** Times it grew, and the evicted blocks it remembers now. */
    grows: number;
    ghosts: number;
  };
  /** A writer's set of nodes confirmed live (absent for a reader). */
  liveNodes?: { count: number; bytes: number; maxBytes: number };
  /**
   * The plans `query` / `write` keep by statement text: runs that found
   * their text planned, runs that parsed it, texts kept and their bytes.
   */
  plans: { hits: number; misses: number; entries: number; textBytes: number };
  /**
   * A writer's memtable (absent for a reader): the bytes its records,
   * maps and adjacency take, the budget past which a commit flushes, and
   * its node entries and relationship records.
   */
  memtable?: { bytes: number; maxBytes: number; nodes: number; relationships: number };
  /**
   * A writer's compaction (absent for a reader): the runs of data files the
   * namespace has now, and since the session opened the merges its flushes
   * and `compact()` made, those that included the oldest run, and the bytes
   * they read and wrote.
   */
  compaction?: { runs: number; merges: number; bottomMerges: number; bytesRead: number; bytesWritten: number };
}

export interface UpdateCounters {
  nodesCreated: number;
  nodesDeleted: number;
  relationshipsCreated: number;
  relationshipsDeleted: number;
  propertiesSet: number;
  labelsAdded: number;
  labelsRemoved: number;
}

export class QueryResult {
  constructor(
    /** Column names, in RETURN order. */
    readonly columns: string[],
    /** One array per row, one value per column. */
    readonly rows: unknown[][],
    /** What a write() changed. */
    readonly counters?: UpdateCounters,
    /** PROFILE: the plan with rows and time per operator. */
    readonly profile?: string[],
    /** A statement with LOAD CSV: the rows it read. */
    readonly loadCsv?: LoadCsvStats,
  ) {}

  /** The rows as objects keyed by column name. */
  toObjects(): Record<string, unknown>[] {
    return this.rows.map((row) => Object.fromEntries(this.columns.map((c, i) => [c, row[i]])));
  }
}

export interface OpenOptions {
  /** The engine (module instance) to run in; a shared default one otherwise. */
  engine?: Engine;
  /**
   * "number" (default): integers as numbers when safe, bigint beyond ±2^53.
   * "bigint": every integer as a bigint, so integers and floats stay apart
   * (pass `float(x)` for a float parameter).
   */
  integers?: "number" | "bigint";
  /** "write" (default): a writer session; "read": a pinned, read-only snapshot. */
  mode?: "read" | "write";
  /**
   * Bytes of decoded data blocks kept in memory to start with. Default (or
   * 0): by runtime, 16 MiB in Cloudflare Workers, 64 MiB in browsers, a
   * sixteenth of the machine's memory from 64 to 256 MiB in Node and Deno
   * (docs/api.md).
   */
  cacheBytes?: number;
  /**
   * The most the block cache may grow to when its statistics show it
   * thrashing (docs/api.md, "The block cache grows"); a writer may use as
   * much again for the nodes it has confirmed live. Equal to `cacheBytes`:
   * a fixed size. Default (or 0): by runtime, 16 MiB in Cloudflare Workers
   * (fixed), 256 MiB in browsers, a quarter of the machine's memory from
   * 256 MiB to 1 GiB in Node and Deno, and never below `cacheBytes`.
   */
  maxCacheBytes?: number;
  /**
   * A writer flushes its memtable (what was committed since the last flush,
   * held as records in memory) to data files after a commit that leaves it
   * at this many bytes or more (`stats().memtable`): what bounds the memory
   * of a long load. Default (or 0): 16 MiB in Cloudflare Workers, 64 MiB
   * elsewhere (docs/api.md).
   */
  memtableBytes?: number;
  /**
   * How long objects a flush or compaction replaced stay on the store before
   * garbage collection (after every flush and compaction) deletes them, for
   * readers still pinned to older versions. Default 3,600,000 (one hour).
   */
  gcGraceMs?: number;
  /** Default limits of every statement (RunOptions). */
  limits?: StatementLimits;
  /** For an https:// target: options of its FetchStore (cache, maxInFlight, timeoutMs, fetch, ...). */
  remote?: Omit<FetchStoreOptions, "baseUrl" | "presign" | "presignBatch">;
  /**
   * Runs the engine in a dedicated worker (browsers) so that no statement
   * blocks the page: `true` starts the package's own worker; a `Worker` you
   * started runs `serveDatabases()` (to open stores of your own). Resolves to
   * a WorkerDatabase, which has the same methods as Database. Targets are
   * URIs then (`opfs://`, `memory://`, or what your worker resolves).
   */
  worker?: boolean | Worker;
  /**
   * Which sources LOAD CSV may read besides data given to `registerCsv`:
   * `files` (`file:` URLs, Node only) and `urls` (`http:` / `https:`), both
   * true by default. A page that runs Cypher its users type should turn
   * them off: `csv: { files: false, urls: false }`.
   */
  csv?: CsvOptions;
}

/**
 * Bounds on one statement; a statement past one fails with a typed error,
 * leaves no trace, and the engine and every other database in it stay as
 * they were. 0 means none.
 */
export interface StatementLimits {
  /** Result rows (ResourceExhaustedError past it). Default: none. */
  maxRows?: number;
  /**
   * Rows handed between operators in total: a bound on work, not memory (a
   * streaming count over more rows needs none); ResourceExhaustedError past
   * it. Default: none.
   */
  maxIntermediateRows?: number;
  /**
   * Bytes the statement may hold: sorted rows, hash tables, groups, DISTINCT
   * sets, collected lists, expansion state, staged changes, the result
   * (ResourceExhaustedError past it). Default 512 MiB; in a 128 MB Worker,
   * set it to a few tens of MiB.
   */
  maxMemoryBytes?: number;
  /**
   * Milliseconds from the statement's start, computing or waiting on the
   * store (TimeoutError, a CancelledError, past it). Default: none.
   */
  timeoutMs?: number;
}

/** Options of one query() / write(). */
/**
 * The body of a procedure (`Database.registerProcedure`): its arguments by
 * input name, as statements return values; its rows (an array or any
 * iterable, or a promise of one), each an object keyed by output name (a
 * missing output is null). A VOID procedure's rows are ignored.
 */
export type ProcedureFunction = (
  args: Record<string, unknown>,
) => Iterable<Record<string, unknown>> | Promise<Iterable<Record<string, unknown>>>;

export interface RunOptions extends StatementLimits {
  /**
   * Cancels the statement (AbortError, a CancelledError): at its next read of
   * the store, or within a few tens of milliseconds while it computes (it
   * yields to the event loop, where the abort is seen).
   */
  signal?: AbortSignal;
  /**
   * Called as LOAD CSV reads, once per chunk (up to 1 MiB): rows made so
   * far, bytes of the current source read, and its size when known.
   */
  onProgress?: (progress: CsvProgress) => void;
}

/** The default of `maxMemoryBytes`: 512 MiB (docs/api.md says why). */
const DEFAULT_MAX_MEMORY_BYTES = 512 * 1024 * 1024;

const DEFAULT_LIMITS: Required<StatementLimits> = {
  maxRows: 0,
  maxIntermediateRows: 0,
  maxMemoryBytes: DEFAULT_MAX_MEMORY_BYTES,
  timeoutMs: 0,
};

/**
 * How often a statement that computes lets the event loop run (a page stays
 * responsive, an AbortSignal fires): every 25 ms of its time, at a cost of
 * one Asyncify unwind and rewind each (docs/benchmarks.md measures it).
 */
const YIELD_EVERY_MS = 25;

/** The options of a call that passed none: its limits are the database's, unchanged. */
const NO_OPTIONS: RunOptions = Object.freeze({});

export type OpenTarget = string | { store: ObjectStore; namespace: string; prefix?: string };

/** What `gc()` did. */
export interface GcResult {
  /** Objects deleted, and their bytes. */
  deleted: number;
  deletedBytes: number;
  /** Replaced objects still inside their grace period, and their bytes. */
  kept: number;
  keptBytes: number;
  /** The namespace version afterwards. */
  version: number;
}

export interface GcOptions {
  /** Delete what was replaced at least this long ago (default: the session's `gcGraceMs`). */
  graceMs?: number;
}

/** What `recover()` did. */
export interface RecoveryReport {
  /** Version of the manifest written. */
  version: number;
  /** The newest change recovered (its LSN). */
  lastLsn: number;
  /** The checkpoint it started from ("" none: from the first commit). */
  checkpoint: string;
  /** Data files and WAL segments the manifest lists. */
  tables: number;
  walSegments: number;
  /** WAL segments of a writer that raced for the last commit and whose outcome could not be told (retired). */
  forks: string[];
  /** Objects listed nowhere, left to garbage collection after its grace period. */
  retired: number;
}

export interface RecoverOptions {
  /** The engine (module instance) to run in; a shared default one otherwise. */
  engine?: Engine;
}

let defaultEngine: Promise<Engine> | undefined;
let defaultOpfsStore: OpfsStore | undefined;

/**
 * The engine open() uses when it is given none: loaded on first use, and
 * replaced by a fresh instance once it died (or failed to load), so one
 * abort does not make every later open() fail. @internal (verify.ts uses it too)
 */
export async function sharedEngine(): Promise<Engine> {
  const loading = (defaultEngine ??= Engine.load());
  let engine: Engine;
  try {
    engine = await loading;
  } catch (err) {
    if (defaultEngine === loading) defaultEngine = undefined;
    throw err;
  }
  if (!engine.dead) return engine;
  if (defaultEngine === loading) defaultEngine = undefined;
  return sharedEngine();
}

type StoreErrorLookup = (code: ErrorCode, message: string) => NamiDBError | undefined;

/** Throws the engine's error: a store's own error object when the engine passed one on (CorsHeaderError). */
function fail(reply: StoreReplyError, storeError: StoreErrorLookup): never {
  const e = reply.error;
  if (e.type !== undefined) {
    const info = { type: e.type, phase: e.phase ?? "", detail: e.detail ?? "" } as {
      type: string;
      phase: string;
      detail: string;
      line?: number;
      column?: number;
    };
    if (e.line !== undefined) info.line = e.line;
    if (e.column !== undefined) info.column = e.column;
    throw new CypherError(e.message, info);
  }
  const code = codeFromNumber(e.code);
  throw storeError(code, e.message) ?? errorFromCode(code, e.message);
}

function isError(reply: object): reply is StoreReplyError {
  return "error" in reply;
}

/**
 * A statement parsed and planned once (`Database.prepare`): `query()` and
 * `write()` run it with new parameters without parsing or planning it again.
 * The plan is made again on its own when the indexes, constraints or
 * registered procedures changed since. Close it when done; closing the
 * database closes it too.
 */
export class PreparedStatement {
  private isClosed = false;

  /** @internal */
  constructor(
    private readonly db: Database,
    /** The statement's text, as prepared. */
    readonly text: string,
    private readonly statement: number,
  ) {}

  /** As `Database.query` (a read-only run; an updating clause is a CypherError). */
  async query(params: Record<string, unknown> = {}, options: RunOptions = NO_OPTIONS): Promise<QueryResult> {
    this.checkOpen();
    return decodeResult(await this.runEncoded(encodeParameterBatch(params), false, options));
  }

  /** As `Database.write`: one transaction, committed when this resolves. */
  async write(params: Record<string, unknown> = {}, options: RunOptions = NO_OPTIONS): Promise<QueryResult> {
    this.checkOpen();
    return decodeResult(await this.runEncoded(encodeParameterBatch(params), true, options));
  }

  /** Whether `close()` was called (or the database closed). */
  get closed(): boolean {
    return this.isClosed;
  }

  /** Frees the statement's plan in the engine; later runs are an InvalidArgumentError. */
  async close(): Promise<void> {
    if (this.isClosed) return;
    this.isClosed = true;
    await this.db.closeStatement(this.statement);
  }

  /** @internal A run with parameters already encoded (worker mode encodes them on the page). */
  runEncoded(params: Uint8Array, write: boolean, options: RunOptions): Promise<EncodedResult> {
    this.checkOpen();
    return this.db.runEncoded(this.text, params, write, options, this.statement);
  }

  /** @internal The database closed: so is this statement. */
  markClosed(): void {
    this.isClosed = true;
  }

  private checkOpen(): void {
    if (this.isClosed) {
      throw new InvalidArgumentError("this prepared statement is closed; prepare the statement again");
    }
  }
}

export class Database {
  private closed = false;
  /**
   * The engine's staged count as of the last queued call: the getter cannot
   * ask the module itself, since a call into it while another is suspended
   * on the store (a commit's PUT) breaks that call.
   */
  private stagedCount = 0;
  private readonly procedureReleases: Array<() => void> = [];
  private readonly statements = new Map<number, PreparedStatement>();

  private constructor(
    private readonly engine: Engine,
    private readonly client: DatabaseClientHandle,
    private readonly release: () => void,
    private readonly watch: (signal: AbortSignal | undefined, onProgress?: (progress: CsvProgress) => void) => void,
    private readonly storeError: StoreErrorLookup,
    private readonly readRows: (reply: number) => RowsRead,
    private readonly takeRows: () => Uint8Array[],
    private readonly limits: Required<StatementLimits>,
    private readonly lossless: boolean,
    private readonly feed: ChangeFeed,
    /** "read" or "write", as opened. */
    readonly mode: "read" | "write",
    private readonly csv: CsvHost,
  ) {}

  /** @internal Opens `namespace` of `store` in `engine`. */
  static async openIn(
    engine: Engine,
    store: ObjectStore,
    namespace: string,
    prefix = "",
    options: OpenOptions = {},
  ): Promise<Database> {
    checkOpenOptions(options);
    const mode = options.mode ?? "write";
    const { cacheBytes, maxCacheBytes } = resolveCacheSizes(options.cacheBytes, options.maxCacheBytes);
    const memtableBytes = resolveMemtableBytes(options.memtableBytes);
    const gcGraceMs = checkGrace(options.gcGraceMs, "gcGraceMs") ?? -1;
    const limits = { ...DEFAULT_LIMITS, ...checkLimits(options.limits ?? {}) };
    const csv = new CsvHost(options.csv);
    const { client, release, watch, storeError, readRows, takeRows } = engine.createDatabaseClient(store, csv);
    let reply: object | StoreReplyError;
    try {
      reply = await engine.run(() => client.open(namespace, prefix, mode === "read", cacheBytes, maxCacheBytes, gcGraceMs, memtableBytes));
    } catch (err) {
      release();  // the instance died (EngineAbortedError): nothing to delete in it
      throw err;
    }
    if (isError(reply)) {
      // The store's own error is looked up before its registration goes.
      const original = storeError(codeFromNumber(reply.error.code), reply.error.message);
      await engine.run(() => client.delete());
      release();
      fail(reply, () => original);
    }
    const feed = new ChangeFeed(store, `${prefix ? `${prefix}/` : ""}${namespace}/manifest.json`);
    return new Database(engine, client, release, watch, storeError, readRows, takeRows, limits, options.integers === "bigint", feed,
                        mode, csv);
  }

  /** Runs a read-only statement; an updating clause is a CypherError. */
  async query(cypher: string, params: Record<string, unknown> = {}, options: RunOptions = NO_OPTIONS): Promise<QueryResult> {
    return decodeResult(await this.runEncoded(cypher, encodeStatement(cypher, params), false, options));
  }

  /** Runs any statement as one transaction: committed when this resolves. */
  async write(cypher: string, params: Record<string, unknown> = {}, options: RunOptions = NO_OPTIONS): Promise<QueryResult> {
    return decodeResult(await this.runEncoded(cypher, encodeStatement(cypher, params), true, options));
  }

  /**
   * Parses and checks a statement once, for running it many times with new
   * parameters (`statement.query(params)`, `statement.write(params)`) without
   * parsing or planning it again: the fast way to run small statements
   * often. A syntax error is a CypherError here; other errors come with the
   * first run of each kind, as from `query()` / `write()`.
   */
  async prepare(cypher: string): Promise<PreparedStatement> {
    this.checkOpen();
    encodeStatement(cypher, {});
    const { statement } = await this.call(async () => this.client.prepare(cypher));
    const prepared = new PreparedStatement(this, cypher, statement);
    this.statements.set(statement, prepared);
    return prepared;
  }

  /** @internal Frees prepared statement `statement` in the engine. */
  async closeStatement(statement: number): Promise<void> {
    if (!this.statements.delete(statement) || this.closed || this.engine.dead) return;
    await this.engine.run(() => this.client.closeStatement(statement));
  }

  /**
   * Registers a procedure that `CALL` reaches in this session's statements,
   * by its signature as Neo4j prints them: `'my.proc(in :: INTEGER?) :: (out
   * :: STRING?)'` (inputs and outputs named and typed: ANY, BOOLEAN, STRING,
   * NUMBER, INTEGER, FLOAT, MAP, NODE, RELATIONSHIP, PATH, a temporal type,
   * LIST OF type; `?` nullable; `:: VOID` or `:: ()` for no outputs). A name
   * registered again is replaced; a built-in (`db.labels`, ...) is shadowed.
   * `fn` runs while the statement waits and may be async, but must not run
   * statements itself (they would wait for this one). A malformed signature
   * is an InvalidArgumentError; an error `fn` throws fails the statement
   * with a CypherError (ProcedureError).
   */
  async registerProcedure(signature: string, fn: ProcedureFunction): Promise<void> {
    this.checkOpen();
    if (typeof signature !== "string") {
      throw new InvalidArgumentError(`registerProcedure() needs a signature string, not ${describe(signature)}`);
    }
    if (typeof fn !== "function") {
      throw new InvalidArgumentError(`registerProcedure() needs a function as the body, not ${describe(fn)}`);
    }
    let names: { name: string; inputs: string[]; outputs: string[] } = { name: signature, inputs: [], outputs: [] };
    const handler = async (argsJson: string) => {
      const values = (JSON.parse(argsJson) as unknown[]).map(decodeValue);
      const args: Record<string, unknown> = {};
      names.inputs.forEach((input, i) => (args[input] = values[i]));
      const result = await fn(args);
      if (result === null || typeof result !== "object" || typeof (result as Iterable<unknown>)[Symbol.iterator] !== "function") {
        throw new Error(`the body must return an array (or iterable) of rows, not ${describe(result)}`);
      }
      const rows: unknown[][] = [];
      for (const row of result) {
        if (row === null || typeof row !== "object") {
          throw new Error(`row ${rows.length} must be an object keyed by output name, not ${describe(row)}`);
        }
        const at = rows.length;
        rows.push(names.outputs.map((o) => encodeParameter(row[o], `row ${at}, output '${o}'`)));
      }
      return encodedJson({ rows });
    };
    const { id, release } = this.engine.registerProcedureHandler(handler);
    try {
      names = await this.call(async () => this.client.registerProcedure(signature, id, this.lossless));
    } catch (err) {
      release();
      throw err;
    }
    this.procedureReleases.push(release);
  }

  /**
   * Hands CSV data to LOAD CSV without a URL: `LOAD CSV FROM
   * 'namidb-data:<name>'` reads it (the name: letters, digits, '.', '_',
   * '-'). `data` is a string, a Uint8Array, a Blob or File (browsers), or a
   * ReadableStream of bytes (read once: it is forgotten when a statement
   * opens it). A name registered again is replaced.
   */
  registerCsv(name: string, data: CsvData): void {
    this.checkOpen();
    this.csv.register(name, data);
  }

  /** Forgets data given to `registerCsv`; whether there was any. */
  unregisterCsv(name: string): boolean {
    return this.csv.unregister(name);
  }

  /**
   * Calls `callback` with the namespace's new version whenever a session
   * (in this tab, another tab or worker of the origin, or, by polling, any
   * other machine) commits to it; `refresh()` then shows the change. Returns
   * the function that stops the subscription. See SubscribeOptions.pollMs.
   */
  subscribe(callback: (change: Change) => void, options: SubscribeOptions = {}): () => void {
    this.checkOpen();
    if (typeof callback !== "function") throw new InvalidArgumentError("subscribe() needs a callback function");
    return this.feed.subscribe(callback, options);
  }

  /**
   * Stages a node (replacing its labels and properties if it exists). Staged
   * changes are visible to this session's queries at once and to nobody
   * else until `commit()`. Resolves to the node's id.
   */
  async upsertNode(labels: string[], id: ElementId, properties: Record<string, unknown> = {}): Promise<string> {
    return (await this.stageEncoded("upsertNode", stagingArgs.upsertNode(labels, id, properties))).id!;
  }

  /**
   * Stages a relationship between two existing nodes. Without `id`, its id
   * is derived from (type, src, dst), so repeating the call updates it.
   * Resolves to the relationship's id.
   */
  async upsertEdge(
    type: string,
    src: ElementId,
    dst: ElementId,
    properties: Record<string, unknown> = {},
    id?: ElementId,
  ): Promise<string> {
    return (await this.stageEncoded("upsertEdge", stagingArgs.upsertEdge(type, src, dst, properties, id))).id!;
  }

  /**
   * Stages many nodes in one call into the engine: the fast path for bulk
   * loads (a call per element costs more than staging it; the call crosses
   * as one binary buffer and the engine looks the nodes up in batched reads).
   * Each element is as for `upsertNode`; all or nothing: if one is refused,
   * the error names it (`nodes[i]` / `element i`) and none is staged.
   * Resolves to the count.
   */
  async upsertNodes(nodes: readonly NodeInput[]): Promise<number> {
    return (await this.stageEncoded("upsertNodes", stagingArgs.upsertNodes(nodes))).count!;
  }

  /**
   * Stages many relationships in one call, each as for `upsertEdge`; all or
   * nothing, as `upsertNodes`. Resolves to the count.
   */
  async upsertEdges(edges: readonly EdgeInput[]): Promise<number> {
    return (await this.stageEncoded("upsertEdges", stagingArgs.upsertEdges(edges))).count!;
  }

  /** Stages the removal of a node and every relationship that touches it. */
  async tombstoneNode(id: ElementId): Promise<void> {
    await this.stageEncoded("tombstoneNode", stagingArgs.tombstone(id));
  }

  /** Stages the removal of a relationship. */
  async tombstoneEdge(id: ElementId): Promise<void> {
    await this.stageEncoded("tombstoneEdge", stagingArgs.tombstone(id));
  }

  /** How many changes are staged and not yet committed. */
  get staged(): number {
    if (this.closed || this.engine.dead) return 0;  // a dead instance's staged changes are gone
    return this.stagedCount;
  }

  /**
   * Commits the staged changes as one transaction (a WAL segment and a
   * manifest swap); durable when this resolves. Resolves to the namespace
   * version. A ConflictError means another writer committed first: nothing
   * staged was committed; `refresh()` (or reopening) continues from its state.
   */
  async commit(): Promise<number> {
    const { version } = await this.call(() => this.client.commit());
    this.feed.publish();
    return version;
  }

  /** Drops the staged changes. */
  async discard(): Promise<void> {
    this.checkOpen();
    await this.engine.run(async () => {
      await this.client.discard();
      this.stagedCount = 0;
    });
  }

  /**
   * What the database holds in memory now: the block cache's statistics
   * (hits, misses, evictions, its bytes, capacity and how it grew) and, for
   * a writer, its set of nodes confirmed live (docs/api.md, "db.stats()").
   */
  async stats(): Promise<DatabaseStats> {
    this.checkOpen();
    return await this.engine.run(async () => this.client.stats());
  }

  /** Writes what was committed since the last flush as data files. */
  async flush(): Promise<number> {
    const { version } = await this.call(() => this.client.flush());
    this.feed.publish();
    return version;
  }

  /** Flushes, then merges all data files into one sorted run. */
  async compact(): Promise<number> {
    const { version } = await this.call(() => this.client.compact());
    this.feed.publish();
    return version;
  }

  /**
   * Deletes what no reader can need any more: objects a flush or compaction
   * replaced at least `graceMs` ago (default: the session's `gcGraceMs`),
   * and objects of commits that failed or lost their race. Runs on its own
   * after every flush and compaction; resolves to what it deleted and kept.
   */
  async gc(options: GcOptions = {}): Promise<GcResult> {
    if (options === null || typeof options !== "object") throw new InvalidArgumentError("gc() takes {graceMs?}");
    for (const name of Object.keys(options)) {
      if (name !== "graceMs") throw new InvalidArgumentError(`unknown gc option '${name}'`);
    }
    const grace = checkGrace(options.graceMs, "graceMs") ?? -1;
    const reply: GcReply = await this.call(() => this.client.gc(grace));
    this.feed.publish();  // gc writes a manifest when it deletes
    return { ...reply };
  }

  /**
   * Moves to the namespace's newest version: a reader sees what was
   * committed since it opened; a writer reopens (nothing may be staged),
   * which is how it continues after a ConflictError.
   */
  async refresh(): Promise<void> {
    await this.call(() => this.client.refresh());
  }

  /** Releases the session; nothing staged is kept. Closing a database of a dead instance just lets it go. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.feed.close();
    // The engine frees their plans with the session.
    for (const statement of this.statements.values()) statement.markClosed();
    this.statements.clear();
    for (const release of this.procedureReleases.splice(0)) release();
    try {
      await this.engine.run(() => this.client.delete());
    } catch (err) {
      if (!(err instanceof EngineAbortedError)) throw err;
    } finally {
      this.release();
    }
  }

  private checkOpen(): void {
    if (this.closed) throw new InvalidArgumentError("this database is closed");
  }

  private async call<T extends object>(fn: () => Promise<T | StoreReplyError>): Promise<T> {
    this.checkOpen();
    const reply = await this.engine.run(async () => {
      const result = await fn();
      this.stagedCount = this.client.staged();  // still inside the queued call: the module is ours to ask
      return result;
    });
    if (isError(reply)) fail(reply, this.storeError);
    return reply;
  }

  /**
   * @internal A staging call with its values already encoded (the public
   * methods check and encode them; worker mode encodes on the page).
   */
  async stageEncoded(method: StagingMethod, args: string[] | Uint8Array): Promise<{ id?: string; count?: number }> {
    this.checkOpen();
    if (this.mode === "read") {
      throw new InvalidArgumentError("this database was opened with mode 'read'; open it with mode 'write' to change it");
    }
    if (!STAGING_METHODS.includes(method)) throw new InvalidArgumentError(`unknown staging call '${String(method)}'`);
    const bulk = method === "upsertNodes" || method === "upsertEdges";
    if (bulk !== args instanceof Uint8Array) {
      throw new InvalidArgumentError(`${method} takes ${bulk ? "a staging batch (Uint8Array)" : "string arguments"}`);
    }
    // The client is touched only inside the queued call (it is created there).
    if (args instanceof Uint8Array) {
      return this.call(() => this.client.stageBatch(this.engine.copyIn(args, "staging batch"), args.length));
    }
    type Call = (...a: string[]) => Promise<{ id?: string; count?: number } | StoreReplyError>;
    return this.call(() => (this.client[method as Exclude<StagingMethod, "upsertNodes" | "upsertEdges">] as Call)(...args));
  }

  /**
   * @internal Runs a statement whose parameters are already encoded
   * (`encodeStatement`); resolves to the result as the engine handed it
   * out, which `decodeResult` turns into a QueryResult (worker mode sends
   * it across and decodes it on the page).
   */
  async runEncoded(
    cypher: string,
    params: Uint8Array,
    write: boolean,
    options: RunOptions,
    statement?: number,
  ): Promise<EncodedResult> {
    this.checkOpen();
    let signal: AbortSignal | undefined;
    let onProgress: ((progress: CsvProgress) => void) | undefined;
    let limits = this.limits;
    if (options !== NO_OPTIONS) {
      if (options === null || typeof options !== "object") {
        throw new InvalidArgumentError(`statement options must be an object, not ${describe(options)}`);
      }
      let given: StatementLimits;
      ({ signal, onProgress, ...given } = options);
      if (signal !== undefined && !isAbortSignal(signal)) {
        throw new InvalidArgumentError(`the signal option must be an AbortSignal, not ${describe(signal)}`);
      }
      if (onProgress !== undefined && typeof onProgress !== "function") {
        throw new InvalidArgumentError(`the onProgress option must be a function, not ${describe(onProgress)}`);
      }
      limits = { ...this.limits, ...checkLimits(given) };
    }
    const reply = await this.engine.run(() => this.runInEngine(cypher, params, write, signal, onProgress, limits, statement));
    if (isError(reply)) {
      if (reply.error.code === CANCELLED && reply.error.type === undefined) {
        throw cancelledStatement(signal, limits.timeoutMs, reply.error.message);
      }
      fail(reply, this.storeError);
    }
    if (write) this.feed.publish();
    return reply;
  }

  /**
   * The statement's turn in the engine's queue. A run that does not suspend
   * the module (nothing to read from the store, no yield) comes back
   * without a promise and is finished at once; one that does is finished
   * when the module resumes.
   */
  private runInEngine(
    cypher: string,
    params: Uint8Array,
    write: boolean,
    signal: AbortSignal | undefined,
    onProgress: ((progress: CsvProgress) => void) | undefined,
    limits: Required<StatementLimits>,
    statement: number | undefined,
  ): EncodedResult | StoreReplyError | Promise<EncodedResult | StoreReplyError> {
    if (signal?.aborted) return { error: { code: CANCELLED, message: "the statement was cancelled before it ran" } };
    // The store hears of a cancel or a timeout while the statement waits
    // on it (nothing to hear of without a signal or a time limit).
    const watching = signal || limits.timeoutMs > 0 ? watchStatement(signal, limits.timeoutMs) : undefined;
    this.watch(watching?.signal, onProgress);
    this.takeRows();  // nothing of a statement that threw stays for this one
    let reply: RowsReply | StoreReplyError | Promise<RowsReply | StoreReplyError>;
    try {
      reply =
        statement === undefined
          ? this.client.run(cypher, params, write, this.lossless, limits.maxRows, limits.maxIntermediateRows,
                            limits.maxMemoryBytes, limits.timeoutMs, YIELD_EVERY_MS)
          : this.client.runPrepared(statement, params, write, this.lossless, limits.maxRows,
                                    limits.maxIntermediateRows, limits.maxMemoryBytes, limits.timeoutMs,
                                    YIELD_EVERY_MS);
    } catch (err) {
      this.endRun(watching);
      throw err;
    }
    if (reply instanceof Promise) {
      return reply.then(
        (settled) => this.finishRun(settled, watching),
        (err: unknown) => {
          this.endRun(watching);
          throw err;
        },
      );
    }
    return this.finishRun(reply, watching);
  }

  private finishRun(reply: RowsReply | StoreReplyError, watching: StatementSignal | undefined): EncodedResult | StoreReplyError {
    try {
      // The chunks of rows the statement handed out while it ran (dropped
      // if it failed), then the last one, in its reply.
      const chunks = this.takeRows();
      if (typeof reply !== "number") return reply;
      const last = this.readRows(reply);
      if (last.chunk) chunks.push(last.chunk);
      return { meta: last.meta, chunks };
    } finally {
      this.endRun(watching);
    }
  }

  private endRun(watching: StatementSignal | undefined): void {
    this.watch(undefined);
    watching?.dispose();
  }
}

/** @internal The staging calls of the engine's DatabaseClient, by name. */
export type StagingMethod = "upsertNode" | "upsertEdge" | "upsertNodes" | "upsertEdges" | "tombstoneNode" | "tombstoneEdge";
const STAGING_METHODS: readonly string[] = ["upsertNode", "upsertEdge", "upsertNodes", "upsertEdges", "tombstoneNode", "tombstoneEdge"];

/** @internal Checks a statement and encodes its parameters for the engine. */
export function encodeStatement(cypher: string, params: Record<string, unknown>): Uint8Array {
  if (typeof cypher !== "string") {
    throw new InvalidArgumentError(`a statement must be a string of Cypher, not ${describe(cypher)}`);
  }
  checkWellFormed(cypher, "the statement");
  return encodeParameterBatch(params);
}

/**
 * @internal A statement's result as the engine hands it out: the columns,
 * counters, loadCsv and profile as JSON text, and the rows in chunks of the
 * binary row format (rows.ts).
 */
export interface EncodedResult {
  meta: string;
  chunks: Uint8Array[];
}

interface ResultMeta {
  columns: string[];
  counters?: UpdateCounters;
  profile?: string[];
  loadCsv?: LoadCsvStats;
}

// The last meta text parsed that held only the columns (a read's), and its
// columns: a statement run again gives the same text, parsed once.
let lastColumnsText = "";
let lastColumns: string[] = [];

/** @internal The engine's result as a QueryResult. */
export function decodeResult(encoded: EncodedResult): QueryResult {
  let meta: ResultMeta;
  if (encoded.meta === lastColumnsText) {
    meta = { columns: lastColumns.slice() };  // each result its own array
  } else {
    meta = JSON.parse(encoded.meta) as ResultMeta;
    if (meta.counters === undefined && meta.profile === undefined && meta.loadCsv === undefined) {
      lastColumnsText = encoded.meta;
      lastColumns = meta.columns.slice();
    }
  }
  const rows: unknown[][] = [];
  for (const chunk of encoded.chunks) decodeRows(chunk, meta.columns.length, rows);
  return new QueryResult(meta.columns, rows, meta.counters, meta.profile, meta.loadCsv);
}

const CANCELLED = ERROR_CODES.indexOf("Cancelled") + 1;  // as the engine numbers codes (codeFromNumber)

function checkGrace(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) {
    throw new InvalidArgumentError(`${name} must be a non-negative integer of milliseconds`);
  }
  return value;
}

function checkLimits(limits: StatementLimits): StatementLimits {
  for (const [name, value] of Object.entries(limits)) {
    if (!["maxRows", "maxIntermediateRows", "maxMemoryBytes", "timeoutMs"].includes(name)) {
      throw new InvalidArgumentError(
        `unknown statement option '${name}' (the options are maxRows, maxIntermediateRows, maxMemoryBytes, timeoutMs, signal, onProgress)`,
      );
    }
    if (typeof value !== "number" || !(value >= 0)) {
      throw new InvalidArgumentError(`${name} must be a non-negative number, not ${describe(value)}`);
    }
  }
  return limits;
}

// An AbortSignal, also one from another realm or a polyfill.
function isAbortSignal(value: unknown): value is AbortSignal {
  const s = value as AbortSignal | null;
  return typeof s === "object" && s !== null && typeof s.aborted === "boolean" && typeof s.addEventListener === "function";
}

/**
 * Rebuilds the manifest of a namespace whose manifest was lost while its
 * other objects remain (opening it is a ManifestMissingError): from the
 * newest checkpoint and the WAL segments after it, every acknowledged
 * commit included (docs/api.md, "Recovering a namespace"). Writes nothing
 * unless it finds a consistent state; open the namespace afterwards.
 */
export async function recover(
  target: { store: ObjectStore; namespace: string; prefix?: string },
  options: RecoverOptions = {},
): Promise<RecoveryReport> {
  if (target === null || typeof target !== "object" || typeof target.namespace !== "string" || !target.store) {
    throw new InvalidArgumentError("recover() takes {store, namespace, prefix?}");
  }
  const engine = options.engine ?? (await sharedEngine());
  const { client, release, storeError } = engine.createDatabaseClient(target.store);
  try {
    const reply = await engine.run(() => client.recover(target.namespace, target.prefix ?? ""));
    if (isError(reply)) fail(reply, storeError);
    const out: RecoveryReply = reply;
    return { ...out, forks: [...out.forks] };
  } finally {
    await engine.run(() => client.delete());
    release();
  }
}

/**
 * Opens a namespace: `memory://name` (a fresh in-memory store), `opfs://name`
 * (the browser's origin private file system, see OpfsStore),
 * `https://host/path/<namespace>/` (read-only, from a static host or a public
 * bucket), or a store of your own with `{store, namespace, prefix?}` (a
 * FetchStore for a bucket through presigned URLs). (In Node, "namidb-wasm/node"
 * also opens `file:` URIs.)
 */
export function open(target: OpenTarget, options: OpenOptions & { worker: true | Worker }): Promise<WorkerDatabase>;
export function open(target: OpenTarget, options?: OpenOptions & { worker?: false }): Promise<Database>;
export function open(target: OpenTarget, options?: OpenOptions): Promise<DatabaseApi>;
export async function open(target: OpenTarget, options: OpenOptions = {}): Promise<Database | WorkerDatabase> {
  checkOpenOptions(options);
  if (options.worker !== undefined && options.worker !== false) return openInWorker(target, options);
  if (options.engine !== undefined && !(options.engine instanceof Engine)) {
    throw new InvalidArgumentError(`open() option engine must be an Engine (from loadEngine()), not ${describe(options.engine)}`);
  }
  if (typeof target === "string" && /^https?:\/\//.test(target)) {
    // The public read-only mode: https://host/path/<namespace>/
    if (options.mode === "write") {
      throw new InvalidArgumentError(`'${target}' is a public URL, which is read-only: open it with mode "read"`);
    }
    const { baseUrl, namespace } = parsePublicUrl(target);
    const store = new FetchStore({ ...options.remote, baseUrl });
    const engine = options.engine ?? (await sharedEngine());
    return Database.openIn(engine, store, namespace, "", { ...options, mode: "read" });
  }
  const { store, namespace, prefix } =
    typeof target === "string" && target.startsWith("opfs:")
      // opfs://: the origin's OPFS directory "namidb", shared by every tab and worker.
      ? { store: (defaultOpfsStore ??= new OpfsStore()), namespace: opfsNamespace(target), prefix: "" }
      : typeof target === "string"
        ? { store: new MemoryStore(), namespace: memoryNamespace(target), prefix: "" }
        : checkStoreTarget(target);
  const engine = options.engine ?? (await sharedEngine());
  return Database.openIn(engine, store, namespace, prefix, options);
}
