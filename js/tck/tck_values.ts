/**
 * Values in TCK tables and engine results, brought to one canonical text so
 * that they compare as the TCK says: integers and floats apart, floats
 * exactly, nodes by labels and properties, relationships by type and
 * properties (never by id), map keys in any order, and optionally list
 * elements in any order.
 *
 * Table syntax: null, true, false, 12, -3, 1.5, .5, 1e-5, NaN, Inf, 'text',
 * [list], {map}, (:A:B {p: 1}), [:T {p: 1}], <(:A)-[:T]->(:B)<-[:U]-()>.
 */

import {CypherDate, CypherDateTime, CypherDuration, CypherLocalDateTime, CypherLocalTime, CypherTime} from '../../dist/js/values.js';

export type TckValue =
  | { kind: "null" }
  | { kind: "bool"; value: boolean }
  | { kind: "int"; value: bigint }
  | { kind: "float"; value: number }
  | { kind: "string"; value: string }
  | { kind: "list"; items: TckValue[] }
  | { kind: "map"; entries: Map<string, TckValue> }
  | { kind: "node"; labels: string[]; props: Map<string, TckValue> }
  | { kind: "rel"; type: string; props: Map<string, TckValue> }
  | { kind: "path"; nodes: TckValue[]; rels: Array<{ rel: TckValue; forward: boolean }> };

class Reader {
  private at = 0;
  constructor(private readonly text: string) {}

  parse(): TckValue {
    const v = this.value();
    this.space();
    if (this.at !== this.text.length) this.fail("trailing text");
    return v;
  }

  private fail(why: string): never {
    throw new Error(`cannot read TCK value '${this.text}' at ${this.at}: ${why}`);
  }
  private space(): void {
    while (this.at < this.text.length && /\s/.test(this.text[this.at]!)) ++this.at;
  }
  private peek(s: string): boolean {
    this.space();
    return this.text.startsWith(s, this.at);
  }
  private take(s: string): boolean {
    if (!this.peek(s)) return false;
    this.at += s.length;
    return true;
  }
  private expect(s: string): void {
    if (!this.take(s)) this.fail(`expected ${s}`);
  }
  private name(): string {
    this.space();
    if (this.take("`")) {
      const end = this.text.indexOf("`", this.at);
      const n = this.text.slice(this.at, end);
      this.at = end + 1;
      return n;
    }
    const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(this.text.slice(this.at));
    if (!m) this.fail("expected a name");
    this.at += m[0].length;
    return m[0];
  }

  private props(): Map<string, TckValue> {
    const out = new Map<string, TckValue>();
    if (!this.take("{")) return out;
    while (!this.take("}")) {
      const k = this.name();
      this.expect(":");
      out.set(k, this.value());
      this.take(",");
    }
    return out;
  }

  private node(): TckValue {
    this.expect("(");
    const labels: string[] = [];
    while (this.take(":")) labels.push(this.name());
    const props = this.props();
    this.expect(")");
    return { kind: "node", labels, props };
  }

  private rel(): TckValue {
    this.expect("[");
    this.expect(":");
    const type = this.name();
    const props = this.props();
    this.expect("]");
    return { kind: "rel", type, props };
  }

  value(): TckValue {
    this.space();
    const rest = this.text.slice(this.at);
    if (this.take("null")) return { kind: "null" };
    if (this.take("true")) return { kind: "bool", value: true };
    if (this.take("false")) return { kind: "bool", value: false };
    if (this.take("NaN")) return { kind: "float", value: NaN };
    if (this.take("-Inf")) return { kind: "float", value: -Infinity };
    if (this.take("Inf")) return { kind: "float", value: Infinity };
    const num = /^-?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?/.exec(rest);
    if (num) {
      this.at += num[0].length;
      if (/[.eE]/.test(num[0])) return { kind: "float", value: Number(num[0]) };
      return { kind: "int", value: BigInt(num[0]) };
    }
    if (this.peek("'")) {
      ++this.at;
      let s = "";
      while (this.at < this.text.length && this.text[this.at] !== "'") {
        if (this.text[this.at] === "\\") ++this.at;
        s += this.text[this.at++];
      }
      this.expect("'");
      return { kind: "string", value: s };
    }
    if (this.peek("[:")) return this.rel();
    if (this.take("[")) {
      const items: TckValue[] = [];
      while (!this.take("]")) {
        items.push(this.value());
        this.take(",");
      }
      return { kind: "list", items };
    }
    if (this.peek("{")) return { kind: "map", entries: this.props() };
    if (this.peek("(")) return this.node();
    if (this.take("<")) {
      const nodes = [this.node()];
      const rels: Array<{ rel: TckValue; forward: boolean }> = [];
      while (!this.take(">")) {
        const backward = this.take("<");
        this.expect("-");
        const rel = this.rel();
        this.expect("-");
        const forward = this.take(">");
        if (forward === backward) this.fail("a path step needs one direction");
        rels.push({ rel, forward });
        nodes.push(this.node());
      }
      return { kind: "path", nodes, rels };
    }
    this.fail("unknown value");
  }
}

