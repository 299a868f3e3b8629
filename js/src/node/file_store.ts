/**
 * FileStore: an ObjectStore on a local directory, for Node.
 *
 * It follows the same on-disk protocol as the native C++ LocalFileStore
 * (docs/format.md, "Local file store"), so the two can share a directory:
 * objects are files, puts go through a temp file in `.namidb-store/tmp/`,
 * create-only puts publish with `link` (atomic, fails if the key exists) and
 * compare-and-swap puts with `rename` while holding an exclusive `flock` on
 * `.namidb-store/lock`. Node has no flock(2), so the lock is held by
 * util-linux's flock(1) in a child process until we close its stdin; if this
 * process dies the pipe closes and the kernel drops the lock. A put waiting
 * for the lock gives up when its `signal` fires (the statement's AbortSignal
 * or timeoutMs): the waiting child is stopped and nothing is written.
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { constants, type BigIntStats } from "node:fs";
import * as fs from "node:fs/promises";
import { dirname, join, sep } from "node:path";
import {
  CancelledError,
  InvalidArgumentError,
  IoError,
  NotFoundError,
  PreconditionFailedError,
  UnsupportedError,
  toNamiDBError,
  type NamiDBError,
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

const RESERVED = ".namidb-store";

function errno(err: unknown): string | undefined {
  return (err as NodeJS.ErrnoException | undefined)?.code;
}

function ioError(what: string, path: string, err: unknown): IoError {
  const message = err instanceof Error ? err.message : String(err);
  return new IoError(`${what} ${path}: ${message}`, { cause: err });
}

// A directory tree cannot hold an object at "a" and objects under "a/" at once.
function nestingError(key: string): UnsupportedError {
  return new UnsupportedError(
    `the file store cannot keep '${key}': a key is both an object and a prefix of other keys`,
  );
}

/** The etag of a file: hex size, mtime in ns and inode, as the native store computes it. */
function etagOf(stat: BigIntStats): string {
  return `${stat.size.toString(16)}-${stat.mtimeNs.toString(16)}-${stat.ino.toString(16)}`;
}

export class FileStore implements ObjectStore {
  readonly kind = "file";
  private readonly tmpDir: string;
  private readonly lockPath: string;
  /** Serializes lock acquisitions in this process (one flock child at a time). */
  private lockChain: Promise<unknown> = Promise.resolve();

  constructor(readonly root: string) {
    this.tmpDir = join(root, RESERVED, "tmp");
    this.lockPath = join(root, RESERVED, "lock");
  }

  private pathOf(key: string): string {
    validateKey(key);
    if (key === RESERVED || key.startsWith(`${RESERVED}/`)) {
      throw new InvalidArgumentError(`object key '${key}' is reserved by the file store`);
    }
    return join(this.root, ...key.split("/"));
  }

