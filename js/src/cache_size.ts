/**
 * The block cache's default size, chosen by the runtime the engine runs in
 * (docs/api.md, "cacheBytes"): every database open in an instance has its own
 * cache, inside the instance's memory, which never shrinks.
 *
 * - Cloudflare Workers: 16 MiB. An isolate has 128 MB for everything: the
 *   wasm memory, the JS heap and the compiled module; the Worker benchmark
 *   (docs/benchmarks.md) peaked close to it with a 16 MiB cache.
 * - Browsers: 64 MiB. A tab may fail to grow a wasm memory to 1–2 GiB, above
 *   all on a phone; 64 MiB holds the decoded node table of about a million
 *   small nodes.
 * - Node and Deno: a sixteenth of the machine's memory, from 64 MiB to
 *   256 MiB (64 MiB when the runtime does not tell, e.g. Deno without
 *   --allow-sys): a server holds bigger working sets, and the cap leaves most
 *   of the instance's 4 GiB to statements and other databases.
 */

export type Runtime = "workerd" | "deno" | "node" | "browser";

const MiB = 1 << 20;
export const WORKERD_CACHE_BYTES = 16 * MiB;
export const BROWSER_CACHE_BYTES = 64 * MiB;
export const SERVER_MIN_CACHE_BYTES = 64 * MiB;
export const SERVER_MAX_CACHE_BYTES = 256 * MiB;

interface RuntimeGlobals {
  navigator?: { userAgent?: string };
  Deno?: unknown;
  process?: {
    versions?: { node?: string };
    getBuiltinModule?: (name: string) => { totalmem?: () => number } | undefined;
  };
}

/** The runtime, from its globals (`globals` is injectable for tests). */
export function detectRuntime(globals: RuntimeGlobals = globalThis as RuntimeGlobals): Runtime {
  // workerd answers this exact user agent (Cloudflare documents it).
  if (globals.navigator?.userAgent === "Cloudflare-Workers") return "workerd";
  if (globals.Deno !== undefined) return "deno";  // Deno has `process` too
  if (typeof globals.process?.versions?.node === "string") return "node";
  return "browser";
}

/** The machine's memory in bytes, where the runtime tells it without a permission prompt. */
export function totalMemoryBytes(globals: RuntimeGlobals = globalThis as RuntimeGlobals): number | undefined {
  try {
    const total = globals.process?.getBuiltinModule?.("node:os")?.totalmem?.();
    return typeof total === "number" && total > 0 ? total : undefined;
  } catch {
    return undefined;  // Deno without --allow-sys refuses
  }
}

/** The default cache size for `runtime` on a machine of `totalMemory` bytes (if known). */
export function defaultCacheBytes(runtime: Runtime, totalMemory?: number): number {
  switch (runtime) {
    case "workerd":
      return WORKERD_CACHE_BYTES;
    case "browser":
      return BROWSER_CACHE_BYTES;
    case "node":
    case "deno": {
      if (totalMemory === undefined) return SERVER_MIN_CACHE_BYTES;
      const share = Math.floor(totalMemory / 16 / MiB) * MiB;
      return Math.min(SERVER_MAX_CACHE_BYTES, Math.max(SERVER_MIN_CACHE_BYTES, share));
    }
  }
}

/** open()'s `cacheBytes`: an explicit positive value wins; none (or 0) takes this runtime's default. */
export function resolveCacheBytes(explicit: number | undefined, globals?: RuntimeGlobals): number {
  if (explicit !== undefined && explicit > 0) return Math.floor(explicit);
  return defaultCacheBytes(detectRuntime(globals), totalMemoryBytes(globals));
}
