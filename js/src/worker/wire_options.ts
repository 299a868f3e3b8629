/**
 * open()'s options as they cross to a worker: structured cloning keeps data
 * only, so the one object the package knows how to rebuild there, an
 * OpfsBlockCache as `remote.cache.persistent`, crosses as its directory and
 * is made anew in the worker (OPFS is the origin's, shared by the page and
 * its workers). Anything else that cannot be cloned, or would arrive as a
 * bare shell of its class, is refused by name.
 */
import { InvalidArgumentError } from "../errors.js";
import type { OpenOptions } from "../database.js";
import { OpfsBlockCache } from "../opfs/block_cache.js";
import type { WireOpenOptions } from "./protocol.js";

const OWN_WORKER = "create it in a worker of your own that calls serveDatabases({ resolve })";

/** The options to send (engine and worker already removed). */
export function toWireOptions(options: Omit<OpenOptions, "engine" | "worker">): WireOpenOptions {
  const wire = { ...options } as WireOpenOptions;
  const cache = options.remote?.cache;
  if (cache && cache.persistent !== undefined) {
    if (!(cache.persistent instanceof OpfsBlockCache)) {
      throw new InvalidArgumentError(
        `open() option remote.cache.persistent crosses to a worker only as an OpfsBlockCache; for another cache, ${OWN_WORKER}`,
      );
    }
    const { persistent, ...rest } = cache;
    wire.remote = { ...options.remote, cache: { ...rest, persistent: { opfsBlockCache: { directory: persistent.directory } } } };
  }
  try {
    structuredClone(wire);
  } catch {
    throw new InvalidArgumentError(
      `these open() options cannot cross to a worker (they hold functions or objects, e.g. remote.fetch); ${OWN_WORKER}`,
    );
  }
  return wire;
}

/** The options a worker opens with. */
export function fromWireOptions(wire: WireOpenOptions): OpenOptions & { worker?: false } {
  const persistent = (wire.remote?.["cache"] as { persistent?: { opfsBlockCache?: { directory: string } } } | undefined)?.persistent;
  if (!persistent?.opfsBlockCache) return wire as OpenOptions & { worker?: false };
  const cache = { ...(wire.remote!["cache"] as object), persistent: new OpfsBlockCache(persistent.opfsBlockCache) };
  return { ...wire, remote: { ...wire.remote, cache } } as OpenOptions & { worker?: false };
}
