/**
 * Engine: one instance of the namidb wasm module, with its store bridge and
 * its call queue. Everything that calls into the module goes through here.
 *
 * Today the engine exposes its object-store layer: `engine.openStore(store)`
 * returns an `ObjectStore` whose every call runs in C++ (the engine's
 * `JsObjectStore`) and reaches `store` back through the async bridge — the
 * path every engine read and write takes. `open()` / `query()` / `write()`
 * build on it in later releases.
 */
import type {
  DatabaseClientHandle,
  EngineLimits,
  NamiDBModule,
  StoreClientHandle,
  StoreReplyError,
} from "../wasm/namidb.mjs";
import { describeAbort, describeAbortReport } from "./abort_reason.js";
import { StoreBridge, type ProcedureHandler } from "./bridge.js";
import type { CsvHost, CsvProgress } from "./csv/csv_host.js";
import { codeFromNumber, errorFromCode, InternalError, InvalidArgumentError, ResourceExhaustedError } from "./errors.js";
import { instantiate, type LoadOptions } from "./loader.js";
import { CallQueue } from "./queue.js";
import type {
  ByteRange,
  GetRequest,
  GetResult,
  ListOptions,
  ListPage,
  ObjectMeta,
  ObjectStore,
  PutOptions,
  VersionToken,
} from "./store.js";
import type { ErrorCode, NamiDBError } from "./errors.js";

// What resetStackUse() fills the free C stack with.
const STACK_PATTERN = 0xa5;
// -sASYNCIFY_STACK_SIZE in CMakeLists.txt.
const ASYNCIFY_STACK_SIZE = 1 << 20;

/**
 * `data` copied into a block of wasm memory from _malloc (one `set`, where
 * embind would copy a Uint8Array into a std::string byte by byte): for a
 * call that takes (pointer, size) and frees the block.
 */
function copyIntoWasm(module: NamiDBModule, data: Uint8Array, what: string): number {
  const ptr = module._malloc(Math.max(1, data.length));
  if (!ptr) throw new InternalError(`out of wasm memory for a ${data.length}-byte ${what}`);
  module.HEAPU8.set(data, ptr);
  return ptr;
}

export class Engine {
  /** The engine's version, from the C++ build. */
  readonly version: string;
  /** The size limits every database of this engine keeps to (docs/api.md, "Limits"). */
  readonly limits: Readonly<EngineLimits>;

  private constructor(
    private readonly module: NamiDBModule,
    private readonly bridge: StoreBridge,
    private readonly queue: CallQueue,
  ) {
    // Read once now: the module is idle, and every later call must be queued.
    this.version = module.version();
    this.limits = Object.freeze(module.limits());
  }

  /** Loads and instantiates a new engine (module instance). */
  static async load(options: LoadOptions = {}): Promise<Engine> {
    const bridge = new StoreBridge();
    let module: NamiDBModule | undefined;
    const queue = new CallQueue((err) => describeAbort(err, (pointer) => module?.namidbExceptionType?.(pointer) ?? ""));
    module = await instantiate(options, {
      bridge,
      onAbort: (what) => queue.markDead(describeAbortReport(what)),
    });
    return new Engine(module, bridge, queue);
  }

  /**
   * Bytes of linear memory the instance holds. Wasm memory grows and never
   * shrinks, so this is also the most the instance has needed so far.
   */
  get memoryBytes(): number {
    return this.module.HEAPU8.buffer.byteLength;
  }

  /**
   * @internal For tests and benchmarks of bounded recursion: fills the free
   * part of the instance's C stack with a pattern and forgets the Asyncify
   * buffer's peak, so that `stackUse()` reports what calls after it used.
   * Call it while nothing runs in the engine.
   */
  resetStackUse(): void {
    const { end, current } = this.module.stackBounds();
    this.module.HEAPU8.fill(STACK_PATTERN, end, current - 64);
    this.module.namidbAsyncifyPeak = 0;
  }

  /**
   * @internal The most bytes of the C stack and of the Asyncify buffer
   * (the stack saved while the module is suspended) used since
   * `resetStackUse()`, beside their sizes.
   */
  stackUse(): { stackBytes: number; stackSize: number; asyncifyBytes: number; asyncifySize: number } {
    const { base, end, current } = this.module.stackBounds();
    const heap = this.module.HEAPU8;
    let low = end;
    while (low < current && heap[low] === STACK_PATTERN) low++;
    return {
      stackBytes: base - low,
      stackSize: base - end,
      asyncifyBytes: this.module.namidbAsyncifyPeak ?? 0,
      asyncifySize: ASYNCIFY_STACK_SIZE,
    };
  }

  /**
   * @internal Copies `data` into memory the module allocates, for a call
   * that takes (pointer, size) and frees it. Only inside a queued call.
   */
  copyIn(data: Uint8Array, what: string): number {
    return copyIntoWasm(this.module, data, what);
  }

