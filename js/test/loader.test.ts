// The loader accepts every form the runtimes need: a compiled Module (Workers),
// bytes, a URL (file: in Node), a Response, and the default location.
import { execFile } from "node:child_process";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { loadEngine } from "../../dist/js/engine.js";
import { InvalidArgumentError, IoError } from "../../dist/js/errors.js";
import { defaultWasmUrl } from "../../dist/js/loader.js";
import { MemoryStore } from "../../dist/js/memory_store.js";

// The built package under test lives in dist/; its .wasm is beside it.
const wasmUrl = new URL("../../dist/wasm/namidb.wasm", import.meta.url);

async function works(engine: Awaited<ReturnType<typeof loadEngine>>) {
  const store = engine.openStore(new MemoryStore());
  await store.put("k", new Uint8Array([1, 2, 3]));
  expect(Array.from((await store.get("k")).data)).toEqual([1, 2, 3]);
  await store.close();
}

describe("loader", () => {
  it("keeps a Node script alive while the engine compiles", async () => {
    // Nothing else pending: Node would exit before the module was ready.
    const index = fileURLToPath(new URL("../../dist/js/index.js", import.meta.url));
    const script = `const { open } = await import(${JSON.stringify(index)});
      const db = await open("memory://alive");
      console.log((await db.query("RETURN 41 + 1 AS x")).rows[0][0]);`;
    const stdout = await new Promise<string>((resolve, reject) => {
      execFile(process.execPath, ["--input-type=module", "-e", script], (err, out) => (err ? reject(err) : resolve(out)));
    });
    expect(stdout).toBe("42\n");
  });

  it("loads from a file: URL", async () => {
    await works(await loadEngine({ wasm: wasmUrl }));
  });

  it("loads from bytes", async () => {
    const buffer = await readFile(wasmUrl);
    await works(await loadEngine({ wasm: new Uint8Array(buffer) }));
  });

  it("loads from a precompiled WebAssembly.Module, as Workers do", async () => {
    const module = await WebAssembly.compile(await readFile(wasmUrl));
    const [a, b] = await Promise.all([loadEngine({ wasm: module }), loadEngine({ wasm: module })]);
    await works(a);
    await works(b);
  });

  it("loads from a Response", async () => {
    const body = await readFile(wasmUrl);
    const response = new Response(body, { headers: { "content-type": "application/wasm" } });
    await works(await loadEngine({ wasm: response }));
  });

  it("finds the .wasm beside the package by default", () => {
    expect(defaultWasmUrl().pathname.endsWith("/wasm/namidb.wasm")).toBe(true);
  });

  it("says what went wrong for a missing file or a bad source", async () => {
    await expect(loadEngine({ wasm: new URL("file:///nonexistent/namidb.wasm") })).rejects.toBeInstanceOf(
      IoError,
    );
    await expect(loadEngine({ wasm: 42 as unknown as URL })).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
  });
});

describe("the shipped glue", () => {
  it("uses no eval and does not inline the wasm, so it runs under a strict CSP and in Workers", async () => {
    const glue = await readFile(new URL("../../dist/wasm/namidb.mjs", import.meta.url), "utf8");
    expect(glue).not.toMatch(/\beval\(|new Function\(/);
    expect(glue).not.toMatch(/data:application\/octet-stream;base64,[A-Za-z0-9+/]{64}/);
    expect(glue.length).toBeLessThan(256 * 1024);
    expect(glue).not.toContain("__dirname");
  });
});
