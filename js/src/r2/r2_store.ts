/**
 * R2Store: an ObjectStore over a Cloudflare Workers R2 binding (`env.BUCKET`).
 *
 * A Worker reads and writes its bucket through the binding, with no URLs to
 * sign and no credentials in the code. The store contract maps onto it as:
 * - create-only put: `put(key, bytes, { onlyIf: { etagDoesNotMatch: "*" } })`;
 * - compare-and-swap: `onlyIf: { etagMatches }`, which R2 checks atomically.
 *   R2's ETag is a hash of the content, so equal bytes written twice have one
 *   ETag; the version token therefore carries R2's per-upload `version` too
 *   (`<etag>:<version>`), and a swap first checks with a HEAD that the object
 *   is still at that upload. A token is retired by any later write, except a
 *   write of the very same bytes landing between that HEAD and the put (the
 *   swap then succeeds as if the object had not changed; namidb's manifest
 *   never repeats its bytes, its version grows);
 * - a put that lost its condition resolves to null: PreconditionFailedError;
 * - ranged reads with `get(key, { range })`; R2 refuses a range starting at or
 *   past the end (and an empty one), which the contract answers with zero
 *   bytes: after a refused range the store reads the metadata, and answers
 *   zero bytes if the range lies past the end;
 * - `list` with `startAfter`, then R2's cursor while a page comes back empty.
 *
 * A batched read (`getMany`) runs at most `maxInFlight` binding calls at once,
 * with adjacent ranges of one object read as one, and keeps what it read of
 * immutable objects (data files, WAL segments) in a small in-memory cache,
 * which outlives a request when the store is kept in module scope.
 */
import { CancelledError, InvalidArgumentError, IoError, NotFoundError, PreconditionFailedError, toNamiDBError, type NamiDBError } from "../errors.js";
import { BlockCache, type BlockCacheOptions } from "../fetch/block_cache.js";
import { coalesceRanges, sliceMember, type CoalescedRead, type RangeWanted } from "../fetch/coalesce.js";
import { validateKey, validateLimit, validateRange } from "../keys.js";
import type {
  ByteRange,
  GetRequest,
  GetResult,
  ListOptions,
  ListPage,
  ObjectMeta,
  ObjectStore,
  PutOptions,
  ReadOptions,
  VersionToken,
} from "../store.js";
import type { R2BucketLike, R2ObjectLike } from "./r2_bucket.js";

export interface R2StoreOptions {
  /** Binding calls of one batched read at once (default 8). */
  maxInFlight?: number;
  /**
   * The in-memory cache of immutable objects' bytes, or false for none
   * (default: 8 MiB; a Worker isolate has 128 MB for everything). A persistent
   * layer works as for FetchStore.
   */
  cache?: BlockCacheOptions | false;
  /** Ranges of one object this close (bytes) are read as one (default 0: touching or overlapping). */
  coalesceGapBytes?: number;
}

export interface R2StoreStats {
  /** Binding calls made: get, head, put, delete, list. */
  calls: number;
  /** Bytes of object data read through the binding. */
  bytesRead: number;
  cacheHits: number;
}

export class R2Store implements ObjectStore {
  readonly kind = "r2";
  private readonly maxInFlight: number;
  private readonly gap: number;
  private readonly cache: BlockCache | undefined;
  private readonly counters = { calls: 0, bytesRead: 0 };

  constructor(
    private readonly bucket: R2BucketLike,
    options: R2StoreOptions = {},
  ) {
    if (bucket === null || typeof bucket !== "object" || typeof bucket.get !== "function" || typeof bucket.put !== "function") {
      throw new InvalidArgumentError("R2Store needs an R2 binding (env.BUCKET, declared in wrangler.toml under [[r2_buckets]])");
    }
    this.maxInFlight = positiveInteger(options.maxInFlight ?? 8, "maxInFlight");
    const gap = options.coalesceGapBytes ?? 0;
    if (!Number.isSafeInteger(gap) || gap < 0) throw new InvalidArgumentError("coalesceGapBytes must be a non-negative integer");
    this.gap = gap;
    if (options.cache !== false) this.cache = new BlockCache({ maxBytes: 8 << 20, ...options.cache });
  }

