// Property indexes kept in the namespace's data files, through the wasm
// engine: a reader on a fresh engine (nothing of the writer's in memory)
// answers an indexed lookup by reading a few blocks of the index and of the
// node it returns, where before every reader rebuilt the index by scanning
// the whole label. The bytes and objects each read takes are counted by a
// store that wraps the namespace's.
import { describe, expect, it } from "vitest";
import { loadEngine, open } from "../../dist/js/index.js";
import { MemoryStore } from "../../dist/js/memory_store.js";
import type { ByteRange, GetRequest, GetResult, ListOptions, ObjectStore, PutOptions, ReadOptions } from "../../dist/js/store.js";

/** Counts what the engine reads: bytes, and the keys of every get. */
class CountingStore implements ObjectStore {
  readonly kind = "counting";
  bytes = 0;
  keys: string[] = [];
  constructor(readonly inner: MemoryStore) {}
  reset(): void {
    this.bytes = 0;
    this.keys = [];
  }
  async get(key: string, range?: ByteRange, _options?: ReadOptions): Promise<GetResult> {
    const got = await this.inner.get(key, range);
    this.bytes += got.data.length;
    this.keys.push(key);
    return got;
  }
  head(key: string) {
    return this.inner.head(key);
  }
  put(key: string, data: Uint8Array, options?: PutOptions) {
    return this.inner.put(key, data, options);
  }
  delete(key: string) {
    return this.inner.delete(key);
  }
  list(prefix: string, options?: ListOptions) {
    return this.inner.list(prefix, options);
  }
}

const PEOPLE = 6000;

/** A namespace of PEOPLE persons (and as many cities) with an index on :Person(id). */
async function build(indexFirst: boolean): Promise<MemoryStore> {
  const store = new MemoryStore();
  const db = await open({ store, namespace: "g" });
  if (indexFirst) await db.write("CREATE INDEX FOR (p:Person) ON (p.id)");
  for (let from = 0; from < PEOPLE; from += 2000) {
    await db.write(
      "UNWIND range($from, $to - 1) AS i CREATE (:Person {id: i, name: 'person ' + toString(i), bio: 'x' + toString(i * 7919)}), (:City {id: i})",
      { from, to: from + 2000 },
    );
    await db.flush();
  }
  if (!indexFirst) await db.write("CREATE INDEX FOR (p:Person) ON (p.id)");
  await db.close();
  return store;
}

async function namespaceBytes(store: MemoryStore): Promise<number> {
  let total = 0;
  for (const o of (await store.list("g/")).objects) total += o.size;
  return total;
}

/** A reader on a fresh engine: what opening it, then one lookup, reads. */
async function coldLookup(store: MemoryStore, id: number) {
  const counting = new CountingStore(store);
  const db = await open({ store: counting, namespace: "g" }, { engine: await loadEngine(), mode: "read" });
  counting.reset();
  const rows = (await db.query("MATCH (p:Person {id: $id}) RETURN p.name", { id })).rows;
  const read = { bytes: counting.bytes, keys: [...counting.keys] };
  await db.close();
  return { rows, read };
}

const kindOf = (key: string) => /\/sst\/([a-z]+)-/.exec(key)?.[1] ?? key;

