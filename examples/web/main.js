// The browser example: load the engine from the built package and drive its
// object-store layer against an in-memory store.
import { loadEngine, MemoryStore, NamiDBError } from "../../dist/js/index.js";

const log = document.getElementById("log");
const lines = [];
const say = (line) => {
  lines.push(line);
  log.textContent = lines.join("\n");
};

async function main() {
  const t0 = performance.now();
  const engine = await loadEngine();
  say(`namidb-wasm ${engine.version} loaded in ${(performance.now() - t0).toFixed(1)} ms`);
  const store = engine.openStore(new MemoryStore());
  const enc = new TextEncoder();
  const v1 = await store.put("demo/manifest.json", enc.encode('{"version":1}'), { ifAbsent: true });
  say(`created demo/manifest.json, etag ${v1.etag}`);
  await store.put("demo/manifest.json", enc.encode('{"version":2}'), { ifMatch: v1 });
  try {
    await store.put("demo/manifest.json", enc.encode('{"version":3}'), { ifMatch: v1 });
    say("stale swap unexpectedly succeeded");
  } catch (err) {
    say(`stale swap refused: ${err instanceof NamiDBError ? err.name : err}`);
  }
  const got = await store.get("demo/manifest.json");
  say(`read back: ${new TextDecoder().decode(got.data)}`);
  await store.close();
  say("done");
}

main().catch((err) => say(`failed: ${err}`));
