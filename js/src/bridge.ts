/**
 * The JS half of the object-store bridge (the C++ half is wasm/js_object_store.cc).
 *
 * The engine's C++ `JsObjectStore` calls the module's async store import,
 * `namidb_store_call(store, op, argJson, body)`; Asyncify suspends the module
 * and wasm/bridge_library.js hands the call to `StoreBridge.call`, which runs
 * it against the registered JS store. The reply is left in `replyJson` (UTF-8
 * JSON: metadata and errors) and `replyData` (object bytes), which C++ copies
 * out with synchronous accessors once it resumes. A batched read is served
 * with all its requests in flight at once.
 *
 * The bridge never throws into wasm: every failure becomes an
 * `{error: {code, message}}` reply carrying the engine's numeric status code.
 */
import { hasDetail, numericCode, TimeoutError, toNamiDBError, type ErrorCode, type NamiDBError } from "./errors.js";
import { CsvSourceError, type CsvHost, type CsvProgress, type CsvReader } from "./csv/csv_host.js";
import { cancellation } from "./statement_signal.js";
import { COPIED_AT_ONCE, HANDED_OVER, type GetRequest, type GetResult, type ObjectStore, type PutOptions, type ReadOptions } from "./store.js";

/** Operation numbers; wasm/js_object_store.h has the same. */
export const BridgeOp = {
  GetMany: 1,
  Head: 2,
  Put: 3,
  Delete: 4,
  List: 5,
  DeleteMany: 6,
} as const;

/** Deletes a DeleteMany keeps in flight at once. */
const DELETES_IN_FLIGHT = 16;

interface Reply {
  json: unknown;
  data: Uint8Array[];
}

const encoder = new TextEncoder();
const EMPTY = new Uint8Array(0);

/** A procedure body as the bridge calls it: arguments as JSON text in, the reply's JSON text ({rows}) out. */
export type ProcedureHandler = (argsJson: string) => Promise<string>;

export class StoreBridge {
  private readonly stores = new Map<number, ObjectStore>();
  private readonly procedures = new Map<number, ProcedureHandler>();
  /** While a statement runs: its signal (caller's AbortSignal, timeoutMs), checked by reads, passed to puts. */
  private readonly signals = new Map<number, AbortSignal>();
  /**
   * A store's latest errors of a class of their own (CorsHeaderError): the
   * engine passes on only a code and a message, and the Database throws the
   * error it came from. A batch may fail several ways; a few are kept.
   */
  private readonly detailed = new Map<number, NamiDBError[]>();
  /** LOAD CSV: each database's sources, its statement's progress callback, and the sources open. */
  private readonly csvHosts = new Map<number, CsvHost>();
  private readonly csvProgress = new Map<number, (progress: CsvProgress) => void>();
  private readonly csvReaders = new Map<number, { store: number; reader: CsvReader; bytes: number }>();
  /** The chunks of rows the running statement of each store's database handed out so far. */
  private readonly rowChunks = new Map<number, Uint8Array[]>();
  private nextId = 1;
  /** Read by wasm/bridge_library.js after a call settles. */
  replyJson: Uint8Array = EMPTY;
  replyData: Uint8Array[] = [];

  register(store: ObjectStore): number {
    const id = this.nextId++;
    this.stores.set(id, store);
    return id;
  }

  unregister(id: number): void {
    this.stores.delete(id);
    this.signals.delete(id);
    this.detailed.delete(id);
    this.procedures.delete(id);
    this.csvHosts.delete(id);
    this.csvProgress.delete(id);
    this.rowChunks.delete(id);
  }

  /** From wasm (namidb_rows_chunk): a full chunk of the running statement's rows, a copy. */
  rowsChunk(id: number, chunk: Uint8Array): void {
    const chunks = this.rowChunks.get(id);
    if (chunks) chunks.push(chunk);
    else this.rowChunks.set(id, [chunk]);
  }

