/** Node entry point: everything in "namidb-wasm", plus the local-file store and `file:` URIs in open(). */
export * from "./index.js";
export { FileStore } from "./node/file_store.js";
export { open, parseFileUri, recover } from "./node/open.js";
export { storeFromUri, type StoreLocation } from "./node/store_uri.js";
export { DirectoryBlockCache } from "./node/directory_cache.js";
