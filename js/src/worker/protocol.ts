/**
 * Messages between a page and the worker that runs its databases
 * (client.ts on the page, serve.ts in the worker). Values cross already
 * encoded as the engine takes and gives them (parameters and bulk staging
 * calls as binary batches and single upserts' properties as JSON text,
 * encoded on the page; results as the engine's row chunks, decoded on the
 * page), so nothing but strings, numbers, transferred buffers and
 * registered CSV data (a Blob, or a transferred ReadableStream) crosses.
 */
import type { EncodedResult } from "../database.js";
import type { CsvProgress } from "../csv/csv_host.js";
import type { ErrorCode } from "../errors.js";

/** Options of open() that cross to the worker (no engine, no worker). */
export interface WireOpenOptions {
  mode?: "read" | "write";
  integers?: "number" | "bigint";
  cacheBytes?: number;
  maxCacheBytes?: number;
  memtableBytes?: number;
  gcGraceMs?: number;
  limits?: { maxRows?: number; maxIntermediateRows?: number; maxMemoryBytes?: number; timeoutMs?: number };
  /**
   * For an https:// target: its FetchStore's options (only what structured
   * cloning keeps; an OpfsBlockCache as `cache.persistent` crosses as
   * `{ opfsBlockCache: { directory } }`, see wire_options.ts).
   */
  remote?: Record<string, unknown>;
  /** LOAD CSV's sources (the worker reads files and URLs). */
  csv?: { files?: boolean; urls?: boolean };
}

export type Request =
  | { t: "open"; id: number; target: string; options: WireOpenOptions }
  | {
      t: "run";
      id: number;
      db: number;
      cypher: string;
      /** The parameter batch (its buffer transferred). */
      params: Uint8Array;
      write: boolean;
      limits: Record<string, number>;
      /** A prepared statement of the worker's (from "prepare"): runs it, not `cypher`. */
      statement?: number;
      /** The page has an onProgress callback: send LOAD CSV's progress as "progress" messages. */
      progress?: boolean;
    }
  /** db.prepare: replies {statement}; "unprepare" closes it (no reply). */
  | { t: "prepare"; id: number; db: number; cypher: string }
  | { t: "unprepare"; db: number; statement: number }
  /** args: a binary staging batch for upsertNodes / upsertEdges (its buffer transferred). */
  | { t: "stage"; id: number; db: number; method: string; args: string[] | Uint8Array }
  | { t: "call"; id: number; db: number; method: "commit" | "discard" | "flush" | "compact" | "refresh" | "close" | "gc" | "stats"; graceMs?: number }
  | { t: "cancel"; id: number }
  /** registerCsv (data; a ReadableStream is transferred) or unregisterCsv (null); no reply. */
  | { t: "csv"; db: number; name: string; data: string | Uint8Array | Blob | ReadableStream<Uint8Array> | null }
  | { t: "subscribe"; id: number; db: number; sub: number; pollMs?: number }
  | { t: "unsubscribe"; db: number; sub: number };

export interface WireError {
  code: ErrorCode;
  message: string;
  /** For a CancelledError: a TimeoutError or an AbortError. */
  cancelled?: "timeout" | "abort";
  /** For a CypherError: openCypher's classification and the position. */
  cypher?: { type: string; phase: string; detail: string; line?: number; column?: number };
  /** For a CorsHeaderError: the hidden header and the CORS setting to add it to. */
  cors?: { header: string; setting: string };
}

export type Reply =
  | {
      t: "reply";
      id: number;
      ok: true;
      /** The call's value. */
      value?: unknown;
      /** A statement's result as the engine handed it out (its row chunks transferred). */
      result?: EncodedResult;
      /** The session's staged count after the call. */
      staged?: number;
    }
  | { t: "reply"; id: number; ok: false; error: WireError }
  /** LOAD CSV's progress in statement `id` (sent before its reply). */
  | { t: "progress"; id: number; progress: CsvProgress }
  | { t: "change"; db: number; sub: number; version: number };
