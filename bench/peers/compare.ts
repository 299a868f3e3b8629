/**
 * Results of the two engines in one comparable form: columns by name, rows
 * in order, integers and floats as numbers (Kùzu boxes its INT64s, namidb-wasm
 * may return bigints), floats to 12 significant digits, maps by sorted keys.
 */
export interface Rows {
  columns: string[];
  rows: unknown[][];
}

export function canonical(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === "bigint") return Number(value);
  if (typeof value === "number" || value instanceof Number) {
    const n = Number(value);
    return Number.isInteger(n) ? n : Number(n.toPrecision(12));
  }
  if (value instanceof String || value instanceof Boolean) return value.valueOf();
  if (Array.isArray(value)) return value.map(canonical);
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1));
    return Object.fromEntries(entries.map(([k, v]) => [k, canonical(v)]));
  }
  return value;
}

/** Why `b` differs from `a`, or null when they hold the same answer. */
export function difference(a: Rows, b: Rows): string | null {
  if (JSON.stringify(a.columns) !== JSON.stringify(b.columns)) {
    return `columns ${JSON.stringify(a.columns)} vs ${JSON.stringify(b.columns)}`;
  }
  if (a.rows.length !== b.rows.length) return `${a.rows.length} rows vs ${b.rows.length}`;
  for (let i = 0; i < a.rows.length; i++) {
    const x = JSON.stringify(canonical(a.rows[i]));
    const y = JSON.stringify(canonical(b.rows[i]));
    if (x !== y) return `row ${i}: ${x} vs ${y}`;
  }
  return null;
}
