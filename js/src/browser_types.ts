/**
 * The browser-only types named in the package's public types (the `worker`
 * option, WorkerDatabase, OPFS handles), declared here as well so that a
 * project without the DOM library still type-checks against the package: a
 * Cloudflare Worker with @cloudflare/workers-types, Deno, Node. Where the DOM
 * library is loaded these empty interfaces merge with its own and change
 * nothing.
 */
declare global {
  interface Worker {}
  interface FileSystemDirectoryHandle {}
}

export {};