  /** The chunks store `id`'s statement handed out since the last take, in order. */
  takeRows(id: number): Uint8Array[] {
    const chunks = this.rowChunks.get(id) ?? [];
    this.rowChunks.delete(id);
    return chunks;
  }

  /** Where LOAD CSV of store `id`'s database reads. */
  setCsvHost(id: number, host: CsvHost): void {
    this.csvHosts.set(id, host);
  }

  /** The running statement's onProgress (undefined: none). */
  setCsvProgress(id: number, onProgress: ((progress: CsvProgress) => void) | undefined): void {
    if (onProgress) {
      this.csvProgress.set(id, onProgress);
    } else {
      this.csvProgress.delete(id);
    }
  }

  /**
   * Entry point from wasm (namidb_csv_call): op 1 opens `{url}` (reply
   * `{handle, name}`), op 2 reads the next chunk of `{handle, rows}` (reply
   * `{done}` and the bytes). Resolves to 0 once the reply is in place.
   */
  async csvCall(storeId: number, op: number, argJson: string): Promise<number> {
    let json: unknown;
    let data: Uint8Array[] = [EMPTY];
    try {
      const arg = JSON.parse(argJson) as { url?: string; handle?: number; rows?: number };
      const signal = this.signals.get(storeId);
      if (signal?.aborted) throw cancellation(signal);
      if (op === 1) {
        const host = this.csvHosts.get(storeId);
        if (!host) throw new CsvSourceError("SourceNotAllowed", `LOAD CSV from '${arg.url}': this database reads no CSV`);
        const reader = await host.open(String(arg.url), signal);
        const handle = this.nextId++;
        this.csvReaders.set(handle, { store: storeId, reader, bytes: 0 });
        json = { handle, name: reader.name };
      } else if (op === 2) {
        const open = this.csvReaders.get(Number(arg.handle));
        if (!open || open.store !== storeId) throw new Error(`LOAD CSV: no source open as ${arg.handle}`);
        const chunk = await open.reader.read();
        if (chunk) {
          open.bytes += chunk.length;
          data = [chunk];
        }
        const progress: CsvProgress = { rows: Number(arg.rows ?? 0), bytes: open.bytes };
        if (open.reader.totalBytes !== undefined) progress.totalBytes = open.reader.totalBytes;
        try {
          this.csvProgress.get(storeId)?.(progress);
        } catch {
          // A failing progress callback does not fail the load.
        }
        json = { done: chunk === null };
      } else {
        throw new Error(`LOAD CSV bridge: unknown operation ${op}`);
      }
    } catch (err) {
      if (err instanceof CsvSourceError) {
        json = { error: { message: err.message, detail: err.detail } };
      } else {
        const e = toNamiDBError(err);
        json = { error: { code: numericCode(e.code), message: e.message } };
      }
    }
    this.replyJson = encoder.encode(JSON.stringify(json));
    this.replyData = data;
    return 0;
  }

  /** From wasm (namidb_csv_close): the engine is done with a source. */
  csvClose(storeId: number, handle: number): void {
    const open = this.csvReaders.get(handle);
    if (!open || open.store !== storeId) return;
    this.csvReaders.delete(handle);
    open.reader.close();
  }

  /** The detailed error of store `id` that the engine reported (same code and message), once. */
  takeError(id: number, code: ErrorCode, message: string): NamiDBError | undefined {
    const kept = this.detailed.get(id) ?? [];
    const i = kept.findIndex((e) => e.code === code && e.message === message);
    return i < 0 ? undefined : kept.splice(i, 1)[0];
  }

  private remember(id: number, err: NamiDBError): NamiDBError {
    if (!hasDetail(err)) return err;
    const kept = this.detailed.get(id) ?? [];
    kept.push(err);
    if (kept.length > 8) kept.shift();
    this.detailed.set(id, kept);
    return err;
  }

