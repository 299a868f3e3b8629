/**
 * Key, range and page-size rules every TypeScript store shares; the same rules
 * as the C++ ValidateKey / ClampRange (src/store/object_store.cc), so a key
 * means the same on every backend.
 */
import { InvalidArgumentError } from "./errors.js";
import type { ByteRange } from "./store.js";

const encoder = new TextEncoder();

/** Throws InvalidArgumentError unless `key` is a valid object key. */
export function validateKey(key: string): void {
  if (typeof key !== "string" || key.length === 0) {
    throw new InvalidArgumentError("object key is empty");
  }
  if (encoder.encode(key).length > 1024) {
    throw new InvalidArgumentError("object key is longer than 1024 bytes");
  }
  for (const segment of key.split("/")) {
    if (segment === "" || segment === "." || segment === "..") {
      throw new InvalidArgumentError(`object key '${key}' has an empty, '.' or '..' segment`);
    }
  }
  for (let i = 0; i < key.length; i++) {
    const c = key.charCodeAt(i);
    if (c < 0x20 || c === 0x7f) {
      throw new InvalidArgumentError(`object key '${key}' contains a control character`);
    }
  }
}

/** Throws InvalidArgumentError unless the range holds non-negative safe integers. */
export function validateRange(range: ByteRange | undefined): void {
  if (range === undefined) return;
  const ok = (n: number | undefined) => n === undefined || (Number.isSafeInteger(n) && n >= 0);
  if (typeof range !== "object" || range === null || !ok(range.offset) || !ok(range.length)) {
    throw new InvalidArgumentError("a byte range needs non-negative integer offset and length");
  }
}

/** The part of an object of `size` bytes that `range` selects, clamped to the object. */
export function clampRange(range: ByteRange | undefined, size: number): { offset: number; length: number } {
  if (range === undefined) return { offset: 0, length: size };
  const offset = Math.min(range.offset, size);
  const available = size - offset;
  const length = range.length === undefined ? available : Math.min(range.length, available);
  return { offset, length };
}

/** A list page size: 1..1000, default 1000. */
export function validateLimit(limit: number | undefined): number {
  if (limit === undefined) return 1000;
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) {
    throw new InvalidArgumentError("list limit must be an integer in 1..1000");
  }
  return limit;
}

/**
 * Orders keys by their UTF-8 bytes, as object stores list them. JS string
 * comparison orders UTF-16 code units, which differs for characters at
 * U+E000 and above versus astral characters; code-point order is UTF-8 order.
 */
export function compareKeys(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i)!;
    const cb = b.codePointAt(i)!;
    if (ca !== cb) return ca < cb ? -1 : 1;
    if (ca > 0xffff) i++;  // skip the low surrogate of an astral character
  }
  return a.length === b.length ? 0 : a.length < b.length ? -1 : 1;
}
