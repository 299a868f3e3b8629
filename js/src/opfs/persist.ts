/**
 * Asking the browser to keep this origin's storage (OPFS included).
 *
 * Browsers may evict an origin's data under storage pressure unless it is
 * "persisted"; `persistStorage()` asks for that (Chromium grants it without a
 * prompt to sites the user engages with, or that are installed) and
 * `storageEstimate()` says how much is used of how much the browser allows.
 */
import { UnsupportedError } from "../errors.js";

export interface StorageStatus {
  /** True when the browser promised not to evict this origin's data. */
  persisted: boolean;
  /** Bytes this origin uses, and may use, as the browser estimates them. */
  usage: number;
  quota: number;
}

function storageManager(): StorageManager {
  const storage = (globalThis as { navigator?: Navigator }).navigator?.storage;
  if (!storage) throw new UnsupportedError("this runtime has no navigator.storage (a browser page or worker has)");
  return storage;
}

/**
 * Asks the browser to persist this origin's storage. Resolves to whether it
 * is persisted now. Only pages can ask (`navigator.storage.persist` does not
 * exist in workers); in a worker this reports the current state.
 */
export async function persistStorage(): Promise<boolean> {
  const storage = storageManager();
  if (typeof storage.persist === "function") return storage.persist();
  return typeof storage.persisted === "function" ? storage.persisted() : false;
}

/** Whether storage is persisted, and the browser's usage and quota estimate. */
export async function storageStatus(): Promise<StorageStatus> {
  const storage = storageManager();
  const [persisted, estimate] = await Promise.all([
    typeof storage.persisted === "function" ? storage.persisted() : Promise.resolve(false),
    storage.estimate(),
  ]);
  return { persisted, usage: estimate.usage ?? 0, quota: estimate.quota ?? 0 };
}