  /** A procedure body for wasm/js_procedure.cc; `unregister(id)` forgets it. */
  registerProcedure(handler: ProcedureHandler): number {
    const id = this.nextId++;
    this.procedures.set(id, handler);
    return id;
  }

  /** Entry point from wasm (namidb_procedure_call). Resolves to 0 once the reply is in place. */
  async callProcedure(id: number, argsJson: string): Promise<number> {
    let reply: string;
    try {
      const handler = this.procedures.get(id);
      if (!handler) throw new Error(`no procedure registered as ${id}`);
      reply = await handler(argsJson);
    } catch (err) {
      reply = JSON.stringify({ error: { message: err instanceof Error ? err.message : String(err) } });
    }
    this.replyJson = encoder.encode(reply);
    this.replyData = [];
    return 0;
  }

  /** Cancels store `id`'s reads (and waits of its puts) once `signal` aborts; undefined: stop. */
  setSignal(id: number, signal: AbortSignal | undefined): void {
    if (signal) {
      this.signals.set(id, signal);
    } else {
      this.signals.delete(id);
    }
  }

  /**
   * Entry point from wasm (namidb_yield) while a statement of store `id`
   * computes: lets one turn of the event loop run (timers, abort handlers, a
   * page's input), then resolves to 0 to go on, 1 if the statement's signal
   * fired for its caller's AbortSignal, 2 if for its timeoutMs.
   */
  async yieldTurn(id: number): Promise<number> {
    await nextTurn();
    const signal = this.signals.get(id);
    if (!signal?.aborted) return 0;
    return signal.reason instanceof TimeoutError ? 2 : 1;
  }

  clearReply(): void {
    this.replyJson = EMPTY;
    this.replyData = [];
  }

  /** Entry point from wasm. Resolves to 0 once the reply is in place. */
  async call(storeId: number, op: number, argJson: string, body: Uint8Array): Promise<number> {
    let reply: Reply;
    try {
      const store = this.stores.get(storeId);
      if (!store) throw new Error(`object-store bridge: no store registered as ${storeId}`);
      // Reads are refused once the statement is cancelled, and those in
      // flight get its signal; a put gets it too but may give up only before
      // it writes (a wait for a lock): a commit's writes are never cut in two.
      const signal = this.signals.get(storeId);
      const reading = op === BridgeOp.GetMany || op === BridgeOp.Head || op === BridgeOp.List;
      if (reading && signal?.aborted) throw cancellation(signal);
      reply = await this.dispatch(store, op, JSON.parse(argJson) as Record<string, unknown>, body, signal, (e) => this.remember(storeId, e));
    } catch (err) {
      reply = { json: errorJson(this.remember(storeId, toNamiDBError(err))), data: [] };
    }
    this.replyJson = encoder.encode(JSON.stringify(reply.json));
    this.replyData = reply.data;
    return 0;
  }

  private async dispatch(
    store: ObjectStore,
    op: number,
    arg: Record<string, unknown>,
    body: Uint8Array,
    signal: AbortSignal | undefined,
    remember: (err: NamiDBError) => NamiDBError,
  ): Promise<Reply> {
    // What a read returns is copied into wasm memory at once (namidb_reply_data_copy),
    // and what a put sends is the copy namidb_store_call made for it.
    const read: ReadOptions = signal ? { signal, [COPIED_AT_ONCE]: true } : { [COPIED_AT_ONCE]: true };
    switch (op) {
      case BridgeOp.GetMany:
        return getMany(store, arg["requests"] as WireGetRequest[], read, remember);
      case BridgeOp.Head: {
        const meta = await store.head(String(arg["key"]), read);
        return { json: metaJson(meta.size, meta.version), data: [] };
      }
      case BridgeOp.Put: {
        const options: PutOptions = signal ? { signal, [HANDED_OVER]: true } : { [HANDED_OVER]: true };
        if (arg["mode"] === 1) options.ifAbsent = true;
        if (arg["mode"] === 2) {
          options.ifMatch = { etag: String(arg["etag"]), generation: Number(arg["generation"] ?? 0) };
        }
        const version = await store.put(String(arg["key"]), body, options);
        return { json: { etag: version.etag, generation: version.generation ?? 0 }, data: [] };
      }
      case BridgeOp.Delete:
        await store.delete(String(arg["key"]));
        return { json: {}, data: [] };
      case BridgeOp.DeleteMany:
        return deleteMany(store, arg["keys"] as string[]);
      case BridgeOp.List: {
        const startAfter = String(arg["startAfter"] ?? "");
        const page = await store.list(String(arg["prefix"] ?? ""), {
          ...read,
          ...(startAfter ? { startAfter } : {}),
          limit: Number(arg["limit"] ?? 1000),
        });
        return {
          json: {
            objects: page.objects.map((o) => ({ key: o.key, ...metaJson(o.size, o.version) })),
            next: page.nextStartAfter ?? "",
          },
          data: [],
        };
      }
      default:
        throw new Error(`object-store bridge: unknown operation ${op}`);
    }
  }
}

