/**
 * A bulk load with progress: nodes, then relationships, from arrays or
 * (async) iterables of any length, staged `batchSize` at a time
 * (upsertNodes / upsertEdges: one binary batch and batched reads per call),
 * each batch committed as its own transaction, then one flush. Works on a
 * Database and a WorkerDatabase alike (the callback runs on the caller's
 * thread). Memory stays bounded by one batch: elements are pulled from the
 * iterables as they are staged.
 */
import { InvalidArgumentError } from "./errors.js";
import type { EdgeInput, NodeInput } from "./staging_args.js";
import type { DatabaseApi } from "./worker/client.js";

export interface BulkLoadInput {
  nodes?: Iterable<NodeInput> | AsyncIterable<NodeInput>;
  relationships?: Iterable<EdgeInput> | AsyncIterable<EdgeInput>;
}

export interface BulkLoadProgress {
  /** What is being done: staging and committing nodes, relationships, or the final flush. */
  phase: "nodes" | "relationships" | "flush";
  /** Nodes and relationships committed so far. */
  nodes: number;
  relationships: number;
  /** The namespace version after the last commit (or the flush). */
  version: number;
}

export interface BulkLoadOptions {
  /** Elements per staging call and commit (default 100,000; 1..10,000,000). */
  batchSize?: number;
  /** Flush to data files at the end (default true). */
  flush?: boolean;
  /** Called after every commit and after the flush; an exception it throws stops the load. */
  onProgress?: (progress: BulkLoadProgress) => void;
}

export interface BulkLoadResult {
  nodes: number;
  relationships: number;
  version: number;
}

export const DEFAULT_BULK_BATCH = 100_000;
const MAX_BULK_BATCH = 10_000_000;

type Db = Pick<DatabaseApi, "upsertNodes" | "upsertEdges" | "commit" | "flush" | "staged">;

/**
 * Loads `input` into `db` (opened for writing, nothing staged). A refused
 * element stops the load with the staging call's error (naming the element
 * within its batch, `element i`) and `err.committed` holds the counts
 * already committed: the batches before it stay committed, nothing of its
 * batch is staged.
 */
export async function bulkLoad(db: Db, input: BulkLoadInput, options: BulkLoadOptions = {}): Promise<BulkLoadResult> {
  if (input === null || typeof input !== "object") {
    throw new InvalidArgumentError("bulkLoad() takes { nodes?, relationships? }, each an array or (async) iterable");
  }
  for (const name of Object.keys(options)) {
    if (!["batchSize", "flush", "onProgress"].includes(name)) throw new InvalidArgumentError(`unknown bulkLoad option '${name}'`);
  }
  const batchSize = options.batchSize ?? DEFAULT_BULK_BATCH;
  if (!Number.isInteger(batchSize) || batchSize < 1 || batchSize > MAX_BULK_BATCH) {
    throw new InvalidArgumentError(`batchSize must be an integer from 1 to ${MAX_BULK_BATCH.toLocaleString("en-US")}, not ${String(batchSize)}`);
  }
  if (options.onProgress !== undefined && typeof options.onProgress !== "function") {
    throw new InvalidArgumentError("the onProgress option must be a function");
  }
  for (const key of ["nodes", "relationships"] as const) {
    const source = input[key];
    if (source !== undefined && !isIterable(source)) {
      throw new InvalidArgumentError(`bulkLoad()'s ${key} must be an array or (async) iterable`);
    }
  }
  if (db.staged > 0) throw new InvalidArgumentError("commit or discard the staged changes before bulkLoad()");
  const done: BulkLoadResult = { nodes: 0, relationships: 0, version: 0 };
  const report = (phase: BulkLoadProgress["phase"]) => options.onProgress?.({ phase, ...done });
  try {
    if (input.nodes) {
      for await (const batch of batches(input.nodes, batchSize)) {
        await db.upsertNodes(batch);
        done.version = await db.commit();
        done.nodes += batch.length;
        report("nodes");
      }
    }
    if (input.relationships) {
      for await (const batch of batches(input.relationships, batchSize)) {
        await db.upsertEdges(batch);
        done.version = await db.commit();
        done.relationships += batch.length;
        report("relationships");
      }
    }
    if (options.flush ?? true) {
      done.version = await db.flush();
      report("flush");
    }
  } catch (err) {
    if (err !== null && typeof err === "object") (err as { committed?: unknown }).committed = { ...done };
    throw err;
  }
  return done;
}

function isIterable(x: unknown): x is Iterable<unknown> | AsyncIterable<unknown> {
  return x !== null && typeof x === "object" && (Symbol.iterator in x || Symbol.asyncIterator in x);
}

async function* batches<T>(source: Iterable<T> | AsyncIterable<T>, size: number): AsyncGenerator<T[]> {
  if (Array.isArray(source)) {
    for (let i = 0; i < source.length; i += size) yield source.slice(i, i + size);
    return;
  }
  let batch: T[] = [];
  for await (const element of source) {
    batch.push(element);
    if (batch.length === size) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
