// The memory store copies bytes in and out, except for the engine's bridge:
// a put marked HANDED_OVER keeps the array it is given, and a read marked
// COPIED_AT_ONCE gets a view of the stored bytes (store.ts).
import { describe, expect, it } from "vitest";
import { MemoryStore } from "../../dist/js/memory_store.js";
import { COPIED_AT_ONCE, HANDED_OVER } from "../../dist/js/store.js";
import { open } from "../../dist/js/database.js";

describe("MemoryStore and the engine's bridge", () => {
  it("copies by default, keeps a handed-over array, and lends views to a read that copies at once", async () => {
    const store = new MemoryStore();
    const given = new Uint8Array([1, 2, 3, 4]);
    await store.put("a", given);
    given[0] = 9;  // the caller's array is its own
    const copy = await store.get("a");
    expect([...copy.data]).toEqual([1, 2, 3, 4]);
    copy.data[1] = 9;  // and so is what a read returns
    expect([...(await store.get("a")).data]).toEqual([1, 2, 3, 4]);

    const handed = new Uint8Array([5, 6, 7, 8]);
    await store.put("b", handed, { [HANDED_OVER]: true });
    const view = await store.get("b", { offset: 1, length: 2 }, { [COPIED_AT_ONCE]: true });
    expect([...view.data]).toEqual([6, 7]);
    expect(view.data.buffer).toBe(handed.buffer);  // no copy on either side
    const [many] = await store.getMany([{ key: "b" }], { [COPIED_AT_ONCE]: true });
    expect((many as { data: Uint8Array }).data.buffer).toBe(handed.buffer);
    expect((await store.get("b")).data.buffer).not.toBe(handed.buffer);
  });

  it("holds a database the engine wrote and read through the bridge", async () => {
    const store = new MemoryStore();
    const db = await open({ store, namespace: "h" });
    await db.upsertNodes(Array.from({ length: 2000 }, (_, i) => ({ labels: ["P"], id: `p${i}`, properties: { i } })));
    await db.commit();
    await db.flush();
    await db.close();
    const reader = await open({ store, namespace: "h" }, { mode: "read" });
    expect((await reader.query("MATCH (p:P) RETURN count(p) AS c, sum(p.i) AS s")).rows).toEqual([[2000, 1999000]]);
    await reader.close();
  });
});
