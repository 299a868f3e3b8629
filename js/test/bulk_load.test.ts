// bulkLoad(): nodes then relationships from arrays or (async) iterables,
// a commit per batch with a progress report after each, one flush; a
// refused element stops it with what was committed before.
import { describe, expect, it } from "vitest";
import { bulkLoad, type BulkLoadProgress } from "../../dist/js/bulk_load.js";
import { open } from "../../dist/js/database.js";
import { InvalidArgumentError, NotFoundError } from "../../dist/js/errors.js";
import { MemoryStore } from "../../dist/js/memory_store.js";

function* people(n: number) {
  for (let i = 0; i < n; i++) yield { labels: ["Person"], id: `p:${i}`, properties: { i } };
}

async function* knows(n: number, nodes: number) {
  for (let i = 0; i < n; i++) yield { type: "KNOWS", src: `p:${i % nodes}`, dst: `p:${(i * 7 + 1) % nodes}`, properties: { i } };
}

describe("bulkLoad", () => {
  it("commits a batch at a time, reports each, and flushes at the end", async () => {
    const store = new MemoryStore();
    const db = await open({ store, namespace: "bulk" });
    const seen: BulkLoadProgress[] = [];
    const result = await bulkLoad(db, { nodes: people(2500), relationships: knows(2000, 2500) }, {
      batchSize: 1000,
      onProgress: (p) => seen.push(p),
    });
    expect(seen.map((p) => [p.phase, p.nodes, p.relationships])).toEqual([
      ["nodes", 1000, 0], ["nodes", 2000, 0], ["nodes", 2500, 0],
      ["relationships", 2500, 1000], ["relationships", 2500, 2000],
      ["flush", 2500, 2000],
    ]);
    // A version per commit, then the flush's.
    expect(seen.map((p) => p.version)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(result).toEqual({ nodes: 2500, relationships: 2000, version: 6 });
    expect((await db.query("MATCH (:Person)-[r:KNOWS]->() RETURN count(r), sum(r.i)")).rows).toEqual([[2000, (1999 * 2000) / 2]]);
    const keys = (await store.list("bulk/")).objects.map((o) => o.key);
    expect(keys.some((k) => k.endsWith(".sst"))).toBe(true);
    await db.close();
  });

  it("stops at a refused element, keeping the batches committed before it", async () => {
    const db = await open({ store: new MemoryStore(), namespace: "refused" });
    const edges = [...Array.from({ length: 5 }, (_, i) => ({ type: "T", src: `p:${i}`, dst: "p:0" })), { type: "T", src: "p:1", dst: "p:404" }];
    const err = await bulkLoad(db, { nodes: [...people(10)], relationships: edges }, { batchSize: 4, flush: false }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(NotFoundError);
    expect(String(err)).toMatch(/element 1: no node/);
    expect((err as { committed: unknown }).committed).toEqual({ nodes: 10, relationships: 4, version: 4 });
    expect(db.staged).toBe(0);
    expect((await db.query("MATCH ()-[r:T]->() RETURN count(r)")).rows).toEqual([[4]]);
    await db.close();
  });

  it("refuses bad options and a session with changes staged", async () => {
    const db = await open({ store: new MemoryStore(), namespace: "options" });
    await expect(bulkLoad(db, { nodes: [] }, { batchSize: 0 })).rejects.toThrow(/batchSize must be an integer from 1 to 10,000,000/);
    await expect(bulkLoad(db, { nodes: 5 as unknown as [] })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(bulkLoad(db, {}, { every: 1 } as never)).rejects.toThrow(/unknown bulkLoad option 'every'/);
    await db.upsertNode(["P"], "x");
    await expect(bulkLoad(db, { nodes: [...people(1)] })).rejects.toThrow(/commit or discard/);
    expect(db.staged).toBe(1);
    await db.close();
  });
});
