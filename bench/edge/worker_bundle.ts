/**
 * Bundles a Cloudflare Worker the way Wrangler does (esbuild with the
 * "workerd", "worker" and "browser" conditions; `.wasm` imports kept as
 * separate CompiledWasm modules) and runs it in Miniflare's workerd on
 * loopback. What Wrangler would deploy is what the tests run.
 */
import { copyFile, mkdir } from "node:fs/promises";
import { basename, join, resolve } from "node:path";
import * as esbuild from "esbuild";
import { Miniflare, type MiniflareOptions } from "miniflare";

export interface WorkerBundle {
  dir: string;
  /** Modules for Miniflare: the bundle, then each wasm module it imports. */
  modules: Array<{ type: "ESModule" | "CompiledWasm"; path: string }>;
}

export async function bundleWorker(entry: string, outDir: string, conditions = ["workerd", "worker", "browser"]): Promise<WorkerBundle> {
  await mkdir(outDir, { recursive: true });
  const wasm: string[] = [];
  await esbuild.build({
    entryPoints: [entry],
    outfile: join(outDir, "worker.js"),
    bundle: true,
    format: "esm",
    platform: "neutral",
    target: "es2022",
    conditions,
    mainFields: ["browser", "module", "main"],
    logLevel: "error",
    plugins: [
      {
        name: "wasm-modules",
        setup(build) {
          build.onResolve({ filter: /\.wasm$/ }, async (args) => {
            const path = resolve(args.resolveDir, args.path);
            const name = basename(path);
            if (!wasm.includes(name)) {
              await copyFile(path, join(outDir, name));
              wasm.push(name);
            }
            return { path: `./${name}`, external: true };
          });
        },
      },
    ],
  });
  return {
    dir: outDir,
    modules: [
      { type: "ESModule", path: join(outDir, "worker.js") },
      ...wasm.map((name) => ({ type: "CompiledWasm" as const, path: join(outDir, name) })),
    ],
  };
}

/** A Miniflare running `bundle` with extra options (bindings, vars); dispose it when done. */
export async function startWorker(bundle: WorkerBundle, options: Partial<MiniflareOptions> = {}): Promise<Miniflare> {
  const mf = new Miniflare({
    modules: bundle.modules,
    modulesRoot: bundle.dir,
    compatibilityDate: "2026-04-01",
    host: "127.0.0.1",
    port: 0,
    ...options,
  } as MiniflareOptions);
  await mf.ready;
  return mf;
}
