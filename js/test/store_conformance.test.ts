// The conformance suite against the TypeScript stores, called directly.
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { MemoryStore } from "../../dist/js/memory_store.js";
import { FileStore } from "../../dist/js/node/file_store.js";
import { defineStoreConformance } from "./store_conformance.js";

defineStoreConformance("MemoryStore", async () => ({ store: new MemoryStore() }));

defineStoreConformance("FileStore", async () => {
  const dir = await mkdtemp(join(tmpdir(), "namidb-files-"));
  return { store: new FileStore(dir), cleanup: () => rm(dir, { recursive: true, force: true }) };
});
