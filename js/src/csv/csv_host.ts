/**
 * Where a database's LOAD CSV reads (the TypeScript half of the engine's
 * CsvSources seam, wasm/js_csv_source.cc): `file:` URLs in Node (node:fs
 * streams), `http:` / `https:` URLs through fetch() with the body streamed,
 * and data the program registered with `Database.registerCsv(name, data)`,
 * read as `namidb-data:name`. The engine asks for one chunk at a time, so a
 * file far larger than memory streams through. The open() option `csv`
 * turns files and URLs off (registered data is always readable): a refused
 * source is a CypherError of type LoadCsvError, detail SourceNotAllowed,
 * naming the option that allows it.
 */
import { InvalidArgumentError } from "../errors.js";

/** open() option `csv`: which sources LOAD CSV may read. */
export interface CsvOptions {
  /** `file:` URLs (Node only). Default true. */
  files?: boolean;
  /** `http:` / `https:` URLs, fetched by this thread. Default true. */
  urls?: boolean;
}

/** What `onProgress` (RunOptions) is called with as LOAD CSV reads. */
export interface CsvProgress {
  /** Rows LOAD CSV made so far. */
  rows: number;
  /** Bytes read of the current source so far. */
  bytes: number;
  /** The source's size, when known (a file, registered data, a response with Content-Length). */
  totalBytes?: number;
}

/** Data `registerCsv` takes. */
export type CsvData = string | Uint8Array | Blob | ReadableStream<Uint8Array>;

/** The scheme of registered data: `LOAD CSV FROM 'namidb-data:name'`. */
export const CSV_DATA_SCHEME = "namidb-data:";

/** Bytes handed to the engine at a time at most. */
const CHUNK_BYTES = 1 << 20;

/** A refusal or a missing source: the engine makes a LoadCsvError of it with this detail. */
export class CsvSourceError extends Error {
  constructor(
    readonly detail: "SourceNotAllowed" | "SourceNotFound" | "SourceFailed",
    message: string,
  ) {
    super(message);
  }
}

export interface CsvReader {
  /** What file() returns: a file's absolute path, or the URL. */
  name: string;
  totalBytes?: number;
  /** The next bytes, or null at the end. */
  read(): Promise<Uint8Array | null>;
  close(): void;
}

const NAME = /^[A-Za-z0-9._-]+$/;

export class CsvHost {
  private readonly data = new Map<string, CsvData>();
  private readonly files: boolean;
  private readonly urls: boolean;

  constructor(options: CsvOptions = {}) {
    this.files = options.files ?? true;
    this.urls = options.urls ?? true;
  }

  register(name: string, data: CsvData): void {
    if (typeof name !== "string" || !NAME.test(name)) {
      throw new InvalidArgumentError(
        `registerCsv() needs a name of letters, digits, '.', '_' or '-' (it is read as '${CSV_DATA_SCHEME}<name>'), not ${JSON.stringify(name)}`,
      );
    }
    if (!isCsvData(data)) {
      throw new InvalidArgumentError("registerCsv() takes a string, a Uint8Array, a Blob (or File) or a ReadableStream of bytes");
    }
    this.data.set(name, data);
  }

  unregister(name: string): boolean {
    return this.data.delete(name);
  }

  async open(url: string, signal: AbortSignal | undefined): Promise<CsvReader> {
    if (url.startsWith(CSV_DATA_SCHEME)) {
      const name = url.slice(CSV_DATA_SCHEME.length);
      const data = this.data.get(name);
      if (data === undefined) {
        throw new CsvSourceError("SourceNotFound", `LOAD CSV from '${url}': nothing is registered as '${name}' (db.registerCsv(name, data))`);
      }
      if (isReadableStream(data)) this.data.delete(name);  // a stream reads once
      return dataReader(url, data);
    }
    if (/^file:/i.test(url)) {
      if (!this.files) {
        throw new CsvSourceError("SourceNotAllowed", `LOAD CSV from '${url}': reading files is turned off for this database (open() option csv.files)`);
      }
      return fileReader(url);
    }
    if (/^https?:/i.test(url)) {
      if (!this.urls) {
        throw new CsvSourceError("SourceNotAllowed", `LOAD CSV from '${url}': reading URLs is turned off for this database (open() option csv.urls)`);
      }
      return fetchReader(url, signal);
    }
    throw new CsvSourceError(
      "SourceNotAllowed",
      `LOAD CSV from '${url}': the scheme is not one LOAD CSV reads (file:, http:, https: or ${CSV_DATA_SCHEME} for data given to db.registerCsv)`,
    );
  }
}

export function isCsvData(data: unknown): data is CsvData {
  return typeof data === "string" || data instanceof Uint8Array || isBlob(data) || isReadableStream(data);
}

