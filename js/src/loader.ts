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
 * and by default loads `namidb.wasm` from next to this package's files.
 */
import createNamiDBModule, { type NamiDBModule } from "../wasm/namidb.mjs";
import type { StoreBridge } from "./bridge.js";
import { InvalidArgumentError, IoError } from "./errors.js";

export type WasmSource =
  | WebAssembly.Module
  | ArrayBuffer
  | Uint8Array
  | URL
  | string
  | Response
  | PromiseLike<Response>;

export interface LoadOptions {
  /** Where the engine's `.wasm` comes from; default: `namidb.wasm` beside the package. */
  wasm?: WasmSource;
}

/** The default location of the `.wasm`, relative to this file in dist/js. */
export function defaultWasmUrl(): URL {
  return new URL("../wasm/namidb.wasm", import.meta.url);
}

interface Hooks {
  bridge: StoreBridge;
  onAbort: (what: unknown) => void;
}

/** Instantiates one module instance wired to `hooks`. */
export async function instantiate(options: LoadOptions, hooks: Hooks): Promise<NamiDBModule> {
  const source = await resolveSource(options.wasm ?? defaultWasmUrl());
  return createNamiDBModule({
    namidbBridge: hooks.bridge,
    onAbort: hooks.onAbort,
    printErr: (text: string) => console.error(`[namidb] ${text}`),
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
    const url = source instanceof URL ? source : new URL(source, baseUrl());
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

function baseUrl(): string {
  const location = (globalThis as { location?: { href: string } }).location;
  return location?.href ?? import.meta.url;
}

function isResponse(value: unknown): value is Response {
  return typeof Response !== "undefined" && value instanceof Response;
}

async function responseBytes(response: Response, where: string): Promise<WebAssembly.Module> {
  if (!response.ok) {
    throw new IoError(`loading the namidb wasm from ${where}: HTTP ${response.status}`);
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
    const fs = (await import(/* @vite-ignore */ fsModule)) as typeof import("node:fs/promises");
    return await fs.readFile(url);
  } catch (err) {
    throw new IoError(`loading the namidb wasm from ${url.href}: ${String(err)}`, { cause: err });
  }
}
