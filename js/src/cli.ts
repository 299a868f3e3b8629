#!/usr/bin/env node
/**
 * The namidb command line (`npm start`, `npx namidb-wasm`).
 *
 * Cypher is not built yet, so today this runs what exists: the object-store
 * round trip every engine read and write will take — TypeScript calls the wasm
 * engine, the engine's C++ store calls back out to a JS store (memory or local
 * files), and the answer travels back — and prints what each step did and
 * how long it took. A later release turns this into the Cypher shell.
 */
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { loadEngine, type Engine } from "./engine.js";
import { NamiDBError } from "./errors.js";
import { MemoryStore } from "./memory_store.js";
import { FileStore } from "./node/file_store.js";
import type { ObjectStore } from "./store.js";

const USAGE = `usage: namidb-wasm [--store memory|file] [--dir DIR]

Runs the object-store round trip through the wasm engine (the Cypher shell
arrives in a later release).
  --store memory   an in-memory store (default)
  --store file     the Node FileStore in DIR (default ./.namidb-data)
`;

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      store: { type: "string", default: "memory" },
      dir: { type: "string", default: ".namidb-data" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let store: ObjectStore;
  let where: string;
  if (values.store === "memory") {
    store = new MemoryStore();
    where = "memory://demo";
  } else if (values.store === "file") {
    const dir = resolve(values.dir);
    await mkdir(dir, { recursive: true });
    store = new FileStore(dir);
    where = `file://${dir}`;
  } else {
    process.stderr.write(USAGE);
    return 2;
  }

  const started = performance.now();
  const engine = await loadEngine();
  const loadMs = performance.now() - started;
  console.log(`namidb-wasm ${engine.version}: engine loaded in ${loadMs.toFixed(1)} ms`);
  console.log("Cypher is not built yet; running the object-store round trip instead:");
  console.log(`TypeScript -> wasm engine (C++ JsObjectStore) -> ${store.kind} store at ${where} -> back\n`);
  await roundTrip(engine, store);
  return 0;
}

async function step<T>(label: string, fn: () => Promise<T>, show: (value: T) => string) {
  const t0 = performance.now();
  const value = await fn();
  const ms = (performance.now() - t0).toFixed(2);
  console.log(`  ${label.padEnd(44)} ${ms.padStart(8)} ms  ${show(value)}`);
  return value;
}

async function roundTrip(engine: Engine, store: ObjectStore): Promise<void> {
  const s = engine.openStore(store);
  const run = `demo/run-${Date.now().toString(36)}`;
  const text = new TextEncoder();
  try {
    const v1 = await step(
      "put manifest (create-only)",
      () => s.put(`${run}/manifest.json`, text.encode('{"version":1}'), { ifAbsent: true }),
      (v) => `etag ${v.etag}`,
    );
    await step(
      "put manifest again (create-only)",
      () =>
        s.put(`${run}/manifest.json`, text.encode("{}"), { ifAbsent: true }).then(
          () => "unexpectedly succeeded",
          (err: unknown) => (err instanceof NamiDBError ? `refused: ${err.name}` : String(err)),
        ),
      (r) => r,
    );
    await step(
      "swap manifest (if-match current version)",
      () => s.put(`${run}/manifest.json`, text.encode('{"version":2}'), { ifMatch: v1 }),
      (v) => `etag ${v.etag}`,
    );
    await step(
      "swap manifest (if-match stale version)",
      () =>
        s.put(`${run}/manifest.json`, text.encode('{"version":3}'), { ifMatch: v1 }).then(
          () => "unexpectedly succeeded",
          (err: unknown) => (err instanceof NamiDBError ? `refused: ${err.name}` : String(err)),
        ),
      (r) => r,
    );
    const blocks = 16;
    await step(
      `write ${blocks} data objects (64 KiB each)`,
      async () => {
        for (let i = 0; i < blocks; i++) {
          const data = new Uint8Array(64 * 1024).fill(i);
          await s.put(`${run}/sst/${String(i).padStart(4, "0")}.sst`, data, { ifAbsent: true });
        }
        return blocks;
      },
      (n) => `${n} objects`,
    );
    await step(
      `batched ranged read of ${blocks} objects`,
      () =>
        s.getMany(
          Array.from({ length: blocks }, (_, i) => ({
            key: `${run}/sst/${String(i).padStart(4, "0")}.sst`,
            range: { offset: 60 * 1024, length: 4096 },
          })),
        ),
      (r) => `${r.length} ranges, ${r.filter((x) => !(x instanceof Error)).length} ok, one call`,
    );
    await step(
      "list the run",
      () => s.list(`${run}/`),
      (page) => `${page.objects.length} keys`,
    );
    await step(
      "read back the manifest",
      () => s.get(`${run}/manifest.json`),
      (r) => new TextDecoder().decode(r.data),
    );
  } finally {
    await s.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof NamiDBError ? `${err.name}: ${err.message}` : err);
    process.exit(1);
  },
);
