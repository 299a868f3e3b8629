/**
 * Copying a namespace between any two stores (a local folder to a bucket, a
 * bucket to another, a public host to a folder), in dependency order: the
 * data files, WAL segments and checkpoint the source's manifest names first, the
 * manifest last, create-only. Until the manifest lands the target has no
 * namespace at all, so a reader never sees a half-copied one, and a copy that
 * stopped part-way can simply be run again: objects already there (same name,
 * same size: names are unique and objects immutable) are kept.
 *
 * The copy is of the version the source's manifest names when the copy
 * starts; the namespace keeps its name, the key prefix may change.
 */
import { CorruptionError, InvalidArgumentError, NotFoundError, PreconditionFailedError } from "./errors.js";
import { MANIFEST_NAME } from "./fetch/manifest_listing.js";
import type { ObjectStore } from "./store.js";

export interface CopyProgress {
  /** Objects done (copied or found already there), the manifest last. */
  done: number;
  total: number;
  /** Bytes copied so far. */
  bytes: number;
  /** The object just done. */
  key: string;
  /** True if it was already in the target. */
  skipped: boolean;
}

export interface CopyOptions {
  /** Key prefix of the namespace in the source (default ""). */
  prefix?: string;
  /** Key prefix in the target (default: the source's). */
  targetPrefix?: string;
  /** Objects copied at once (default 8). */
  concurrency?: number;
  onProgress?: (progress: CopyProgress) => void;
}

export interface CopyResult {
  objects: number;
  bytes: number;
  /** The namespace version copied. */
  version: number;
}

interface ManifestFiles {
  version?: number;
  tables?: Array<{ key?: unknown; size?: unknown }>;
  wal?: Array<{ key?: unknown; size?: unknown }>;
  /** The checkpoint of the version (what a lost manifest is recovered from); its size is not listed. */
  checkpoint?: unknown;
}

const NAMESPACE = /^[a-z0-9][a-z0-9-]{0,62}$/;

function folderOf(prefix: string, namespace: string): string {
  return prefix === "" ? `${namespace}/` : `${prefix.replace(/\/$/, "")}/${namespace}/`;
}

export async function copyNamespace(
  from: ObjectStore,
  to: ObjectStore,
  namespace: string,
  options: CopyOptions = {},
): Promise<CopyResult> {
  if (typeof namespace !== "string" || !NAMESPACE.test(namespace)) {
    throw new InvalidArgumentError(`'${String(namespace)}' is not a namespace name ([a-z0-9][a-z0-9-]{0,62})`);
  }
  const source = folderOf(options.prefix ?? "", namespace);
  const target = folderOf(options.targetPrefix ?? options.prefix ?? "", namespace);
  const concurrency = options.concurrency ?? 8;
  if (!Number.isInteger(concurrency) || concurrency < 1) throw new InvalidArgumentError("concurrency must be a positive integer");

  let manifest;
  try {
    manifest = await from.get(source + MANIFEST_NAME);
  } catch (err) {
    if (err instanceof NotFoundError) throw new NotFoundError(`there is no namespace '${namespace}' at '${source}' in the source (${from.kind}) store`);
    throw err;
  }
  let parsed: ManifestFiles;
  try {
    parsed = JSON.parse(new TextDecoder().decode(manifest.data)) as ManifestFiles;
  } catch (err) {
    throw new CorruptionError(`${source}${MANIFEST_NAME} is not JSON: ${(err as Error).message}`);
  }
  const files: Array<{ key: string; size?: number }> = [...(parsed.tables ?? []), ...(parsed.wal ?? [])].map((f) => {
    if (typeof f.key !== "string" || typeof f.size !== "number") {
      throw new CorruptionError(`${source}${MANIFEST_NAME} lists a file without key or size`);
    }
    return { key: f.key, size: f.size };
  });
  if (parsed.checkpoint !== undefined && parsed.checkpoint !== "") {
    if (typeof parsed.checkpoint !== "string") throw new CorruptionError(`${source}${MANIFEST_NAME} names a checkpoint that is not a key`);
    // Copied too, so that the copy can be recovered as the source can (docs/api.md, "Recovering a namespace").
    files.push({ key: parsed.checkpoint });
  }
  try {
    await to.head(target + MANIFEST_NAME);
    throw new PreconditionFailedError(`the target (${to.kind}) store already has a namespace at '${target}': copy into an empty place`);
  } catch (err) {
    if (!(err instanceof NotFoundError)) throw err;
  }

  const total = files.length + 1;
  let done = 0;
  let bytes = 0;
  const report = (key: string, skipped: boolean) =>
    options.onProgress?.({ done: ++done, total, bytes, key: target + key, skipped });

  let next = 0;
  const worker = async () => {
    while (next < files.length) {
      const file = files[next++]!;
      const object = await from.get(source + file.key);
      if (file.size !== undefined && object.data.length !== file.size) {
        throw new CorruptionError(`${source}${file.key} has ${object.data.length} bytes; the manifest says ${file.size}`);
      }
      let skipped = false;
      try {
        await to.put(target + file.key, object.data, { ifAbsent: true });
        bytes += object.data.length;
      } catch (err) {
        if (!(err instanceof PreconditionFailedError)) throw err;
        // Already there from an earlier run: unique names, so the same object if the size agrees.
        const there = await to.head(target + file.key);
        if (there.size !== object.data.length) {
          throw new CorruptionError(`'${target}${file.key}' exists in the target with ${there.size} bytes, not ${object.data.length}`);
        }
        skipped = true;
      }
      report(file.key, skipped);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, files.length) }, worker));
  await to.put(target + MANIFEST_NAME, manifest.data, { ifAbsent: true });
  bytes += manifest.data.length;
  report(MANIFEST_NAME, false);
  return { objects: total, bytes, version: Number(parsed.version ?? 0) };
}
