// db.stats() in the wasm build: the block cache's statistics and a writer's
// set of live nodes cross to TypeScript, and the cache grows by itself from
// `cacheBytes` toward `maxCacheBytes` when a workload loops over more blocks
// than it holds, and not when the size is fixed.
import { describe, expect, it } from "vitest";
import { InvalidArgumentError } from "../../dist/js/errors.js";
import { MemoryStore, open } from "../../dist/js/index.js";

const MiB = 1 << 20;

/** A namespace of `count` nodes of about 200 bytes each, in data files. */
async function loaded(count: number): Promise<MemoryStore> {
  const store = new MemoryStore();
  const db = await open({ store, namespace: "g" }, { cacheBytes: MiB, maxCacheBytes: MiB });
  const pad = "x".repeat(180);
  for (let from = 0; from < count; from += 10_000) {
    const part = [];
    for (let i = from; i < Math.min(count, from + 10_000); i++) part.push({ labels: ["N"], id: `n:${i}`, properties: { i, pad } });
    await db.upsertNodes(part);
    await db.commit();
  }
  await db.flush();
  await db.close();
  return store;
}

// properties(n): every node's whole record (n.i alone reads a column).
const SUM = "MATCH (n:N) RETURN sum(properties(n).i) AS s";

describe("db.stats()", () => {
  it("reports the cache's counts, sizes and the writer's set of live nodes", async () => {
    const store = await loaded(2_000);
    const db = await open({ store, namespace: "g" }, { cacheBytes: 2 * MiB, maxCacheBytes: 8 * MiB });
    const fresh = await db.stats();
    expect(fresh.cache).toMatchObject({ hits: 0, misses: 0, blocks: 0, bytes: 0, capacityBytes: 2 * MiB, startBytes: 2 * MiB, maxBytes: 8 * MiB, grows: 0 });
    expect(fresh.liveNodes).toEqual({ count: 0, bytes: 0, maxBytes: 8 * MiB });
    expect((await db.query(SUM)).rows).toEqual([[1_999_000]]);
    const cold = await db.stats();
    expect(cold.cache.misses).toBeGreaterThan(0);
    expect(cold.cache.blocks).toBeGreaterThan(0);
    expect(cold.cache.bytes).toBeGreaterThan(300_000);  // 2,000 nodes of ~200 bytes
    expect(cold.cache.bytes).toBeLessThanOrEqual(cold.cache.capacityBytes);
    await db.query(SUM);
    const warm = await db.stats();
    expect(warm.cache.misses).toBe(cold.cache.misses);  // it all fits: a second run only hits
    expect(warm.cache.hits).toBeGreaterThan(cold.cache.hits);
    // An edge's endpoint check reads a node block: every live node of it joins the set.
    await db.upsertEdge("K", "n:1", "n:2");
    expect((await db.stats()).liveNodes!.count).toBeGreaterThan(2);
    await db.close();
    await expect(db.stats()).rejects.toThrow(/closed/);

    const reader = await open({ store, namespace: "g" }, { mode: "read", cacheBytes: MiB, maxCacheBytes: MiB });
    const readerStats = await reader.stats();
    expect(readerStats.liveNodes).toBeUndefined();
    expect(readerStats.cache).toMatchObject({ capacityBytes: MiB, maxBytes: MiB });
    await reader.close();
  });

  it("shows the cache growing to hold a scan it loops over, and a fixed one not growing", async () => {
    const store = await loaded(50_000);  // about 10 MB of node blocks
    const growing = await open({ store, namespace: "g" }, { mode: "read", cacheBytes: 2 * MiB, maxCacheBytes: 64 * MiB });
    const fixed = await open({ store, namespace: "g" }, { mode: "read", cacheBytes: 2 * MiB, maxCacheBytes: 2 * MiB });
    let lastMisses = -1;
    for (let pass = 0; pass < 20 && lastMisses !== 0; pass++) {
      const before = (await growing.stats()).cache.misses;
      expect((await growing.query(SUM)).rows).toEqual([[1_249_975_000]]);
      lastMisses = (await growing.stats()).cache.misses - before;
    }
    const grown = (await growing.stats()).cache;
    expect(lastMisses).toBe(0);  // grown, the whole scan hits
    expect(grown.grows).toBeGreaterThan(0);
    expect(grown.ghostHits).toBeGreaterThan(0);
    expect(grown.capacityBytes).toBeGreaterThan(2 * MiB);
    expect(grown.capacityBytes).toBeLessThanOrEqual(64 * MiB);
    expect(grown.bytes).toBeLessThanOrEqual(grown.capacityBytes);

    for (let pass = 0; pass < 3; pass++) await fixed.query(SUM);
    const still = (await fixed.stats()).cache;
    expect(still).toMatchObject({ capacityBytes: 2 * MiB, maxBytes: 2 * MiB, grows: 0, ghosts: 0, ghostHits: 0 });
    expect(still.evictions).toBeGreaterThan(0);
    await Promise.all([growing.close(), fixed.close()]);
  });

  it("refuses a ceiling below an explicit start, and opens nothing", async () => {
    const store = new MemoryStore();
    const err = await open({ store, namespace: "g" }, { cacheBytes: 8 * MiB, maxCacheBytes: 4 * MiB }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).toBe(
      "open() option maxCacheBytes (4194304) is below cacheBytes (8388608): the cache starts at cacheBytes and grows up to maxCacheBytes; give them equal for a fixed size",
    );
    await expect(open({ store, namespace: "g" }, { maxCacheBytes: -1 })).rejects.toThrow(
      "open() option maxCacheBytes must be a non-negative number, not -1",
    );
    expect((await store.list("")).objects).toEqual([]);
  });
});
