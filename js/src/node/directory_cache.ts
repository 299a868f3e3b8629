/**
 * A FetchStore's persistent block cache in a local folder (Node): one file
 * per cached range, named by the SHA-256 of its id, written to a temporary
 * name and renamed into place, so a reader never sees half a file. A file
 * holds a JSON header (its id, the object's size and version) and the bytes;
 * a file whose header does not match is a miss. Nothing is evicted: remove
 * the folder to reclaim its space.
 */
import { createHash, randomBytes } from "node:crypto";
import * as fs from "node:fs/promises";
import { join } from "node:path";
import type { CachedRange, PersistentBlockCache } from "../fetch/block_cache.js";

export class DirectoryBlockCache implements PersistentBlockCache {
  constructor(readonly dir: string) {}

  private pathOf(id: string): string {
    const hash = createHash("sha256").update(id).digest("hex");
    return join(this.dir, hash.slice(0, 2), hash.slice(2));
  }

  async get(id: string): Promise<CachedRange | undefined> {
    let file: Buffer;
    try {
      file = await fs.readFile(this.pathOf(id));
    } catch {
      return undefined;
    }
    if (file.length < 4) return undefined;
    const headerLength = file.readUInt32LE(0);
    if (4 + headerLength > file.length) return undefined;
    let header: { id: string; size: number; etag: string; generation?: number; length: number };
    try {
      header = JSON.parse(file.subarray(4, 4 + headerLength).toString("utf8")) as typeof header;
    } catch {
      return undefined;
    }
    const data = new Uint8Array(file.subarray(4 + headerLength));
    if (header.id !== id || header.length !== data.length) return undefined;
    const entry: CachedRange = { data, size: header.size, etag: header.etag };
    if (header.generation) entry.generation = header.generation;
    return entry;
  }

  async put(id: string, entry: CachedRange): Promise<void> {
    const path = this.pathOf(id);
    const header = Buffer.from(JSON.stringify({
      id, size: entry.size, etag: entry.etag, length: entry.data.length,
      ...(entry.generation ? { generation: entry.generation } : {}),
    }));
    const prefix = Buffer.alloc(4);
    prefix.writeUInt32LE(header.length, 0);
    await fs.mkdir(join(path, ".."), { recursive: true });
    const temp = `${path}.${randomBytes(6).toString("hex")}.tmp`;
    await fs.writeFile(temp, Buffer.concat([prefix, header, entry.data]));
    await fs.rename(temp, path);
  }
}
