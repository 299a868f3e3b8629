/**
 * The binary form of a bulk staging call (`upsertNodes` / `upsertEdges`):
 * one buffer per call, decoded by the engine's storage/staging_batch_codec.cc
 * (layout in docs/format.md, "Staging batches"). Values are checked as
 * `encodeParameter` checks them, with the same errors; null, booleans,
 * numbers, bigints, strings, bytes, lists and maps travel as bytes, the
 * temporal kinds as tagged JSON text.
 */
import { InvalidArgumentError } from "./errors.js";
import { encodeParameter, encodedJson, enterContainer, checkWellFormed, isWellFormed } from "./values.js";

const VERSION = 1;
export const NODES = 1;
export const EDGES = 2;
const PARAMETERS = 3;

const TAG_NULL = 0;
const TAG_FALSE = 1;
const TAG_TRUE = 2;
const TAG_INT = 3;
const TAG_FLOAT = 4;
const TAG_STRING = 5;
const TAG_BYTES = 6;
const TAG_LIST = 7;
const TAG_MAP = 8;
const TAG_JSON = 16;

const utf8 = new TextEncoder();
const INT64_MAX = 9223372036854775807n;
const INT64_MIN = -9223372036854775808n;

function varintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 0x80);
    size++;
  }
  return size;
}

/** A growing buffer written front to back. */
export class BatchWriter {
  private buf: Uint8Array;
  private view: DataView;
  private pos = 0;

  constructor(initialBytes = 1 << 16) {
    this.buf = new Uint8Array(initialBytes);
    this.view = new DataView(this.buf.buffer);
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < this.pos + n) size *= 2;
    const grown = new Uint8Array(size);
    grown.set(this.buf.subarray(0, this.pos));
    this.buf = grown;
    this.view = new DataView(grown.buffer);
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  /** An unsigned integer below 2^53. */
  varint(v: number): void {
    this.ensure(10);
    const buf = this.buf;
    let p = this.pos;
    if (v < 0x80000000) {
      while (v > 0x7f) {
        buf[p++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
    } else {
      while (v >= 0x80) {
        buf[p++] = (v % 0x80) | 0x80;
        v = Math.floor(v / 0x80);
      }
    }
    buf[p++] = v;
    this.pos = p;
  }

  private bigVarint(v: bigint): void {
    this.ensure(10);
    while (v >= 0x80n) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }

  /** A 64-bit integer, zigzag varint (as in the stored property values). */
  int(v: number | bigint): void {
    this.byte(TAG_INT);
    if (typeof v === "number" && v >= -(2 ** 52) && v <= 2 ** 52) {
      this.varint(v >= 0 ? v * 2 : -v * 2 - 1);
    } else {
      const b = BigInt(v);
      this.bigVarint(b >= 0n ? b << 1n : ((-b) << 1n) - 1n);
    }
  }

  float(x: number): void {
    this.ensure(9);
    this.buf[this.pos++] = TAG_FLOAT;
    this.view.setFloat64(this.pos, x, true);
    this.pos += 8;
  }

  /** Length-prefixed UTF-8 (the text is well-formed: checked before). */
  text(s: string): void {
    const n = s.length;
    this.ensure(10 + 3 * n);
    const buf = this.buf;
    const start = this.pos;
    // Most text is ASCII: one byte a character, written directly.
    let p = start + varintSize(n);
    let i = 0;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c >= 0x80) break;
      buf[p++] = c;
    }
    if (i === n) {
      this.varint(n);
      this.pos = p;
      return;
    }
    const room = varintSize(3 * n);
    const { written } = utf8.encodeInto(s, buf.subarray(start + room));
    const head = varintSize(written);
    if (head !== room) buf.copyWithin(start + head, start + room, start + room + written);
    this.varint(written);
    this.pos = start + head + written;
  }

  bytes(data: Uint8Array): void {
    this.varint(data.length);
    this.ensure(data.length);
    this.buf.set(data, this.pos);
    this.pos += data.length;
  }

  header(kind: number, count: number): void {
    this.start(kind);
    this.varint(count);
  }

  private start(kind: number): void {
    this.byte(0x4e);  // "NSB"
    this.byte(0x53);
    this.byte(0x42);
    this.byte(VERSION);
    this.byte(kind);
  }

  /** A statement's parameters: the whole buffer (kind 3), checked as encodeParameter checks them. */
  parameters(params: Record<string, unknown>): void {
    this.start(PARAMETERS);
    this.properties(params, (k) => `parameter $${k}`, "the parameters");
  }

  /** The bytes written: a view of a buffer of their own (transferable). */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  /** A copy of the bytes written, in a buffer of their own (transferable); the writer may be reused. */
  copy(): Uint8Array {
    return this.buf.slice(0, this.pos);
  }

  /** Starts over: the next bytes are written from the front. */
  reset(): void {
    this.pos = 0;
  }

