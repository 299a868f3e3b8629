// db.subscribe(): sessions on one store object hear each other's commits at
// once; a session on a store without a channel polls the manifest; nobody is
// told of their own commits; unsubscribing stops it.
import { describe, expect, it } from "vitest";
import { open } from "../../dist/js/database.js";
import { MemoryStore } from "../../dist/js/memory_store.js";
import type { ObjectStore } from "../../dist/js/store.js";

// The same objects behind a different store object: no same-realm path, no
// channel, as a bucket that other machines write looks to a reader.
function elsewhere(store: MemoryStore): ObjectStore {
  return {
    kind: "remote",
    get: (k, r) => store.get(k, r),
    head: (k) => store.head(k),
    put: (k, d, o) => store.put(k, d, o),
    delete: (k) => store.delete(k),
    list: (p, o) => store.list(p, o),
  };
}

function nextChange(subscribe: (cb: (c: { version: number }) => void) => () => void): Promise<number> {
  return new Promise((resolve) => {
    const stop = subscribe((c) => {
      stop();
      resolve(c.version);
    });
  });
}

describe("change notifications", () => {
  it("tells a session on the same store of another's commit, and not the committer", async () => {
    const store = new MemoryStore();
    const writer = await open({ store, namespace: "g" });
    await writer.write("CREATE (:N)");
    const reader = await open({ store, namespace: "g" }, { mode: "read" });
    const own: number[] = [];
    writer.subscribe((c) => own.push(c.version));
    const heard = nextChange((cb) => reader.subscribe(cb));
    await writer.write("CREATE (:N)");
    expect(await heard).toBe(2);
    const last = nextChange((cb) => reader.subscribe(cb));
    await writer.flush();
    await writer.write("CREATE (:N)");
    // Once the reader heard the last version, the writer's own checks (queued first) are done too.
    expect(await last).toBeGreaterThanOrEqual(3);
    expect(own).toEqual([]);
    await reader.refresh();
    expect((await reader.query("MATCH (n:N) RETURN count(*)")).rows).toEqual([[3]]);
    await Promise.all([writer.close(), reader.close()]);
  });

  it("polls the manifest of a store with no channel", async () => {
    const store = new MemoryStore();
    const writer = await open({ store, namespace: "p" });
    await writer.write("CREATE (:N)");
    const reader = await open({ store: elsewhere(store), namespace: "p" }, { mode: "read" });
    const heard = nextChange((cb) => reader.subscribe(cb, { pollMs: 5 }));
    await writer.write("CREATE (:N)");
    expect(await heard).toBe(2);
    await Promise.all([writer.close(), reader.close()]);
  });

  it("stops calling back after unsubscribing or closing", async () => {
    const store = new MemoryStore();
    const writer = await open({ store, namespace: "u" });
    await writer.write("CREATE (:N)");
    const reader = await open({ store, namespace: "u" }, { mode: "read" });
    const calls: number[] = [];
    const stop = reader.subscribe((c) => calls.push(c.version));
    const later = await open({ store, namespace: "u" }, { mode: "read" });
    const heard = nextChange((cb) => later.subscribe(cb));
    stop();
    await writer.write("CREATE (:N)");
    // `later` heard version 2, so the announcement went out; `reader` had stopped.
    expect(await heard).toBe(2);
    expect(calls).toEqual([]);
    expect(() => reader.subscribe("no" as unknown as () => void)).toThrow(/callback/);
    await Promise.all([writer.close(), reader.close(), later.close()]);
  });
});
