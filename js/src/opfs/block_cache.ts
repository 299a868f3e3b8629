/**
 * A FetchStore's persistent block cache in the origin private file system
 * (browsers): what a page read from a bucket once, a later page load of the
 * same namespace reads from here. One file per cached range under an OPFS
 * directory (default "namidb-cache"), named by the SHA-256 of its id, holding
 * a little-endian u32 header length, a JSON header (id, the object's size and
 * version, the range's length) and the bytes; written through createWritable,
 * so a reader sees a whole file or none. A file whose header does not match
 * is a miss. Failures (a full quota included) are misses or skipped writes:
 * a cache never fails a read. Nothing is evicted: `clear()` reclaims it all.
 */
import type { CachedRange, PersistentBlockCache } from "../fetch/block_cache.js";
import { InvalidArgumentError } from "../errors.js";
import { validateKey } from "../keys.js";
import { opfsRoot } from "./opfs_store.js";

export interface OpfsBlockCacheOptions {
  /** The directory under the OPFS root, `/`-separated (default "namidb-cache"). */
  directory?: string;
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function nameOf(id: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", encoder.encode(id)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

interface Header {
  id: string;
  size: number;
  etag: string;
  generation?: number;
  length: number;
}

export class OpfsBlockCache implements PersistentBlockCache {
  readonly directory: string;
  private dir: Promise<FileSystemDirectoryHandle> | undefined;

  constructor(options: OpfsBlockCacheOptions = {}) {
    const directory = options.directory ?? "namidb-cache";
    try {
      validateKey(directory);
    } catch {
      throw new InvalidArgumentError(`OpfsBlockCache directory '${directory}' must be a '/'-separated path without empty, '.' or '..' parts`);
    }
    this.directory = directory;
  }

  private folder(): Promise<FileSystemDirectoryHandle> {
    this.dir ??= (async () => {
      let d = await opfsRoot();
      for (const part of this.directory.split("/")) d = await d.getDirectoryHandle(part, { create: true });
      return d;
    })();
    this.dir.catch(() => (this.dir = undefined));
    return this.dir;
  }

  async get(id: string): Promise<CachedRange | undefined> {
    try {
      const file = await (await (await this.folder()).getFileHandle(await nameOf(id))).getFile();
      const bytes = new Uint8Array(await file.arrayBuffer());
      if (bytes.length < 4) return undefined;
      const headerLength = new DataView(bytes.buffer, bytes.byteOffset).getUint32(0, true);
      if (4 + headerLength > bytes.length) return undefined;
      const header = JSON.parse(decoder.decode(bytes.subarray(4, 4 + headerLength))) as Header;
      const data = bytes.slice(4 + headerLength);
      if (header.id !== id || header.length !== data.length) return undefined;
      const entry: CachedRange = { data, size: header.size, etag: header.etag };
      if (header.generation) entry.generation = header.generation;
      return entry;
    } catch {
      return undefined;
    }
  }

  async put(id: string, entry: CachedRange): Promise<void> {
    const header = encoder.encode(JSON.stringify({
      id, size: entry.size, etag: entry.etag, length: entry.data.length,
      ...(entry.generation ? { generation: entry.generation } : {}),
    }));
    const contents = new Uint8Array(4 + header.length + entry.data.length);
    new DataView(contents.buffer).setUint32(0, header.length, true);
    contents.set(header, 4);
    contents.set(entry.data, 4 + header.length);
    let writable: FileSystemWritableFileStream | undefined;
    try {
      const file = await (await this.folder()).getFileHandle(await nameOf(id), { create: true });
      writable = await file.createWritable({ keepExistingData: false });
      await writable.write(contents);
      await writable.close();
    } catch {
      // Not cached this time (a full quota, another tab writing the same range).
      await writable?.abort().catch(() => undefined);
    }
  }

  /** Removes every cached range. */
  async clear(): Promise<void> {
    const root = await opfsRoot();
    const parts = this.directory.split("/");
    const last = parts.pop()!;
    let parent = root;
    try {
      for (const part of parts) parent = await parent.getDirectoryHandle(part);
      await parent.removeEntry(last, { recursive: true });
    } catch {
      // Nothing cached.
    }
    this.dir = undefined;
  }
}
