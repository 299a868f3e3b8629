/**
 * The block cache's default size to start with and the ceiling it may grow
 * to by its own statistics (docs/api.md, "cacheBytes" and "maxCacheBytes"),
 * chosen by the runtime the engine runs in: every database open in an
 * instance has its own cache, inside the instance's memory, which never
 * shrinks.
 *
 * Start:
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
 *
 * Ceiling:
 * - Cloudflare Workers: the start, 16 MiB (a fixed cache): the Worker
 *   benchmark's isolate peaked at 120 of its 128 MiB with it.
 * - Browsers: 256 MiB, a modest share of what a tab can grow to, which
 *   holds the node and adjacency blocks of a 1M-node graph's hot part.
 * - Node and Deno: a quarter of the machine's memory, from 256 MiB to
 *   1 GiB (256 MiB if the runtime does not tell): the 1M-node count that
 *   thrashed at 24 MiB ran in 11–17 s with 1 GiB.
 */

export type Runtime = "workerd" | "deno" | "node" | "browser";

const MiB = 1 << 20;
export const WORKERD_CACHE_BYTES = 16 * MiB;
export const BROWSER_CACHE_BYTES = 64 * MiB;
export const SERVER_MIN_CACHE_BYTES = 64 * MiB;
export const SERVER_MAX_CACHE_BYTES = 256 * MiB;
export const BROWSER_CACHE_CEILING_BYTES = 256 * MiB;
export const SERVER_MIN_CACHE_CEILING_BYTES = 256 * MiB;
export const SERVER_MAX_CACHE_CEILING_BYTES = 1024 * MiB;

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

/** The default ceiling for `runtime` on a machine of `totalMemory` bytes (if known). */
export function defaultMaxCacheBytes(runtime: Runtime, totalMemory?: number): number {
  switch (runtime) {
    case "workerd":
      return WORKERD_CACHE_BYTES;
    case "browser":
      return BROWSER_CACHE_CEILING_BYTES;
    case "node":
    case "deno": {
      if (totalMemory === undefined) return SERVER_MIN_CACHE_CEILING_BYTES;
      const share = Math.floor(totalMemory / 4 / MiB) * MiB;
      return Math.min(SERVER_MAX_CACHE_CEILING_BYTES, Math.max(SERVER_MIN_CACHE_CEILING_BYTES, share));
    }
  }
}

/** open()'s `cacheBytes`: an explicit positive value wins; none (or 0) takes this runtime's default. */
export function resolveCacheBytes(explicit: number | undefined, globals?: RuntimeGlobals): number {
  if (explicit !== undefined && explicit > 0) return Math.floor(explicit);
  return defaultCacheBytes(detectRuntime(globals), totalMemoryBytes(globals));
}

/**
 * open()'s `cacheBytes` and `maxCacheBytes` together, as the cache's start
 * and ceiling (start <= ceiling; equal: a fixed size). Explicit positive
 * values win (open() refuses a `maxCacheBytes` below an explicit
 * `cacheBytes`); a default start above an explicit ceiling is cut to it,
 * and a default ceiling below an explicit start rises to it (fixed).
 */
export function resolveCacheSizes(
  explicitStart: number | undefined,
  explicitMax: number | undefined,
  globals?: RuntimeGlobals,
): { cacheBytes: number; maxCacheBytes: number } {
  const runtime = detectRuntime(globals);
  const total = totalMemoryBytes(globals);
  const startGiven = explicitStart !== undefined && explicitStart > 0;
  const maxGiven = explicitMax !== undefined && explicitMax > 0;
  const max = maxGiven ? Math.floor(explicitMax) : defaultMaxCacheBytes(runtime, total);
  let start = startGiven ? Math.floor(explicitStart) : defaultCacheBytes(runtime, total);
  if (!startGiven) start = Math.min(start, max);
  return { cacheBytes: start, maxCacheBytes: Math.max(start, max) };
}

/**
 * The default budget of a writer's memtable (open()'s `memtableBytes`): a
 * commit that leaves the memtable at this many bytes or more flushes it to
 * data files. The memtable holds decoded records, several times their WAL
 * bytes, and the flush's working set grows with it; together they set the
 * peak of a long load, which the instance's memory keeps. A small budget
 * flushes more often, into smaller runs that merge a few of similar size at
 * a time (size-tiered compaction; before it every merge took every run, and
 * a small budget on a large load cost time and memory: docs/benchmarks.md).
 * - Workers: 16 MiB (128 MB isolates).
 * - Browsers: 64 MiB: a tab's memory counts most; at 100k nodes and 505k
 *   relationships a load peaks at 151 MB of wasm memory where a memtable of
 *   the whole graph (162 MB) peaked at 260 MB.
 * - Node and Deno: 256 MiB: 2M relationships into 1M nodes took 59 s and
 *   ended at 852 MB at 64 MiB (six compactions of every run), 34 s and
 *   641 MB at 256 MiB; with size tiers 64 MiB ended at 749 MB (times not yet
 *   measured on a quiet machine).
 */
export const WORKERD_MEMTABLE_BYTES = 16 * MiB;
export const BROWSER_MEMTABLE_BYTES = 64 * MiB;
export const SERVER_MEMTABLE_BYTES = 256 * MiB;

export function defaultMemtableBytes(runtime: Runtime): number {
  if (runtime === "workerd") return WORKERD_MEMTABLE_BYTES;
  return runtime === "browser" ? BROWSER_MEMTABLE_BYTES : SERVER_MEMTABLE_BYTES;
}

/** open()'s `memtableBytes`: an explicit positive value wins; none (or 0) takes this runtime's default. */
export function resolveMemtableBytes(explicit: number | undefined, globals?: RuntimeGlobals): number {
  if (explicit !== undefined && explicit > 0) return Math.floor(explicit);
  return defaultMemtableBytes(detectRuntime(globals));
}
