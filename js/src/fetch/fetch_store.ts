/**
 * FetchStore: an ObjectStore over HTTP with nothing but WHATWG fetch(), so it
 * runs unchanged in browsers, workers, Deno, Cloudflare Workers and Node.
 *
 * Two modes:
 * - signed: every request goes to a URL the user's `presign` callback signs
 *   (their backend holds the credentials, the page never does). S3 (and R2,
 *   MinIO), GCS's XML API and Azure Blob are the dialects.
 * - public (read-only): plain GETs of `baseUrl + key` (a CDN, a static site,
 *   a public bucket); writes are UnsupportedError and a listing reads the
 *   namespace's manifest instead of calling LIST.
 *
 * A batched read (`getMany`) is served by concurrent requests, at most
 * `maxInFlight` at once, with adjacent ranges of one object coalesced into
 * one ranged GET and immutable objects served from the block cache.
 * Idempotent requests are retried on transient failures (http.ts); a write
 * never is, except after S3's 409 ConditionalRequestConflict, which is
 * retried once a re-read shows its precondition can still hold. A write whose
 * outcome is unknown (a network failure, a 5xx) is an IoError: the engine
 * settles an ambiguous manifest swap by reading the manifest back.
 */
import {
  CancelledError,
  CorsHeaderError,
  InvalidArgumentError,
  IoError,
  NamiDBError,
  NotFoundError,
  PreconditionFailedError,
  UnsupportedError,
} from "../errors.js";
import { clampRange, compareKeys, validateKey, validateLimit, validateRange } from "../keys.js";
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
import { BlockCache, type BlockCacheOptions } from "./block_cache.js";
import { coalesceRanges, sliceMember, type CoalescedRead, type RangeWanted } from "./coalesce.js";
import type { Dialect, DialectName } from "./dialect.js";
import { dialectOf } from "./dialects.js";
import { HttpClient, type HttpOptions, type HttpReply, type HttpStats } from "./http.js";
import { MANIFEST_NAME, namespaceFolderOf, objectsOfManifest } from "./manifest_listing.js";
import {
  HTTP_METHOD,
  type Presign,
  type PresignBatch,
  type PresignRequest,
  type SignedRequest,
} from "./presign_request.js";
import { xmlText } from "./xml.js";

export interface FetchStoreOptions extends HttpOptions {
  /** The service's API: "s3" (default; also R2, MinIO), "gcs" (XML API) or "azure". */
  dialect?: DialectName | Dialect;
  /** Signed mode: signs one request (your backend's job). */
  presign?: Presign;
  /** Signed mode: signs many at once (one call per batched read); used instead of `presign` when given. */
  presignBatch?: PresignBatch;
  /** Public read-only mode: objects are `baseUrl + key` (a '/' is added if missing). */
  baseUrl?: string | URL;
  /** The block cache, or false for none (default: 16 MiB in memory, no persistent layer). */
  cache?: BlockCacheOptions | false;
  /** Ranges of one object this close (bytes) are read as one (default 0: touching or overlapping). */
  coalesceGapBytes?: number;
  /** Retries of a conditional write after 409 ConditionalRequestConflict (default 4). */
  conflictRetries?: number;
}

export interface FetchStoreStats extends HttpStats {
  /** Calls of `presign` / `presignBatch`. */
  presignCalls: number;
  memoryCacheHits: number;
  persistentCacheHits: number;
}

// A signed get/head URL is reused until this long before it expires.
const URL_REUSE_MARGIN_MS = 30_000;

export class FetchStore implements ObjectStore {
  readonly kind = "fetch";
  readonly mode: "signed" | "public";
  readonly dialect: Dialect;
  private readonly http: HttpClient;
  private readonly cache: BlockCache | undefined;
  private readonly presignOne: Presign | undefined;
  private readonly presignMany: PresignBatch | undefined;
  private readonly baseUrl: URL | undefined;
  private readonly gap: number;
  private readonly conflictRetries: number;
  private presignCalls = 0;
  /** Signed get/head URLs by op and key, reused for other ranges until they expire. */
  private readonly urls = new Map<string, SignedRequest>();
  /**
   * Azure: by (prefix, startAfter), the marker of the page that continues
   * after that key (undefined: the first page); `partial` if that page also
   * holds keys up to it.
   */
  private readonly markers = new Map<string, { token: string | undefined; partial: boolean }>();

