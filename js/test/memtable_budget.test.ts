// A writer's memtable in the wasm build: db.stats().memtable reports its
// bytes and budget, and a load past open()'s `memtableBytes` flushes on its
// own after the commit that crossed it, with every element still readable;
// db.stats().compaction counts the runs and the merges of them.
import { describe, expect, it } from "vitest";
import { resolveMemtableBytes } from "../../dist/js/cache_size.js";
import { MemoryStore, open } from "../../dist/js/index.js";

const MiB = 1 << 20;

function batch(from: number, count: number) {
  const pad = "x".repeat(100);
  const nodes = [];
  for (let i = from; i < from + count; i++) nodes.push({ labels: ["N"], id: `n:${i}`, properties: { i, pad } });
  return nodes;
}

describe("the memtable", () => {
  it("is reported by a writer's stats(), with the runtime's default budget", async () => {
    const store = new MemoryStore();
    const db = await open({ store, namespace: "g" });
    const empty = (await db.stats()).memtable!;
    expect(empty.maxBytes).toBe(resolveMemtableBytes(undefined));
    expect(empty.nodes).toBe(0);
    expect(empty.relationships).toBe(0);
    await db.upsertNodes(batch(0, 1_000));
    await db.upsertEdge("K", "n:1", "n:2");
    const staged = (await db.stats()).memtable!;
    // At least each node's 100-byte pad; staged changes count too.
    expect(staged.bytes).toBeGreaterThan(empty.bytes + 100_000);
    expect(staged.nodes).toBe(1_000);
    expect(staged.relationships).toBe(1);
    await db.commit();
    await db.flush();
    expect((await db.stats()).memtable!.nodes).toBe(0);
    await db.close();
    const reader = await open({ store, namespace: "g" }, { mode: "read" });
    expect((await reader.stats()).memtable).toBeUndefined();
    await reader.close();
  });

  it("flushes on its own past memtableBytes, and loses nothing", async () => {
    const store = new MemoryStore();
    const db = await open({ store, namespace: "g" }, { memtableBytes: MiB });
    expect((await db.stats()).memtable!.maxBytes).toBe(MiB);
    let flushes = 0;
    for (let b = 0; b < 20; b++) {
      const committed = (await db.stats()).memtable!.bytes;
      await db.upsertNodes(batch(b * 1_000, 1_000));
      const before = (await db.stats()).memtable!.bytes;
      expect(before - committed).toBeLessThan(MiB / 2);  // one batch alone stays below the budget
      await db.commit();
      const after = (await db.stats()).memtable!.bytes;
      if (after < before) flushes++;
      expect(after).toBeLessThan(MiB);
    }
    expect(flushes).toBeGreaterThanOrEqual(3);
    // More than four runs of like size merge after a flush: fewer runs than flushes.
    const merged = (await db.stats()).compaction!;
    expect(merged.merges).toBeGreaterThanOrEqual(1);
    expect(merged.bytesRead).toBeGreaterThan(0);
    expect(merged.bytesWritten).toBeGreaterThan(0);
    expect(merged.runs).toBeGreaterThanOrEqual(1);
    expect(merged.runs).toBeLessThan(flushes);
    const tables = (await store.list("g/")).objects.filter((o) => o.key.endsWith(".sst"));
    expect(tables.length).toBeGreaterThan(0);
    expect((await db.query("MATCH (n:N) RETURN count(n) AS c, sum(n.i) AS s")).rows).toEqual([[20_000, 199_990_000]]);
    await db.close();
    const reader = await open({ store, namespace: "g" }, { mode: "read" });
    expect((await reader.query("MATCH (n:N) RETURN count(n) AS c, sum(n.i) AS s")).rows).toEqual([[20_000, 199_990_000]]);
    expect((await reader.query("MATCH (n:N {i: 12345}) RETURN n.pad = $pad AS same", { pad: "x".repeat(100) })).rows).toEqual([[true]]);
    expect((await reader.stats()).compaction).toBeUndefined();
    await reader.close();
  });

  it("counts compact() as a merge of every run into one", async () => {
    const store = new MemoryStore();
    const db = await open({ store, namespace: "g" });
    for (let b = 0; b < 3; b++) {
      await db.upsertNodes(batch(b * 100, 100));
      await db.commit();
      await db.flush();
    }
    const before = (await db.stats()).compaction!;
    expect(before).toMatchObject({ runs: 3, merges: 0, bottomMerges: 0, bytesRead: 0, bytesWritten: 0 });
    await db.compact();
    const after = (await db.stats()).compaction!;
    expect(after).toMatchObject({ runs: 1, merges: 1, bottomMerges: 1 });
    expect(after.bytesRead).toBeGreaterThan(0);
    expect(after.bytesWritten).toBeGreaterThan(0);
    expect((await db.query("MATCH (n:N) RETURN count(n) AS c")).rows).toEqual([[300]]);
    await db.close();
  });

  it("refuses a memtableBytes that is not a non-negative number", async () => {
    const store = new MemoryStore();
    await expect(open({ store, namespace: "g" }, { memtableBytes: -1 })).rejects.toThrow(
      "open() option memtableBytes must be a non-negative number, not -1",
    );
  });
});
