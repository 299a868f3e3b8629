/**
 * The package in Cloudflare Workers (the "workerd" export condition, which
 * Wrangler picks by itself): everything "namidb-wasm" exports, with the
 * engine's wasm imported as a module. Workers accept wasm only that way (they
 * refuse to compile bytes) and give modules no URL to find files by, so this
 * entry hands the module to the loader and `open()` needs no options.
 */
import wasm from "../../wasm/namidb.wasm";
import { setRuntimeWasm } from "../loader.js";

setRuntimeWasm(wasm);

export * from "../index.js";
