/**
 * What a presigner lets through: keys and list prefixes inside the namespace
 * prefixes it was configured with, nothing else. The key is checked as the
 * string it is, never decoded: a '%' (percent-encoding that a server or a CDN
 * in front of it might decode), a backslash, '?', '#', whitespace or a '.' /
 * '..' segment is refused outright, so no spelling of a key can name an
 * object outside the prefix.
 */
import { InvalidArgumentError } from "../errors.js";
import { validateKey } from "../keys.js";

const FORBIDDEN = /[%\\?#\s]/;

/** "*" in a presigner's prefixes: the whole bucket, for a bucket that belongs to one application. */
export const WHOLE_BUCKET = "*";

/** Checks a configured prefix: a valid key folder ending in '/', or "*". */
export function checkPrefix(prefix: unknown): string {
  if (prefix === WHOLE_BUCKET) return prefix;
  if (typeof prefix !== "string" || !prefix.endsWith("/") || prefix.length < 2) {
    throw new InvalidArgumentError(`a presigner prefix must be a folder ending in '/' (e.g. "graphs/demo/"), not ${JSON.stringify(prefix)}`);
  }
  validateKey(prefix.slice(0, -1));
  if (FORBIDDEN.test(prefix)) throw new InvalidArgumentError(`the presigner prefix '${prefix}' holds a character keys may not have (% \\ ? # or whitespace)`);
  return prefix;
}

/** Throws unless `key` is a plain key under one of `prefixes`. */
export function checkKeyInside(key: unknown, prefixes: readonly string[]): string {
  if (typeof key !== "string") throw new InvalidArgumentError("the request names no key");
  validateKey(key);
  if (FORBIDDEN.test(key)) {
    throw new InvalidArgumentError(`refused: the key '${key}' holds a character namidb keys never have (% \\ ? # or whitespace)`);
  }
  if (!prefixes.some((p) => p === WHOLE_BUCKET || key.startsWith(p))) {
    throw new InvalidArgumentError(`refused: the key '${key}' is outside the prefixes this signer serves (${prefixes.join(", ")})`);
  }
  return key;
}

/** Throws unless a list prefix lies inside one of `prefixes` (listing a parent would show other namespaces). */
export function checkListPrefix(prefix: unknown, prefixes: readonly string[]): string {
  if (typeof prefix !== "string") throw new InvalidArgumentError("a list request needs a prefix");
  if (FORBIDDEN.test(prefix) || /[\u0000-\u001f\u007f]/.test(prefix)) {
    throw new InvalidArgumentError(`refused: the list prefix '${prefix}' holds a character keys never have`);
  }
  if (prefix.split("/").some((segment, i, all) => (segment === "" && i < all.length - 1) || segment === "." || segment === "..")) {
    throw new InvalidArgumentError(`refused: the list prefix '${prefix}' has an empty, '.' or '..' segment`);
  }
  if (!prefixes.some((p) => p === WHOLE_BUCKET || prefix.startsWith(p))) {
    throw new InvalidArgumentError(`refused: listing '${prefix}' reaches outside the prefixes this signer serves (${prefixes.join(", ")})`);
  }
  return prefix;
}
