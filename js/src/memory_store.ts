/**
 * MemoryStore: an ObjectStore in a Map, for tests, demos and ephemeral work.
 *
 * Versions come from a per-store counter that is never reused, so an etag
 * never comes back after a delete (no ABA). Bytes are copied in and out:
 * callers never alias the store's buffers, except the engine's own bridge,
 * which hands over the copies it makes of what it puts and copies what it
 * reads at once (HANDED_OVER, COPIED_AT_ONCE in store.ts): in a load of
 * millions of elements, every 64 MB copied cost a full garbage collection
 * of the JS heap. Every method is asynchronous and reports failures by
 * rejecting, like a remote store.
 */
import { NotFoundError, PreconditionFailedError } from "./errors.js";
import { clampRange, compareKeys, validateKey, validateLimit, validateRange } from "./keys.js";
import {
  COPIED_AT_ONCE,
  HANDED_OVER,
  type ByteRange,
  type GetRequest,
  type GetResult,
  type ListOptions,
  type ListPage,
  type ObjectMeta,
  type ObjectStore,
  type PutOptions,
  type ReadOptions,
  type VersionToken,
} from "./store.js";
import { toNamiDBError, type NamiDBError } from "./errors.js";

interface StoredObject {
  data: Uint8Array;
  etag: string;
}

export interface MemoryStoreOptions {
  /** Delay every operation by this many milliseconds (to model a remote store). */
  latencyMs?: number;
}

const shared = new Map<string, MemoryStore>();

export class MemoryStore implements ObjectStore {
  readonly kind = "memory";
  private readonly objects = new Map<string, StoredObject>();
  private counter = 0;
  private readonly latencyMs: number;
  /** Operations running now, and the most ever running at once. */
  inFlight = 0;
  maxInFlight = 0;

  constructor(options: MemoryStoreOptions = {}) {
    this.latencyMs = options.latencyMs ?? 0;
  }

  /** The process-wide store of this name: `memory://name` twice is one store. */
  static shared(name: string): MemoryStore {
    let store = shared.get(name);
    if (!store) {
      store = new MemoryStore();
      shared.set(name, store);
    }
    return store;
  }

  /** Number of objects held. */
  get size(): number {
    return this.objects.size;
  }

  private async op<T>(fn: () => T): Promise<T> {
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
      else await Promise.resolve();
      return fn();
    } finally {
      this.inFlight--;
    }
  }

  private meta(key: string, object: StoredObject): ObjectMeta {
    return { key, size: object.data.length, version: { etag: object.etag } };
  }

  private read(key: string, range: ByteRange | undefined, view: boolean): GetResult {
    validateKey(key);
    validateRange(range);
    const object = this.objects.get(key);
    if (!object) throw new NotFoundError(`no object '${key}' in the memory store`);
    const { offset, length } = clampRange(range, object.data.length);
    const data = view ? object.data.subarray(offset, offset + length) : object.data.slice(offset, offset + length);
    return { data, meta: this.meta(key, object) };
  }

  get(key: string, range?: ByteRange, options?: ReadOptions): Promise<GetResult> {
    return this.op(() => this.read(key, range, options?.[COPIED_AT_ONCE] === true));
  }

  getMany(requests: readonly GetRequest[], options?: ReadOptions): Promise<Array<GetResult | NamiDBError>> {
    const view = options?.[COPIED_AT_ONCE] === true;
    return this.op(() =>
      requests.map((r) => {
        try {
          return this.read(r.key, r.range, view);
        } catch (err) {
          return toNamiDBError(err);
        }
      }),
    );
  }

  head(key: string): Promise<ObjectMeta> {
    return this.op(() => {
      validateKey(key);
      const object = this.objects.get(key);
      if (!object) throw new NotFoundError(`no object '${key}' in the memory store`);
      return this.meta(key, object);
    });
  }

  put(key: string, data: Uint8Array, options: PutOptions = {}): Promise<VersionToken> {
    return this.op(() => {
      validateKey(key);
      const current = this.objects.get(key);
      if (options.ifAbsent && current) {
        throw new PreconditionFailedError(`'${key}' already exists`);
      }
      if (options.ifMatch) {
        if (!current) throw new PreconditionFailedError(`'${key}' does not exist`);
        if (current.etag !== options.ifMatch.etag) {
          throw new PreconditionFailedError(
            `'${key}' is at version ${current.etag}, not ${options.ifMatch.etag}`,
          );
        }
      }
      const etag = `"m-${++this.counter}"`;
      this.objects.set(key, { data: options[HANDED_OVER] === true ? data : data.slice(), etag });
      return { etag };
    });
  }

  delete(key: string): Promise<void> {
    return this.op(() => {
      validateKey(key);
      this.objects.delete(key);
    });
  }

  list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    return this.op(() => {
      const limit = validateLimit(options.limit);
      const after = options.startAfter;
      const keys = [...this.objects.keys()]
        .filter((k) => k.startsWith(prefix) && (after === undefined || compareKeys(k, after) > 0))
        .sort(compareKeys);
      const page: ListPage = {
        objects: keys.slice(0, limit).map((k) => this.meta(k, this.objects.get(k)!)),
      };
      if (keys.length > limit) page.nextStartAfter = keys[limit - 1]!;
      return page;
    });
  }
}
