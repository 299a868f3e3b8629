/** Node entry point: everything in "namidb-wasm" plus the local-file store. */
export * from "./index.js";
export { FileStore } from "./node/file_store.js";
