/**
 * OpfsStore: an ObjectStore in the browser's origin private file system
 * (OPFS), for pages and dedicated workers.
 *
 * Layout (docs/format.md, "OPFS store"): under a directory of the OPFS root
 * (default `namidb`), object key `a/b/c` is the file `a/b/c`; each file is a
 * 24-byte header (`NMDBOPF1` and the object's 16-byte random version) then
 * the object's bytes. Keeping the version inside the file means the version
 * and the bytes are replaced together, survive reloads, and never repeat.
 *
 * - Writes go through `createWritable()`, whose changes land only on
 *   `close()` (Chromium writes a `.crswap` file and swaps it in): a reader
 *   sees the old object or the new one, never half of one. A failed write is
 *   `abort()`ed and changes nothing.
 * - Every write of a key holds the Web Lock `namidb-opfs:<directory>/<key>`
 *   across its check and its swap, so create-only and compare-and-swap hold
 *   across every tab and worker of the origin. The browser releases the lock
 *   of a tab or worker that dies; its unfinished write never swapped in.
 * - Reads take no lock: a `File` snapshot that changed under the reader
 *   fails (`NotReadableError`) and the read starts again on the new version.
 * - A file without a whole header is an object being created (a new file is
 *   empty until its writable closes) and reads as absent.
 */
import {
  InvalidArgumentError,
  IoError,
  NamiDBError,
  NotFoundError,
  PreconditionFailedError,
  ResourceExhaustedError,
  UnsupportedError,
  toNamiDBError,
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
  VersionToken,
} from "../store.js";
import "../browser_types.js";

/** "NMDBOPF1": the first 8 bytes of every object file. */
const MAGIC = new Uint8Array([0x4e, 0x4d, 0x44, 0x42, 0x4f, 0x50, 0x46, 0x31]);
const VERSION_BYTES = 16;
/** Bytes before the object's own bytes in its file. */
export const OPFS_HEADER_BYTES = MAGIC.length + VERSION_BYTES;
/** Chromium's name for the temporary file of a writable in progress. */
const SWAP_SUFFIX = ".crswap";
/** How often a read starts again when the object keeps changing under it. */
const READ_ATTEMPTS = 8;

export interface OpfsStoreOptions {
  /** The directory under the OPFS root that holds the objects, `/`-separated (default "namidb"). */
  directory?: string;
}

// The parts of the File System API this store uses, typed here because the
// async iteration of directories is not in TypeScript's DOM library.
interface DirectoryHandle extends FileSystemDirectoryHandle {
  entries(): AsyncIterableIterator<[string, FileSystemHandle]>;
}

interface Header {
  etag: string;
  size: number;
}

function hex(bytes: Uint8Array): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return out;
}

function parseHeader(head: Uint8Array, fileSize: number): Header | undefined {
  if (fileSize < OPFS_HEADER_BYTES || head.length < OPFS_HEADER_BYTES) return undefined;
  for (let i = 0; i < MAGIC.length; i++) if (head[i] !== MAGIC[i]) return undefined;
  return { etag: hex(head.subarray(MAGIC.length, OPFS_HEADER_BYTES)), size: fileSize - OPFS_HEADER_BYTES };
}

function domName(err: unknown): string | undefined {
  return typeof err === "object" && err !== null ? (err as { name?: string }).name : undefined;
}

/** The OPFS root of this origin, or UnsupportedError where there is none. */
export async function opfsRoot(): Promise<FileSystemDirectoryHandle> {
  const storage = (globalThis as { navigator?: Navigator }).navigator?.storage;
  if (typeof storage?.getDirectory !== "function") {
    throw new UnsupportedError(
      "this runtime has no origin private file system (navigator.storage.getDirectory); " +
        "OPFS needs a browser page or worker in a secure context (https: or http://localhost)",
    );
  }
  try {
    return await storage.getDirectory();
  } catch (err) {
    throw new UnsupportedError(`the origin private file system is not available here: ${String(err)}`, {
      cause: err,
    });
  }
}

/** True when `bytes` more would not fit in the origin's quota (as the browser estimates it). */
async function wouldExceedQuota(bytes: number): Promise<boolean> {
  try {
    const { usage, quota } = await navigator.storage.estimate();
    return usage !== undefined && quota !== undefined && usage + bytes > quota;
  } catch {
    return false;
  }
}

