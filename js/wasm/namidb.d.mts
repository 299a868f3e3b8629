// Types of the Emscripten glue (dist/wasm/namidb.mjs, built from wasm/).
// Only what js/src uses is declared; the glue itself is generated.

export interface StoreReplyError {
  error: {
    code: number;
    message: string;
    // Cypher errors: the openCypher classification and position.
    type?: string;
    phase?: string;
    detail?: string;
    line?: number;
    column?: number;
  };
}

export interface StoreReplyMeta {
  key: string;
  size: number;
  etag: string;
  generation: number;
}

export interface StoreReplyGet extends StoreReplyMeta {
  data: Uint8Array;
}

export interface StoreClientHandle {
  get(key: string, offset: number, length: number): Promise<StoreReplyGet | StoreReplyError>;
  getMany(
    requests: Array<{ key: string; offset?: number; length?: number }>,
  ): Promise<Array<StoreReplyGet | StoreReplyError>>;
  head(key: string): Promise<StoreReplyMeta | StoreReplyError>;
  put(
    key: string,
    dataPtr: number,
    size: number,
    mode: number,
    etag: string,
    generation: number,
  ): Promise<{ etag: string; generation: number } | StoreReplyError>;
  remove(key: string): Promise<object | StoreReplyError>;
  list(
    prefix: string,
    startAfter: string,
    limit: number,
  ): Promise<{ objects: StoreReplyMeta[]; nextStartAfter?: string } | StoreReplyError>;
  /** Frees the C++ object (Embind). */
  delete(): void;
}

export interface GcReply {
  deleted: number;
  deletedBytes: number;
  kept: number;
  keptBytes: number;
  version: number;
}

/** The block cache's statistics (docs/api.md, db.stats()). */
export interface CacheStatsReply {
  hits: number;
  misses: number;
  ghostHits: number;
  evictions: number;
  blocks: number;
  bytes: number;
  capacityBytes: number;
  startBytes: number;
  maxBytes: number;
  grows: number;
  ghosts: number;
}

export interface StatsReply {
  cache: CacheStatsReply;
  /** A writer's set of nodes confirmed live. */
  liveNodes?: { count: number; bytes: number; maxBytes: number };
  /** The plans kept by statement text. */
  plans: { hits: number; misses: number; entries: number; textBytes: number };
}

export interface RecoveryReply {
  version: number;
  lastLsn: number;
  checkpoint: string;
  tables: number;
  walSegments: number;
  forks: string[];
  retired: number;
}

/** core/limits.h, as the engine reports it. */
export interface EngineLimits {
  maxNameBytes: number;
  maxValueDepth: number;
  maxRecordBytes: number;
  maxCommitBytes: number;
  flushAfterWalBytes: number;
  flushAfterWalSegments: number;
  maxBlockBytes: number;
  maxTableMetaBytes: number;
  maxManifestBytes: number;
  maxObjectBytes: number;
  gcGraceMs: number;
}

/**
 * A statement's rows reply: the address in the module's memory of four u32
 * words, the last chunk's address and length (binary row format; the
 * chunks before it went to the bridge's rowsChunk while the statement
 * ran) and the address and length of the result's meta JSON ({columns,
 * counters?, loadCsv?, profile?}).
 */
export type RowsReply = number;