  /**
   * True once the instance aborted (out of memory, a trap): every later call
   * fails with EngineAbortedError, and databases must be opened again.
   */
  get dead(): boolean {
    return this.queue.dead;
  }

  /** Why the instance aborted, once it has. */
  get deadReason(): string | undefined {
    return this.queue.deadReason;
  }

  /**
   * The engine's C++ view of `store`: an ObjectStore whose calls run through
   * the wasm module and back out to `store`. Close it when done.
   */
  openStore(store: ObjectStore): EngineStore {
    const id = this.bridge.register(store);
    return new EngineStore(
      store.kind,
      this.module,
      this.queue,
      () => new this.module.StoreClient(id),
      () => this.bridge.unregister(id),
      this.limits.maxObjectBytes,
    );
  }
  /** @internal A C++ database session over `store`, created in the queue's turn. */
  createDatabaseClient(store: ObjectStore, csv?: CsvHost): {
    client: DatabaseClientHandle;
    release: () => void;
    watch: (signal: AbortSignal | undefined, onProgress?: (progress: CsvProgress) => void) => void;
    storeError: (code: ErrorCode, message: string) => NamiDBError | undefined;
    readRows: (reply: number) => RowsRead;
    takeRows: () => Uint8Array[];
  } {
    const id = this.bridge.register(store);
    if (csv) this.bridge.setCsvHost(id, csv);
    let handle: DatabaseClientHandle | undefined;
    const module = this.module;
    // Constructed lazily, inside the first queued call (see EngineStore.client).
    const bound = new Map<string, unknown>();  // its methods, bound once (a statement calls several)
    const lastMeta: LastMeta = { bytes: new Uint8Array(0), text: "" };
    const client = new Proxy({} as DatabaseClientHandle, {
      get(_target, name: keyof DatabaseClientHandle) {
        handle ??= new module.DatabaseClient(id);
        const member = handle[name];
        if (typeof member !== "function") return member;
        let method = bound.get(name);
        if (method === undefined) bound.set(name, (method = member.bind(handle)));
        return method;
      },
    });
    return {
      client,
      release: () => this.bridge.unregister(id),
      watch: (signal, onProgress) => {
        this.bridge.setSignal(id, signal);
        this.bridge.setCsvProgress(id, onProgress);
      },
      storeError: (code, message) => this.bridge.takeError(id, code, message),
      readRows: (reply) => readRows(module.HEAPU8, reply, lastMeta),
      takeRows: () => this.bridge.takeRows(id),
    };
  }

  /** @internal Reads and checks every object of a namespace in `store` (verify.ts); the report as JSON. */
  async verifyNamespaceJson(store: ObjectStore, namespace: string, prefix: string): Promise<string> {
    const id = this.bridge.register(store);
    try {
      return unwrap(await this.queue.run(() => this.module.verifyNamespace(id, namespace, prefix))).json;
    } finally {
      this.bridge.unregister(id);
    }
  }

  /** @internal A procedure body the module may call (wasm/js_procedure.cc); `release` forgets it. */
  registerProcedureHandler(handler: ProcedureHandler): { id: number; release: () => void } {
    const id = this.bridge.registerProcedure(handler);
    return { id, release: () => this.bridge.unregister(id) };
  }

  /** @internal Runs `fn` in the module's call queue (one call at a time). */
  run<T>(fn: () => Promise<T> | T): Promise<T> {
    return this.queue.run(fn);
  }

}

/** @internal What a rows reply of the module (RowsReply) holds, copied out of its memory. */
export interface RowsRead {
  /** The last chunk of rows (binary row format), if any. */
  chunk?: Uint8Array;
  /** The result's meta JSON. */
  meta: string;
}

const utf8 = new TextDecoder();

/** The meta JSON of a client's last result, as bytes and as text: a statement run again mostly gives the same. */
interface LastMeta {
  bytes: Uint8Array;
  text: string;
}

// Copies, not views: the module's memory may grow (a new buffer) or be
// reused by its next call. The meta text is decoded only when it differs
// from the last one's (then the same string comes back, which
// database.ts's decodeResult parsed already).
function readRows(heap: Uint8Array, reply: number, last: LastMeta): RowsRead {
  const word = (i: number) => {
    const at = reply + 4 * i;
    return (heap[at]! | (heap[at + 1]! << 8) | (heap[at + 2]! << 16) | (heap[at + 3]! << 24)) >>> 0;
  };
  const chunk = word(0);
  const length = word(1);
  const meta = word(2);
  const metaLength = word(3);
  const out: RowsRead = { meta: metaLength ? sameMeta(heap, meta, metaLength, last) : "" };
  if (length > 0) out.chunk = heap.slice(chunk, chunk + length);
  return out;
}

function sameMeta(heap: Uint8Array, at: number, length: number, last: LastMeta): string {
  const known = last.bytes;
  if (known.length === length) {
    let i = 0;
    while (i < length && heap[at + i] === known[i]) i++;
    if (i === length) return last.text;
  }
  last.bytes = heap.slice(at, at + length);
  last.text = utf8.decode(last.bytes);
  return last.text;
}

