// A dead engine instance is replaced: when the wasm instance aborts (here:
// out of memory, from a store that hands it WAL segments of almost 1 GiB
// each, the most one read may move into the engine, several in one batch),
// calls on its databases fail with EngineAbortedError saying why and what to
// do, and the next open() without an engine starts a fresh instance.
import { describe, expect, it } from "vitest";
import { demangle, describeAbort } from "../../dist/js/abort_reason.js";
import { open } from "../../dist/js/database.js";
import { loadEngine } from "../../dist/js/engine.js";
import { EngineAbortedError, InternalError } from "../../dist/js/errors.js";
import { MemoryStore } from "../../dist/js/memory_store.js";
import type { ObjectStore } from "../../dist/js/store.js";

const HUGE = 2 ** 30 - 2 ** 20;  // under the bridge's 1 GiB per object; six of them do not fit in wasm32

/**
 * A store that, once `huge` is set, answers every read of a WAL segment with
 * an object of HUGE bytes. Zero-filled typed arrays cost no memory until
 * written, so the test process stays small; the engine must copy the bytes
 * of the whole batch into its own memory and cannot.
 */
function hugeStore() {
  const inner = new MemoryStore();
  const state = { huge: false };
  const store: ObjectStore = {
    kind: "huge",
    get: async (key, range) => {
      if (!state.huge || !key.includes("/wal/")) return inner.get(key, range);
      return { data: new Uint8Array(HUGE), meta: { key, size: HUGE, version: { etag: "huge" } } };
    },
    head: (key) => inner.head(key),
    put: (key, data, options) => inner.put(key, data, options),
    delete: (key) => inner.delete(key),
    list: (prefix, options) => inner.list(prefix, options),
  };
  return { store, state };
}

describe("a dead engine instance", () => {
  it("fails its databases with the reason, and the next open() starts a fresh instance", async () => {
    const { store, state } = hugeStore();
    const db = await open({ store, namespace: "g" });
    await db.write("CREATE (:A {x: 1})");
    for (let i = 0; i < 5; i++) await db.write("CREATE (:B)");  // WAL segments a reader replays
    const other = await open("memory://other");
    await other.upsertNode(["B"], "b1");
    expect(other.staged).toBe(1);

    state.huge = true;
    const died = await open({ store, namespace: "g" }, { mode: "read" }).catch((e: unknown) => e);
    expect(died).toBeInstanceOf(EngineAbortedError);
    expect(died).toBeInstanceOf(InternalError);
    expect((died as EngineAbortedError).reason).toMatch(/^Aborted\(\): most likely out of memory/);
    expect((died as Error).message).toContain("open the database again");

    // Every database of the dead instance says what happened.
    const later = await other.query("MATCH (n) RETURN count(n)").catch((e: unknown) => e);
    expect(later).toBeInstanceOf(EngineAbortedError);
    expect((later as Error).message).toMatch(/aborted earlier \(Aborted\(\): most likely out of memory.*open the database again/);
    await expect(db.write("CREATE (:A {x: 2})")).rejects.toBeInstanceOf(EngineAbortedError);
    expect(other.staged).toBe(0);  // the staged change died with the instance
    await expect(other.close()).resolves.toBeUndefined();
    await expect(db.close()).resolves.toBeUndefined();

    // The next open() runs in a fresh instance, and what was committed is there.
    state.huge = false;
    const again = await open({ store, namespace: "g" });
    expect((await again.query("MATCH (a:A) RETURN a.x")).rows).toEqual([[1]]);
    await again.write("CREATE (:A {x: 3})");
    await again.close();
    const fresh = await open("memory://fresh");
    expect((await fresh.query("RETURN 1 AS one")).rows).toEqual([[1]]);
    await fresh.close();
  });

  it("refuses an explicit dead engine instead of replacing it behind the caller's back", async () => {
    const engine = await loadEngine();
    const { store, state } = hugeStore();
    const db = await open({ store, namespace: "g" }, { engine });
    for (let i = 0; i < 6; i++) await db.write("CREATE (:A)");
    state.huge = true;
    const died = await open({ store, namespace: "g" }, { engine, mode: "read" }).catch((e: unknown) => e);
    expect(died).toBeInstanceOf(EngineAbortedError);
    expect(engine.dead).toBe(true);
    expect(engine.deadReason).toBe((died as EngineAbortedError).reason);
    state.huge = false;
    const refused = await open("memory://x", { engine }).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(EngineAbortedError);
    expect((refused as Error).message).toContain("load a new one with loadEngine()");
    const replacement = await open({ store, namespace: "g" }, { engine: await loadEngine() });
    expect((await replacement.query("MATCH (a:A) RETURN count(a)")).rows).toEqual([[6]]);
    await replacement.close();
  });

  it("names a C++ exception that escaped the engine by its demangled type", () => {
    // The module throws a C++ exception as a bare number (a pointer); its type comes from the module.
    const typeOf = (names: Record<number, string>) => (pointer: number) => names[pointer] ?? "";
    expect(describeAbort(16, typeOf({ 16: "St12length_error" }))).toBe(
      "a C++ exception escaped the engine (std::length_error): a size larger than the engine can allocate",
    );
    expect(describeAbort(8, typeOf({ 8: "St9bad_alloc" }))).toBe("a C++ exception escaped the engine (std::bad_alloc): out of memory");
    expect(describeAbort(4, typeOf({}))).toBe("a C++ exception escaped the engine (of unknown type)");
    expect(demangle("N8nlohmann6detail12out_of_rangeE")).toBe("nlohmann::detail::out_of_range");
    expect(describeAbort(new RangeError("Maximum call stack size exceeded"))).toMatch(/JavaScript stack ran out/);
    expect(describeAbort(new Error("a store failed"))).toBeUndefined();  // an ordinary error leaves the instance alive
  });
});
