/**
 * Values crossing between the engine and JavaScript, in the engine's tagged
 * JSON scheme (src/core/value_json.h): parameters and properties go in
 * encoded, a JS procedure's arguments come out decoded (a statement's rows
 * come out through rows.ts, as the same JS values).
 *
 * Out: integers are numbers when safe and bigints otherwise; floats are
 * numbers; bytes are Uint8Array; nodes are `{id, labels, properties}`,
 * relationships `{id, type, start, end, properties}`, paths
 * `{nodes, relationships}`; lists and maps are arrays and plain objects.
 */
import { InvalidArgumentError } from "./errors.js";

export interface Node {
  id: string;
  labels: string[];
  properties: Record<string, unknown>;
}

export interface Relationship {
  id: string;
  type: string;
  start: string;
  end: string;
  properties: Record<string, unknown>;
}

export interface Path {
  nodes: Node[];
  relationships: Relationship[];
}

function base64(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return btoa(text);
}

function fromBase64(text: string): Uint8Array {
  const raw = atob(text);
  const out = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; ++i) out[i] = raw.charCodeAt(i);
  return out;
}

/** A number that a parameter passes as a Cypher float even when integral. */
export class CypherFloat {
  constructor(readonly value: number) {}
}

/**
 * A Cypher temporal value as its ISO 8601 text, exactly as the engine prints
 * it; the subclasses tell the kinds apart and pass back in as parameters.
 */
abstract class CypherTemporal {
  constructor(readonly iso: string) {}
  toString(): string {
    return this.iso;
  }
}

/** A Cypher DATE ("2015-07-21"). */
export class CypherDate extends CypherTemporal {}

/** A Cypher LOCAL TIME ("21:40:32.142"). */
export class CypherLocalTime extends CypherTemporal {}

/** A Cypher TIME, with its offset ("21:40:32.142+01:00"). */
export class CypherTime extends CypherTemporal {}

/** A Cypher LOCAL DATETIME ("2015-07-21T21:40:32.142"). */
export class CypherLocalDateTime extends CypherTemporal {}

/**
 * A Cypher DATETIME, with the offset it is shown in and its zone if it has
 * one ("2015-07-21T21:40:32.142+02:00[Europe/Stockholm]"); `toDate()` gives
 * the JS Date (to the millisecond). A JS Date passed as a parameter becomes
 * a DATETIME in UTC.
 */
export class CypherDateTime extends CypherTemporal {
  toDate(): Date {
    return new Date(this.iso.replace(/\[.*\]$/, ''));
  }
}

/** A Cypher DURATION ("P1Y2M3DT4H5M6.7S"): months, days and seconds kept apart. */
export class CypherDuration extends CypherTemporal {}

// The tag each temporal kind travels under across the engine boundary.
const temporalTags = [
  ['$date', CypherDate],
  ['$localtime', CypherLocalTime],
  ['$time', CypherTime],
  ['$localdatetime', CypherLocalDateTime],
  ['$datetime', CypherDateTime],
  ['$duration', CypherDuration],
] as const;

/** Marks `x` as a float parameter: float(1) is 1.0, not the integer 1. */
export function float(x: number): CypherFloat {
  return new CypherFloat(x);
}

/**
 * How deep lists and maps may nest, the parameters or properties object
 * counting as level 1 (so a parameter's own lists and maps have 63 levels):
 * the engine's bound on stored values (kMaxValueDepth, engine.limits), which
 * its parser and value code also keep. Deeper values are refused before they
 * reach the engine.
 */
export const MAX_VALUE_DEPTH = 64;

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether `text` holds no lone surrogate (what every Cypher string must be). */
export function isWellFormed(text: string): boolean {
  return (text as { isWellFormed?: () => boolean }).isWellFormed?.() ?? !LONE_SURROGATE.test(text);
}

/**
 * Refuses a string that is not well-formed Unicode. A JS string may hold a
 * lone surrogate (half of a UTF-16 pair); a Cypher string is Unicode text
 * (UTF-8 in the engine) and cannot, so no lossless encoding exists: the
 * error names where it is and how to repair it.
 */