function locks(): LockManager {
  const manager = (globalThis as { navigator?: Navigator }).navigator?.locks;
  if (typeof manager?.request !== "function") {
    throw new UnsupportedError("this runtime has no Web Locks (navigator.locks), which OpfsStore needs for its writes");
  }
  return manager;
}

export class OpfsStore implements ObjectStore {
  readonly kind = "opfs";
  /** The directory under the OPFS root, as given (normalised). */
  readonly directory: string;
  private root: Promise<DirectoryHandle> | undefined;
  /** Directory handles by path (directories are never removed, so they stay valid). */
  private readonly dirs = new Map<string, Promise<DirectoryHandle>>();

  constructor(options: OpfsStoreOptions = {}) {
    const directory = options.directory ?? "namidb";
    try {
      validateKey(directory);
    } catch {
      throw new InvalidArgumentError(
        `OpfsStore directory '${directory}' must be a '/'-separated path without empty, '.' or '..' parts`,
      );
    }
    this.directory = directory;
  }

  /** The name every tab and worker of the origin uses to announce changes under this store. */
  get channelName(): string {
    return `namidb-opfs:${this.directory}`;
  }

  private lockName(key: string): string {
    return `namidb-opfs:${this.directory}/${key}`;
  }

  private base(): Promise<DirectoryHandle> {
    this.root ??= (async () => {
      let dir = await opfsRoot();
      for (const part of this.directory.split("/")) dir = await dir.getDirectoryHandle(part, { create: true });
      return dir as DirectoryHandle;
    })();
    // A failed start (no OPFS here) is reported again on the next call, not cached.
    this.root.catch(() => (this.root = undefined));
    return this.root;
  }

  /** The directory holding `parts` (a key's segments but the last); NotFoundError if absent and !create. */
  private async dirOf(parts: string[], create: boolean): Promise<DirectoryHandle> {
    let dir = await this.base();
    let path = "";
    for (const part of parts) {
      path += `${part}/`;
      let next = this.dirs.get(path);
      if (!next) {
        const parent = dir;
        next = parent.getDirectoryHandle(part, { create }) as Promise<DirectoryHandle>;
        this.dirs.set(path, next);
        next.catch(() => this.dirs.delete(path));
      }
      dir = await next;
    }
    return dir;
  }

  private forgetDirectories(): void {
    this.dirs.clear();
    this.root = undefined;
  }

  private split(key: string): { parts: string[]; name: string } {
    validateKey(key);
    const parts = key.split("/");
    if (parts.some((p) => p.endsWith(SWAP_SUFFIX))) {
      throw new InvalidArgumentError(
        `object key '${key}' has a segment ending in '${SWAP_SUFFIX}', which the browser uses for files being written`,
      );
    }
    const name = parts.pop()!;
    return { parts, name };
  }

  /** The file of `key`, or undefined when it (or its directory) does not exist. */
  private async fileHandle(key: string): Promise<FileSystemFileHandle | undefined> {
    const { parts, name } = this.split(key);
    try {
      const dir = await this.dirOf(parts, false);
      return await dir.getFileHandle(name);
    } catch (err) {
      const n = domName(err);
      if (n === "NotFoundError") return undefined;
      // A directory where a file is expected, or the other way round.
      if (n === "TypeMismatchError") return undefined;
      throw this.error("reading", key, err);
    }
  }