function isBlob(data: unknown): data is Blob {
  return typeof Blob !== "undefined" && data instanceof Blob;
}

function isReadableStream(data: unknown): data is ReadableStream<Uint8Array> {
  return typeof ReadableStream !== "undefined" && data instanceof ReadableStream;
}

/** Cuts what a source hands over into chunks of at most CHUNK_BYTES. */
function chunked(name: string, totalBytes: number | undefined, next: () => Promise<Uint8Array | null>, close: () => void): CsvReader {
  let pending: Uint8Array | null = null;
  const reader: CsvReader = {
    name,
    async read() {
      while (!pending || pending.length === 0) {
        pending = await next();
        if (pending === null) return null;
      }
      const out = pending.subarray(0, CHUNK_BYTES);
      pending = pending.subarray(out.length);
      return out;
    },
    close,
  };
  if (totalBytes !== undefined) reader.totalBytes = totalBytes;
  return reader;
}

function streamReader(name: string, totalBytes: number | undefined, stream: ReadableStream<Uint8Array>): CsvReader {
  const reader = stream.getReader();
  return chunked(
    name,
    totalBytes,
    async () => {
      const { done, value } = await reader.read();
      if (done) return null;
      if (!(value instanceof Uint8Array)) throw new Error("the stream must carry Uint8Array chunks");
      return value;
    },
    () => void reader.cancel().catch(() => {}),
  );
}

function dataReader(url: string, data: CsvData): CsvReader {
  if (typeof data === "string" || data instanceof Uint8Array) {
    let bytes: Uint8Array | null = typeof data === "string" ? new TextEncoder().encode(data) : data;
    const total = bytes.length;
    return chunked(url, total, async () => {
      const out = bytes;
      bytes = null;
      return out;
    }, () => {});
  }
  if (isBlob(data)) return streamReader(url, data.size, data.stream() as ReadableStream<Uint8Array>);
  return streamReader(url, undefined, data);
}

async function fetchReader(url: string, signal: AbortSignal | undefined): Promise<CsvReader> {
  let response: Response;
  try {
    response = await fetch(url, signal ? { signal } : {});
  } catch (err) {
    if (signal?.aborted) throw err;
    throw new CsvSourceError("SourceFailed", `LOAD CSV from '${url}': the request failed: ${err instanceof Error ? err.message : String(err)}`);
  }
  if (!response.ok || !response.body) {
    void response.body?.cancel().catch(() => {});
    throw new CsvSourceError(
      response.status === 404 ? "SourceNotFound" : "SourceFailed",
      `LOAD CSV from '${url}': the server answered ${response.status} ${response.statusText}`.trimEnd(),
    );
  }
  const length = Number(response.headers.get("content-length") ?? NaN);
  const encoded = (response.headers.get("content-encoding") ?? "identity") !== "identity";
  return streamReader(url, Number.isFinite(length) && !encoded ? length : undefined, response.body);
}

/** Node's modules, loaded only when a file is read (a browser bundle never asks for them). */
async function nodeModule<T>(name: string): Promise<T> {
  return (await import(/* @vite-ignore */ name)) as T;
}

async function fileReader(url: string): Promise<CsvReader> {
  const process = (globalThis as { process?: { versions?: { node?: string }; cwd(): string } }).process;
  if (!process?.versions?.node) {
    throw new CsvSourceError(
      "SourceNotAllowed",
      `LOAD CSV from '${url}': file: URLs are read in Node only; here, hand the data over with db.registerCsv(name, file) and load '${CSV_DATA_SCHEME}name'`,
    );
  }
  const fs = await nodeModule<typeof import("node:fs")>("node:fs");
  const pathModule = await nodeModule<typeof import("node:path")>("node:path");
  const urlModule = await nodeModule<typeof import("node:url")>("node:url");
  // file:///abs/path is absolute; file:rel/path (no //) is relative to the working directory.
  const path = url.startsWith("file://")
    ? urlModule.fileURLToPath(url)
    : pathModule.resolve(process.cwd(), decodeURIComponent(url.slice("file:".length)));
  let size: number;
  try {
    const stat = await fs.promises.stat(path);
    if (!stat.isFile()) throw new Error("not a file");
    size = stat.size;
  } catch (err) {
    throw new CsvSourceError("SourceNotFound", `LOAD CSV from '${url}': cannot read ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const stream = fs.createReadStream(path, { highWaterMark: CHUNK_BYTES });
  const iterator = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  return chunked(
    path,
    size,
    async () => {
      const { done, value } = await iterator.next();
      return done ? null : new Uint8Array(value.buffer, value.byteOffset, value.length);
    },
    () => stream.destroy(),
  );
}