export function checkWellFormed(text: string, where: string): void {
  if (isWellFormed(text)) return;
  const at = LONE_SURROGATE.exec(text)!.index;
  const unit = text.charCodeAt(at).toString(16).toUpperCase();
  throw new InvalidArgumentError(
    `${where} holds a lone surrogate (\\u${unit} at index ${at}), which no Cypher string can hold: ` +
      `pass well-formed Unicode (text.toWellFormed() replaces it with U+FFFD)`,
  );
}

/**
 * Checks a list or map about to be encoded at `where`, `depth` levels down,
 * inside `parents` (the containers it is in), and pushes it onto `parents`:
 * a cycle or a nesting past MAX_VALUE_DEPTH is an InvalidArgumentError
 * naming the place.
 */
export function enterContainer(value: object, where: string, depth: number, parents: object[]): void {
  if (parents.includes(value)) {
    throw new InvalidArgumentError(
      `${where} contains itself (a cycle); a Cypher value is a tree of lists and maps: pass a copy without the cycle`,
    );
  }
  if (depth > MAX_VALUE_DEPTH) {
    const path = where.length > 80 ? `${where.slice(0, 40)}…${where.slice(-16)}` : where;
    throw new InvalidArgumentError(
      `${path} nests lists and maps deeper than ${MAX_VALUE_DEPTH} levels (the limit, counting the parameters or properties object); flatten it`,
    );
  }
  parents.push(value);
}

/** A parameter value as tagged JSON; a JS type Cypher has no value for is an error. */
export function encodeParameter(value: unknown, where: string): unknown {
  return encodeValue(value, where, 2, []);
}

// `parents` are the lists and maps `value` is inside, to refuse a cycle.
function encodeValue(value: unknown, where: string, depth: number, parents: object[]): unknown {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case "boolean":
      return value;
    case "string":
      checkWellFormed(value, where);
      return value;
    case "number":
      if (Number.isInteger(value)) return value;
      if (Number.isFinite(value)) return value;
      return { $float: Number.isNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity" };
    case "bigint":
      if (value > 9223372036854775807n || value < -9223372036854775808n) {
        throw new InvalidArgumentError(`${where} is out of the 64-bit integer range`);
      }
      return value;  // encodedJson prints it as an exact JSON integer
    case "object": {
      if (value instanceof Uint8Array) return { $bytes: base64(value) };
      if (value instanceof CypherTemporal) {
        const [tag] = temporalTags.find(([, kind]) => value instanceof kind)!;
        return {[tag]: value.iso};
      }
      if (value instanceof Date) {
        if (Number.isNaN(value.getTime())) throw new InvalidArgumentError(`${where} is an invalid Date`);
        return { $datetime: value.toISOString() };
      }
      if (value instanceof CypherFloat) {
        const x = value.value;
        return { $float: Number.isFinite(x) ? x : Number.isNaN(x) ? "NaN" : x > 0 ? "Infinity" : "-Infinity" };
      }
      const list = Array.isArray(value);
      const plain = Object.getPrototypeOf(value) === Object.prototype || Object.getPrototypeOf(value) === null;
      if (!list && !plain) break;
      enterContainer(value, where, depth, parents);
      try {
        if (list) return value.map((v, i) => encodeValue(v, `${where}[${i}]`, depth + 1, parents));
        const out: Record<string, unknown> = {};
        for (const [k, v] of Object.entries(value)) {
          checkWellFormed(k, `${where}: the key '${k}'`);
          out[k] = encodeValue(v, `${where}.${k}`, depth + 1, parents);
        }
        const keys = Object.keys(out);
        return keys.length === 1 && keys[0]!.startsWith("$") ? { $map: out } : out;
      } finally {
        parents.pop();
      }
    }
  }
  throw new InvalidArgumentError(`${where} is ${kindOf(value)}, which Cypher has no value for; ${hintFor(value)}`);
}

