/**
 * The FetchStore's cache of object bytes, keyed by object name and byte
 * range. Only objects that never change once written are cached (by default
 * the namespace's data files and WAL segments, whose names are unique; never
 * the manifest), so an entry can never be stale and needs no revalidation.
 *
 * Two layers: an in-memory one (least recently used out, within a byte
 * budget) that serves any range inside a range it holds, and an optional
 * persistent one (a directory in Node, OPFS in browsers) keyed by the exact
 * range asked for, so a second page load or process start of the same
 * namespace asks the network for nothing it read before: the engine asks for
 * the same ranges (table tails, then blocks by the index) every time.
 */
import type { GetResult, ObjectMeta } from "../store.js";

/** One cached range: its bytes and the metadata of the whole object. */
export interface CachedRange {
  data: Uint8Array;
  /** Size of the whole object. */
  size: number;
  etag: string;
  generation?: number;
}

/**
 * A persistent layer. `id` names the store, the object and the exact range;
 * implementations may hash it into a file name. Failures should be swallowed
 * (a cache that cannot read is a cache miss) or thrown; the FetchStore treats
 * a throwing layer as a miss and goes on.
 */
export interface PersistentBlockCache {
  get(id: string): Promise<CachedRange | undefined>;
  put(id: string, entry: CachedRange): Promise<void>;
}

export interface BlockCacheOptions {
  /** Bytes the in-memory layer may hold (default 16 MiB; 0: none). */
  maxBytes?: number;
  /** A persistent layer under the in-memory one. */
  persistent?: PersistentBlockCache;
  /**
   * Names the bucket and namespace root in the persistent layer's ids (a
   * public mode store uses its base URL). Required with a persistent layer in
   * signed mode: presigned URLs change with every signature.
   */
  scope?: string;
  /** Which keys never change once written (default: `…/sst/*.sst` and `…/wal/*.wal`). */
  cacheable?: (key: string) => boolean;
}

/** namidb's immutable objects: data files and WAL segments have unique names. */
export function isImmutableDataKey(key: string): boolean {
  return /(^|\/)(sst\/[^/]+\.sst|wal\/[^/]+\.wal)$/.test(key);
}

interface MemoryEntry {
  offset: number;
  data: Uint8Array;
  meta: ObjectMeta;
}

export interface CacheStats {
  /** Requests served from memory. */
  memoryHits: number;
  /** Requests served from the persistent layer. */
  persistentHits: number;
  misses: number;
}

export class BlockCache {
  readonly stats: CacheStats = { memoryHits: 0, persistentHits: 0, misses: 0 };
  private readonly maxBytes: number;
  private readonly persistent: PersistentBlockCache | undefined;
  private readonly scope: string;
  readonly cacheable: (key: string) => boolean;
  /** Key -> ranges held; iteration order of `lru` is least recent first. */
  private readonly byKey = new Map<string, MemoryEntry[]>();
  private readonly lru = new Map<MemoryEntry, string>();
  private bytes = 0;

  constructor(options: BlockCacheOptions = {}) {
    this.maxBytes = options.maxBytes ?? 16 << 20;
    this.persistent = options.persistent;
    this.scope = options.scope ?? "";
    this.cacheable = options.cacheable ?? isImmutableDataKey;
  }

  /** The cached bytes of `key` from `offset` (`length` bytes, or to the end), or undefined. */
  async get(key: string, offset: number, length: number | undefined): Promise<GetResult | undefined> {
    if (!this.cacheable(key)) return undefined;
    const hit = this.fromMemory(key, offset, length);
    if (hit) {
      this.stats.memoryHits++;
      return hit;
    }
    if (this.persistent) {
      let entry: CachedRange | undefined;
      try {
        entry = await this.persistent.get(this.id(key, offset, length));
      } catch {
        entry = undefined;  // an unreadable cache is a miss
      }
      if (entry) {
        this.stats.persistentHits++;
        const meta = metaOf(key, entry);
        this.remember(key, offset, entry.data, meta);
        return { data: entry.data.slice(), meta };
      }
    }
    this.stats.misses++;
    return undefined;
  }

  /** Keeps the answer to a read of `key` from `offset` (`length` as asked). */
  async put(key: string, offset: number, length: number | undefined, result: GetResult): Promise<void> {
    if (!this.cacheable(key)) return;
    this.remember(key, offset, result.data, result.meta);
    if (this.persistent) {
      const entry: CachedRange = { data: result.data, size: result.meta.size, etag: result.meta.version.etag };
      if (result.meta.version.generation) entry.generation = result.meta.version.generation;
      try {
        await this.persistent.put(this.id(key, offset, length), entry);
      } catch {
        // A cache that cannot write only costs a later read.
      }
    }
  }

  /** Forgets `key` in memory (it was written or deleted through this store). */
  invalidate(key: string): void {
    for (const entry of this.byKey.get(key) ?? []) this.drop(entry);
  }

  private id(key: string, offset: number, length: number | undefined): string {
    return `${this.scope}\n${key}\n${offset}\n${length ?? "end"}`;
  }

  private fromMemory(key: string, offset: number, length: number | undefined): GetResult | undefined {
    for (const entry of this.byKey.get(key) ?? []) {
      const size = entry.meta.size;
      const start = Math.min(offset, size);
      const end = length === undefined ? size : Math.min(size, offset + length);
      const entryEnd = entry.offset + entry.data.length;
      // Past the end of the object any entry knows the answer: zero bytes.
      if (start >= size || (start >= entry.offset && end <= entryEnd)) {
        this.lru.delete(entry);
        this.lru.set(entry, key);
        const from = Math.max(0, start - entry.offset);
        return {
          data: start >= size ? new Uint8Array(0) : entry.data.slice(from, from + (end - start)),
          meta: { ...entry.meta, version: { ...entry.meta.version } },
        };
      }
    }
    return undefined;
  }

  private remember(key: string, offset: number, data: Uint8Array, meta: ObjectMeta): void {
    if (data.length > this.maxBytes) return;
    const entry: MemoryEntry = { offset, data: data.slice(), meta: { ...meta, version: { ...meta.version } } };
    const list = this.byKey.get(key) ?? [];
    list.push(entry);
    this.byKey.set(key, list);
    this.lru.set(entry, key);
    this.bytes += data.length;
    for (const [old] of this.lru) {
      if (this.bytes <= this.maxBytes) break;
      this.drop(old);
    }
  }

  private drop(entry: MemoryEntry): void {
    const key = this.lru.get(entry);
    if (key === undefined) return;
    this.lru.delete(entry);
    this.bytes -= entry.data.length;
    const list = this.byKey.get(key)!.filter((e) => e !== entry);
    if (list.length) this.byKey.set(key, list);
    else this.byKey.delete(key);
  }
}

function metaOf(key: string, entry: CachedRange): ObjectMeta {
  const meta: ObjectMeta = { key, size: entry.size, version: { etag: entry.etag } };
  if (entry.generation) meta.version.generation = entry.generation;
  return meta;
}