  /** Bytes the writer holds, written or not. */
  get capacity(): number {
    return this.buf.length;
  }

  /** A property map: checked as encodeProperties checks it. */
  properties(
    map: Record<string, unknown>,
    describe: (key: string) => string = (k) => `property '${k}'`,
    what = "the properties",
  ): void {
    if (map === null || typeof map !== "object" || Array.isArray(map) || map instanceof Map) {
      const given = map === null ? "null" : Array.isArray(map) ? "an array" : map instanceof Map ? "a Map" : typeof map;
      throw new InvalidArgumentError(`${what} must be a plain object of named values ({ name: value }), not ${given}`);
    }
    const keys = Object.keys(map);
    this.varint(keys.length);
    for (const k of keys) {
      // A bulk load writes millions of these: the names of the places an
      // error would name are built only when one is found.
      if (!isWellFormed(k)) checkWellFormed(k, `the name of ${describe(k)}`);
      this.text(k);
      const v = map[k];
      if (!this.scalar(v)) this.value(v, describe(k), 2, []);
    }
  }

  /** Writes `value` if it is null, a boolean, a number or well-formed text; false otherwise (nothing written). */
  private scalar(value: unknown): boolean {
    switch (typeof value) {
      case "string":
        if (!isWellFormed(value)) return false;
        this.byte(TAG_STRING);
        this.text(value);
        return true;
      case "number":
        // As JSON text would: integral numbers are integers (within 64 bits).
        if (Number.isInteger(value) && value < 2 ** 63 && value >= -(2 ** 63)) this.int(value);
        else this.float(value);
        return true;
      case "boolean":
        this.byte(value ? TAG_TRUE : TAG_FALSE);
        return true;
      case "undefined":
        this.byte(TAG_NULL);
        return true;
      case "object":
        if (value !== null) return false;
        this.byte(TAG_NULL);
        return true;
      default:
        return false;
    }
  }

  // `parents` are the lists and maps `value` is inside, to refuse a cycle.
  private value(value: unknown, where: string, depth: number, parents: object[]): void {
    if (this.scalar(value)) return;
    switch (typeof value) {
      case "string":
        // Not well-formed (scalar wrote every other string): this throws, naming `where`.
        checkWellFormed(value, where);
        break;
      case "bigint":
        if (value > INT64_MAX || value < INT64_MIN) {
          throw new InvalidArgumentError(`${where} is out of the 64-bit integer range`);
        }
        return this.int(value);
      case "object": {
        if (value instanceof Uint8Array) {
          this.byte(TAG_BYTES);
          return this.bytes(value);
        }
        const list = Array.isArray(value);
        const plain = Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null;
        if (list || plain) return this.container(value as object, list, where, depth, parents);
        break;
      }
    }
    // Temporal values, Dates, floats marked with float(), and whatever
    // Cypher has no value for (which encodeParameter refuses, naming it).
    const tagged = encodeParameter(value, where);
    this.byte(TAG_JSON);
    this.text(encodedJson(tagged));
  }

  private container(value: object, list: boolean, where: string, depth: number, parents: object[]): void {
    enterContainer(value, where, depth, parents);
    try {
      if (list) {
        const items = value as unknown[];
        this.byte(TAG_LIST);
        this.varint(items.length);
        for (let i = 0; i < items.length; i++) this.value(items[i], `${where}[${i}]`, depth + 1, parents);
        return;
      }
      const entries = Object.entries(value);
      this.byte(TAG_MAP);
      this.varint(entries.length);
      for (const [k, v] of entries) {
        checkWellFormed(k, `${where}: the key '${k}'`);
        this.text(k);
        this.value(v, `${where}.${k}`, depth + 1, parents);
      }
    } finally {
      parents.pop();
    }
  }
}

/** What encodeParameterBatch writes into, kept between calls while it stays this small. */
const SCRATCH_BYTES = 256;
const SCRATCH_KEPT_BYTES = 1 << 16;
let scratch: BatchWriter | undefined;

/**
 * A statement's parameters as the engine takes them (docs/format.md,
 * "Staging batches", kind 3), in a buffer of their own: encoded into one
 * writer kept between calls (a new one cost as much as the encoding of a
 * few parameters), then copied out. A call that throws leaves nothing
 * behind for the next (it starts from the front); one made while another
 * encodes (a getter of a parameter that runs a statement) gets a writer of
 * its own; a writer grown past 64 KiB is not kept.
 */
export function encodeParameterBatch(params: Record<string, unknown>): Uint8Array {
  const writer = scratch ?? new BatchWriter(SCRATCH_BYTES);
  scratch = undefined;  // taken: a call from inside this one makes its own
  writer.reset();
  try {
    writer.parameters(params);
    return writer.copy();
  } finally {
    if (writer.capacity <= SCRATCH_KEPT_BYTES) scratch = writer;
  }
}