function kindOf(value: unknown): string {
  if (typeof value === "function") return "a function";
  if (typeof value === "symbol") return "a symbol";
  const name = (value as object).constructor?.name;
  return name ? `a ${name}` : "an object with a prototype";
}

function hintFor(value: unknown): string {
  if (value instanceof Map) return "pass a plain object (Object.fromEntries(map))";
  if (value instanceof Set) return "pass an array ([...set])";
  if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) return "pass bytes as a Uint8Array";
  return "pass a number, string, boolean, bigint, Uint8Array, Date, Cypher temporal value, array or plain object";
}

/** The JSON text of a property map (single upserts of the staging API). */
export function encodeProperties(properties: Record<string, unknown>): string {
  return encodeMap(properties, (k) => `property '${k}'`, "the properties");
}

function encodeMap(map: Record<string, unknown>, describe: (key: string) => string, what: string): string {
  if (map === null || typeof map !== "object" || Array.isArray(map) || map instanceof Map) {
    const given = map === null ? "null" : Array.isArray(map) ? "an array" : map instanceof Map ? "a Map" : typeof map;
    throw new InvalidArgumentError(`${what} must be a plain object of named values ({ name: value }), not ${given}`);
  }
  const encoded: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(map)) {
    checkWellFormed(k, `the name of ${describe(k)}`);
    encoded[k] = encodeParameter(v, describe(k));
  }
  return encodedJson(encoded);
}

/** The JSON text of values encodeParameter made, integers beyond 2^53 exact. */
export function encodedJson(encoded: unknown): string {
  // Without a bigint JSON.stringify needs no replacer (which costs a call per value); with one it throws.
  try {
    return JSON.stringify(encoded);
  } catch (err) {
    if (!(err instanceof TypeError)) throw err;
  }
  const bigints: string[] = [];
  // JSON.stringify cannot print a bigint: mark each, then splice the digits in.
  const text = JSON.stringify(encoded, (_key, v: unknown) => {
    if (typeof v === "bigint") {
      bigints.push(v.toString());
      return `\u0000bigint${bigints.length - 1}\u0000`;
    }
    return v;
  });
  return text.replace(/"\\u0000bigint(\d+)\\u0000"/g, (_m, i: string) => bigints[Number(i)]!);
}

function decodeProps(props: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(props)) out[k] = decodeValue(v);
  return out;
}

function decodeNode(n: { id: string; labels: string[]; properties: Record<string, unknown> }): Node {
  return { id: n.id, labels: n.labels, properties: decodeProps(n.properties) };
}

function decodeRel(r: {
  id: string;
  type: string;
  start: string;
  end: string;
  properties: Record<string, unknown>;
}): Relationship {
  return { id: r.id, type: r.type, start: r.start, end: r.end, properties: decodeProps(r.properties) };
}

/** A result value from its tagged JSON form. */
export function decodeValue(v: unknown): unknown {
  if (v === null || typeof v !== "object") return v;
  if (Array.isArray(v)) return v.map(decodeValue);
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o);
  if (keys.length === 1 && keys[0]!.startsWith("$")) {
    const tagged = o[keys[0]!];
    switch (keys[0]) {
      case "$bigint":
        return BigInt(tagged as string);
      case "$float":
        return tagged === "NaN" ? NaN : tagged === "Infinity" ? Infinity : -Infinity;
      case "$bytes":
        return fromBase64(tagged as string);
      case "$node":
        return decodeNode(tagged as Parameters<typeof decodeNode>[0]);
      case "$rel":
        return decodeRel(tagged as Parameters<typeof decodeRel>[0]);
      case "$path": {
        const p = tagged as { nodes: Parameters<typeof decodeNode>[0][]; relationships: Parameters<typeof decodeRel>[0][] };
        return { nodes: p.nodes.map(decodeNode), relationships: p.relationships.map(decodeRel) };
      }
      case "$map":
        return decodeProps(tagged as Record<string, unknown>);
      default: {
        const temporal = temporalTags.find(([t]) => t === keys[0]);
        if (temporal) return new temporal[1](tagged as string);
      }
    }
  }
  return decodeProps(o);
}