  get stats(): R2StoreStats {
    return { ...this.counters, cacheHits: this.cache?.stats.memoryHits ?? 0 };
  }

  async get(key: string, range?: ByteRange, options: ReadOptions = {}): Promise<GetResult> {
    const [result] = await this.getMany([range ? { key, range } : { key }], options);
    if (result instanceof Error) throw result;
    return result!;
  }

  async getMany(requests: readonly GetRequest[], options: ReadOptions = {}): Promise<Array<GetResult | NamiDBError>> {
    const results: Array<GetResult | NamiDBError | undefined> = new Array(requests.length);
    const wanted: RangeWanted[] = [];
    for (const [index, request] of requests.entries()) {
      try {
        validateKey(request.key);
        validateRange(request.range);
        const offset = request.range?.offset ?? 0;
        const length = request.range?.length;
        const hit = await this.cache?.get(request.key, offset, length);
        if (hit) results[index] = hit;
        else wanted.push(length === undefined ? { index, key: request.key, offset } : { index, key: request.key, offset, length });
      } catch (err) {
        results[index] = toNamiDBError(err);
      }
    }
    const reads = coalesceRanges(wanted, this.gap);
    let next = 0;
    const worker = async () => {
      while (next < reads.length) {
        const read = reads[next++]!;
        checkSignal(options.signal);
        let outcome: Array<[RangeWanted, GetResult]> | NamiDBError;
        try {
          outcome = await this.read(read);
        } catch (err) {
          outcome = toNamiDBError(err);
        }
        if (outcome instanceof Error) {
          for (const m of read.members) results[m.index] = outcome;
          continue;
        }
        for (const [member, result] of outcome) {
          results[member.index] = result;
          await this.cache?.put(member.key, member.offset, member.length, result);
        }
      }
    };
    await Promise.all(Array.from({ length: Math.min(this.maxInFlight, reads.length) }, worker));
    return results.map((r) => r!);
  }

  async head(key: string, options: ReadOptions = {}): Promise<ObjectMeta> {
    validateKey(key);
    checkSignal(options.signal);
    const object = await this.call(`reading the metadata of '${key}'`, () => this.bucket.head(key));
    if (!object) throw notFound(key);
    return metaOf(object);
  }

  async put(key: string, data: Uint8Array, options: PutOptions = {}): Promise<VersionToken> {
    validateKey(key);
    if (options.ifAbsent && options.ifMatch) throw new InvalidArgumentError("put takes ifAbsent or ifMatch, not both");
    let onlyIf: { etagMatches?: string; etagDoesNotMatch?: string } | undefined;
    if (options.ifAbsent) onlyIf = { etagDoesNotMatch: "*" };
    if (options.ifMatch) {
      const wanted = parseToken(options.ifMatch.etag);
      const current = await this.call(`reading the metadata of '${key}'`, () => this.bucket.head(key));
      if (!current) throw new PreconditionFailedError(`'${key}' does not exist, so it is not at version ${options.ifMatch.etag}`);
      if (current.etag !== wanted.etag || (wanted.version !== undefined && current.version !== wanted.version)) {
        throw new PreconditionFailedError(`'${key}' is at version ${tokenOf(current)}, not ${options.ifMatch.etag}`);
      }
      onlyIf = { etagMatches: wanted.etag };
    }
    this.cache?.invalidate(key);
    let stored: R2ObjectLike | null;
    try {
      this.counters.calls++;
      stored = await this.bucket.put(key, data, onlyIf ? { onlyIf } : {});
    } catch (err) {
      throw new IoError(`the put of '${key}' to R2 failed and its outcome is unknown: ${messageOf(err)}`, { cause: err });
    } finally {
      this.cache?.invalidate(key);
    }
    if (!stored) {
      throw new PreconditionFailedError(
        options.ifAbsent ? `'${key}' already exists` : `'${key}' changed before the swap to version ${options.ifMatch!.etag} landed`,
      );
    }
    return { etag: tokenOf(stored) };
  }

