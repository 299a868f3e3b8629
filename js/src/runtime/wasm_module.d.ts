// A `.wasm` imported as a module: Workers (Wrangler, workerd) compile it at
// load time and hand over a WebAssembly.Module.
declare module "*.wasm" {
  const module: WebAssembly.Module;
  export default module;
}
