/**
 * namidb-wasm: a graph database whose only source of truth is an object store.
 *
 * This entry point runs in browsers, workers, Cloudflare Workers, Deno and
 * Node. Node-only pieces (the local FileStore) are in "namidb-wasm/node";
 * Node and Deno get them from "namidb-wasm" too (export conditions), and
 * Workers get the wasm imported as a module (js/src/runtime/).
 */
export { Engine, EngineStore, loadEngine } from "./engine.js";
export {
  Database,
  PreparedStatement,
  open,
  recover,
  QueryResult,
  type CsvData,
  type CsvOptions,
  type CsvProgress,
  type EdgeInput,
  type ElementId,
  type GcOptions,
  type LoadCsvStats,
  type DatabaseStats,
  type GcResult,
  type RecoverOptions,
  type RecoveryReport,
  type NodeInput,
  type OpenOptions,
  type OpenTarget,
  type ProcedureFunction,
  type RunOptions,
  type StatementLimits,
  type UpdateCounters,
} from "./database.js";
export {float, MAX_VALUE_DEPTH, CypherDate, CypherLocalTime, CypherTime, CypherLocalDateTime, CypherDateTime, CypherDuration, CypherFloat, type Node, type Relationship, type Path,} from './values.js';
export { defaultWasmUrl, type LoadOptions, type WasmSource } from "./loader.js";
export { MemoryStore } from "./memory_store.js";
export * from "./fetch/index.js";
export * from "./r2/index.js";
export { parsePublicUrl } from "./fetch/public_url.js";
export { copyNamespace, type CopyOptions, type CopyProgress, type CopyResult } from "./copy.js";
export { bulkLoad, type BulkLoadInput, type BulkLoadOptions, type BulkLoadProgress, type BulkLoadResult } from "./bulk_load.js";
export { verifyNamespace, type VerifiedObject, type VerifyOptions, type VerifyReport } from "./verify.js";
export { WorkerDatabase, WorkerPreparedStatement, type DatabaseApi, type PreparedStatementApi } from "./worker/client.js";
export { serveDatabases, type ServeOptions } from "./worker/serve.js";
export type { Change, SubscribeOptions } from "./notify/change_feed.js";
export { OpfsStore, type OpfsStoreOptions } from "./opfs/opfs_store.js";
export { OpfsBlockCache, type OpfsBlockCacheOptions } from "./opfs/block_cache.js";
export { persistStorage, storageStatus, type StorageStatus } from "./opfs/persist.js";
export * from "./errors.js";
export type * from "./store.js";