/**
 * A promise that settles in a later macrotask, after what the event loop has
 * waiting: setImmediate where there is one (Node), else a MessageChannel
 * message (browsers, workers, Deno; unlike a chain of setTimeout(0) it is not
 * clamped to 4 ms), else setTimeout.
 */
function nextTurn(): Promise<void> {
  const g = globalThis as { setImmediate?: (fn: () => void) => unknown };
  if (typeof g.setImmediate === "function") {
    const immediate = g.setImmediate;
    return new Promise((resolve) => immediate(resolve));
  }
  if (typeof MessageChannel === "function") {
    return new Promise((resolve) => {
      const channel = new MessageChannel();
      channel.port1.onmessage = () => {
        channel.port1.close();
        resolve();
      };
      channel.port2.postMessage(null);
    });
  }
  return new Promise((resolve) => setTimeout(resolve, 0));
}

interface WireGetRequest {
  key: string;
  offset?: number;
  length?: number;
}

async function getMany(
  store: ObjectStore,
  wire: WireGetRequest[],
  read: ReadOptions,
  remember: (err: NamiDBError) => NamiDBError,
): Promise<Reply> {
  const requests: GetRequest[] = wire.map((w) =>
    w.offset === undefined
      ? { key: w.key }
      : { key: w.key, range: w.length === undefined ? { offset: w.offset } : { offset: w.offset, length: w.length } },
  );
  let results: Array<GetResult | NamiDBError>;
  if (store.getMany) {
    results = await store.getMany(requests, read);
  } else {
    // All requests in flight at once: a batch costs one round trip, not n.
    results = await Promise.all(
      requests.map((r) => store.get(r.key, r.range, read).catch((err: unknown) => toNamiDBError(err))),
    );
  }
  const data: Uint8Array[] = [];
  const json = results.map((r) => {
    if (r instanceof Error) return errorJson(remember(toNamiDBError(r)));
    data.push(r.data);
    return { ...metaJson(r.meta.size, r.meta.version), data: data.length - 1 };
  });
  return { json: { results: json }, data };
}

async function deleteMany(store: ObjectStore, keys: string[]): Promise<Reply> {
  const results: object[] = new Array<object>(keys.length);
  let next = 0;
  const worker = async () => {
    while (next < keys.length) {
      const i = next++;
      try {
        await store.delete(keys[i]!);
        results[i] = {};
      } catch (err) {
        results[i] = errorJson(toNamiDBError(err));
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(DELETES_IN_FLIGHT, keys.length) }, worker));
  return { json: { results }, data: [] };
}

function metaJson(size: number, version: { etag: string; generation?: number }) {
  return { size, etag: version.etag, generation: version.generation ?? 0 };
}

function errorJson(err: NamiDBError) {
  return { error: { code: numericCode(err.code), message: err.message } };
}
