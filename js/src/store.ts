/**
 * The object-store interface the engine reads and writes through.
 *
 * It mirrors the C++ `ObjectStore` (src/store/object_store.h): the wasm bridge
 * hands each call of the engine to one of these objects and suspends the
 * engine until the promise settles. Users may bring their own implementation;
 * the contract is the one the conformance suite checks (js/test):
 *
 * - Keys are '/'-separated, 1..1024 bytes, no empty, "." or ".." segment, no
 *   control characters (`validateKey`).
 * - An object is written whole or not at all.
 * - Every write gives the object a new version token. `put` with `ifAbsent`
 *   succeeds only if the key is absent; with `ifMatch` only if the key exists
 *   at exactly that version. A lost condition throws PreconditionFailedError.
 * - `get` of a missing key throws NotFoundError; ranges are clamped to the
 *   object (a range past the end reads zero bytes); `meta.size` is always
 *   the size of the whole object.
 * - `delete` of a missing key succeeds.
 * - `list` returns keys with a prefix in ascending byte order (UTF-8 code
 *   unit order), a page at a time.
 */
import { NamiDBError } from "./errors.js";

/** Store-neutral version: the HTTP ETag, or GCS's generation (0 when none). */
export interface VersionToken {
  etag: string;
  generation?: number;
}

/** Bytes [offset, offset + length); without length, to the end. */
export interface ByteRange {
  offset: number;
  length?: number;
}

export interface ObjectMeta {
  key: string;
  /** Size of the whole object in bytes. */
  size: number;
  version: VersionToken;
}

export interface GetRequest {
  key: string;
  range?: ByteRange;
}

export interface GetResult {
  data: Uint8Array;
  meta: ObjectMeta;
}

/**
 * @internal On a put, set by the engine's store bridge: `data` is a copy made
 * for this call alone, which nothing else holds or changes, so a store that
 * keeps bytes may keep this array instead of a copy of it (MemoryStore does).
 */
export const HANDED_OVER = Symbol("namidb.handedOver");

/**
 * @internal On a read, set by the engine's store bridge: the data is copied
 * into wasm memory at once and never changed, so a store may return a view
 * of bytes it holds instead of a copy (MemoryStore does: its arrays are never
 * changed in place).
 */
export const COPIED_AT_ONCE = Symbol("namidb.copiedAtOnce");

export interface PutOptions {
  /** Create only: fail with PreconditionFailedError if the key exists. */
  ifAbsent?: boolean;
  /** Replace only this version: fail if the key is missing or changed. */
  ifMatch?: VersionToken;
  /**
   * Fires when the statement that writes is cancelled or past its timeout. A
   * store may then give up a put that has not started writing (the FileStore
   * stops waiting for its lock) with CancelledError, leaving the key as it
   * was; a put that has started writing must finish. Stores may ignore it.
   */
  signal?: AbortSignal;
  /** @internal See HANDED_OVER. */
  [HANDED_OVER]?: boolean;
}

export interface ListOptions extends ReadOptions {
  /** Only keys strictly greater than this (the previous page's `nextStartAfter`). */
  startAfter?: string;
  /** Keys per page, 1..1000 (default 1000). */
  limit?: number;
}

/**
 * Options of one read. The engine passes the running statement's signal, so
 * a store that can (FetchStore) abandons its requests when it fires.
 */
export interface ReadOptions {
  signal?: AbortSignal;
  /** @internal See COPIED_AT_ONCE. */
  [COPIED_AT_ONCE]?: boolean;
}

export interface ListPage {
  objects: ObjectMeta[];
  /** Pass as `startAfter` for the next page; absent on the last page. */
  nextStartAfter?: string;
}

export interface ObjectStore {
  /** Short name for messages: "memory", "file", "opfs", "fetch", "r2", ... */
  readonly kind: string;
  get(key: string, range?: ByteRange, options?: ReadOptions): Promise<GetResult>;
  /**
   * Many reads at once, one result or error per request in request order.
   * Optional: without it the bridge issues the `get`s concurrently itself.
   */
  getMany?(requests: readonly GetRequest[], options?: ReadOptions): Promise<Array<GetResult | NamiDBError>>;
  head(key: string, options?: ReadOptions): Promise<ObjectMeta>;
  put(key: string, data: Uint8Array, options?: PutOptions): Promise<VersionToken>;
  delete(key: string): Promise<void>;
  list(prefix: string, options?: ListOptions): Promise<ListPage>;
}
