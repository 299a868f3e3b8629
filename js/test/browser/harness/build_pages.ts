/**
 * Bundles test pages (js/test/browser/pages/*.html and the TypeScript they
 * load) with Vite, as an application using the package would be bundled:
 * the package is imported from dist/js, so its `.wasm` and worker files go
 * through the bundler's `new URL(..., import.meta.url)` handling. `vitest`
 * imports in shared test code resolve to a small in-page shim.
 */
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "vite";

const PAGES = fileURLToPath(new URL("../pages/", import.meta.url));
const SHIM = fileURLToPath(new URL("./vitest_shim.ts", import.meta.url));
export const REPO = fileURLToPath(new URL("../../../../", import.meta.url));

/** Builds `pages` (file names in js/test/browser/pages) into build/browser-tests/<name>; returns the folder. */
export async function buildPages(name: string, pages: string[]): Promise<string> {
  const outDir = join(REPO, "build", "browser-tests", name);
  await build({
    configFile: false,
    logLevel: "warn",
    root: PAGES,
    base: "./",
    resolve: { alias: { vitest: SHIM } },
    define: { "process.env.NODE_ENV": JSON.stringify("test") },
    build: {
      outDir,
      emptyOutDir: true,
      target: "es2022",
      minify: false,
      sourcemap: true,
      reportCompressedSize: false,
      rollupOptions: { input: pages.map((p) => join(PAGES, p)) },
    },
    worker: { format: "es" },
  });
  return outDir;
}
