// open()'s options on their way to a worker: an OpfsBlockCache crosses as
// its directory and is rebuilt there; anything else that would not survive
// structured cloning, or would arrive as a bare shell of its class, is
// refused by name.
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../dist/js/errors.js";
import { DirectoryBlockCache } from "../../dist/js/node/directory_cache.js";
import { OpfsBlockCache } from "../../dist/js/opfs/block_cache.js";
import { fromWireOptions, toWireOptions } from "../../dist/js/worker/wire_options.js";

describe("open() options crossing to a worker", () => {
  it("carry an OpfsBlockCache as its directory and rebuild it in the worker", () => {
    const wire = toWireOptions({ mode: "read", remote: { maxInFlight: 4, cache: { maxBytes: 1024, persistent: new OpfsBlockCache({ directory: "a/b" }) } } });
    expect(wire).toEqual({ mode: "read", remote: { maxInFlight: 4, cache: { maxBytes: 1024, persistent: { opfsBlockCache: { directory: "a/b" } } } } });
    const there = fromWireOptions(structuredClone(wire));
    const persistent = there.remote?.cache && there.remote.cache.persistent;
    expect(persistent).toBeInstanceOf(OpfsBlockCache);
    expect((persistent as OpfsBlockCache).directory).toBe("a/b");
    expect(there).toMatchObject({ mode: "read", remote: { maxInFlight: 4, cache: { maxBytes: 1024 } } });
    // Options without one pass as they are.
    expect(fromWireOptions(toWireOptions({ mode: "read", limits: { maxRows: 3 } }))).toEqual({ mode: "read", limits: { maxRows: 3 } });
  });

  it("refuse another persistent cache, even one that structured cloning would copy as bare data", () => {
    const directoryCache = new DirectoryBlockCache("/tmp/x");
    expect(() => structuredClone(directoryCache)).not.toThrow();  // it would arrive without its methods
    expect(() => toWireOptions({ remote: { cache: { persistent: directoryCache } } })).toThrow(InvalidArgumentError);
    expect(() => toWireOptions({ remote: { cache: { persistent: directoryCache } } })).toThrow(
      /remote.cache.persistent crosses to a worker only as an OpfsBlockCache; for another cache, create it in a worker of your own/,
    );
    expect(() => toWireOptions({ remote: { fetch: globalThis.fetch } })).toThrow(/cannot cross to a worker .*remote.fetch/);
  });
});
