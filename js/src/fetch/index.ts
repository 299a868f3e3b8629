/** The fetch() object store and what it is configured with. */
export { FetchStore, type FetchStoreOptions, type FetchStoreStats } from "./fetch_store.js";
export {
  BlockCache,
  isImmutableDataKey,
  type BlockCacheOptions,
  type CachedRange,
  type PersistentBlockCache,
} from "./block_cache.js";
export type { Dialect, DialectName, ServiceListPage, WriteRefusal } from "./dialect.js";
export type { HttpOptions, HttpStats } from "./http.js";
export type { Presign, PresignBatch, PresignRequest, SignedRequest, StoreOperation } from "./presign_request.js";
export { presignEndpoint, type RemotePresignOptions } from "./remote_presign.js";
