// The store conformance suite again, with every case crossing the wasm bridge:
// the test calls the engine, the engine's C++ JsObjectStore calls the JS store.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadEngine, type Engine } from "../../dist/js/engine.js";
import { MemoryStore } from "../../dist/js/memory_store.js";
import { FileStore } from "../../dist/js/node/file_store.js";
import { defineStoreConformance } from "./store_conformance.js";

let engine: Engine | undefined;
async function sharedEngine(): Promise<Engine> {
  engine ??= await loadEngine();
  return engine;
}

defineStoreConformance("engine → MemoryStore", async () => {
  const store = (await sharedEngine()).openStore(new MemoryStore());
  return { store, cleanup: () => store.close() };
});

defineStoreConformance("engine → FileStore", async () => {
  const dir = await mkdtemp(join(tmpdir(), "namidb-bridge-"));
  const store = (await sharedEngine()).openStore(new FileStore(dir));
  return {
    store,
    cleanup: async () => {
      await store.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
});
