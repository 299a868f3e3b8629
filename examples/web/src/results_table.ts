// Results as a table: one column per RETURN item, values printed as Cypher
// would write them (nodes as (:Label {…}), relationships as [:TYPE {…}]).
import { CypherDate, CypherDateTime, CypherDuration, CypherLocalDateTime, CypherLocalTime, CypherTime, type QueryResult } from "namidb-wasm";

const MAX_ROWS = 1000;

function text(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return JSON.stringify(v);
  if (typeof v === "bigint") return v.toString();
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (v instanceof CypherDate || v instanceof CypherDateTime || v instanceof CypherLocalDateTime || v instanceof CypherLocalTime || v instanceof CypherTime || v instanceof CypherDuration) {
    return v.iso;
  }
  if (v instanceof Uint8Array) return `bytes[${v.length}]`;
  if (Array.isArray(v)) return `[${v.map(text).join(", ")}]`;
  const o = v as Record<string, unknown>;
  const props = (p: Record<string, unknown>) => {
    const entries = Object.entries(p).map(([k, x]) => `${k}: ${text(x)}`);
    return entries.length ? ` {${entries.join(", ")}}` : "";
  };
  if ("labels" in o && "properties" in o) return `(${(o["labels"] as string[]).map((l) => `:${l}`).join("")}${props(o["properties"] as Record<string, unknown>)})`;
  if ("type" in o && "start" in o) return `[:${String(o["type"])}${props(o["properties"] as Record<string, unknown>)}]`;
  if ("nodes" in o && "relationships" in o) return `path of ${(o["relationships"] as unknown[]).length} relationships`;
  return `{${Object.entries(o).map(([k, x]) => `${k}: ${text(x)}`).join(", ")}}`;
}

export function renderTable(container: HTMLElement, result: QueryResult): void {
  container.replaceChildren();
  if (result.columns.length === 0) {
    const p = document.createElement("p");
    p.className = "empty";
    p.textContent = "The statement returned no columns.";
    container.append(p);
    return;
  }
  const table = document.createElement("table");
  const head = table.createTHead().insertRow();
  for (const c of result.columns) {
    const th = document.createElement("th");
    th.textContent = c;
    head.append(th);
  }
  const body = table.createTBody();
  for (const row of result.rows.slice(0, MAX_ROWS)) {
    const tr = body.insertRow();
    for (const v of row) {
      const td = tr.insertCell();
      td.textContent = text(v);
      if (typeof v === "number" || typeof v === "bigint") td.className = "num";
    }
  }
  container.append(table);
  if (result.rows.length > MAX_ROWS) {
    const more = document.createElement("p");
    more.className = "muted";
    more.textContent = `Showing ${MAX_ROWS} of ${result.rows.length} rows.`;
    container.append(more);
  }
}
