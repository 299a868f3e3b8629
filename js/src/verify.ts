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
  /** Called as objects are read (a long check over a remote store shows it is moving). */
  onProgress?: (progress: VerifyProgress) => void;
}

export interface VerifyProgress {
  /** Objects read so far (in part or in full). */
  read: number;
  /** Objects the namespace's listing holds (0 until it is listed). */
  listed: number;
  /** Bytes read so far. */
  bytes: number;
}

/**
 * `store` as the engine sees it, counting what it lists and reads for
 * `onProgress`: the check runs in the engine in one call, so reads are the
 * only sign of how far it got.
 */
function countingStore(store: ObjectStore, onProgress: (p: VerifyProgress) => void): ObjectStore {
  const keys = new Set<string>();
  const progress: VerifyProgress = { read: 0, listed: 0, bytes: 0 };
  const saw = (key: string, bytes: number) => {
    keys.add(key);
    progress.read = keys.size;
    progress.bytes += bytes;
    onProgress({ ...progress });
  };
  const counting: ObjectStore = {
    kind: store.kind,
    get: async (key, range, options) => {
      const r = await store.get(key, range, options);
      saw(key, r.data.length);
      return r;
    },
    head: (key, options) => store.head(key, options),
    put: (key, data, options) => store.put(key, data, options),
    delete: (key) => store.delete(key),
    list: async (prefix, options) => {
      const page = await store.list(prefix, options);
      progress.listed += page.objects.length;
      return page;
    },
  };
  if (store.getMany) {
    const getMany = store.getMany.bind(store);
    counting.getMany = async (requests, options) => {
      const results = await getMany(requests, options);
      results.forEach((r, i) => {
        if (!(r instanceof Error)) saw(requests[i]!.key, r.data.length);
      });
      return results;
    };
  }
  return counting;
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
  const checked = options.onProgress ? countingStore(store, options.onProgress) : store;
  const wire = JSON.parse(await engine.verifyNamespaceJson(checked, namespace, options.prefix ?? "")) as WireReport;
  const objects: VerifiedObject[] = wire.objects.map(({ error, ...o }) =>
    error ? { ...o, error: errorFromCode(error.code, error.message) } : o,
  );
  return { namespace, bytes: wire.bytes, objects, broken: objects.filter((o) => o.error) };
}