  constructor(options: FetchStoreOptions) {
    if (options === null || typeof options !== "object") {
      throw new InvalidArgumentError("FetchStore needs options: { presign } (signed) or { baseUrl } (public, read-only)");
    }
    const signed = options.presign !== undefined || options.presignBatch !== undefined;
    if (signed === (options.baseUrl !== undefined)) {
      throw new InvalidArgumentError(
        "FetchStore takes either presign / presignBatch (signed mode) or baseUrl (public read-only mode), not both or neither",
      );
    }
    if (options.presign !== undefined && typeof options.presign !== "function") {
      throw new InvalidArgumentError("presign must be a function (request) => Promise<{ url, headers? }>");
    }
    if (options.presignBatch !== undefined && typeof options.presignBatch !== "function") {
      throw new InvalidArgumentError("presignBatch must be a function (requests) => Promise<Array<{ url, headers? }>>");
    }
    this.mode = signed ? "signed" : "public";
    this.dialect = dialectOf(options.dialect);
    this.http = new HttpClient(options);
    this.presignOne = options.presign;
    this.presignMany = options.presignBatch;
    if (options.baseUrl !== undefined) {
      let base: URL;
      try {
        base = new URL(String(options.baseUrl));
      } catch {
        throw new InvalidArgumentError(`baseUrl '${String(options.baseUrl)}' is not an absolute URL`);
      }
      if (!base.pathname.endsWith("/")) base.pathname += "/";
      this.baseUrl = base;
    }
    const gap = options.coalesceGapBytes ?? 0;
    if (!Number.isSafeInteger(gap) || gap < 0) throw new InvalidArgumentError("coalesceGapBytes must be a non-negative integer");
    this.gap = gap;
    this.conflictRetries = options.conflictRetries ?? 4;
    if (options.cache !== false) {
      const cacheOptions = { ...options.cache };
      if (cacheOptions.persistent && cacheOptions.scope === undefined) {
        if (!this.baseUrl) {
          throw new InvalidArgumentError(
            "a persistent cache in signed mode needs cache.scope (e.g. the bucket's URL): presigned URLs change with every signature",
          );
        }
        cacheOptions.scope = this.baseUrl.href;
      }
      this.cache = new BlockCache(cacheOptions);
    }
  }

  /** Requests, round trips, bytes and cache hits so far. */
  get stats(): FetchStoreStats {
    return {
      ...this.http.stats,
      presignCalls: this.presignCalls,
      memoryCacheHits: this.cache?.stats.memoryHits ?? 0,
      persistentCacheHits: this.cache?.stats.persistentHits ?? 0,
    };
  }

  async get(key: string, range?: ByteRange, options: ReadOptions = {}): Promise<GetResult> {
    const [result] = await this.getMany([range ? { key, range } : { key }], options);
    if (result instanceof Error) throw result;
    return result!;
  }

  async getMany(requests: readonly GetRequest[], options: ReadOptions = {}): Promise<Array<GetResult | NamiDBError>> {
    const results: Array<GetResult | NamiDBError | undefined> = new Array(requests.length);
    const wanted: RangeWanted[] = [];
    await Promise.all(
      requests.map(async (request, index) => {
        try {
          validateKey(request.key);
          validateRange(request.range);
          const offset = request.range?.offset ?? 0;
          const length = request.range?.length;
          const hit = await this.cache?.get(request.key, offset, length);
          if (hit) results[index] = hit;
          else wanted.push(length === undefined ? { index, key: request.key, offset } : { index, key: request.key, offset, length });
        } catch (err) {
          results[index] = asError(err);
        }
      }),
    );
    if (options.signal?.aborted) throw new CancelledError("the store request was cancelled (its AbortSignal fired)");
    const reads = coalesceRanges(wanted, this.gap);
    if (reads.length > 0) {
      const signed = await this.sign(reads.map((r) => readRequest(r)));
      await Promise.all(
        reads.map(async (read, i) => {
          let outcome: Array<[RangeWanted, GetResult]> | NamiDBError;
          try {
            outcome = await this.fetchRead(read, signed[i]!, options.signal);
          } catch (err) {
            if (err instanceof CancelledError) throw err;
            outcome = asError(err);
          }
          if (outcome instanceof Error) {
            for (const m of read.members) results[m.index] = outcome;
            return;
          }
          for (const [member, result] of outcome) results[member.index] = result;
          await Promise.all(outcome.map(([m, result]) => this.cache?.put(m.key, m.offset, m.length, result)));
        }),
      );
    }
    return results.map((r) => r!);
  }