  /**
   * Reads `key` (its header and the bytes of `range`) from one snapshot of its
   * file, starting again if the file is replaced while it is read.
   */
  private async read(key: string, range: ByteRange | undefined, withData: boolean): Promise<GetResult> {
    validateRange(range);
    for (let attempt = 1; ; attempt++) {
      const handle = await this.fileHandle(key);
      if (!handle) throw new NotFoundError(`no object '${key}' in the OPFS store '${this.directory}'`);
      try {
        const file = await handle.getFile();
        const whole = !withData ? undefined : clampRange(range, Math.max(0, file.size - OPFS_HEADER_BYTES));
        let head: Uint8Array;
        let data = new Uint8Array(0);
        if (whole && whole.offset === 0) {
          // One read for the header and the bytes: a replaced object can never mix versions.
          const buf = new Uint8Array(await file.slice(0, OPFS_HEADER_BYTES + whole.length).arrayBuffer());
          head = buf.subarray(0, OPFS_HEADER_BYTES);
          data = buf.subarray(OPFS_HEADER_BYTES);
        } else {
          // Ranged reads are of immutable objects; both slices come from one snapshot anyway.
          const start = OPFS_HEADER_BYTES + (whole?.offset ?? 0);
          const [h, d] = await Promise.all([
            file.slice(0, OPFS_HEADER_BYTES).arrayBuffer(),
            whole ? file.slice(start, start + whole.length).arrayBuffer() : Promise.resolve(new ArrayBuffer(0)),
          ]);
          head = new Uint8Array(h);
          data = new Uint8Array(d);
        }
        const header = parseHeader(head, file.size);
        if (!header) throw new NotFoundError(`no object '${key}' in the OPFS store '${this.directory}'`);
        return { data, meta: { key, size: header.size, version: { etag: header.etag } } };
      } catch (err) {
        if (err instanceof NamiDBError) throw err;
        const n = domName(err);
        // Replaced (NotReadableError) or removed (NotFoundError) under us: read the new state.
        if ((n === "NotReadableError" || n === "NotFoundError") && attempt < READ_ATTEMPTS) continue;
        if (n === "NotFoundError") throw new NotFoundError(`no object '${key}' in the OPFS store '${this.directory}'`);
        throw this.error("reading", key, err);
      }
    }
  }

  async get(key: string, range?: ByteRange): Promise<GetResult> {
    return this.read(key, range, true);
  }

  async getMany(requests: readonly GetRequest[]): Promise<Array<GetResult | NamiDBError>> {
    return Promise.all(requests.map((r) => this.read(r.key, r.range, true).catch(toNamiDBError)));
  }

  async head(key: string): Promise<ObjectMeta> {
    return (await this.read(key, undefined, false)).meta;
  }

  async put(key: string, data: Uint8Array, options: PutOptions = {}): Promise<VersionToken> {
    const { parts, name } = this.split(key);
    if (!(data instanceof Uint8Array)) throw new InvalidArgumentError(`put '${key}': data must be a Uint8Array`);
    if (options.ifAbsent && options.ifMatch) {
      throw new InvalidArgumentError("put takes ifAbsent or ifMatch, not both");
    }
    // The file's new contents, built before the lock is taken (this also copies `data`).
    const version = crypto.getRandomValues(new Uint8Array(VERSION_BYTES));
    const contents = new Uint8Array(OPFS_HEADER_BYTES + data.length);
    contents.set(MAGIC, 0);
    contents.set(version, MAGIC.length);
    contents.set(data, OPFS_HEADER_BYTES);
    const etag = hex(version);
    await locks().request(this.lockName(key), { mode: "exclusive" }, async () => {
      if (options.ifAbsent || options.ifMatch) {
        const current = await this.read(key, undefined, false).catch((err: unknown) => {
          if (err instanceof NotFoundError) return undefined;
          throw err;
        });
        if (options.ifAbsent && current) throw new PreconditionFailedError(`'${key}' already exists`);
        if (options.ifMatch) {
          if (!current) throw new PreconditionFailedError(`'${key}' does not exist`);
          if (current.meta.version.etag !== options.ifMatch.etag) {
            throw new PreconditionFailedError(
              `'${key}' is at version ${current.meta.version.etag}, not ${options.ifMatch.etag}`,
            );
          }
        }
      }
      for (let attempt = 1; ; attempt++) {
        let writable: FileSystemWritableFileStream | undefined;
        try {
          const dir = await this.dirOf(parts, true);
          const file = await dir.getFileHandle(name, { create: true });
          writable = await file.createWritable({ keepExistingData: false });
          // Growing the file first claims the quota in one step, so a full quota is a clear
          // QuotaExceededError here rather than a write aborted half-way.
          await writable.truncate(contents.length);
          await writable.write({ type: "write", position: 0, data: contents });
          await writable.close();
          return;
        } catch (err) {
          // Nothing of an unfinished write is kept: the swap file is dropped.
          await writable?.abort().catch(() => undefined);
          // A directory removed since its handle was cached (by another tab): look it up again.
          if (domName(err) === "NotFoundError" && attempt === 1) {
            this.forgetDirectories();
            continue;
          }
          // Chromium reports a full quota as QuotaExceededError, or at times only as an
          // aborted write ("Failed to write data to data pipe"), which a second try
          // reports properly; if it keeps failing, ask whether the object would fit.
          if (domName(err) === "AbortError" && attempt < 3) continue;
          // A create that failed leaves no empty file behind (it would read as absent anyway).
          if (options.ifAbsent) await this.dirOf(parts, false).then((d) => d.removeEntry(name)).catch(() => undefined);
          if (domName(err) !== "QuotaExceededError" && (await wouldExceedQuota(contents.length))) {
            throw this.error("writing", key, new DOMException(String(err), "QuotaExceededError"), data.length);
          }
          throw this.error("writing", key, err, data.length);
        }
      }
    });
    return { etag };
  }

