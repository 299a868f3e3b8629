/**
 * The rows of a result from the engine's binary row format (the chunks
 * src/api/row_chunk_writer.h writes; docs/architecture.md, "Results across the
 * boundary"), as the same JS values the tagged JSON form decodes to
 * (values.ts): numbers or bigints, Uint8Array, nodes, relationships and
 * paths as plain objects, temporal values as Cypher* objects.
 */
import { InternalError } from "./errors.js";
import {
  CypherDate,
  CypherDateTime,
  CypherDuration,
  CypherLocalDateTime,
  CypherLocalTime,
  CypherTime,
  type Node,
  type Path,
  type Relationship,
} from "./values.js";

const utf8 = new TextDecoder();
const ID_BYTES = 36;
const TEMPORAL = [CypherDate, CypherLocalTime, CypherTime, CypherLocalDateTime, CypherDateTime, CypherDuration] as const;
const FIRST_TEMPORAL_TAG = 13;

// Eight bytes to read a float or a 64-bit integer through: a DataView over
// each chunk cost more than the decoding of a small result.
const scratch = new Uint8Array(8);
const scratchView = new DataView(scratch.buffer);

class Reader {
  private at = 0;

  constructor(private readonly bytes: Uint8Array) {}

  get done(): boolean {
    return this.at >= this.bytes.length;
  }

  u8(): number {
    return this.bytes[this.at++]!;
  }

  u32(): number {
    const b = this.bytes;
    const at = this.at;
    if (at + 4 > b.length) throw new InternalError("a result chunk from the engine ends inside a value");
    this.at = at + 4;
    return (b[at]! | (b[at + 1]! << 8) | (b[at + 2]! << 16) | (b[at + 3]! << 24)) >>> 0;
  }

  private eight(): void {
    const at = this.at;
    if (at + 8 > this.bytes.length) throw new InternalError("a result chunk from the engine ends inside a value");
    const b = this.bytes;
    for (let i = 0; i < 8; i++) scratch[i] = b[at + i]!;
    this.at = at + 8;
  }

  f64(): number {
    this.eight();
    return scratchView.getFloat64(0, true);
  }

  i64(): bigint {
    this.eight();
    return scratchView.getBigInt64(0, true);
  }

  text(length: number): string {
    const start = this.at;
    const end = (this.at += length);
    if (end > this.bytes.length) throw new InternalError("a result chunk from the engine ends inside a value");
    // Short ASCII text is quicker to make by hand than through TextDecoder.
    if (length <= 64) {
      let text = "";
      for (let i = start; i < end; i++) {
        const b = this.bytes[i]!;
        if (b >= 0x80) return utf8.decode(this.bytes.subarray(start, end));
        text += String.fromCharCode(b);
      }
      return text;
    }
    return utf8.decode(this.bytes.subarray(start, end));
  }

  string(): string {
    return this.text(this.u32());
  }

  raw(length: number): Uint8Array {
    const out = this.bytes.slice(this.at, this.at + length);
    this.at += length;
    return out;
  }

  map(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (let n = this.u32(); n > 0; n--) {
      const key = this.string();
      out[key] = this.value();
    }
    return out;
  }

  node(): Node {
    const id = this.text(ID_BYTES);
    const labels: string[] = [];
    for (let n = this.u32(); n > 0; n--) labels.push(this.string());
    return { id, labels, properties: this.map() };
  }

  relationship(): Relationship {
    const id = this.text(ID_BYTES);
    const type = this.string();
    const start = this.text(ID_BYTES);
    const end = this.text(ID_BYTES);
    return { id, type, start, end, properties: this.map() };
  }

  value(): unknown {
    const tag = this.u8();
    switch (tag) {
      case 0:
        return null;
      case 1:
        return false;
      case 2:
        return true;
      case 3:
        return this.f64();
      case 4:
        return this.i64();
      case 5:
        return this.f64();
      case 6:
        return this.string();
      case 7:
        return this.raw(this.u32());
      case 8: {
        const n = this.u32();
        const out = new Array<unknown>(n);
        for (let i = 0; i < n; i++) out[i] = this.value();
        return out;
      }
      case 9:
        return this.map();
      case 10:
        return this.node();
      case 11:
        return this.relationship();
      case 12: {
        const nodes: Node[] = [];
        for (let n = this.u32(); n > 0; n--) nodes.push(this.node());
        const relationships: Relationship[] = [];
        for (let n = this.u32(); n > 0; n--) relationships.push(this.relationship());
        return { nodes, relationships } satisfies Path;
      }
      default: {
        const kind = TEMPORAL[tag - FIRST_TEMPORAL_TAG];
        if (!kind) throw new InternalError(`a result chunk from the engine holds an unknown value tag ${tag}`);
        return new kind(this.string());
      }
    }
  }
}

/** Appends the rows of one chunk (`columns` values each) to `rows`. */
export function decodeRows(chunk: Uint8Array, columns: number, rows: unknown[][]): void {
  const reader = new Reader(chunk);
  for (let n = reader.u32(); n > 0; n--) {
    const row = new Array<unknown>(columns);
    for (let i = 0; i < columns; i++) row[i] = reader.value();
    rows.push(row);
  }
  if (!reader.done) throw new InternalError("a result chunk from the engine has bytes after its rows");
}
