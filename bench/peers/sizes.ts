/**
 * What each engine ships: its wasm file and the JavaScript that loads and
 * wraps it, raw, gzip -9 and brotli at quality 11 (what a CDN serves).
 */
import { readFileSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

export interface Sizes {
  raw: number;
  gzip: number;
  brotli: number;
}

function sizesOf(files: string[]): Sizes {
  const total: Sizes = { raw: 0, gzip: 0, brotli: 0 };
  for (const file of files) {
    const data = readFileSync(file);
    total.raw += data.length;
    total.gzip += gzipSync(data, { level: 9 }).length;
    total.brotli += brotliCompressSync(data, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length },
    }).length;
  }
  return total;
}

function jsFiles(dir: string, skip: (path: string) => boolean = () => false): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (skip(path)) continue;
    if (statSync(path).isDirectory()) out.push(...jsFiles(path, skip));
    else if (/\.(m?js|cjs)$/.test(name)) out.push(path);
  }
  return out;
}

/** namidb-wasm: the wasm, its glue and the package's JS minus the Node-only parts (file store, shell). */
export function namidbSizes(root: string): { wasm: Sizes; js: Sizes } {
  const dist = join(root, "dist", "js");
  const nodeOnly = (path: string) => /^(node|shell|cli)(\.js|$)|^node\.js$/.test(relative(dist, path));
  return {
    wasm: sizesOf([join(root, "dist", "wasm", "namidb.wasm")]),
    js: sizesOf([join(root, "dist", "wasm", "namidb.mjs"), ...jsFiles(dist, nodeOnly)]),
  };
}

/** kuzu-wasm: the Node build's wasm, its glue and its synchronous API. */
export function kuzuSizes(benchDir: string): { wasm: Sizes; js: Sizes } {
  const pkg = join(benchDir, "node_modules", "kuzu-wasm", "nodejs");
  return {
    wasm: sizesOf([join(pkg, "kuzu", "kuzu_wasm.wasm")]),
    js: sizesOf([join(pkg, "kuzu", "kuzu_wasm.js"), ...jsFiles(join(pkg, "sync"))]),
  };
}