  async delete(key: string): Promise<void> {
    const { parts, name } = this.split(key);
    await locks().request(this.lockName(key), { mode: "exclusive" }, async () => {
      try {
        const dir = await this.dirOf(parts, false);
        await dir.removeEntry(name);
      } catch (err) {
        const n = domName(err);
        if (n === "NotFoundError" || n === "TypeMismatchError") return;
        throw this.error("deleting", key, err);
      }
    });
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    const limit = validateLimit(options.limit);
    if (typeof prefix !== "string") throw new InvalidArgumentError("a list prefix must be a string");
    const after = options.startAfter;
    // Walk only the deepest directory the prefix names in full.
    const parts = prefix.split("/");
    parts.pop();
    let start: DirectoryHandle;
    try {
      start = await this.dirOf(parts, false);
    } catch (err) {
      const n = domName(err);
      if (n === "NotFoundError" || n === "TypeMismatchError" || n === "TypeError") return { objects: [] };
      throw this.error("listing", prefix, err);
    }
    const keys: string[] = [];
    const walk = async (dir: DirectoryHandle, path: string): Promise<void> => {
      for await (const [name, handle] of dir.entries()) {
        const key = path + name;
        if (handle.kind === "directory") {
          // Only descend where keys with the prefix can be.
          const sub = `${key}/`;
          if (sub.startsWith(prefix) || prefix.startsWith(sub)) await walk(handle as DirectoryHandle, sub);
        } else if (!name.endsWith(SWAP_SUFFIX) && key.startsWith(prefix) && (after === undefined || compareKeys(key, after) > 0)) {
          keys.push(key);
        }
      }
    };
    await walk(start, parts.length ? `${parts.join("/")}/` : "");
    keys.sort(compareKeys);
    const objects: ObjectMeta[] = [];
    let i = 0;
    // Objects being created (no header yet) or removed meanwhile are skipped.
    while (objects.length < limit && i < keys.length) {
      const batch = keys.slice(i, i + (limit - objects.length));
      i += batch.length;
      const metas = await Promise.all(
        batch.map((k) => this.head(k).catch((err: unknown) => (err instanceof NotFoundError ? undefined : Promise.reject(err)))),
      );
      for (const m of metas) if (m) objects.push(m);
    }
    const page: ListPage = { objects };
    if (i < keys.length) page.nextStartAfter = objects[objects.length - 1]!.key;
    return page;
  }

  private error(what: string, key: string, err: unknown, bytes?: number): NamiDBError {
    if (err instanceof NamiDBError) return err;
    const n = domName(err);
    const message = err instanceof Error ? err.message : String(err);
    if (n === "QuotaExceededError") {
      return new ResourceExhaustedError(
        `${what} '${key}'${bytes !== undefined ? ` (${bytes} bytes)` : ""} in the OPFS store '${this.directory}': ` +
          "the origin's storage quota is used up; nothing was written. Free space (delete namespaces), or ask " +
          "for persistent storage (persistStorage()) so the browser grants more",
        { cause: err },
      );
    }
    if (n === "TypeError" || n === "InvalidModificationError") {
      return new InvalidArgumentError(`${what} '${key}' in the OPFS store: the browser refused the name (${message})`, {
        cause: err,
      });
    }
    if (n === "TypeMismatchError") {
      return new UnsupportedError(
        `the OPFS store cannot keep '${key}': a key is both an object and a prefix of other keys`,
        { cause: err },
      );
    }
    return new IoError(`${what} '${key}' in the OPFS store '${this.directory}': ${n ?? "error"}: ${message}`, {
      cause: err,
    });
  }
}