export function parseTckValue(text: string): TckValue {
  return new Reader(text.trim()).parse();
}

function canonicalMap(m: Map<string, TckValue>, unordered: boolean): string {
  return (
    "{" +
    [...m.entries()]
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
      .map(([k, v]) => `${JSON.stringify(k)}:${canonical(v, unordered)}`)
      .join(",") +
    "}"
  );
}

/** The canonical text of a value; `unordered` sorts list elements too. */
export function canonical(v: TckValue, unordered = false): string {
  switch (v.kind) {
    case "null":
      return "null";
    case "bool":
      return String(v.value);
    case "int":
      return `i:${v.value}`;
    case "float":
      return `f:${Object.is(v.value, -0) ? "0" : String(v.value)}`;
    case "string":
      return `s:${JSON.stringify(v.value)}`;
    case "list": {
      const items = v.items.map((x) => canonical(x, unordered));
      if (unordered) items.sort();
      return `[${items.join(",")}]`;
    }
    case "map":
      return canonicalMap(v.entries, unordered);
    case "node":
      return `(${[...v.labels].sort().join(":")}${canonicalMap(v.props, unordered)})`;
    case "rel":
      return `[${v.type}${canonicalMap(v.props, unordered)}]`;
    case "path": {
      let out = "<" + canonical(v.nodes[0]!, unordered);
      v.rels.forEach((r, i) => {
        out += (r.forward ? "-" : "<-") + canonical(r.rel, unordered) + (r.forward ? "->" : "-");
        out += canonical(v.nodes[i + 1]!, unordered);
      });
      return out + ">";
    }
  }
}

function propsOf(o: Record<string, unknown>): Map<string, TckValue> {
  return new Map(Object.entries(o).map(([k, x]) => [k, fromEngine(x)]));
}

/** An engine result value (decoded with integers as bigint) as a TckValue. */
export function fromEngine(v: unknown): TckValue {
  if (v === null || v === undefined) return { kind: "null" };
  if (typeof v === "boolean") return { kind: "bool", value: v };
  if (typeof v === "bigint") return { kind: "int", value: v };
  if (typeof v === "number") return { kind: "float", value: v };
  if (typeof v === "string") return { kind: "string", value: v };
  if (Array.isArray(v)) return { kind: "list", items: v.map(fromEngine) };
  // The TCK writes temporal results as their ISO 8601 strings.
  const temporal = [
    CypherDate, CypherLocalTime, CypherTime, CypherLocalDateTime, CypherDateTime, CypherDuration
  ];
  if (temporal.some((kind) => v instanceof kind))
    return {kind: 'string', value: (v as CypherDate).iso};
  const o = v as Record<string, unknown>;
  if ("labels" in o && "properties" in o && "id" in o) {
    return { kind: "node", labels: o.labels as string[], props: propsOf(o.properties as Record<string, unknown>) };
  }
  if ("type" in o && "start" in o && "end" in o && "properties" in o) {
    return { kind: "rel", type: o.type as string, props: propsOf(o.properties as Record<string, unknown>) };
  }
  if ("nodes" in o && "relationships" in o && Object.keys(o).length === 2) {
    const nodes = o.nodes as Array<{ id: string }>;
    const rels = o.relationships as Array<{ start: string }>;
    return {
      kind: "path",
      nodes: nodes.map(fromEngine),
      rels: rels.map((r, i) => ({ rel: fromEngine(r), forward: r.start === nodes[i]!.id })),
    };
  }
  return { kind: "map", entries: propsOf(o) };
}

/** A TCK value as a parameter for the engine (integers as bigint, floats marked). */
export function toParameter(v: TckValue, float: (x: number) => unknown): unknown {
  switch (v.kind) {
    case "null":
      return null;
    case "bool":
    case "string":
      return v.value;
    case "int":
      return v.value;
    case "float":
      return float(v.value);
    case "list":
      return v.items.map((x) => toParameter(x, float));
    case "map":
      return Object.fromEntries([...v.entries].map(([k, x]) => [k, toParameter(x, float)]));
    default:
      throw new Error("graph elements cannot be parameters");
  }
}
