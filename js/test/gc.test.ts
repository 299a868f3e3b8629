// Garbage collection from TypeScript: `db.gc()`, and the collection that
// follows every flush and compaction. Before, nothing reached it: replaced
// WAL segments and tables stayed forever and the manifest's retired list
// grew with every flush.
import { readdir, stat } from "node:fs/promises";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CorruptionError, InvalidArgumentError } from "../../dist/js/errors.js";
import { FileStore, open } from "../../dist/js/node.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "namidb-gc-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** Every file of namespace `ns` under `dir`, with its size. */
async function files(ns: string): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const walk = async (path: string) => {
    for (const entry of await readdir(path, { withFileTypes: true })) {
      const full = join(path, entry.name);
      if (entry.isDirectory()) await walk(full);
      else out.set(relative(join(dir, ns), full), (await stat(full)).size);
    }
  };
  await walk(join(dir, ns));
  return out;
}

const sum = (m: Map<string, number>) => [...m.values()].reduce((a, b) => a + b, 0);

async function load(db: Awaited<ReturnType<typeof open>>, from: number, count: number) {
  const nodes = Array.from({ length: count }, (_, i) => ({
    labels: ["Item"],
    id: `item:${from + i}`,
    properties: { n: from + i, text: `item number ${from + i}` },
  }));
  await db.upsertNodes(nodes);
  await db.upsertEdges(nodes.slice(1).map((n, i) => ({ type: "NEXT", src: nodes[i]!.id, dst: n.id })));
  await db.commit();
}

describe("garbage collection", () => {
  it("returns disk use to the live size after flush, compact and gc()", async () => {
    const db = await open({ store: new FileStore(dir), namespace: "g" });
    for (let round = 0; round < 4; round++) {
      for (let c = 0; c < 5; c++) await load(db, (round * 5 + c) * 500, 500);
      await db.flush();
    }
    await db.compact();
    const before = await files("g");
    // Within the grace period (an hour by default) nothing replaced goes.
    const kept = await db.gc();
    expect(kept.deleted).toBe(0);
    expect(kept.kept).toBeGreaterThan(20);
    const gc = await db.gc({ graceMs: 0 });
    expect(gc.deleted).toBe(kept.kept);
    expect(gc.deletedBytes).toBe(kept.keptBytes);
    expect(gc.kept).toBe(0);
    const after = await files("g");
    // What is left is exactly what the manifest lists, and all of it reads.
    const manifest = JSON.parse(new TextDecoder().decode((await new FileStore(dir).get("g/manifest.json")).data));
    const live = new Set<string>(["manifest.json", manifest.checkpoint, ...manifest.tables.map((t: { key: string }) => t.key)]);
    expect(new Set(after.keys())).toEqual(live);
    const data = (m: Map<string, number>) => sum(m) - (m.get("manifest.json") ?? 0);
    expect(data(before) - data(after)).toBe(gc.deletedBytes);
    expect(sum(after)).toBeLessThan(sum(before) / 2);
    expect((await db.query("MATCH (i:Item)-[:NEXT]->() RETURN count(*)")).rows).toEqual([[20 * 499]]);
    await db.close();
  });

  it("keeps the manifest bounded over many flushes", async () => {
    const store = new FileStore(dir);
    const db = await open({ store, namespace: "g" }, { gcGraceMs: 0 });
    const sizes: number[] = [];
    for (let i = 0; i < 25; i++) {
      await db.write("CREATE (:Item {n: $n})", { n: i });
      await db.write("CREATE (:Item {n: $n})", { n: -i });
      await db.flush();
      sizes.push((await store.head("g/manifest.json")).size);
    }
    expect(sizes[24]!).toBeLessThan(sizes[5]! + 2048);
    const manifest = JSON.parse(new TextDecoder().decode((await store.get("g/manifest.json")).data));
    expect(manifest.retired.length).toBeLessThanOrEqual(2);
    expect((await files("g")).size).toBeLessThan(2 + 5 * 6);
    await db.close();
  });

  it("a reader pinned to an older version keeps reading within the grace period", async () => {
    const store = new FileStore(dir);
    const writer = await open({ store, namespace: "g" });
    await load(writer, 0, 2000);
    await writer.flush();
    const reader = await open({ store, namespace: "g" }, { mode: "read", cacheBytes: 1 });
    await load(writer, 2000, 2000);
    await writer.flush();
    await writer.compact();  // replaces every table the reader reads; collects after
    await writer.gc();
    expect((await reader.query("MATCH (i:Item) RETURN count(i)")).rows).toEqual([[2000]]);
    expect((await reader.query("MATCH (:Item {n: 1500})-[:NEXT]->(j) RETURN j.n")).rows).toEqual([[1501]]);
    // Past the grace period the old tables go: the reader must refresh.
    await writer.gc({ graceMs: 0 });
    expect(await reader.query("MATCH (i:Item) RETURN count(i.text)").catch((e: unknown) => e)).toBeInstanceOf(CorruptionError);
    await reader.refresh();
    expect((await reader.query("MATCH (i:Item) RETURN count(i.text)")).rows).toEqual([[4000]]);
    await Promise.all([reader.close(), writer.close()]);
  });

  it("refuses bad options and read-only sessions", async () => {
    const db = await open({ store: new FileStore(dir), namespace: "g" });
    await db.write("CREATE (:Item)");
    expect(await db.gc({ graceMs: -1 }).catch((e: unknown) => e)).toBeInstanceOf(InvalidArgumentError);
    expect(await db.gc({ grace: 1 } as never).catch((e: unknown) => e)).toBeInstanceOf(InvalidArgumentError);
    const reader = await open({ store: new FileStore(dir), namespace: "g" }, { mode: "read" });
    expect(await reader.gc().catch((e: unknown) => e)).toBeInstanceOf(InvalidArgumentError);
    expect(await open({ store: new FileStore(dir), namespace: "g" }, { gcGraceMs: 1.5 }).catch((e: unknown) => e)).toBeInstanceOf(
      InvalidArgumentError,
    );
    await Promise.all([reader.close(), db.close()]);
  });
});