  async head(key: string, options: ReadOptions = {}): Promise<ObjectMeta> {
    validateKey(key);
    const request: PresignRequest = { op: "head", key };
    const reply = await this.sendSigned(request, await this.signOne(request), { idempotent: true, signal: options.signal });
    if (reply.status === 404) throw new NotFoundError(`no object '${key}' in the ${this.where()}`);
    if (reply.status !== 200) throw this.failure(request, reply);
    const size = Number(reply.headers.get("content-length"));
    if (!Number.isSafeInteger(size) || size < 0) throw this.missingHeader(request, reply, "Content-Length");
    return { key, size, version: this.version(request, reply) };
  }

  async put(key: string, data: Uint8Array, options: PutOptions = {}): Promise<VersionToken> {
    validateKey(key);
    if (options.ifAbsent && options.ifMatch) throw new InvalidArgumentError("put takes ifAbsent or ifMatch, not both");
    this.checkWritable("put", key);
    const request: PresignRequest = { op: "put", key };
    if (options.ifAbsent) request.ifAbsent = true;
    if (options.ifMatch) request.ifMatch = { ...options.ifMatch };
    const body = data.slice();  // the caller may change its bytes while we send
    for (let attempt = 0; ; attempt++) {
      const reply = await this.sendSigned(request, await this.signOne(request), { idempotent: false }, body);
      this.cache?.invalidate(key);
      if (reply.status === 200 || reply.status === 201) return this.version(request, reply);
      const code = errorCode(reply);
      const refusal = this.dialect.classifyWriteRefusal(reply.status, code, request);
      if (refusal === "precondition") {
        throw new PreconditionFailedError(
          `the conditional put of '${key}' lost: ${describePrecondition(request)} (${reply.status}${code ? ` ${code}` : ""})`,
        );
      }
      if (refusal === "retry-after-reread" && attempt < this.conflictRetries) {
        // A conflicting write was in flight: ours did not happen. Retry only
        // while the condition can still hold.
        if (!(await this.preconditionMayHold(request))) {
          throw new PreconditionFailedError(
            `the conditional put of '${key}' lost: ${describePrecondition(request)} (409, then changed)`,
          );
        }
        await new Promise((r) => setTimeout(r, Math.random() * 50 * 2 ** attempt));
        continue;
      }
      throw this.failure(request, reply);
    }
  }

  async delete(key: string): Promise<void> {
    validateKey(key);
    this.checkWritable("delete", key);
    const request: PresignRequest = { op: "delete", key };
    const reply = await this.sendSigned(request, await this.signOne(request), { idempotent: true });
    this.cache?.invalidate(key);
    if (reply.status === 200 || reply.status === 202 || reply.status === 204 || reply.status === 404) return;
    throw this.failure(request, reply);
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    const signal = options.signal;
    const limit = validateLimit(options.limit);
    if (typeof prefix !== "string") throw new InvalidArgumentError("a list prefix must be a string");
    if (this.mode === "public") return this.listFromManifest(prefix, options.startAfter, limit, signal);
    if (this.dialect.listsFromKey) {
      const request: PresignRequest = { op: "list", prefix, limit };
      if (options.startAfter !== undefined) request.startAfter = options.startAfter;
      const page = await this.listPage(request, signal);
      const out: ListPage = { objects: page.objects };
      if (page.truncated && page.objects.length > 0) out.nextStartAfter = page.objects[page.objects.length - 1]!.key;
      return out;
    }
    return this.listByMarkers(prefix, options.startAfter, limit, signal);
  }

  // --- reads -----------------------------------------------------------------

