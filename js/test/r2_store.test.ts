// R2Store against Miniflare's R2 simulator (the binding a Worker gets): the
// store conformance suite directly and through the wasm engine, then what is
// particular to R2: content-hash ETags, refused ranges, batching and the cache.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadEngine, type Engine } from "../../dist/js/engine.js";
import { CancelledError, InvalidArgumentError, NotFoundError, PreconditionFailedError } from "../../dist/js/errors.js";
import { R2Store } from "../../dist/js/r2/r2_store.js";
import { open } from "../../dist/js/database.js";
import { MiniflareR2 } from "./support/miniflare_r2.js";
import { defineStoreConformance, type StoreUnderTest } from "./store_conformance.js";

let r2: MiniflareR2;
let engine: Engine | undefined;

beforeAll(async () => {
  r2 = await MiniflareR2.start();
});
afterAll(async () => {
  await r2?.stop();
});

async function fresh(): Promise<StoreUnderTest> {
  await r2.clear();
  return { store: new R2Store(r2.bucket) };
}

// Each put costs the simulator ~15 ms, one after the other: the pagination
// case lists 1,010 objects (two pages) instead of 2,500.
defineStoreConformance("R2Store (Miniflare's R2)", fresh, { listingKeys: 1010 });
defineStoreConformance("engine → R2Store (Miniflare's R2)", async () => {
  const { store } = await fresh();
  engine ??= await loadEngine();
  const view = engine.openStore(store);
  return { store: view, cleanup: () => view.close() };
}, { largeObjects: false, listingKeys: 1010 });

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe("R2Store", () => {
  it("gives equal bytes written twice two tokens, though R2's ETag is their hash", async () => {
    const store = (await fresh()).store;
    const first = await store.put("aba/m", bytes("same"));
    await store.put("aba/m", bytes("other"));
    const again = await store.put("aba/m", bytes("same"));
    const raw = await r2.bucket.head("aba/m");
    expect(first.etag.startsWith(`${raw!.etag}:`)).toBe(true);
    expect(again.etag).not.toBe(first.etag);
    await expect(store.put("aba/m", bytes("late writer"), { ifMatch: first })).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    expect(text((await store.get("aba/m")).data)).toBe("same");
    const swapped = await store.put("aba/m", bytes("next"), { ifMatch: again });
    expect((await store.head("aba/m")).version.etag).toBe(swapped.etag);
  });

  it("takes a bare ETag as a token, checked by R2 alone", async () => {
    const store = (await fresh()).store;
    await store.put("bare/m", bytes("one"));
    const etag = (await r2.bucket.head("bare/m"))!.etag;
    await store.put("bare/m", bytes("two"), { ifMatch: { etag } });
    await expect(store.put("bare/m", bytes("three"), { ifMatch: { etag } })).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
  });

  it("reads adjacent ranges of a batch with one call and serves data files again from its cache", async () => {
    await r2.clear();
    const store = new R2Store(r2.bucket);
    const data = new Uint8Array(300).map((_, i) => i % 251);
    await store.put("ns/sst/000001.sst", data);
    const before = store.stats.calls;
    const parts = await store.getMany([
      { key: "ns/sst/000001.sst", range: { offset: 100, length: 100 } },
      { key: "ns/sst/000001.sst", range: { offset: 0, length: 100 } },
      { key: "ns/sst/000001.sst", range: { offset: 200, length: 100 } },
      { key: "ns/sst/missing.sst", range: { offset: 0, length: 10 } },
    ]);
    expect(store.stats.calls - before).toBe(2);
    expect(Array.from((parts[0] as { data: Uint8Array }).data)).toEqual(Array.from(data.slice(100, 200)));
    expect(Array.from((parts[2] as { data: Uint8Array }).data)).toEqual(Array.from(data.slice(200, 300)));
    expect(parts[3]).toBeInstanceOf(NotFoundError);
    const again = await store.get("ns/sst/000001.sst", { offset: 150, length: 20 });
    expect(Array.from(again.data)).toEqual(Array.from(data.slice(150, 170)));
    expect(store.stats.calls - before).toBe(2);
    expect(store.stats.cacheHits).toBe(1);
    // The manifest is never served from the cache.
    await store.put("ns/manifest.json", bytes("v1"));
    await store.get("ns/manifest.json");
    await r2.bucket.put("ns/manifest.json", bytes("v2"));
    expect(text((await store.get("ns/manifest.json")).data)).toBe("v2");
  });

  it("runs at most maxInFlight binding calls at once", async () => {
    await r2.clear();
    let running = 0;
    let most = 0;
    const counting = new Proxy(r2.bucket, {
      get(target, name) {
        const member = Reflect.get(target, name);
        if (name !== "get") return typeof member === "function" ? member.bind(target) : member;
        return async (...args: unknown[]) => {
          most = Math.max(most, ++running);
          try {
            return await (member as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          } finally {
            running--;
          }
        };
      },
    });
    const store = new R2Store(counting, { maxInFlight: 3, cache: false });
    await Promise.all(Array.from({ length: 10 }, (_, i) => store.put(`fan/${i}`, bytes(`v${i}`))));
    const results = await store.getMany(Array.from({ length: 10 }, (_, i) => ({ key: `fan/${i}` })));
    expect(results.map((r) => text((r as { data: Uint8Array }).data))).toEqual(Array.from({ length: 10 }, (_, i) => `v${i}`));
    expect(most).toBe(3);
  });

  it("stops a batched read whose signal fired", async () => {
    const store = (await fresh()).store;
    await store.put("c/k", bytes("x"));
    const controller = new AbortController();
    controller.abort();
    await expect(store.getMany!([{ key: "c/k" }], { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
  });

  it("refuses what is not an R2 binding, by name", () => {
    expect(() => new R2Store(undefined as never)).toThrow(InvalidArgumentError);
    expect(() => new R2Store({} as never)).toThrow(/R2 binding/);
    expect(() => new R2Store(r2.bucket, { maxInFlight: 0 })).toThrow(/maxInFlight/);
  });

  it("holds a database that two sessions write in turn, the second losing a stale commit", async () => {
    await r2.clear();
    const store = new R2Store(r2.bucket);
    const a = await open({ store, namespace: "graph" });
    await a.write("CREATE (:City {name: 'Oslo'})");
    const b = await open({ store: new R2Store(r2.bucket), namespace: "graph" });
    await a.write("CREATE (:City {name: 'Lima'})");
    await expect(b.write("CREATE (:City {name: 'Pune'})")).rejects.toMatchObject({ code: "Conflict" });
    await b.refresh();
    await b.write("CREATE (:City {name: 'Pune'})");
    await a.close();
    const reader = await open({ store: new R2Store(r2.bucket), namespace: "graph" }, { mode: "read" });
    const rows = (await reader.query("MATCH (c:City) RETURN c.name AS name ORDER BY name")).rows;
    expect(rows).toEqual([["Lima"], ["Oslo"], ["Pune"]]);
    await reader.close();
    await b.close();
  });
});
