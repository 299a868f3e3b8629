// `npm run bench -- browser`: the engine in Chromium (Debian's, driven by
// playwright-core). Prints one JSON object per line on stdout:
//   cold start: loadEngine (fetch + compile + instantiate of the .wasm), the
//     first query, and the time since navigation, in a fresh profile each run;
//   the LDBC SNB test graph loaded into a memory and an OPFS namespace (the
//     same loader as the peers benchmark), then every LDBC read of the peers
//     workload timed on each store: "warm" (one reader, after warm-up runs)
//     and "cold" (a new reader each run: manifest, table tails and blocks read
//     again from the store). The answers of both stores are compared.
//   --runs N (10)  --warmup N (3)  --cold-runs N (5)  --starts N (5)  --out FILE
import { appendFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createServer } from "node:http";
import { tmpdir } from "node:os";
import { extname, join, normalize, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { chromium } from "playwright-core";
import { build } from "vite";

const ROOT = resolve(fileURLToPath(new URL("../..", import.meta.url)));
const DATA_DIR = process.env.NAMIDB_SHARED_DATA ?? resolve(ROOT, "..", "shared", "data");
const SITE = join(ROOT, "build", "bench-browser");
const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "10" },
    warmup: { type: "string", default: "3" },
    "cold-runs": { type: "string", default: "5" },
    starts: { type: "string", default: "5" },
    out: { type: "string" },
  },
});

const { loadLdbcGraph } = await import(join(ROOT, "dist/bench/ldbc_dataset.js"));
const { ldbcWorkload } = await import(join(ROOT, "dist/bench/workloads.js"));

function emit(line) {
  const text = JSON.stringify({ suite: "browser", ...line });
  console.log(text);
  if (args.out) appendFileSync(args.out, text + "\n");
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x) => Math.round(x * 100) / 100;

// --- the page and the data set -------------------------------------------------
rmSync(SITE, { recursive: true, force: true });
await build({
  configFile: false,
  logLevel: "warn",
  root: join(ROOT, "bench/browser/page"),
  base: "./",
  build: {
    outDir: SITE, emptyOutDir: true, target: "es2022", reportCompressedSize: false, chunkSizeWarningLimit: 4000,
    rollupOptions: { input: join(ROOT, "bench/browser/page/bench.html") },
  },
});
const graph = loadLdbcGraph(DATA_DIR);
const props = (columns, cells) => {
  const out = {};
  columns.forEach((c, i) => {
    if (cells[i] !== null && cells[i] !== undefined) out[c.name] = cells[i];
  });
  return out;
};
const nodes = graph.nodes.flatMap((t) => t.rows.map((row) => ({ labels: [t.label, ...t.extraLabels], id: `${t.label}:${row[0]}`, properties: props(t.columns, row) })));
const edges = graph.rels.flatMap((r) => r.src.map((s, i) => ({ type: r.type, src: `${r.from}:${s}`, dst: `${r.to}:${r.dst[i]}`, properties: r.columns.length ? props(r.columns, r.props[i]) : {} })));
const labels = [...new Set(graph.nodes.flatMap((t) => [t.label, ...t.extraLabels]))];
const queries = ldbcWorkload(DATA_DIR).map((q) => ({ name: q.name, text: q.namidb, params: q.params }));
writeFileSync(join(SITE, "ldbc.json"), JSON.stringify({
  nodes, edges, queries, indexes: labels.map((l) => `CREATE INDEX IF NOT EXISTS FOR (n:${l}) ON (n.id)`),
}));

const TYPES = { ".html": "text/html", ".js": "text/javascript", ".wasm": "application/wasm", ".json": "application/json" };
const server = createServer(async (req, res) => {
  const path = decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname);
  const file = normalize(join(SITE, path));
  if (!file.startsWith(SITE + sep)) return res.writeHead(403).end();
  try {
    if (!(await stat(file)).isFile()) throw new Error("not a file");
    res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream" });
    createReadStream(file).pipe(res);
  } catch {
    res.writeHead(404).end();
  }
});
await new Promise((ok) => server.listen(0, "127.0.0.1", ok));
const url = `http://127.0.0.1:${server.address().port}/bench.html`;

const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
async function browser() {
  const profile = mkdtempSync(join(tmpdir(), "namidb-bench-"));
  const context = await chromium.launchPersistentContext(profile, { executablePath: process.env.NAMIDB_CHROMIUM ?? "/usr/bin/chromium", headless: true, args: FLAGS });
  return { context, close: async () => { await context.close(); rmSync(profile, { recursive: true, force: true }); } };
}
async function page(context) {
  const p = await context.newPage();
  await p.goto(url);
  await p.waitForSelector("body[data-ready=true]");
  return p;
}

try {
  // --- cold and warm start ---------------------------------------------------------
  const starts = { cold: [], warm: [] };
  for (let i = 0; i < Number(args.starts); i++) {
    const b = await browser();
    const p = await page(b.context);
    starts.cold.push(await p.evaluate(() => globalThis.bench.coldStart()));
    await p.reload();
    await p.waitForSelector("body[data-ready=true]");
    starts.warm.push(await p.evaluate(() => globalThis.bench.coldStart()));
    await b.close();
  }
  for (const [kind, samples] of Object.entries(starts)) {
    for (const metric of ["engine_load_ms", "first_query_ms", "since_navigation_ms"]) {
      emit({ metric: `${kind}_start_${metric}`, value: round(median(samples.map((s) => s[metric]))), unit: "ms", runs: samples.length });
    }
  }

  // --- LDBC reads, memory vs OPFS ----------------------------------------------------
  const b = await browser();
  const p = await page(b.context);
  for (const store of ["memory", "opfs"]) {
    const r = await p.evaluate((s) => globalThis.bench.load(s), store);
    emit({ metric: "load_seconds", store, dataset: "ldbc", value: round(r.seconds), unit: "s", elements: r.elements });
  }
  let failures = 0;
  for (const q of queries) {
    for (const mode of ["warm", "cold"]) {
      const answers = {};
      for (const store of ["memory", "opfs"]) {
        const runs = mode === "warm" ? Number(args.runs) : Number(args["cold-runs"]);
        const r = await p.evaluate(([s, n, m, runs, warmup]) => globalThis.bench.time(s, n, m, runs, warmup), [store, q.name, mode, runs, Number(args.warmup)]);
        answers[store] = r.rows;
        emit({ metric: "query_ms", query: q.name, store, mode, dataset: "ldbc", value: round(median(r.ms)), unit: "ms", runs });
      }
      if (answers.memory !== answers.opfs) {
        failures++;
        console.error(`${q.name}: the OPFS namespace answered differently from the memory one`);
      }
    }
  }
  await b.close();
  if (failures) process.exitCode = 1;
} finally {
  server.close();
}