export interface DatabaseClientHandle {
  open(
    namespace: string,
    prefix: string,
    readOnly: boolean,
    cacheBytes: number,
    maxCacheBytes: number,
    gcGraceMs: number,
    memtableBytes: number,
  ): Promise<object | StoreReplyError>;
  /**
   * A statement's run: the reply itself when the module ran it through
   * without suspending, a promise of it when it suspended (Asyncify: a
   * store read, a yield, a procedure or CSV source in JS).
   */
  run(
    cypher: string,
    /** The parameter batch (js/src/staging_batch.ts, encodeParameterBatch). */
    params: Uint8Array,
    write: boolean,
    lossless: boolean,
    maxRows: number,
    maxIntermediateRows: number,
    maxMemoryBytes: number,
    timeoutMs: number,
    yieldEveryMs: number,
  ): RowsReply | StoreReplyError | Promise<RowsReply | StoreReplyError>;
  /** A prepared statement's number, or a syntax error. */
  prepare(cypher: string): { statement: number } | StoreReplyError;
  runPrepared(
    statement: number,
    /** The parameter batch (js/src/staging_batch.ts, encodeParameterBatch). */
    params: Uint8Array,
    write: boolean,
    lossless: boolean,
    maxRows: number,
    maxIntermediateRows: number,
    maxMemoryBytes: number,
    timeoutMs: number,
    yieldEveryMs: number,
  ): RowsReply | StoreReplyError | Promise<RowsReply | StoreReplyError>;
  closeStatement(statement: number): void;
  refresh(): Promise<object | StoreReplyError>;
  registerProcedure(
    signature: string,
    handler: number,
    lossless: boolean,
  ): { name: string; inputs: string[]; outputs: string[] } | StoreReplyError;
  upsertNode(labelsJson: string, id: string, propertiesJson: string): Promise<{ id: string } | StoreReplyError>;
  upsertEdge(
    type: string,
    src: string,
    dst: string,
    propertiesJson: string,
    id: string,
  ): Promise<{ id: string } | StoreReplyError>;
  /**
   * upsertNodes / upsertEdges: a binary staging batch (js/src/staging_batch.ts)
   * at [data, data + size) in wasm memory, from _malloc; the call frees it.
   */
  stageBatch(data: number, size: number): Promise<{ count: number } | StoreReplyError>;
  tombstoneNode(id: string): Promise<object | StoreReplyError>;
  tombstoneEdge(id: string): Promise<object | StoreReplyError>;
  staged(): number;
  commit(): Promise<{ version: number } | StoreReplyError>;
  discard(): void;
  flush(): Promise<{ version: number } | StoreReplyError>;
  compact(): Promise<{ version: number } | StoreReplyError>;
  stats(): StatsReply;
  gc(graceMs: number): Promise<GcReply | StoreReplyError>;
  recover(namespace: string, prefix: string): Promise<RecoveryReply | StoreReplyError>;
  delete(): void;
}

export interface NamiDBModule {
  HEAPU8: Uint8Array;
  _malloc(size: number): number;
  _free(ptr: number): void;
  version(): string;
  limits(): EngineLimits;
  /** The C stack in linear memory: it grows down from `base` to `end`; `current` is where it is now. */
  stackBounds(): { base: number; end: number; current: number };
  /** The most bytes of the Asyncify buffer one suspension has used (wasm/bridge_library.js). */
  namidbAsyncifyPeak?: number;
  /** Every object of a namespace read and checked (src/storage/verify.h); JSON of the report. */
  verifyNamespace(storeId: number, namespace: string, prefix: string): Promise<{ json: string } | StoreReplyError>;
  StoreClient: new (storeId: number) => StoreClientHandle;
  DatabaseClient: new (storeId: number) => DatabaseClientHandle;
  /** The mangled type name of a C++ exception thrown into JS as a pointer (wasm/bridge_library.js). */
  namidbExceptionType?: (pointer: number) => string;
}

export interface NamiDBModuleOptions {
  instantiateWasm?: (
    imports: WebAssembly.Imports,
    receive: (instance: WebAssembly.Instance, module?: WebAssembly.Module) => void,
  ) => object;
  locateFile?: (path: string, prefix: string) => string;
  print?: (text: string) => void;
  printErr?: (text: string) => void;
  onAbort?: (what: unknown) => void;
  namidbBridge?: unknown;
}

declare function createNamiDBModule(options?: NamiDBModuleOptions): Promise<NamiDBModule>;
export default createNamiDBModule;
