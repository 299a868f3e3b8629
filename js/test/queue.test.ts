import { describe, expect, it } from "vitest";
import { EngineAbortedError, InternalError } from "../../dist/js/errors.js";
import { CallQueue } from "../../dist/js/queue.js";

const tick = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe("CallQueue", () => {
  it("runs calls one at a time, in the order they were queued", async () => {
    const queue = new CallQueue();
    const log: string[] = [];
    const job = (name: string, ms: number) => async () => {
      log.push(`start ${name}`);
      await tick(ms);
      log.push(`end ${name}`);
      return name;
    };
    const results = await Promise.all([
      queue.run(job("a", 20)),
      queue.run(job("b", 1)),
      queue.run(() => "c"),
    ]);
    expect(results).toEqual(["a", "b", "c"]);
    expect(log).toEqual(["start a", "end a", "start b", "end b"]);
    expect(queue.size).toBe(0);
  });

  it("keeps going after a call fails", async () => {
    const queue = new CallQueue();
    await expect(queue.run(() => Promise.reject(new Error("no")))).rejects.toThrow("no");
    await expect(queue.run(() => 42)).resolves.toBe(42);
    expect(queue.dead).toBe(false);
  });

  it("declares the instance dead after a wasm trap and fails every later call", async () => {
    const queue = new CallQueue();
    const trap = queue.run(() => {
      throw new WebAssembly.RuntimeError("unreachable");
    });
    await expect(trap).rejects.toBeInstanceOf(InternalError);
    await expect(trap).rejects.toBeInstanceOf(EngineAbortedError);
    expect(queue.dead).toBe(true);
    let ran = false;
    const later = queue.run(() => {
      ran = true;
    });
    await expect(later).rejects.toThrow(/aborted earlier \(a trap \(unreachable\).*open the database again/);
    await expect(later).rejects.toMatchObject({ reason: expect.stringContaining("unreachable") });
    expect(ran).toBe(false);
  });

  it("declares the instance dead when a C++ exception escaped it (a bare number)", async () => {
    const queue = new CallQueue();
    await expect(queue.run(() => Promise.reject(1165760))).rejects.toThrow(/a C\+\+ exception escaped the engine/);
    expect(queue.dead).toBe(true);
  });

  it("keeps the instance alive after an error of the caller's own", async () => {
    const queue = new CallQueue();
    await expect(queue.run(() => Promise.reject(new TypeError("not a function")))).rejects.toBeInstanceOf(TypeError);
    expect(queue.dead).toBe(false);
  });

  it("declares the instance dead when the JS stack ran out inside it", async () => {
    const queue = new CallQueue();
    await expect(
      queue.run(() => {
        throw new RangeError("Maximum call stack size exceeded");
      }),
    ).rejects.toBeInstanceOf(InternalError);
    expect(queue.dead).toBe(true);
  });

  it("honours an abort reported by the module itself", async () => {
    const queue = new CallQueue();
    queue.markDead("Aborted(OOM)");
    await expect(queue.run(() => 1)).rejects.toThrow(/Aborted\(OOM\)/);
  });
});
