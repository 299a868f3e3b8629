/** How the shell prints values and results: Cypher-like literals in a table. */
import type { QueryResult } from "../database.js";
import {
  CypherDate,
  CypherDateTime,
  CypherDuration,
  CypherLocalDateTime,
  CypherLocalTime,
  CypherTime,
} from "../values.js";

// Temporal values print as the call that makes them: date('2015-07-21').
const temporalCalls = [
  [CypherDate, "date"],
  [CypherLocalTime, "localtime"],
  [CypherTime, "time"],
  [CypherLocalDateTime, "localdatetime"],
  [CypherDateTime, "datetime"],
  [CypherDuration, "duration"],
] as const;

/** A value as Cypher would write it: strings quoted, nodes as (:Label {…}). */
export function formatValue(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return `'${v.replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number") return String(v);
  if (v instanceof Uint8Array) return `bytes(${v.length})`;
  for (const [kind, call] of temporalCalls) {
    if (v instanceof kind) return `${call}('${v.iso}')`;
  }
  if (Array.isArray(v)) return `[${v.map(formatValue).join(", ")}]`;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    const props = (p: unknown) => {
      const text = formatMap(p as Record<string, unknown>);
      return text === "{}" ? "" : ` ${text}`;
    };
    if ("nodes" in o && "relationships" in o) {
      const nodes = o.nodes as unknown[];
      const rels = o.relationships as unknown[];
      return nodes.map((n, i) => (i < rels.length ? `${formatValue(n)}-${formatValue(rels[i])}-` : formatValue(n))).join("");
    }
    if ("labels" in o && "properties" in o) {
      return `(${(o.labels as string[]).map((l) => `:${l}`).join("")}${props(o.properties)})`;
    }
    if ("type" in o && "start" in o && "properties" in o) return `[:${String(o.type)}${props(o.properties)}]`;
    return formatMap(o);
  }
  return String(v);
}

function formatMap(o: Record<string, unknown>): string {
  return `{${Object.entries(o).map(([k, x]) => `${k}: ${formatValue(x)}`).join(", ")}}`;
}

/** The result as a table, then a summary line: rows, what changed, time. */
export function formatResult(r: QueryResult, ms: number): string {
  const out: string[] = [];
  if (r.columns.length > 0) {
    const cells = r.rows.map((row) => row.map(formatValue));
    const widths = r.columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
    const line = (parts: string[]) => "│ " + parts.map((p, i) => p.padEnd(widths[i]!)).join(" │ ") + " │";
    const rule = (l: string, m: string, r: string) => l + widths.map((w) => "─".repeat(w + 2)).join(m) + r;
    out.push(rule("┌", "┬", "┐"), line(r.columns), rule("├", "┼", "┤"));
    for (const row of cells) out.push(line(row));
    out.push(rule("└", "┴", "┘"));
  }
  const changed = r.counters
    ? Object.entries(r.counters)
        .filter(([, n]) => n !== 0)
        .map(([k, n]) => `${k.replace(/[A-Z]/g, (c) => " " + c.toLowerCase())}: ${n}`)
    : [];
  const rows = `${r.rows.length} row${r.rows.length === 1 ? "" : "s"}`;
  out.push([rows, ...changed].join(", ") + ` (${ms.toFixed(1)} ms)`);
  return out.join("\n");
}