  private async fetchRead(
    read: CoalescedRead,
    signed: SignedRequest,
    signal: AbortSignal | undefined,
  ): Promise<Array<[RangeWanted, GetResult]> | NamiDBError> {
    const request = readRequest(read);
    if (read.length === 0) {
      // Nothing but the metadata is wanted: a HEAD tells it.
      const meta = await this.head(read.key, signal ? { signal } : {});
      return read.members.map((m) => [m, { data: new Uint8Array(0), meta }]);
    }
    const headers: Record<string, string> = {};
    if (read.offset > 0 || read.length !== undefined) {
      headers["range"] = `bytes=${read.offset}-${read.length === undefined ? "" : read.offset + read.length - 1}`;
    }
    const reply = await this.sendSigned(request, signed, { idempotent: true, signal }, undefined, headers);
    let data: Uint8Array;
    let size: number;
    let dataOffset = read.offset;
    if (reply.status === 206) {
      const header = reply.headers.get("content-range");
      if (header === null) throw this.missingHeader(request, reply, "Content-Range");
      const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(header);
      if (!range) throw new IoError(`a 206 reply for '${read.key}' has a Content-Range it cannot use: '${header}'`);
      dataOffset = Number(range[1]);
      size = Number(range[3]);
      data = reply.body;
    } else if (reply.status === 200) {
      // The whole object (a host that ignores Range, or no range asked).
      size = reply.body.length;
      const { offset, length } = clampRange(read.length === undefined ? { offset: read.offset } : { offset: read.offset, length: read.length }, size);
      data = reply.body.subarray(offset, offset + length);
      dataOffset = offset;
    } else if (reply.status === 416) {
      // The range starts at or past the end: zero bytes, and the size from Content-Range.
      const total = /^bytes \*\/(\d+)$/.exec(reply.headers.get("content-range") ?? "");
      const meta = total ? { key: read.key, size: Number(total[1]), version: this.version(request, reply, true) } : undefined;
      const known = meta && meta.version.etag ? meta : await this.head(read.key, signal ? { signal } : {});
      return read.members.map((m) => [m, { data: new Uint8Array(0), meta: known }]);
    } else if (reply.status === 404) {
      return new NotFoundError(`no object '${read.key}' in the ${this.where()}`);
    } else {
      return this.failure(request, reply);
    }
    const meta: ObjectMeta = { key: read.key, size, version: this.version(request, reply) };
    if (dataOffset !== Math.min(read.offset, size)) {
      throw new IoError(`'${read.key}': asked for bytes from ${read.offset}, the reply starts at ${dataOffset}`);
    }
    return read.members.map((m) => [m, { data: sliceMember(data, dataOffset, m), meta: { ...meta, version: { ...meta.version } } }]);
  }

  private version(request: PresignRequest, reply: HttpReply, optional = false): VersionToken {
    const headers = reply.headers;
    try {
      return this.dialect.version(headers);
    } catch (err) {
      // A static host may send no ETag; a reader needs none.
      if (this.mode === "public" || optional) return { etag: headers.get("etag") ?? "" };
      const header = this.dialect.versionHeader ?? "ETag";
      if (reply.cors && headers.get(header) === null) throw this.missingHeader(request, reply, header);
      throw err;
    }
  }

  /**
   * A reply without a header the store needs: in a browser, across origins,
   * the bucket's CORS rules hid it (CorsHeaderError names the setting to add
   * it to); anywhere else the service did not send it.
   */
  private missingHeader(request: PresignRequest, reply: HttpReply, header: string): NamiDBError {
    const what = `the reply to the ${describeRequest(request)} in the ${this.where()}`;
    if (!reply.cors) return new IoError(`${what} has no ${header} header`);
    const setting = this.mode === "public" ? "Access-Control-Expose-Headers" : this.dialect.corsExposeSetting ?? "Access-Control-Expose-Headers";
    const where = this.mode === "public"
      ? `to the Access-Control-Expose-Headers the host sends (for a public bucket: S3 and R2 ExposeHeaders, GCS responseHeader, Azure ExposedHeaders)`
      : `to ${setting} in the bucket's CORS configuration`;
    return new CorsHeaderError(
      header,
      setting,
      `${what} reached this page without its ${header} header: the CORS rules do not expose it, so the browser hid it. ` +
        `Add "${header}" ${where}; docs/stores.md, "Setting up a bucket", has whole configurations`,
    );
  }

  // --- listing ---------------------------------------------------------------

  private async listPage(request: PresignRequest, signal: AbortSignal | undefined) {
    const reply = await this.sendSigned(request, await this.signOne(request), { idempotent: true, signal });
    if (reply.status !== 200) throw this.failure(request, reply);
    return this.dialect.parseList(new TextDecoder().decode(reply.body));
  }

