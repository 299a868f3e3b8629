/**
 * The LDBC SNB Interactive test graph (../shared/data), in the property-graph
 * model of the Neo4j reference loader: `Place` and `Organisation` split by
 * their `type` column into City / Country / Continent and Company /
 * University, posts and comments also labelled `Message`, empty fields
 * absent, person `language` / `email` as string lists (`speaks`, `email`).
 * Kùzu gets one table per primary label and one relationship table per
 * type with every (from, to) pair the data holds.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Cell, Column, ColumnType, Graph, NodeTable, RelTable } from "./graph.js";

const INTEGER_COLUMNS = new Set(["id", "creationDate", "birthday", "length", "joinDate", "classYear", "workFrom"]);

function readCsv(path: string): { header: string[]; rows: string[][] } {
  const lines = readFileSync(path, "utf8").split("\n").filter((l) => l.length > 0);
  const header = (lines.shift() ?? "").split("|");
  return { header, rows: lines.map((l) => l.split("|")) };
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/** isLocatedIn -> IS_LOCATED_IN */
function relType(camel: string): string {
  return camel.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase();
}

function columnOf(entity: string, header: string): Column {
  if (entity === "person" && header === "language") return { name: "speaks", type: "STRING[]" };
  if (entity === "person" && header === "email") return { name: "email", type: "STRING[]" };
  const type: ColumnType = INTEGER_COLUMNS.has(header) ? "INT64" : "STRING";
  return { name: header, type };
}

function cellOf(column: Column, text: string | undefined): Cell {
  if (text === undefined || text === "") return null;
  if (column.type === "INT64") return Number(text);
  if (column.type === "STRING[]") return text.split(";");
  return text;
}

export function loadLdbcGraph(dataDir: string): Graph {
  const root = join(dataDir, "ldbc-snb-interactive-v1-test-data", "vanilla");
  const tables = new Map<string, NodeTable>();
  // entity -> id -> the table holding it (place and organisation split by type)
  const tableOf = new Map<string, Map<number, string>>();
  const edgeFiles: { path: string; parts: string[] }[] = [];

  for (const part of ["static", "dynamic"]) {
    for (const name of readdirSync(join(root, part)).sort()) {
      if (!name.endsWith("_0_0.csv")) continue;
      const parts = name.slice(0, -"_0_0.csv".length).split("_");
      const path = join(root, part, name);
      if (parts.length === 3) {
        edgeFiles.push({ path, parts });
        continue;
      }
      const entity = parts[0]!;
      const { header, rows } = readCsv(path);
      const typeAt = entity === "place" || entity === "organisation" ? header.indexOf("type") : -1;
      const kept = header.map((h, i) => ({ h, i })).filter(({ i }) => i !== typeAt);
      const columns = kept.map(({ h }) => columnOf(entity, h));
      const ids = new Map<number, string>();
      tableOf.set(entity, ids);
      for (const row of rows) {
        const label = typeAt >= 0 ? capitalize(row[typeAt]!) : entity === "tagclass" ? "TagClass" : capitalize(entity);
        let table = tables.get(label);
        if (!table) {
          const extraLabels =
            typeAt >= 0 ? [capitalize(entity)] : entity === "post" || entity === "comment" ? ["Message"] : [];
          table = { label, extraLabels, columns, rows: [] };
          tables.set(label, table);
        }
        const cells = kept.map(({ i }, c) => cellOf(columns[c]!, row[i]));
        table.rows.push(cells);
        ids.set(cells[0] as number, label);
      }
    }
  }

  const rels = new Map<string, RelTable>();
  for (const { path, parts } of edgeFiles) {
    const [srcEntity, rel, dstEntity] = parts as [string, string, string];
    const { header, rows } = readCsv(path);
    const columns: Column[] = header.slice(2).map((name) => ({ name, type: "INT64" }));
    const srcTables = tableOf.get(srcEntity);
    const dstTables = tableOf.get(dstEntity);
    if (!srcTables || !dstTables) throw new Error(`edge file ${path} names an unknown entity`);
    const type = relType(rel);
    for (const row of rows) {
      const src = Number(row[0]);
      const dst = Number(row[1]);
      const from = srcTables.get(src);
      const to = dstTables.get(dst);
      if (!from || !to) throw new Error(`${path}: dangling endpoint ${row[0]} -> ${row[1]}`);
      const key = `${type}|${from}|${to}`;
      let table = rels.get(key);
      if (!table) {
        table = { type, from, to, columns, src: [], dst: [], props: [] };
        rels.set(key, table);
      }
      table.src.push(src);
      table.dst.push(dst);
      table.props.push(row.slice(2).map((v, i) => cellOf(columns[i]!, v)));
    }
  }
  return { name: "ldbc-test", nodes: [...tables.values()], rels: [...rels.values()] };
}