  async delete(key: string): Promise<void> {
    validateKey(key);
    this.cache?.invalidate(key);
    await this.call(`deleting '${key}'`, () => this.bucket.delete(key));
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    if (typeof prefix !== "string") throw new InvalidArgumentError("a list prefix must be a string");
    const limit = validateLimit(options.limit);
    checkSignal(options.signal);
    const first: { prefix: string; limit: number; startAfter?: string } = { prefix, limit };
    if (options.startAfter !== undefined) first.startAfter = options.startAfter;
    let page = await this.call(`listing '${prefix}'`, () => this.bucket.list(first));
    // R2 may end a page early; only an empty truncated page needs its cursor.
    while (page.truncated && page.objects.length === 0 && page.cursor) {
      checkSignal(options.signal);
      const cursor = page.cursor;
      page = await this.call(`listing '${prefix}'`, () => this.bucket.list({ prefix, limit, cursor }));
    }
    const out: ListPage = { objects: page.objects.map(metaOf) };
    if (page.truncated && page.objects.length > 0) out.nextStartAfter = page.objects[page.objects.length - 1]!.key;
    return out;
  }

  // One coalesced read: a ranged get, cut back into the members' answers.
  private async read(read: CoalescedRead): Promise<Array<[RangeWanted, GetResult]> | NamiDBError> {
    const empty = (meta: ObjectMeta) =>
      read.members.map((m): [RangeWanted, GetResult] => [m, { data: new Uint8Array(0), meta }]);
    if (read.length === 0) return empty(await this.head(read.key));
    const whole = read.offset === 0 && read.length === undefined;
    const range = read.length === undefined ? { offset: read.offset } : { offset: read.offset, length: read.length };
    let object;
    try {
      this.counters.calls++;
      object = await this.bucket.get(read.key, whole ? {} : { range });
    } catch (err) {
      // R2 refuses a range at or past the end (error 10039; the simulator
      // sometimes an unspecified one): zero bytes, if that is what it was.
      if (!whole) {
        const meta = await this.head(read.key).catch(() => undefined);
        if (meta && read.offset >= meta.size) return empty(meta);
      }
      throw new IoError(`reading '${read.key}' from R2: ${messageOf(err)}`, { cause: err });
    }
    if (!object) return notFound(read.key);
    const data = new Uint8Array(await object.arrayBuffer());
    this.counters.bytesRead += data.length;
    const meta = metaOf(object);
    return read.members.map((m) => [m, { data: sliceMember(data, read.offset, m), meta }]);
  }

  private async call<T>(what: string, fn: () => Promise<T>): Promise<T> {
    this.counters.calls++;
    try {
      return await fn();
    } catch (err) {
      throw new IoError(`${what} in R2: ${messageOf(err)}`, { cause: err });
    }
  }
}

function tokenOf(object: R2ObjectLike): string {
  return `${object.etag}:${object.version}`;
}

function parseToken(token: string): { etag: string; version?: string } {
  const colon = token.lastIndexOf(":");
  return colon < 0 ? { etag: token } : { etag: token.slice(0, colon), version: token.slice(colon + 1) };
}

function metaOf(object: R2ObjectLike): ObjectMeta {
  return { key: object.key, size: object.size, version: { etag: tokenOf(object) } };
}

function notFound(key: string): NotFoundError {
  return new NotFoundError(`no object '${key}' in the R2 bucket`);
}

function checkSignal(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError("the store request was cancelled (its AbortSignal fired)");
}

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

function positiveInteger(value: number, name: string): number {
  if (!Number.isSafeInteger(value) || value < 1) throw new InvalidArgumentError(`${name} must be a positive integer`);
  return value;
}