  // Azure has no start-after: pages follow markers. A page that ends at key k
  // leaves the marker of the page holding what follows k, so the usual
  // "next page after k" costs one request; any other start scans from the
  // beginning of the prefix. Each page is put in UTF-8 byte order (Azurite
  // orders by UTF-16 code units, which differs above U+E000); across pages
  // the service's order stands.
  private async listByMarkers(
    prefix: string,
    startAfter: string | undefined,
    limit: number,
    signal: AbortSignal | undefined,
  ): Promise<ListPage> {
    const markerKey = (after: string) => `${prefix}\n${after}`;
    const remembered = startAfter === undefined ? undefined : this.markers.get(markerKey(startAfter));
    // Keys up to startAfter are skipped on every page when scanning from the
    // start, and on the first page when it is a remembered page partly read.
    let token = remembered?.token;
    let first = true;
    const objects: ObjectMeta[] = [];
    for (;;) {
      const request: PresignRequest = { op: "list", prefix, limit };
      if (token !== undefined) request.continuationToken = token;
      const page = await this.listPage(request, signal);
      const sorted = page.objects.sort((a, b) => compareKeys(a.key, b.key));
      const skip = startAfter !== undefined && (!remembered || (first && remembered.partial));
      const fresh = skip ? sorted.filter((o) => compareKeys(o.key, startAfter) > 0) : sorted;
      first = false;
      const room = limit - objects.length;
      objects.push(...fresh.slice(0, room));
      const more = fresh.length > room || page.truncated;
      if (objects.length === limit || !more) {
        const out: ListPage = { objects };
        if (more && objects.length > 0) {
          const last = objects[objects.length - 1]!.key;
          out.nextStartAfter = last;
          // What follows `last` is on this page (partly read) or on the next one.
          if (fresh.length > room) this.markers.set(markerKey(last), { token, partial: true });
          else this.markers.set(markerKey(last), { token: page.continuationToken, partial: false });
        }
        return out;
      }
      token = page.continuationToken;
    }
  }

  private async listFromManifest(
    prefix: string,
    startAfter: string | undefined,
    limit: number,
    signal: AbortSignal | undefined,
  ): Promise<ListPage> {
    const folder = namespaceFolderOf(prefix);
    let manifest: GetResult;
    try {
      manifest = await this.get(folder + MANIFEST_NAME, undefined, signal ? { signal } : {});
    } catch (err) {
      if (err instanceof NotFoundError) return { objects: [] };
      throw err;
    }
    const all = objectsOfManifest(folder, manifest.data, manifest.meta).filter(
      (o) => o.key.startsWith(prefix) && (startAfter === undefined || compareKeys(o.key, startAfter) > 0),
    );
    const page: ListPage = { objects: all.slice(0, limit) };
    if (all.length > limit) page.nextStartAfter = all[limit - 1]!.key;
    return page;
  }

  // --- writes ----------------------------------------------------------------

  private checkWritable(op: string, key: string): void {
    if (this.mode === "public") {
      throw new UnsupportedError(
        `cannot ${op} '${key}': this FetchStore is in the public read-only mode (baseUrl); writing needs signed mode (presign)`,
      );
    }
  }

  private async preconditionMayHold(request: PresignRequest): Promise<boolean> {
    try {
      const meta = await this.head(request.key!);
      if (request.ifAbsent) return false;
      if (request.ifMatch?.generation) return meta.version.generation === request.ifMatch.generation;
      return meta.version.etag === request.ifMatch?.etag;
    } catch (err) {
      if (err instanceof NotFoundError) return request.ifAbsent === true;
      throw err;
    }
  }

  // --- signing and sending ---------------------------------------------------

  private async signOne(request: PresignRequest): Promise<SignedRequest> {
    return (await this.sign([request]))[0]!;
  }

  /** URLs for `requests`: reused ones, then one presign call for the rest. */
  private async sign(requests: PresignRequest[]): Promise<SignedRequest[]> {
    if (this.mode === "public") return requests.map((r) => this.publicRequest(r));
    const now = Date.now();
    const out: Array<SignedRequest | undefined> = requests.map((r) => {
      const reusable = this.urls.get(urlKey(r));
      return reusable && reusable.expiresAt! - URL_REUSE_MARGIN_MS > now ? reusable : undefined;
    });
    const missing = requests.flatMap((r, i) => (out[i] ? [] : [i]));
    if (missing.length === 0) return out as SignedRequest[];
    const asked = missing.map((i) => copyForSigner(requests[i]!));
    let answers: SignedRequest[];
    try {
      this.presignCalls++;
      answers = this.presignMany
        ? await this.presignMany(asked)
        : await Promise.all(asked.map((r) => this.presignOne!(r)));
    } catch (err) {
      if (err instanceof NamiDBError) throw err;
      throw new IoError(`presign failed: ${(err as Error)?.message ?? String(err)}`, { cause: err });
    }
    if (!Array.isArray(answers) || answers.length !== asked.length) {
      throw new IoError(`presignBatch answered ${Array.isArray(answers) ? answers.length : "no array"} for ${asked.length} requests`);
    }
    missing.forEach((index, j) => {
      const answer = answers[j];
      if (!answer || typeof answer.url !== "string") {
        throw new IoError(`presign answered no url for ${describeRequest(asked[j]!)}`);
      }
      out[index] = answer;
      const r = requests[index]!;
      if ((r.op === "get" || r.op === "head") && typeof answer.expiresAt === "number") {
        this.urls.set(urlKey(r), answer);
      }
    });
    return out as SignedRequest[];
  }