  async get(key: string, range?: ByteRange): Promise<GetResult> {
    const path = this.pathOf(key);
    validateRange(range);
    let handle: fs.FileHandle;
    try {
      handle = await fs.open(path, constants.O_RDONLY);
    } catch (err) {
      if (["ENOENT", "ENOTDIR", "EISDIR"].includes(errno(err) ?? "")) {
        throw new NotFoundError(`no object '${key}' in ${this.root}`);
      }
      throw ioError("opening", path, err);
    }
    try {
      const stat = await handle.stat({ bigint: true });
      if (!stat.isFile()) throw new NotFoundError(`no object '${key}' in ${this.root}`);
      const size = Number(stat.size);
      const { offset, length } = clampRange(range, size);
      const data = new Uint8Array(length);
      let done = 0;
      while (done < length) {
        const { bytesRead } = await handle.read(data, done, length - done, offset + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return {
        data: done === length ? data : data.subarray(0, done),
        meta: { key, size, version: { etag: etagOf(stat) } },
      };
    } catch (err) {
      throw err instanceof NotFoundError ? err : ioError("reading", path, err);
    } finally {
      await handle.close();
    }
  }

  getMany(requests: readonly GetRequest[]): Promise<Array<GetResult | NamiDBError>> {
    return Promise.all(
      requests.map((r) => this.get(r.key, r.range).catch((err: unknown) => toNamiDBError(err))),
    );
  }

  async head(key: string): Promise<ObjectMeta> {
    const path = this.pathOf(key);
    const stat = await this.statOrNull(path);
    if (!stat || !stat.isFile()) throw new NotFoundError(`no object '${key}' in ${this.root}`);
    return { key, size: Number(stat.size), version: { etag: etagOf(stat) } };
  }

  async put(key: string, data: Uint8Array, options: PutOptions = {}): Promise<VersionToken> {
    const path = this.pathOf(key);
    if (options.ifAbsent && options.ifMatch) {
      throw new InvalidArgumentError("put takes ifAbsent or ifMatch, not both");
    }
    const temp = await this.writeTemp(data);
    try {
      try {
        await fs.mkdir(dirname(path), { recursive: true });
      } catch (err) {
        if (errno(err) === "ENOTDIR" || errno(err) === "EEXIST") throw nestingError(key);
        throw ioError("creating directory", dirname(path), err);
      }
      if (options.ifAbsent) {
        try {
          await fs.link(temp, path);
        } catch (err) {
          if (errno(err) === "EEXIST") {
            if ((await this.statOrNull(path))?.isDirectory()) throw nestingError(key);
            throw new PreconditionFailedError(`'${key}' already exists`);
          }
          throw ioError("linking", path, err);
        }
        await this.syncDir(dirname(path));
        return { etag: etagOf(await fs.stat(path, { bigint: true })) };
      }
      return await this.withLock(async () => {
        const current = await this.statOrNull(path);
        if (options.ifMatch) {
          if (!current || !current.isFile()) {
            throw new PreconditionFailedError(`'${key}' does not exist`);
          }
          if (etagOf(current) !== options.ifMatch.etag) {
            throw new PreconditionFailedError(
              `'${key}' is at version ${etagOf(current)}, not ${options.ifMatch.etag}`,
            );
          }
        }
        await this.stampNewerThan(temp, current);
        try {
          await fs.rename(temp, path);
        } catch (err) {
          if (errno(err) === "EISDIR") throw nestingError(key);
          throw ioError("renaming into", path, err);
        }
        await this.syncDir(dirname(path));
        return { etag: etagOf(await fs.stat(path, { bigint: true })) };
      }, options.signal);
    } finally {
      // After link the temp name is redundant; after a failure it must not linger.
      await fs.rm(temp, { force: true });
    }
  }

  async delete(key: string): Promise<void> {
    const path = this.pathOf(key);
    try {
      await fs.unlink(path);
    } catch (err) {
      if (errno(err) === "ENOENT" || errno(err) === "ENOTDIR") return;
      throw ioError("deleting", path, err);
    }
  }

  async list(prefix: string, options: ListOptions = {}): Promise<ListPage> {
    const limit = validateLimit(options.limit);
    const keys: string[] = [];
    await this.walk(this.root, "", prefix, keys);
    const after = options.startAfter;
    const selected = keys
      .filter((k) => after === undefined || compareKeys(k, after) > 0)
      .sort(compareKeys);
    const objects: ObjectMeta[] = [];
    for (const key of selected.slice(0, limit)) {
      const stat = await this.statOrNull(join(this.root, ...key.split("/")));
      if (stat?.isFile()) objects.push({ key, size: Number(stat.size), version: { etag: etagOf(stat) } });
    }
    const page: ListPage = { objects };
    if (selected.length > limit) page.nextStartAfter = selected[limit - 1]!;
    return page;
  }

  // Collects keys under `dir` (whose key prefix is `base`) that start with
  // `prefix`, descending only into directories that can hold such keys.
  private async walk(dir: string, base: string, prefix: string, out: string[]): Promise<void> {
    let entries: import("node:fs").Dirent[];
    try {
      entries = await fs.readdir(dir, { withFileTypes: true });
    } catch (err) {
      if (errno(err) === "ENOENT" || errno(err) === "ENOTDIR") return;
      throw ioError("listing", dir, err);
    }
    for (const entry of entries) {
      if (base === "" && entry.name === RESERVED) continue;
      const key = base + entry.name;
      if (entry.isDirectory()) {
        const sub = `${key}/`;
        if (sub.startsWith(prefix) || prefix.startsWith(sub)) {
          await this.walk(join(dir, entry.name), sub, prefix, out);
        }
      } else if (entry.isFile() && key.startsWith(prefix)) {
        out.push(key);
      }
    }
  }

  private async statOrNull(path: string): Promise<BigIntStats | null> {
    try {
      return await fs.stat(path, { bigint: true });
    } catch (err) {
      if (errno(err) === "ENOENT" || errno(err) === "ENOTDIR") return null;
      throw ioError("stat of", path, err);
    }
  }

  private async mkdirs(dir: string): Promise<void> {
    try {
      await fs.mkdir(dir, { recursive: true });
    } catch (err) {
      throw ioError("creating directory", dir, err);
    }
  }

  // Writes and fsyncs a fresh temp file; returns its path.
  private async writeTemp(data: Uint8Array): Promise<string> {
    await this.mkdirs(this.tmpDir);
    const temp = join(this.tmpDir, randomBytes(8).toString("hex"));
    let handle: fs.FileHandle | undefined;
    try {
      handle = await fs.open(temp, "wx", 0o644);
      let done = 0;
      while (done < data.length) {
        const { bytesWritten } = await handle.write(data, done, data.length - done, done);
        done += bytesWritten;
      }
      await handle.sync();
      await handle.close();
      handle = undefined;
      return temp;
    } catch (err) {
      await handle?.close().catch(() => undefined);
      await fs.rm(temp, { force: true });
      throw ioError("writing", temp, err);
    }
  }

  // Gives the temp file an mtime strictly after the version it replaces, so
  // a key's etags never repeat even if an inode number is reused.
  private async stampNewerThan(temp: string, current: BigIntStats | null): Promise<void> {
    const nowNs = BigInt(Date.now()) * 1_000_000n;
    let targetNs = current ? (nowNs > current.mtimeNs + 1000n ? nowNs : current.mtimeNs + 1000n) : nowNs;
    // utimes takes seconds as a double; bump until the stored value is newer.
    for (let attempt = 0; attempt < 8; attempt++) {
      const seconds = Number(targetNs) / 1e9;
      await fs.utimes(temp, seconds, seconds);
      const stamped = (await fs.stat(temp, { bigint: true })).mtimeNs;
      if (!current || stamped > current.mtimeNs) return;
      targetNs += 1000n;
    }
    throw new IoError(`could not give ${temp} a modification time newer than the current version`);
  }

  private async syncDir(dir: string): Promise<void> {
    let handle: fs.FileHandle | undefined;
    try {
      handle = await fs.open(dir, "r");
      await handle.sync();
    } catch (err) {
      // Some platforms refuse fsync on a directory; the data itself is synced.
      if (!["EISDIR", "EINVAL", "EPERM", "EBADF"].includes(errno(err) ?? "")) {
        throw ioError("syncing directory", dir, err);
      }
    } finally {
      await handle?.close().catch(() => undefined);
    }
  }

  // Runs `fn` while holding the exclusive lock on `.namidb-store/lock`. A
  // `signal` that fires while the lock is still awaited (held by another
  // process, or by an earlier put of this one) gives up with CancelledError;
  // once the lock is held, `fn` runs to its end.
  private withLock<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const turn = this.lockChain;
    const run = (async () => {
      if (signal?.aborted) throw this.gaveUp(signal, "before taking it");
      await untilAborted(turn, signal, () => this.gaveUp(signal!, "while an earlier write of this process held it"));
      const release = await this.acquireLock(signal);
      try {
        return await fn();
      } finally {
        await release();
      }
    })();
    this.lockChain = run.catch(() => undefined);
    return run;
  }

  private gaveUp(signal: AbortSignal, when: string): CancelledError {
    const why = signal.reason instanceof Error ? signal.reason.message : "the write was cancelled";
    return new CancelledError(`${why}: gave up on the lock on ${this.lockPath} ${when}; nothing was written`);
  }

  // The lock is held by util-linux's flock(1) in a child process until its
  // stdin closes. `-o` keeps it in flock itself (not in the command it
  // runs), so killing a waiting or holding flock always frees it.
  private async acquireLock(signal?: AbortSignal): Promise<() => Promise<void>> {
    if (signal?.aborted) throw this.gaveUp(signal, "before taking it");
    await this.mkdirs(dirname(this.lockPath));
    let onAbort: (() => void) | undefined;
    let child: LockProcess | undefined;
    const outcome = await new Promise<"locked" | "failed" | "aborted">((resolve) => {
      let out = "";
      child = spawnLockProcess(["-o", "-x", this.lockPath, "-c", "echo locked; exec cat >/dev/null"], (text) => {
        out += text;
        if (out.includes("locked")) resolve("locked");
      });
      void child.exited.then(() => resolve("failed"));
      onAbort = () => resolve("aborted");
      signal?.addEventListener("abort", onAbort, { once: true });
    });
    signal?.removeEventListener("abort", onAbort!);
    const exited = child!.exited;
    if (outcome !== "locked") {
      child!.release();
      child!.kill();
      await exited;  // no stray process, and the lock file stays as it was
      if (outcome === "aborted") throw this.gaveUp(signal!, "while waiting for another process to release it");
      throw new IoError(
        `could not lock ${this.lockPath}: the FileStore needs util-linux's 'flock' command`,
      );
    }
    return async () => {
      child!.release();
      await exited;
    };
  }
}

/** `flock(1)` holding the lock while its standard input stays open. */
interface LockProcess {
  /** Settles when the process is gone (it failed to start, or ended). */
  exited: Promise<void>;
  /** Closes its standard input: `cat` ends and the lock is released. */
  release(): void;
  kill(): void;
}

interface DenoCommandApi {
  Command: new (command: string, options: { args: string[]; stdin: "piped"; stdout: "piped"; stderr: "null" }) => {
    spawn(): {
      stdin: WritableStream<Uint8Array>;
      stdout: ReadableStream<Uint8Array>;
      status: Promise<unknown>;
      kill(): void;
    };
  };
}

// In Deno, Deno.Command needs only --allow-run=flock; its node:child_process
// would read the environment too (--allow-env).
function spawnLockProcess(args: string[], onOutput: (text: string) => void): LockProcess {
  const deno = (globalThis as { Deno?: DenoCommandApi }).Deno;
  if (deno?.Command) {
    let process: ReturnType<InstanceType<DenoCommandApi["Command"]>["spawn"]>;
    try {
      process = new deno.Command("flock", { args, stdin: "piped", stdout: "piped", stderr: "null" }).spawn();
    } catch {
      return { exited: Promise.resolve(), release: () => undefined, kill: () => undefined };
    }
    const input = process.stdin.getWriter();
    void (async () => {
      const decoder = new TextDecoder();
      for await (const chunk of process.stdout as unknown as AsyncIterable<Uint8Array>) onOutput(decoder.decode(chunk));
    })().catch(() => undefined);
    let released = false;
    return {
      exited: process.status.then(() => undefined, () => undefined),
      release: () => {
        if (!released) void input.close().catch(() => undefined);
        released = true;
      },
      kill: () => {
        try {
          process.kill();
        } catch {
          // already gone
        }
      },
    };
  }
  const child = spawn("flock", args, { stdio: ["pipe", "pipe", "pipe"] });
  const exited = new Promise<void>((resolve) => {
    child.once("close", () => resolve());
    child.once("error", () => resolve());
  });
  child.stdout.on("data", (chunk: Buffer) => onOutput(chunk.toString()));
  return { exited, release: () => child.stdin.end(), kill: () => child.kill() };
}

/** Waits for `promise`, unless `signal` fires first (then throws `gaveUp()`). */
async function untilAborted(promise: Promise<unknown>, signal: AbortSignal | undefined, gaveUp: () => Error): Promise<void> {
  if (!signal) {
    await promise;
    return;
  }
  if (signal.aborted) throw gaveUp();
  let onAbort!: () => void;
  const aborted = new Promise<never>((_, reject) => {
    onAbort = () => reject(gaveUp());
    signal.addEventListener("abort", onAbort, { once: true });
  });
  try {
    await Promise.race([promise, aborted]);
  } finally {
    signal.removeEventListener("abort", onAbort);
  }
}
