// The runtime matrix: the packed package installed into a throwaway project
// (bench/edge/packed_package.ts), and one script per runtime doing the
// same work (apps/smoke.mjs: open, write, query, a typed error) in Node,
// Deno, workerd (Miniflare), an esbuild-minified bundle, and in Chromium
// (main thread, a worker of the page, worker mode) from pages built by Vite
// and webpack 5 with their default configurations and from the unbundled
// package through an import map. Also: what the tarball holds, and that its
// types resolve for every entry point.
import { execFile } from "node:child_process";
import { copyFile, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import * as esbuild from "esbuild";
import { build as viteBuild } from "vite";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import webpack from "webpack";
import { packedPackage, REPO, type PackedPackage } from "../../../bench/edge/packed_package.js";
import { bundleWorker, startWorker } from "../../../bench/edge/worker_bundle.js";
import { launchChromium, type TestBrowser } from "../browser/harness/chromium.js";
import { serveDirectory } from "../browser/harness/static_server.js";

const run = promisify(execFile);
const APPS = fileURLToPath(new URL("./apps/", import.meta.url));
const DENO = join(REPO, "node_modules", ".bin", "deno");

// What every runtime's smoke run must report.
const SMOKE = {
  columns: ["name", "answer"],
  rows: [["matrix", 42]],
  error: { name: "CypherError", code: "InvalidArgument", detail: "UndefinedVariable", isCypherError: true, isNamiDBError: true },
};

let pkg: PackedPackage;
let work: string;

beforeAll(async () => {
  pkg = await packedPackage();
  for (const file of await readdir(APPS)) await copyFile(join(APPS, file), join(pkg.app, file));
  work = await mkdtemp(join(tmpdir(), "namidb-runtimes-"));
  return () => rm(work, { recursive: true, force: true });
}, 300_000);

function lastLine(stdout: string): unknown {
  const lines = stdout.trim().split("\n");
  return JSON.parse(lines[lines.length - 1]!);
}

describe("the packed package", () => {
  it("holds the build, LICENSE and README, and no tests, sources or maps", async () => {
    const { stdout } = await run("tar", ["-tzf", pkg.tarball]);
    const files = stdout.trim().split("\n").map((f) => f.replace(/^package\//, ""));
    expect(files).toEqual(expect.arrayContaining(["LICENSE", "README.md", "package.json", "dist/wasm/namidb.wasm", "dist/wasm/namidb.mjs"]));
    expect(files.filter((f) => /test|\.map$|\.ts$(?<!\.d\.ts)|^js\/|^bench\/|^src\//.test(f))).toEqual([]);
    const manifest = JSON.parse(await readFile(join(pkg.installed, "package.json"), "utf8")) as {
      exports: Record<string, unknown>;
    };
    // Every file an export condition names is in the tarball, and every code entry has types.
    const targets: string[] = [];
    const walk = (value: unknown, types: boolean) => {
      if (typeof value === "string") targets.push(value.replace(/^\.\//, ""));
      else if (value && typeof value === "object") {
        const entry = value as Record<string, unknown>;
        if (types && ("default" in entry || "import" in entry)) expect(entry["types"], JSON.stringify(entry)).toBeTypeOf("string");
        for (const inner of Object.values(entry)) walk(inner, types);
      }
    };
    for (const [path, value] of Object.entries(manifest.exports)) walk(value, !/\.(wasm|json)$/.test(path));
    for (const target of targets) expect(files, target).toContain(target);
  });

  it("has types for every entry point, under moduleResolution node16 and bundler", async () => {
    for (const resolution of ["node16", "bundler"]) {
      const module = resolution === "node16" ? "node16" : "esnext";
      await writeFile(join(pkg.app, "tsconfig.json"), JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, target: "es2022", module, moduleResolution: resolution, lib: ["es2022", "dom"], types: [] },
        files: ["types.ts"],
      }));
      const check = run(join(REPO, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json"], { cwd: pkg.app });
      await expect(check.then(() => "ok", (err: { stdout: string }) => err.stdout), resolution).resolves.toBe("ok");
    }
  });
});

describe("runtimes", () => {
  it("Node: import { open } from 'namidb-wasm', memory:// and file:", async () => {
    const folder = join(work, "node-data");
    const { stdout } = await run(process.execPath, ["node.mjs", folder], { cwd: pkg.app });
    expect(lastLine(stdout)).toEqual({ memory: SMOKE, file: SMOKE });
  });

  it("Deno: memory:// with no permissions at all; file: with read, write and flock", async () => {
    const env = { ...process.env, DENO_DIR: join(work, "deno-cache"), NO_COLOR: "1", DENO_NO_UPDATE_CHECK: "1" };
    const bare = await run(DENO, ["run", "--no-prompt", "deno.mjs"], { cwd: pkg.app, env });
    expect(lastLine(bare.stdout)).toEqual({ memory: SMOKE });
    const folder = join(work, "deno-data");
    const allow = [`--allow-read=${pkg.app},${folder}`, `--allow-write=${folder}`, "--allow-run=flock"];
    const files = await run(DENO, ["run", "--no-prompt", ...allow, "deno.mjs", folder], { cwd: pkg.app, env });
    expect(lastLine(files.stdout)).toEqual({ memory: SMOKE, file: SMOKE });
  });

  it("Cloudflare Workers (workerd): bundled as Wrangler bundles, open() with no options", async () => {
    const bundle = await bundleWorker(join(pkg.app, "worker.mjs"), join(work, "worker"));
    expect(bundle.modules.map((m) => m.type)).toEqual(["ESModule", "CompiledWasm"]);
    const mf = await startWorker(bundle);
    try {
      const response = await mf.dispatchFetch("http://worker/");
      expect(await response.json()).toEqual({ memory: SMOKE });
    } finally {
      await mf.dispose();
    }
  });

  it("an esbuild bundle with --minify keeps every error's name and code", async () => {
    const out = join(work, "esbuild");
    await esbuild.build({
      entryPoints: [join(pkg.app, "minified.mjs")],
      outdir: out,
      bundle: true,
      minify: true,
      format: "esm",
      platform: "browser",
      loader: { ".wasm": "file" },
      logLevel: "error",
    });
    const { stdout } = await run(process.execPath, [join(out, "minified.js")]);
    const result = lastLine(stdout) as { memory: unknown; errors: Record<string, { name: string; className: string; code: string }> };
    expect(result.memory).toEqual(SMOKE);
    const names = Object.keys(result.errors);
    expect(names).toEqual(expect.arrayContaining(["NamiDBError", "NotFoundError", "ConflictError", "CypherError", "InternalError"]));
    for (const [exported, { name, code }] of Object.entries(result.errors)) {
      expect(name, exported).toBe(exported);
      expect(code, exported).toMatch(/^[A-Z][A-Za-z]+$/);
    }
    // The check means something only if the minifier renamed the classes.
    expect(names.filter((n) => result.errors[n]!.className === n)).toEqual([]);
  });
});

describe("Chromium", () => {
  let browser: TestBrowser;
  beforeAll(async () => {
    browser = await launchChromium();
  }, 120_000);
  afterAll(() => browser?.close());
  afterEach(() => {
    expect(browser.takeErrors()).toEqual([]);
  });

  // What web.mjs reports from `page` served out of `dir`.
  async function runPage(dir: string, page: string): Promise<unknown> {
    const server = await serveDirectory(dir);
    try {
      const tab = await browser.newPage(`${server.origin}/${page}`);
      await tab.waitForFunction(() => document.body.dataset["result"], undefined, { timeout: 90_000 });
      const result = JSON.parse((await tab.evaluate(() => document.body.dataset["result"]))!) as unknown;
      await tab.close();
      return result;
    } finally {
      await server.close();
    }
  }

  it("a page built by Vite with its defaults: main thread, a worker of the page, worker mode", async () => {
    const outDir = join(work, "vite");
    await viteBuild({ root: pkg.app, configFile: false, logLevel: "error", build: { outDir } });
    const shipped = await readdir(join(outDir, "assets"));
    expect(shipped.filter((f) => f.endsWith(".wasm"))).toHaveLength(1);
    expect(await runPage(outDir, "index.html")).toEqual({ main: SMOKE, worker: SMOKE, workerMode: SMOKE });
  });

  it("a page built by webpack 5 with its defaults: main thread, a worker of the page, worker mode", async () => {
    const outDir = join(work, "webpack");
    const stats = await new Promise<webpack.Stats>((resolve, reject) => {
      webpack({ mode: "production", context: pkg.app, entry: "./web.mjs", output: { path: outDir } }, (err, result) => {
        if (err || !result) reject(err ?? new Error("webpack gave no result"));
        else resolve(result);
      });
    });
    expect(stats.toJson({ all: false, errors: true }).errors ?? []).toEqual([]);
    expect((await readdir(outDir)).filter((f) => f.endsWith(".wasm"))).toHaveLength(1);
    await writeFile(join(outDir, "index.html"), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><body><script src="main.js"></script>');
    expect(await runPage(outDir, "index.html")).toEqual({ main: SMOKE, worker: SMOKE, workerMode: SMOKE });
  });

  it("the package unbundled, named by an import map: main thread, worker mode", async () => {
    expect(await runPage(pkg.app, "plain.html")).toEqual({ main: SMOKE, workerMode: SMOKE });
  });
});