describe("property indexes in the data files", () => {
  for (const indexFirst of [true, false]) {
    it(`answer a cold reader's lookup from a few blocks (index created ${indexFirst ? "before the data" : "over existing data"})`, async () => {
      const store = await build(indexFirst);
      const manifest = JSON.parse(new TextDecoder().decode((await store.get("g/manifest.json")).data));
      expect(manifest.format_version).toBe(5);
      expect(manifest.stored_indexes).toEqual([{ label: "Person", property: "id" }]);
      expect(manifest.tables.some((t: { kind: string }) => t.kind === "props")).toBe(true);
      const total = await namespaceBytes(store);

      const { rows, read } = await coldLookup(store, 4321);
      expect(rows).toEqual([["person 4321"]]);
      // Index blocks, and the one node's block: never the label.
      const kinds = read.keys.map(kindOf);
      expect(kinds.filter((k) => k === "props").length).toBeGreaterThan(0);
      expect(kinds.filter((k) => k !== "props" && k !== "nodes")).toEqual([]);
      expect(kinds.filter((k) => k === "nodes").length).toBeLessThanOrEqual(3);  // one per run at most
      // A few blocks (of 32 KiB at most before compression) of a 1 MB namespace.
      expect(read.bytes).toBeLessThan(3 * 32 * 1024);
      expect(read.bytes).toBeLessThan(total / 20);
      // A value no node has reads index blocks only.
      const none = await coldLookup(store, PEOPLE + 5);
      expect(none.rows).toEqual([]);
      expect(none.read.keys.map(kindOf).every((k) => k === "props")).toBe(true);
    });
  }

  it("reads the whole label when the index is in memory only (a namespace of the former format)", async () => {
    const store = await build(true);
    const manifest = JSON.parse(new TextDecoder().decode((await store.get("g/manifest.json")).data));
    manifest.format_version = 2;
    delete manifest.stored_indexes;
    manifest.tables = manifest.tables.filter((t: { kind: string }) => t.kind !== "props" && t.kind !== "cols");
    const current = await store.head("g/manifest.json");
    await store.put("g/manifest.json", new TextEncoder().encode(JSON.stringify(manifest)), { ifMatch: current.version });
    const total = await namespaceBytes(store);
    const { rows, read } = await coldLookup(store, 4321);
    expect(rows).toEqual([["person 4321"]]);
    // What every cold reader paid before: all of :Person's records.
    expect(read.bytes).toBeGreaterThan(total / 5);
    // A writer's next flush builds the index's tables; then a cold lookup is small again.
    const writer = await open({ store, namespace: "g" });
    await writer.flush();
    await writer.close();
    const after = await coldLookup(store, 4321);
    expect(after.rows).toEqual([["person 4321"]]);
    expect(after.read.bytes).toBeLessThan(read.bytes / 10);
  });

  it("never answers a stale node after updates and deletes over the tables", async () => {
    const store = await build(true);
    const db = await open({ store, namespace: "g" });
    await db.write("MATCH (p:Person {id: 10}) SET p.id = 100000");
    await db.write("MATCH (p:Person {id: 11}) DETACH DELETE p");
    await db.write("MATCH (p:Person {id: 12}) REMOVE p:Person SET p:Former");
    await db.write("MATCH (p:Person {id: 13}) REMOVE p.id");
    await db.write("CREATE (:Person {id: 14.0, name: 'twin'})");
    const expectations: Array<[number, string[]]> = [[10, []], [100000, ["person 10"]], [11, []], [12, []], [13, []], [14, ["person 14", "twin"]]];
    const check = async (stage: string) => {
      const reader = await open({ store, namespace: "g" }, { engine: await loadEngine(), mode: "read" });
      for (const [id, names] of expectations) {
        const rows = (await reader.query("MATCH (p:Person {id: $id}) RETURN p.name ORDER BY p.name", { id })).rows.map((r) => r[0]);
        expect(rows, `${stage}: id ${id}`).toEqual(names);
      }
      await reader.close();
    };
    await check("in the WAL");
    await db.flush();
    await check("flushed");
    await db.compact();
    await check("compacted");
    await db.close();
  });

  it("finds a node by id() or elementId() in one point read", async () => {
    const store = await build(true);
    const db = await open({ store, namespace: "g" });
    const id = (await db.query("MATCH (p:Person {id: 77}) RETURN id(p)")).rows[0]![0] as string;
    await db.close();
    for (const fn of ["id", "elementId"]) {
      const counting = new CountingStore(store);
      const reader = await open({ store: counting, namespace: "g" }, { engine: await loadEngine(), mode: "read" });
      counting.reset();
      const rows = (await reader.query(`MATCH (n) WHERE ${fn}(n) = $id RETURN n.name`, { id })).rows;
      expect(rows).toEqual([["person 77"]]);
      // The node's block in each run that may hold it: no scan.
      expect(counting.keys.map(kindOf).every((k) => k === "nodes")).toBe(true);
      expect(counting.keys.length).toBeLessThanOrEqual(3);
      await reader.close();
    }
  });
});
