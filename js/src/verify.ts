/**
 * verifyNamespace(): every object of a namespace read in full and every
 * checksum checked by the engine (src/storage/verify.h), without opening the
 * namespace for queries, so one broken object does not hide the others.
 * What `namidb-wasm verify <uri>` runs.
 */
import { sharedEngine } from "./database.js";
import type { Engine } from "./engine.js";
import { errorFromCode, InvalidArgumentError, type ErrorCode, type NamiDBError } from "./errors.js";
import type { ObjectStore } from "./store.js";

export interface VerifiedObject {
  /** Relative to the namespace's folder, e.g. "sst/nodes-….sst". */
  key: string;
  /**
   * "manifest", "checkpoint" (a copy of a manifest version), "wal" (a commit's
   * WAL segment), "table" (a data file), or "unknown" (not a key namidb writes).
   */
  kind: "manifest" | "checkpoint" | "wal" | "table" | "unknown";
  /** Its size in the store (0 when it is missing). */
  bytes: number;
  /** Named by the current manifest. Unreferenced objects (retired, or left by an interrupted commit) are checked too. */
  referenced: boolean;
  /** What is wrong with it: CorruptionError (a checksum, a size, a bound), NotFoundError (missing), … */
  error?: NamiDBError;
}

export interface VerifyReport {
  namespace: string;
  /** Bytes read. */
  bytes: number;
  /** Every object, in key order, and every object the manifest names that is missing. */
  objects: VerifiedObject[];
  /** The objects with an error; empty when the namespace is intact. */
  broken: VerifiedObject[];
}

export interface VerifyOptions {
  /** Key prefix of the namespace's folder (default ""). */
  prefix?: string;
  /** The engine to run in (default: the one open() uses). */
  engine?: Engine;
}

interface WireReport {
  bytes: number;
  objects: Array<Omit<VerifiedObject, "error"> & { error?: { code: ErrorCode; message: string } }>;
}

/**
 * Checks namespace `namespace` in `store`. Resolves to a report whatever is
 * broken; rejects only when nothing can be checked (NotFoundError: no object
 * of the namespace; a store that fails to list).
 */
export async function verifyNamespace(store: ObjectStore, namespace: string, options: VerifyOptions = {}): Promise<VerifyReport> {
  if (typeof namespace !== "string" || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(namespace)) {
    throw new InvalidArgumentError(`verifyNamespace(): '${String(namespace)}' is not a namespace name ([a-z0-9][a-z0-9-]{0,62})`);
  }
  const engine = options.engine ?? (await sharedEngine());
  const wire = JSON.parse(await engine.verifyNamespaceJson(store, namespace, options.prefix ?? "")) as WireReport;
  const objects: VerifiedObject[] = wire.objects.map(({ error, ...o }) =>
    error ? { ...o, error: errorFromCode(error.code, error.message) } : o,
  );
  return { namespace, bytes: wire.bytes, objects, broken: objects.filter((o) => o.error) };
}
