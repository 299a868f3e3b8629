/**
 * What open() checks before it loads anything: the target and the options,
 * each refused with an InvalidArgumentError (or UnsupportedError) that names
 * the input and says what to write instead.
 */
import { InvalidArgumentError, UnsupportedError } from "./errors.js";
import type { ObjectStore } from "./store.js";

const NAMESPACE = /^[a-z0-9][a-z0-9-]{0,62}$/;
const NAMESPACE_RULE = "1 to 63 lowercase letters, digits and '-', starting with a letter or digit";

/** A namespace the engine accepts, or an error naming `where` it came from. */
export function checkNamespace(namespace: unknown, where: string): string {
  if (typeof namespace !== "string") {
    throw new InvalidArgumentError(`${where}: the namespace must be a string (${NAMESPACE_RULE})`);
  }
  if (!NAMESPACE.test(namespace)) {
    throw new InvalidArgumentError(`${where}: namespace '${namespace}' is not valid; use ${NAMESPACE_RULE}`);
  }
  return namespace;
}

/** The namespace of a `memory://<namespace>` URI; any other URI is refused with what to use instead. */
export function memoryNamespace(uri: string): string {
  if (uri.startsWith("file:")) {
    throw new UnsupportedError(
      `'${uri}' is a local folder, which only Node can open: import { open } from "namidb-wasm/node" ` +
        `(the "namidb-wasm" entry opens memory:// URIs and stores you pass as { store, namespace })`,
    );
  }
  const m = /^memory:\/\/(.*)$/.exec(uri);
  if (!m) {
    throw new InvalidArgumentError(
      `unsupported database URI '${uri}': use memory://<namespace>, opfs://<namespace> (browsers), https://host/path/<namespace>/ (read-only), ` +
        `or pass a store as { store, namespace } (and file:<folder>?ns=<namespace> from "namidb-wasm/node")`,
    );
  }
  return checkNamespace(m[1], `'${uri}'`);
}

/** The namespace of an `opfs://<namespace>` URI. */
export function opfsNamespace(uri: string): string {
  return checkNamespace(/^opfs:\/\/(.*)$/.exec(uri)?.[1] ?? uri, `'${uri}'`);
}

const STORE_METHODS = ["get", "head", "put", "delete", "list"] as const;

/** A `{ store, namespace, prefix? }` target, checked. */
export function checkStoreTarget(target: unknown): { store: ObjectStore; namespace: string; prefix: string } {
  if (target === null || typeof target !== "object") {
    throw new InvalidArgumentError(
      `open() takes a URI string or { store, namespace, prefix? }, not ${describe(target)}`,
    );
  }
  const { store, namespace, prefix = "" } = target as { store?: unknown; namespace?: unknown; prefix?: unknown };
  if (store === null || typeof store !== "object") {
    throw new InvalidArgumentError(`open({ store, namespace }): store must be an ObjectStore, not ${describe(store)}`);
  }
  const missing = STORE_METHODS.filter((m) => typeof (store as Record<string, unknown>)[m] !== "function");
  if (missing.length > 0) {
    throw new InvalidArgumentError(
      `open({ store, namespace }): the store has no ${missing.join(", ")} method${missing.length > 1 ? "s" : ""}; ` +
        `an ObjectStore implements get, head, put, delete and list (docs/api.md, "Stores")`,
    );
  }
  checkNamespace(namespace, "open({ store, namespace })");
  if (typeof prefix !== "string") {
    throw new InvalidArgumentError(`open({ store, namespace, prefix }): prefix must be a string, not ${describe(prefix)}`);
  }
  return { store: store as ObjectStore, namespace: namespace as string, prefix };
}

const OPTIONS = ["engine", "integers", "mode", "cacheBytes", "maxCacheBytes", "memtableBytes", "gcGraceMs", "limits", "remote", "worker", "csv"];

/** Refuses unknown option names and values open() would otherwise ignore. */
export function checkOpenOptions(options: unknown): void {
  if (options === null || typeof options !== "object" || Array.isArray(options)) {
    throw new InvalidArgumentError(`open() options must be an object, not ${describe(options)}`);
  }
  for (const name of Object.keys(options)) {
    if (!OPTIONS.includes(name)) {
      throw new InvalidArgumentError(`unknown open() option '${name}' (the options are ${OPTIONS.join(", ")})`);
    }
  }
  const o = options as Record<string, unknown>;
  if (o.integers !== undefined && o.integers !== "number" && o.integers !== "bigint") {
    throw new InvalidArgumentError(`open() option integers must be "number" or "bigint", not ${describe(o.integers)}`);
  }
  if (o.mode !== undefined && o.mode !== "read" && o.mode !== "write") {
    throw new InvalidArgumentError(`open() option mode must be "read" or "write", not ${describe(o.mode)}`);
  }
  if (o.cacheBytes !== undefined && !(typeof o.cacheBytes === "number" && o.cacheBytes >= 0)) {
    throw new InvalidArgumentError(`open() option cacheBytes must be a non-negative number, not ${describe(o.cacheBytes)}`);
  }
  if (o.maxCacheBytes !== undefined && !(typeof o.maxCacheBytes === "number" && o.maxCacheBytes >= 0)) {
    throw new InvalidArgumentError(`open() option maxCacheBytes must be a non-negative number, not ${describe(o.maxCacheBytes)}`);
  }
  if (o.memtableBytes !== undefined && !(typeof o.memtableBytes === "number" && o.memtableBytes >= 0)) {
    throw new InvalidArgumentError(`open() option memtableBytes must be a non-negative number, not ${describe(o.memtableBytes)}`);
  }
  if (typeof o.cacheBytes === "number" && o.cacheBytes > 0 && typeof o.maxCacheBytes === "number" && o.maxCacheBytes > 0 &&
      o.maxCacheBytes < o.cacheBytes) {
    throw new InvalidArgumentError(
      `open() option maxCacheBytes (${o.maxCacheBytes}) is below cacheBytes (${o.cacheBytes}): ` +
        `the cache starts at cacheBytes and grows up to maxCacheBytes; give them equal for a fixed size`,
    );
  }
  for (const name of ["limits", "remote", "csv"]) {
    if (o[name] !== undefined && (o[name] === null || typeof o[name] !== "object")) {
      throw new InvalidArgumentError(`open() option ${name} must be an object, not ${describe(o[name])}`);
    }
  }
  if (o.csv !== undefined) {
    for (const [name, value] of Object.entries(o.csv as object)) {
      if (name !== "files" && name !== "urls") {
        throw new InvalidArgumentError(`unknown open() option csv.${name} (the options are csv.files, csv.urls)`);
      }
      if (typeof value !== "boolean") {
        throw new InvalidArgumentError(`open() option csv.${name} must be true or false, not ${describe(value)}`);
      }
    }
  }
}

/** A short description of a value for messages: its text if short, else its kind. */
export function describe(value: unknown): string {
  if (value === null) return "null";
  if (value === undefined) return "undefined";
  if (typeof value === "string") return value.length <= 40 ? `'${value}'` : "a string";
  if (typeof value === "number" || typeof value === "boolean" || typeof value === "bigint") return String(value);
  if (Array.isArray(value)) return "an array";
  if (typeof value === "function") return "a function";
  const name = (value as object).constructor?.name;
  return name && name !== "Object" ? `a ${name}` : "an object";
}
