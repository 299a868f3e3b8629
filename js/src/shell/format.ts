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

/**
 * Rows a table shows at most (TABLE_ROW_LIMIT); past it the table ends with a
 * note of how many more there were. Formatting looks at the shown rows only,
 * so a result of any size prints in time and memory bounded by the limit.
 */
export const TABLE_ROW_LIMIT = 1000;

export interface TableOptions {
  /** Rows shown at most (default TABLE_ROW_LIMIT). */
  maxRows?: number;
  /** What the note past the limit suggests (default "use LIMIT or --format json"). */
  moreHint?: string;
}

/** The result as a table, then a summary line: rows, what changed, time. */
export function formatResult(r: QueryResult, ms: number, options: TableOptions = {}): string {
  const maxRows = options.maxRows ?? TABLE_ROW_LIMIT;
  const out: string[] = [];
  if (r.columns.length > 0) {
    const shown = Math.min(r.rows.length, maxRows);
    const cells: string[][] = [];
    const widths = r.columns.map((c) => c.length);
    for (let i = 0; i < shown; i++) {
      const row = r.rows[i]!.map(formatValue);
      row.forEach((cell, c) => {
        if (cell.length > widths[c]!) widths[c] = cell.length;
      });
      cells.push(row);
    }
    const line = (parts: string[]) => "│ " + parts.map((p, i) => p.padEnd(widths[i]!)).join(" │ ") + " │";
    const rule = (l: string, m: string, r: string) => l + widths.map((w) => "─".repeat(w + 2)).join(m) + r;
    out.push(rule("┌", "┬", "┐"), line(r.columns), rule("├", "┼", "┤"));
    for (const row of cells) out.push(line(row));
    out.push(rule("└", "┴", "┘"));
    const more = r.rows.length - shown;
    if (more > 0) {
      const hint = options.moreHint ?? "use LIMIT or --format json";
      out.push(`… ${more.toLocaleString("en-US")} more row${more === 1 ? "" : "s"} not shown; ${hint}`);
    }
  }
  out.push(summary(r, ms));
  return out.join("\n");
}

/** The line after a result: rows, what changed, time. */
export function summary(r: QueryResult, ms: number): string {
  const changed = r.counters
    ? Object.entries(r.counters)
        .filter(([, n]) => n !== 0)
        .map(([k, n]) => `${k.replace(/[A-Z]/g, (c) => " " + c.toLowerCase())}: ${n}`)
    : [];
  const rows = `${r.rows.length} row${r.rows.length === 1 ? "" : "s"}`;
  return [rows, ...changed].join(", ") + ` (${ms.toFixed(1)} ms)`;
}

/**
 * The result as JSON lines, one object per row keyed by column: integers
 * exact (also past 2^53), NaN and infinities as strings, bytes as base64,
 * temporal values as their ISO 8601 text, nodes, relationships and paths
 * as the plain objects the API returns.
 */
export function formatJsonLines(r: QueryResult): string {
  const lines: string[] = [];
  for (const row of r.rows) {
    const object: Record<string, unknown> = {};
    r.columns.forEach((c, i) => (object[c] = row[i]));
    lines.push(jsonText(object));
  }
  return lines.join("\n");
}

function jsonText(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "bigint") return v.toString();  // exact, past 2^53 too
  if (typeof v === "number") return Number.isFinite(v) ? JSON.stringify(v) : `"${String(v)}"`;
  if (typeof v === "string" || typeof v === "boolean") return JSON.stringify(v);
  if (v instanceof Uint8Array) return JSON.stringify(Buffer.from(v).toString("base64"));
  for (const [kind] of temporalCalls) {
    if (v instanceof kind) return JSON.stringify(v.iso);
  }
  if (Array.isArray(v)) return `[${v.map(jsonText).join(",")}]`;
  const entries = Object.entries(v as Record<string, unknown>);
  return `{${entries.map(([k, x]) => `${JSON.stringify(k)}:${jsonText(x)}`).join(",")}}`;
}

/**
 * The result as CSV (RFC 4180 quoting, lines ending in \n): a header of the
 * columns, then one line per row. null is an empty field and the empty
 * string "" (so the two stay apart); numbers, booleans and strings as
 * themselves; temporal values as ISO 8601 text; lists, maps, nodes,
 * relationships and paths as their JSON (as --format json writes them).
 */
export function formatCsv(r: QueryResult): string {
  const lines = [r.columns.map(csvField).join(",")];
  for (const row of r.rows) lines.push(row.map(csvCell).join(","));
  return lines.join("\n");
}

function csvCell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (v === "") return '""';
  if (typeof v === "string") return csvField(v);
  if (typeof v === "bigint" || typeof v === "boolean") return String(v);
  if (typeof v === "number") return Number.isFinite(v) ? JSON.stringify(v) : String(v);
  for (const [kind] of temporalCalls) {
    if (v instanceof kind) return v.iso;
  }
  if (v instanceof Uint8Array) return Buffer.from(v).toString("base64");
  return csvField(jsonText(v));
}

function csvField(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
