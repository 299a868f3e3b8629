// Label scans through the TypeScript API: the first rows of a label or of
// every node (LIMIT), a label's property, and a whole label filtered, on a
// generated `file:` namespace (Item nodes, a tenth of them also Tagged,
// each with a 100-byte text) or one given with --url. One JSON line per
// query: p50 and max of the runs after a first, cold one, and the engine's
// wasm memory after the queries (it only grows: their peak).
//   bash scripts/build.sh wasm js
//   node bench/scan/run.mjs [--nodes 1000000] [--runs 10] [--dist DIR]
//   node bench/scan/run.mjs --url 'file:build/peers/generated?ns=bench' --label Message \
//     --property length --range 100,110
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const root = resolve(new URL("../..", import.meta.url).pathname);
const dist = resolve(arg("--dist", `${root}/dist`));
const nodes = Number(arg("--nodes", "1000000"));
const runs = Number(arg("--runs", "10"));
const label = arg("--label", "Item");
const property = arg("--property", "n");
// A range of the property some nodes are in (a tenth of a percent of the
// generated ones).
const [low, high] = arg("--range", "500000,501000").split(",").map(Number);
const { open } = await import(pathToFileURL(`${dist}/js/node/open.js`).href);
const { loadEngine } = await import(pathToFileURL(`${dist}/js/index.js`).href);

const dir = args.includes("--url") ? null : mkdtempSync(join(tmpdir(), "namidb-scan-bench-"));
try {
  const url = dir ? `file:${dir}?ns=scan` : arg("--url");
  if (dir) {
    const writer = await open(url);
    const pad = "x".repeat(100);
    for (let from = 0; from < nodes; from += 10000) {
      const batch = [];
      for (let i = from; i < Math.min(nodes, from + 10000); i++) {
        batch.push({ labels: i % 10 === 0 ? ["Item", "Tagged"] : ["Item"], id: `item-${i}`, properties: { n: i, pad } });
      }
      await writer.upsertNodes(batch);
      await writer.commit();
    }
    await writer.flush();
    await writer.close();
  }
  const engine = await loadEngine();
  const db = await open(url, { engine, mode: "read" });
  const queries = {
    label_limit: `MATCH (x:${label}) RETURN x LIMIT 25`,
    all_limit: "MATCH (x) RETURN x LIMIT 25",
    property_limit: `MATCH (x:${label}) RETURN x.${property} AS p LIMIT 25`,
    label_filtered: `MATCH (x:${label}) WHERE x.${property} < 0 RETURN count(*) AS c`,
    label_range: `MATCH (x:${label}) WHERE x.${property} >= ${low} AND x.${property} < ${high} RETURN count(*) AS c`,
    all_filtered: `MATCH (x) WHERE x.${property} < 0 RETURN count(*) AS c`,
  };
  for (const [name, text] of Object.entries(queries)) {
    const ms = [];
    let rows = 0;
    let error = null;
    for (let i = 0; i <= runs && !error; i++) {
      const started = performance.now();
      try {
        rows = (await db.query(text)).rows.length;
      } catch (e) {
        error = `${e.name}: ${e.message.slice(0, 120)}`;
      }
      ms.push(performance.now() - started);
    }
    const timed = ms.slice(1).sort((a, b) => a - b);
    console.log(
      JSON.stringify({
        query: name,
        text,
        rows,
        error,
        cold_ms: Number(ms[0].toFixed(2)),
        p50_ms: timed.length ? Number(timed[Math.floor(timed.length / 2)].toFixed(2)) : null,
        max_ms: timed.length ? Number(timed[timed.length - 1].toFixed(2)) : null,
        wasm_memory_bytes: engine.memoryBytes,
      }),
    );
  }
  await db.close();
} finally {
  if (dir) rmSync(dir, { recursive: true, force: true });
}