  private publicRequest(request: PresignRequest): SignedRequest {
    if (request.op !== "get" && request.op !== "head") {
      throw new UnsupportedError(`the public read-only mode cannot ${request.op}`);
    }
    return { url: this.dialect.objectUrl(this.baseUrl!, request.key!).href };
  }

  /** Sends a signed request; a 403 on a reused URL is signed afresh once. */
  private async sendSigned(
    request: PresignRequest,
    signed: SignedRequest,
    send: { idempotent: boolean; signal?: AbortSignal | undefined },
    body?: Uint8Array,
    extraHeaders: Record<string, string> = {},
  ): Promise<HttpReply> {
    const go = (s: SignedRequest) => {
      // The dialect's headers, then the signer's (signed ones win), then Range.
      const headers: Record<string, string> = { ...this.dialect.requestHeaders(request) };
      for (const [name, value] of Object.entries(s.headers ?? {})) headers[name.toLowerCase()] = value;
      Object.assign(headers, extraHeaders);
      if (this.mode === "public") {
        for (const name of Object.keys(headers)) if (name.startsWith("x-ms-")) delete headers[name];
      }
      const http = { url: s.url, method: s.method ?? HTTP_METHOD[request.op], headers, ...(body ? { body } : {}) };
      return this.http.send(http, send.signal ? { idempotent: send.idempotent, signal: send.signal } : { idempotent: send.idempotent });
    };
    const reply = await go(signed);
    if (reply.status === 403 && this.urls.get(urlKey(request)) === signed) {
      this.urls.delete(urlKey(request));
      return go(await this.signOne(request));
    }
    return reply;
  }

  private failure(request: PresignRequest, reply: HttpReply): NamiDBError {
    const code = errorCode(reply);
    const message = xmlText(new TextDecoder().decode(reply.body), "Message");
    const tries = (reply.attempts ?? 1) > 1 ? ` (failed after ${reply.attempts} attempts)` : "";
    const what = `${describeRequest(request)} in the ${this.where()}: ${reply.status}${code ? ` ${code}` : ""}${message ? ` (${message})` : ""}${tries}`;
    if (request.op === "put" && reply.status >= 500) {
      return new IoError(`${what}: the outcome is unknown (the write may have happened); it was not retried, a put is not idempotent`);
    }
    if (reply.status === 403 || reply.status === 401) {
      return new IoError(
        `${what}: the store refused the request; a presigned URL that expired, was signed for another request or lost a signed header is refused`,
      );
    }
    return new IoError(what);
  }

  private where(): string {
    return this.mode === "public" ? `public store at ${this.baseUrl!.href}` : `${this.dialect.name} store`;
  }
}

function readRequest(read: CoalescedRead): PresignRequest {
  const request: PresignRequest = { op: "get", key: read.key };
  request.range = read.length === undefined ? { offset: read.offset } : { offset: read.offset, length: read.length };
  return request;
}

// A get URL serves every range of its key: the range is not part of the signature.
function urlKey(request: PresignRequest): string {
  return `${request.op}\n${request.key ?? ""}`;
}

// The signer gets a copy: nothing it does changes the request we send.
function copyForSigner(request: PresignRequest): PresignRequest {
  return JSON.parse(JSON.stringify(request)) as PresignRequest;
}

function describeRequest(request: PresignRequest): string {
  return request.op === "list" ? `list of '${request.prefix ?? ""}'` : `${request.op} of '${request.key}'`;
}

function describePrecondition(request: PresignRequest): string {
  if (request.ifAbsent) return "the key exists already";
  if (request.ifMatch) return `the key is missing or no longer at version ${request.ifMatch.etag}`;
  return "unconditional";
}

function errorCode(reply: HttpReply): string | undefined {
  const fromHeader = reply.headers.get("x-ms-error-code");
  if (fromHeader) return fromHeader;
  if (reply.body.length === 0) return undefined;
  return xmlText(new TextDecoder().decode(reply.body), "Code");
}

function asError(err: unknown): NamiDBError {
  if (err instanceof NamiDBError) return err;
  return new IoError(err instanceof Error ? err.message : String(err), { cause: err });
}
