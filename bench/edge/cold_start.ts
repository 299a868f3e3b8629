/**
 * Cold start per runtime: from loading the package to the first query
 * result, in a fresh process (Node, Deno), a fresh workerd (Miniflare) or a
 * fresh Chromium profile, the packed package installed as a user installs
 * it. Node and Deno time it inside the process (apps/cold.mjs), and the whole
 * process from outside. Chromium runs the same script in a page
 * (apps/cold.html: the package unbundled through an import map, served on
 * loopback, an empty HTTP cache each run).
 * workerd cannot time itself (its clock stands still while code runs), so it
 * is timed from outside: starting workerd with the Worker (which compiles the
 * wasm module as the Worker's modules load), then its first request
 * (instantiate, open, query).
 */
import { spawn } from "node:child_process";
import { createReadStream } from "node:fs";
import { copyFile, mkdtemp, rm, stat } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { extname, join, normalize, sep } from "node:path";
import { chromium } from "playwright-core";
import type { PackedPackage } from "./packed_package.js";
import { REPO } from "./packed_package.js";
import { bundleWorker, startWorker } from "./worker_bundle.js";

export type Emit = (line: Record<string, unknown>) => void;

const APPS = join(REPO, "bench", "edge", "apps");

interface InProcess {
  sinceProcessStart: number;
  importMs: number;
  openMs: number;
  firstResultMs: number;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

async function timedProcess(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<{ wallMs: number; report: InProcess }> {
  const started = performance.now();
  const child = spawn(command, args, { cwd, env, stdio: ["ignore", "pipe", "inherit"] });
  let out = "";
  child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
  const wallMs = performance.now() - started;
  if (code !== 0) throw new Error(`${command} ${args.join(" ")} exited with ${code}`);
  return { wallMs, report: JSON.parse(out.trim().split("\n").pop()!) as InProcess };
}

export async function coldStarts(pkg: PackedPackage, work: string, runs: number, emit: Emit, log: (m: string) => void): Promise<void> {
  await copyFile(join(APPS, "cold.mjs"), join(pkg.app, "cold.mjs"));
  await copyFile(join(APPS, "cold_worker.mjs"), join(pkg.app, "cold_worker.mjs"));
  await copyFile(join(APPS, "cold.html"), join(pkg.app, "cold.html"));
  const deno = join(REPO, "node_modules", ".bin", "deno");
  const denoEnv = { ...process.env, DENO_DIR: join(work, "deno-cache"), NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" };
  const processes: Array<[string, string, string[], NodeJS.ProcessEnv]> = [
    ["node", process.execPath, ["cold.mjs"], process.env],
    ["deno", deno, ["run", "--no-prompt", "cold.mjs"], denoEnv],
  ];
  for (const [runtime, command, args, env] of processes) {
    await timedProcess(command, args, pkg.app, env);  // a first run fills the OS's and Deno's caches
    const results = [];
    for (let i = 0; i < runs; i++) results.push(await timedProcess(command, args, pkg.app, env));
    const base = { runtime, runs };
    emit({ ...base, metric: "import_ms", value: median(results.map((r) => r.report.importMs)), unit: "ms" });
    emit({ ...base, metric: "open_ms", value: median(results.map((r) => r.report.openMs)), unit: "ms" });
    emit({ ...base, metric: "first_result_ms", value: median(results.map((r) => r.report.firstResultMs)), unit: "ms" });
    emit({ ...base, metric: "process_start_to_result_ms", value: median(results.map((r) => r.report.sinceProcessStart)), unit: "ms" });
    emit({ ...base, metric: "process_wall_ms", value: median(results.map((r) => r.wallMs)), unit: "ms" });
    log(`${runtime}: first result ${median(results.map((r) => r.report.firstResultMs)).toFixed(0)} ms after import`);
  }

  const bundle = await bundleWorker(join(pkg.app, "cold_worker.mjs"), join(work, "cold-worker"));
  const starts: number[] = [];
  const firsts: number[] = [];
  for (let i = 0; i <= runs; i++) {
    const started = performance.now();
    const mf = await startWorker(bundle);
    const ready = performance.now();
    const response = await mf.dispatchFetch("http://worker/");
    const body = (await response.json()) as { answer: number };
    const answered = performance.now();
    await mf.dispose();
    if (body.answer !== 42) throw new Error(`workerd answered ${JSON.stringify(body)}`);
    if (i === 0) continue;  // warms the OS's caches, as for the others
    starts.push(ready - started);
    firsts.push(answered - ready);
  }
  const base = { runtime: "workerd", runs };
  emit({ ...base, metric: "worker_start_ms", value: median(starts), unit: "ms" });
  emit({ ...base, metric: "first_request_ms", value: median(firsts), unit: "ms" });
  emit({ ...base, metric: "process_wall_ms", value: median(starts.map((s, i) => s + firsts[i]!)), unit: "ms" });
  log(`workerd: start ${median(starts).toFixed(0)} ms, first request ${median(firsts).toFixed(0)} ms`);

  const pages: InProcess[] = [];
  for (let i = 0; i <= runs; i++) {
    const report = await chromiumColdStart(pkg.app, work);
    if (i > 0) pages.push(report);  // the first run warms the OS's caches, as for the others
  }
  const page = { runtime: "chromium", runs };
  emit({ ...page, metric: "import_ms", value: median(pages.map((r) => r.importMs)), unit: "ms" });
  emit({ ...page, metric: "open_ms", value: median(pages.map((r) => r.openMs)), unit: "ms" });
  emit({ ...page, metric: "first_result_ms", value: median(pages.map((r) => r.firstResultMs)), unit: "ms" });
  emit({ ...page, metric: "navigation_to_result_ms", value: median(pages.map((r) => r.sinceProcessStart)), unit: "ms" });
  log(`chromium: first result ${median(pages.map((r) => r.firstResultMs)).toFixed(0)} ms after import`);
}

const FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"];
const TYPES: Record<string, string> = { ".html": "text/html", ".js": "text/javascript", ".mjs": "text/javascript", ".wasm": "application/wasm" };

/** apps/cold.html in a new Chromium with a fresh profile; what cold.mjs printed. */
async function chromiumColdStart(app: string, work: string): Promise<InProcess> {
  const server = createServer((req, res) => {
    const file = normalize(join(app, decodeURIComponent(new URL(req.url ?? "/", "http://x").pathname)));
    if (!file.startsWith(app + sep)) return void res.writeHead(403).end();
    stat(file).then(
      (s) => {
        if (!s.isFile()) throw new Error("not a file");
        res.writeHead(200, { "content-type": TYPES[extname(file)] ?? "application/octet-stream", "cache-control": "no-store" });
        createReadStream(file).pipe(res);
      },
    ).catch(() => res.writeHead(404).end());
  });
  await new Promise<void>((ok) => server.listen(0, "127.0.0.1", ok));
  const profile = await mkdtemp(join(work, "chromium-"));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env["NAMIDB_CHROMIUM"] ?? "/usr/bin/chromium",
    headless: true,
    args: FLAGS,
  });
  try {
    const page = await context.newPage();
    const printed = new Promise<string>((resolve, reject) => {
      page.on("console", (m) => {
        if (m.type() === "log") resolve(m.text());
        else if (m.type() === "error") reject(new Error(`chromium: ${m.text()}`));
      });
      page.on("pageerror", reject);
    });
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/cold.html`);
    return JSON.parse(await printed) as InProcess;
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
    server.closeAllConnections();
    await new Promise((ok) => server.close(ok));
  }
}
