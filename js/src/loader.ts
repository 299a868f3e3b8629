/**
 * Loading the wasm module in any runtime.
 *
 * The `.wasm` is a separate file, never inlined: browsers stream-compile it,
 * and Cloudflare Workers refuse to compile wasm from bytes, so there it must be
 * imported as a module. Hence `wasm` accepts:
 * - a `WebAssembly.Module` (Workers: `import wasm from "namidb-wasm/namidb.wasm"`),
 * - bytes (`ArrayBuffer` / `Uint8Array`),
 * - a URL or URL string (fetched; in Node a `file:` URL is read from disk),
 * - a `Response` or a promise of one (`fetch(...)`),
 * and by default takes the module a runtime entry imported (Cloudflare
 * Workers, Deno: `runtime/`), else loads `namidb.wasm` from next to this
 * package's files. The glue is always given the wasm and a `locateFile`, so
 * it never resolves a URL against `import.meta.url` itself: workerd has none.
 */
import createNamiDBModule, { type NamiDBModule } from "../wasm/namidb.mjs";
import type { StoreBridge } from "./bridge.js";
import { InvalidArgumentError, IoError, UnsupportedError } from "./errors.js";

export type WasmSource =
  | WebAssembly.Module
  | ArrayBuffer
  | Uint8Array
  | URL
  | string
  | Response
  | PromiseLike<Response>;

export interface LoadOptions {
  /**
   * Where the engine's `.wasm` comes from; default: the module the runtime's
   * entry imported (Workers, Deno), else `namidb.wasm` beside the package.
   */
  wasm?: WasmSource;
}

/** The default location of the `.wasm`, relative to this file in dist/js. */
export function defaultWasmUrl(): URL {
  if (!import.meta.url) {
    throw new UnsupportedError(
      "this runtime gives modules no URL, so the engine's .wasm cannot be found: import namidb-wasm " +
        "through its workerd export (Cloudflare Workers pick it by themselves) or pass the wasm, " +
        "e.g. loadEngine({ wasm }) with `import wasm from \"namidb-wasm/namidb.wasm\"`",
    );
  }
  // Bundlers (Vite, webpack 5, Rollup) see this very expression and ship the file.
  return new URL("../wasm/namidb.wasm", import.meta.url);
}

let runtimeWasm: WasmSource | undefined;

/**
 * @internal Set by a runtime entry (js/src/runtime/) that imported the wasm
 * as a module: the default of every load that names no `wasm`.
 */
export function setRuntimeWasm(source: WasmSource): void {
  runtimeWasm = source;
}

interface Hooks {
  bridge: StoreBridge;
  onAbort: (what: unknown) => void;
}

/** Instantiates one module instance wired to `hooks`. */
export async function instantiate(options: LoadOptions, hooks: Hooks): Promise<NamiDBModule> {
  const source = await resolveSource(options.wasm ?? runtimeWasm ?? defaultWasmUrl());
  return createNamiDBModule({
    namidbBridge: hooks.bridge,
    onAbort: hooks.onAbort,
    printErr: (text: string) => console.error(`[namidb] ${text}`),
    // Never asked for (instantiateWasm below supplies the module), but without
    // it the glue evaluates new URL("namidb.wasm", import.meta.url).
    locateFile: (path: string) => path,
    instantiateWasm(imports, receive) {
      const ready =
        source instanceof WebAssembly.Module
          ? WebAssembly.instantiate(source, imports).then((instance) => receive(instance, source))
          : WebAssembly.instantiate(source, imports).then((r) => receive(r.instance, r.module));
      ready.catch((err: unknown) => hooks.onAbort(err));
      return {};
    },
  });
}

async function resolveSource(source: WasmSource): Promise<WebAssembly.Module | BufferSource> {
  if (source instanceof WebAssembly.Module) return source;
  if (source instanceof ArrayBuffer || source instanceof Uint8Array) return source;
  if (typeof source === "string" || source instanceof URL) {
    const url = source instanceof URL ? source : wasmUrl(source);
    if (url.protocol === "file:") return readFileUrl(url);
    return responseBytes(await fetch(url), url.href);
  }
  if (isResponse(source)) return responseBytes(source, source.url);
  if (typeof (source as PromiseLike<Response>)?.then === "function") {
    const response = await source;
    return responseBytes(response, response.url);
  }
  throw new InvalidArgumentError(
    "options.wasm must be a WebAssembly.Module, bytes, a URL or a Response",
  );
}

function wasmUrl(text: string): URL {
  try {
    return new URL(text, baseUrl());
  } catch {
    throw new InvalidArgumentError(`options.wasm '${text}' is not a URL (relative ones need a page or module URL)`);
  }
}

function baseUrl(): string | undefined {
  const location = (globalThis as { location?: { href: string } }).location;
  return location?.href ?? (import.meta.url as string | undefined);
}

function isResponse(value: unknown): value is Response {
  return typeof Response !== "undefined" && value instanceof Response;
}

async function responseBytes(response: Response, where: string): Promise<WebAssembly.Module> {
  if (!response.ok) {
    throw new IoError(
      `loading the namidb wasm from ${where}: HTTP ${response.status}. If a bundler built this app, it ` +
        "must ship dist/wasm/namidb.wasm where the package's code looks for it (Vite and webpack 5 do; " +
        "esbuild does not: import it with the file loader and pass it, loadEngine({ wasm }))",
    );
  }
  // Compile while the bytes stream in where the runtime can (browsers).
  if (typeof WebAssembly.compileStreaming === "function" && response.headers
      .get("content-type")?.startsWith("application/wasm")) {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

async function readFileUrl(url: URL): Promise<Uint8Array> {
  // Only Node and Deno have file: URLs; the specifier is a variable so that
  // bundlers for the browser leave it alone.
  const fsModule = "node:fs/promises";
  try {
    const fs = (await import(/* @vite-ignore */ /* webpackIgnore: true */ fsModule)) as typeof import("node:fs/promises");
    return await fs.readFile(url);
  } catch (err) {
    throw new IoError(`loading the namidb wasm from ${url.href}: ${String(err)}`, { cause: err });
  }
}
