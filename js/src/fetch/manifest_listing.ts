/**
 * Listing in the public read-only mode. A static host or CDN has no LIST
 * call, so the keys of a namespace are the ones its manifest names: the
 * manifest itself, every data file and every WAL segment (docs/format.md).
 * That is all a reader or a copy needs; objects no manifest names (orphans,
 * retired files) are not listed.
 */
import { CorruptionError, UnsupportedError } from "../errors.js";
import { compareKeys } from "../keys.js";
import type { ObjectMeta } from "../store.js";

export const MANIFEST_NAME = "manifest.json";

/**
 * The namespace folder (ending in '/') whose manifest answers a listing of
 * `prefix`: the folder itself, or its `wal/` or `sst/` subfolder.
 */
export function namespaceFolderOf(prefix: string): string {
  const folder = prefix.replace(/(wal|sst)\/$/, "");
  if (!folder.endsWith("/")) {
    throw new UnsupportedError(
      `the public read-only mode lists a namespace through its manifest; '${prefix}' is not a namespace folder ` +
        "(list '<prefix>/<namespace>/')",
    );
  }
  return folder;
}

interface ManifestFiles {
  tables?: Array<{ key: string; size: number }>;
  wal?: Array<{ key: string; size: number }>;
}

/** Every object the manifest at `folder + manifest.json` names, with itself, in key order. */
export function objectsOfManifest(folder: string, manifestBytes: Uint8Array, manifestMeta: ObjectMeta): ObjectMeta[] {
  let manifest: ManifestFiles;
  try {
    manifest = JSON.parse(new TextDecoder().decode(manifestBytes)) as ManifestFiles;
  } catch (err) {
    throw new CorruptionError(`${manifestMeta.key} is not JSON: ${(err as Error).message}`);
  }
  const objects: ObjectMeta[] = [manifestMeta];
  for (const file of [...(manifest.tables ?? []), ...(manifest.wal ?? [])]) {
    if (typeof file?.key !== "string" || typeof file.size !== "number") {
      throw new CorruptionError(`${manifestMeta.key} lists a file without key or size`);
    }
    // Immutable and uniquely named: the name is as good a version as any.
    objects.push({ key: folder + file.key, size: file.size, version: { etag: `"${file.key}"` } });
  }
  return objects.sort((a, b) => compareKeys(a.key, b.key));
}
