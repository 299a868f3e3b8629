/**
 * The property graph every benchmark dataset is turned into before it is
 * loaded, so both engines receive the same elements: typed node tables
 * (Kùzu needs a schema; namidb-wasm takes the labels and properties as they
 * are) and relationship tables between two node tables.
 */
export type ColumnType = "INT64" | "STRING" | "STRING[]";

export interface Column {
  name: string;
  type: ColumnType;
}

/** A cell: a number, a string, a list of strings, or null (absent). */
export type Cell = number | string | string[] | null;

export interface NodeTable {
  /** The primary label, also the Kùzu table name. */
  label: string;
  /** Further labels the node carries in namidb-wasm (Kùzu has one per table). */
  extraLabels: string[];
  /** The first column is `id`, an INT64 unique within the table. */
  columns: Column[];
  rows: Cell[][];
}

export interface RelTable {
  type: string;
  from: string;
  to: string;
  /** Property columns (the endpoints are not columns). */
  columns: Column[];
  /** Source ids, destination ids and property values, row by row. */
  src: number[];
  dst: number[];
  props: Cell[][];
}

export interface Graph {
  name: string;
  nodes: NodeTable[];
  rels: RelTable[];
}

export function countElements(graph: Graph): { nodes: number; edges: number } {
  let nodes = 0;
  let edges = 0;
  for (const t of graph.nodes) nodes += t.rows.length;
  for (const r of graph.rels) edges += r.src.length;
  return { nodes, edges };
}

/** The relationship tables grouped by type, as Kùzu declares them. */
export function relGroups(graph: Graph): Map<string, RelTable[]> {
  const groups = new Map<string, RelTable[]>();
  for (const r of graph.rels) {
    const group = groups.get(r.type) ?? [];
    group.push(r);
    groups.set(r.type, group);
  }
  return groups;
}
