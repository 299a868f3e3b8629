// The package in Deno (the "deno" export condition): everything
// "namidb-wasm/node" exports (file: URIs need --allow-read --allow-write
// --allow-run=flock), with the engine's wasm imported as a module source, so
// loading it needs no permission. Plain JavaScript: TypeScript cannot compile
// `import source` yet; the types are index.d.ts / node.d.ts.
import source wasm from "../../wasm/namidb.wasm";
import { setRuntimeWasm } from "../loader.js";

setRuntimeWasm(wasm);

export * from "../node.js";
