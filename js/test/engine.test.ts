// The wasm bridge end to end: TypeScript -> C++ JsObjectStore -> JS store -> back.
import { describe, expect, it } from "vitest";
import { loadEngine } from "../../dist/js/engine.js";
import {
  InvalidArgumentError,
  IoError,
  NamiDBError,
  NotFoundError,
  PreconditionFailedError,
} from "../../dist/js/errors.js";
import { MemoryStore } from "../../dist/js/memory_store.js";
import type { ObjectStore } from "../../dist/js/store.js";
import { RecordingStore } from "./recording_store.js";

const bytes = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array) => new TextDecoder().decode(b);

describe("engine bridge", () => {
  it("reports the C++ build's version", async () => {
    const engine = await loadEngine();
    expect(engine.version).toMatch(/^\d+\.\d+\.\d+$/);
  });

  it("serves a batched read from C++ with all requests in flight at once", async () => {
    const engine = await loadEngine();
    const recording = new RecordingStore(new MemoryStore(), 20);
    const store = engine.openStore(recording);
    for (let i = 0; i < 12; i++) await store.put(`batch/${i}`, bytes(`object ${i}`));
    recording.maxInFlight = 0;
    const before = recording.calls.length;

    const results = await store.getMany([
      ...Array.from({ length: 12 }, (_, i) => ({ key: `batch/${i}`, range: { offset: 7 } })),
      { key: "batch/missing" },
    ]);

    // One C++ GetMany reached the store as 13 concurrent gets.
    const gets = recording.calls.slice(before);
    expect(gets).toHaveLength(13);
    expect(gets.every((c) => c.op === "get")).toBe(true);
    expect(recording.maxInFlight).toBe(13);
    expect(results.slice(0, 12).map((r) => (r instanceof Error ? r : text(r.data)))).toEqual(
      Array.from({ length: 12 }, (_, i) => String(i)),
    );
    expect(results[12]).toBeInstanceOf(NotFoundError);
    await store.close();
  });

  it("never re-enters the module: queued calls reach the store one after another", async () => {
    const engine = await loadEngine();
    const recording = new RecordingStore(new MemoryStore(), 15);
    const store = engine.openStore(recording);
    await Promise.all([
      store.put("q/a", bytes("a")),
      store.put("q/b", bytes("b")),
      store.head("q/a").catch((e: unknown) => e),
      store.list("q/"),
      store.delete("q/zzz"),
    ]);
    const calls = recording.calls;
    expect(calls.map((c) => c.op)).toEqual(["put", "put", "head", "list", "delete"]);
    for (let i = 1; i < calls.length; i++) {
      expect(calls[i]!.start).toBeGreaterThan(calls[i - 1]!.end!);
    }
    expect(recording.maxInFlight).toBe(1);
  });

  it("maps store failures to typed errors and keeps working afterwards", async () => {
    const engine = await loadEngine();
    const failing: ObjectStore = {
      kind: "failing",
      get: () => Promise.reject(new TypeError("network down")),
      head: () => Promise.reject("a string, not an Error"),
      put: () => Promise.reject(new PreconditionFailedError("lost the race")),
      delete: () => Promise.resolve(),
      list: () => Promise.reject(new Error("boom")),
    };
    const store = engine.openStore(failing);
    const getError = await store.get("x").catch((e: unknown) => e);
    expect(getError).toBeInstanceOf(IoError);
    expect((getError as NamiDBError).message).toContain("network down");
    await expect(store.head("x")).rejects.toBeInstanceOf(IoError);
    await expect(store.put("x", bytes("1"), { ifAbsent: true })).rejects.toBeInstanceOf(
      PreconditionFailedError,
    );
    await expect(store.list("")).rejects.toThrow(/boom/);
    await expect(store.delete("x")).resolves.toBeUndefined();
    expect(engine.dead).toBe(false);
  });

  it("rejects bad keys in C++ before any round trip", async () => {
    const engine = await loadEngine();
    const recording = new RecordingStore();
    const store = engine.openStore(recording);
    for (const key of ["", "/a", "a/", "a//b", "a/../b", "a\u0000b"]) {
      await expect(store.put(key, bytes("x"))).rejects.toBeInstanceOf(InvalidArgumentError);
      await expect(store.get(key)).rejects.toBeInstanceOf(InvalidArgumentError);
    }
    expect(recording.calls).toHaveLength(0);
  });

  it("moves a 16 MiB object both ways intact", async () => {
    const engine = await loadEngine();
    const memory = new MemoryStore();
    const store = engine.openStore(memory);
    const data = new Uint8Array(16 << 20);
    for (let i = 0; i < data.length; i += 4093) data[i] = (i * 7) & 0xff;
    await store.put("big/one", data);
    const back = await store.get("big/one");
    expect(back.data.length).toBe(data.length);
    expect(Buffer.compare(back.data, data)).toBe(0);
    const direct = await memory.get("big/one");
    expect(Buffer.compare(direct.data, data)).toBe(0);
  });

  it("lets two engine instances share one store: exactly one create-only put wins", async () => {
    const shared = new MemoryStore();
    const [a, b] = await Promise.all([loadEngine(), loadEngine()]);
    const sa = a.openStore(new RecordingStore(shared, 5));
    const sb = b.openStore(new RecordingStore(shared, 5));
    const outcomes = await Promise.allSettled([
      sa.put("ns/manifest", bytes("from a"), { ifAbsent: true }),
      sb.put("ns/manifest", bytes("from b"), { ifAbsent: true }),
    ]);
    const won = outcomes.filter((o) => o.status === "fulfilled");
    const lost = outcomes.filter((o) => o.status === "rejected");
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect((lost[0] as PromiseRejectedResult).reason).toBeInstanceOf(PreconditionFailedError);
    const stored = text((await shared.get("ns/manifest")).data);
    expect(stored).toBe(outcomes[0]!.status === "fulfilled" ? "from a" : "from b");
  });

  it("refuses calls on a closed store view", async () => {
    const engine = await loadEngine();
    const store = engine.openStore(new MemoryStore());
    await store.close();
    await expect(store.get("a")).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});