/** Loads a new engine instance; see `LoadOptions` for where the `.wasm` may come from. */
export function loadEngine(options: LoadOptions = {}): Promise<Engine> {
  return Engine.load(options);
}

function isError(reply: object): reply is StoreReplyError {
  return "error" in reply;
}

function unwrap<T extends object>(reply: T | StoreReplyError): T {
  if (isError(reply)) throw errorFromCode(codeFromNumber(reply.error.code), reply.error.message);
  return reply;
}

function version(reply: { etag: string; generation: number }): VersionToken {
  return reply.generation ? { etag: reply.etag, generation: reply.generation } : { etag: reply.etag };
}

function checkRange(range: ByteRange | undefined): void {
  if (range === undefined) return;
  const ok = (n: number | undefined) => n === undefined || (Number.isSafeInteger(n) && n >= 0);
  if (!ok(range.offset) || !ok(range.length)) {
    throw new InvalidArgumentError("a byte range needs non-negative integer offset and length");
  }
}

/** An ObjectStore served by the engine's C++ JsObjectStore (see Engine.openStore). */
export class EngineStore implements ObjectStore {
  readonly kind: string;
  private closed = false;
  private handle: StoreClientHandle | undefined;

  constructor(
    innerKind: string,
    private readonly module: NamiDBModule,
    private readonly queue: CallQueue,
    private readonly createClient: () => StoreClientHandle,
    private readonly release: () => void,
    /** The engine's limit on one object moved across the bridge. */
    private readonly maxObjectBytes: number,
  ) {
    this.kind = `engine(${innerKind})`;
  }

  // The C++ object is created by the first queued call: constructing it is a
  // call into the module too, and must not happen while another is suspended.
  private get client(): StoreClientHandle {
    this.handle ??= this.createClient();
    return this.handle;
  }

  private run<T>(fn: () => Promise<T> | T): Promise<T> {
    if (this.closed) return Promise.reject(new InvalidArgumentError("this store view is closed"));
    return this.queue.run(fn);
  }

  async get(key: string, range?: ByteRange): Promise<GetResult> {
    checkRange(range);
    const reply = unwrap(
      await this.run(() => this.client.get(key, range?.offset ?? -1, range?.length ?? -1)),
    );
    return { data: reply.data, meta: { key, size: reply.size, version: version(reply) } };
  }

  async getMany(requests: readonly GetRequest[]): Promise<Array<GetResult | NamiDBError>> {
    requests.forEach((r) => checkRange(r.range));
    const wire = requests.map((r) => ({
      key: r.key,
      ...(r.range ? { offset: r.range.offset } : {}),
      ...(r.range?.length !== undefined ? { length: r.range.length } : {}),
    }));
    const replies = await this.run(() => this.client.getMany(wire));
    return replies.map((reply, i) => {
      try {
        const r = unwrap(reply);
        const key = requests[i]!.key;
        return { data: r.data, meta: { key, size: r.size, version: version(r) } };
      } catch (err) {
        return err as NamiDBError;
      }
    });
  }

  async head(key: string): Promise<ObjectMeta> {
    const reply = unwrap(await this.run(() => this.client.head(key)));
    return { key, size: reply.size, version: version(reply) };
  }

  async put(key: string, data: Uint8Array, options: PutOptions = {}): Promise<VersionToken> {
    if (options.ifAbsent && options.ifMatch) {
      throw new InvalidArgumentError("put takes ifAbsent or ifMatch, not both");
    }
    const mode = options.ifMatch ? 2 : options.ifAbsent ? 1 : 0;
    const limit = this.maxObjectBytes;
    if (data.length > limit) {
      throw new ResourceExhaustedError(`object ${key} is ${data.length} bytes, more than one write moves into the engine (${limit})`);
    }
    const reply = await this.run(() => {
      // Copy into wasm memory here, inside the queue: the module is idle.
      const ptr = copyIntoWasm(this.module, data, "object");
      return this.client.put(
        key,
        ptr,
        data.length,
        mode,
        options.ifMatch?.etag ?? "",
        options.ifMatch?.generation ?? 0,
      );
    });
    return version(unwrap(reply));
  }

  async delete(key: string): Promise<void> {
    unwrap(await this.run(() => this.client.remove(key)));
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    const limit = options.limit ?? 1000;
    if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
      throw new InvalidArgumentError("list limit must be an integer in 1..1000");
    }
    const reply = unwrap(
      await this.run(() => this.client.list(prefix, options.startAfter ?? "", limit)),
    );
    const page: ListPage = {
      objects: reply.objects.map((o) => ({ key: o.key, size: o.size, version: version(o) })),
    };
    if (reply.nextStartAfter) page.nextStartAfter = reply.nextStartAfter;
    return page;
  }

  /** Releases the C++ side of this view. */
  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    this.closed = true;
    return this.queue.run(() => {
      this.handle?.delete();
      this.handle = undefined;
      this.release();
    });
  }
}
