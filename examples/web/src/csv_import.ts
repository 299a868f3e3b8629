// Importing the user's CSV files. A file whose header has `src` and `dst`
// (or neo4j-admin's `:START_ID` / `:END_ID`) holds relationships, typed by a
// `type` / `:TYPE` column or else by the file name (`knows.csv` -> KNOWS);
// any other file holds nodes keyed by an `id` / `:ID` column, labelled by a
// `label` / `:LABEL` column (`;`-separated) or else by the file name
// (`people.csv` -> People). Other columns become properties, with numbers and
// booleans typed. Node files load before relationship files.
import Papa from "papaparse";
import type { DatabaseApi, EdgeInput, NodeInput } from "namidb-wasm";
import type { Progress } from "./sample_graph.js";

type Row = Record<string, unknown>;

interface Parsed {
  file: string;
  rows: Row[];
  kind: "nodes" | "edges";
}

const pickColumn = (fields: string[], ...names: string[]) => fields.find((f) => names.includes(f.toLowerCase()));

function baseName(file: string): string {
  return file.replace(/\.[^.]*$/, "").replace(/[^A-Za-z0-9_]/g, "_") || "Item";
}

function properties(row: Row, skip: Array<string | undefined>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) {
    if (skip.includes(k) || v === null || v === undefined || v === "") continue;
    out[k.replace(/:.*$/, "")] = v;
  }
  return out;
}

async function parse(file: File): Promise<Parsed> {
  const text = await file.text();
  const result = Papa.parse<Row>(text, { header: true, dynamicTyping: true, skipEmptyLines: true });
  if (result.errors.length > 0) {
    const e = result.errors[0]!;
    throw new Error(`${file.name}, row ${e.row ?? "?"}: ${e.message}`);
  }
  const fields = result.meta.fields ?? [];
  const edges = pickColumn(fields, "src", ":start_id", "start") !== undefined && pickColumn(fields, "dst", ":end_id", "end") !== undefined;
  if (!edges && pickColumn(fields, "id", ":id") === undefined) {
    throw new Error(`${file.name}: a node file needs an 'id' column, a relationship file 'src' and 'dst' columns`);
  }
  return { file: file.name, rows: result.data, kind: edges ? "edges" : "nodes" };
}

/** Imports the files (nodes first) in committed batches; resolves to the counts. */
export async function importCsv(db: DatabaseApi, files: File[], progress: Progress, batch = 1000): Promise<{ nodes: number; relationships: number }> {
  const parsed = await Promise.all(files.map(parse));
  parsed.sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "nodes" ? -1 : 1));
  const total = parsed.reduce((n, p) => n + p.rows.length, 0);
  let done = 0;
  let nodes = 0;
  let relationships = 0;
  progress(0, total);
  for (const p of parsed) {
    const fields = Object.keys(p.rows[0] ?? {});
    if (p.kind === "nodes") {
      const id = pickColumn(fields, "id", ":id")!;
      const label = pickColumn(fields, "label", ":label", "labels");
      const fallback = baseName(p.file)[0]!.toUpperCase() + baseName(p.file).slice(1);
      for (let i = 0; i < p.rows.length; i += batch) {
        const chunk: NodeInput[] = p.rows.slice(i, i + batch).map((row) => ({
          labels: label && row[label] ? String(row[label]).split(";").filter(Boolean) : [fallback],
          id: `${String(row[id])}`,
          properties: { ...properties(row, [label]), [id.replace(/:.*$/, "") || "id"]: row[id] },
        }));
        nodes += await db.upsertNodes(chunk);
        await db.commit();
        done += chunk.length;
        progress(done, total);
      }
    } else {
      const src = pickColumn(fields, "src", ":start_id", "start")!;
      const dst = pickColumn(fields, "dst", ":end_id", "end")!;
      const type = pickColumn(fields, "type", ":type");
      const fallback = baseName(p.file).toUpperCase();
      for (let i = 0; i < p.rows.length; i += batch) {
        const chunk: EdgeInput[] = p.rows.slice(i, i + batch).map((row) => ({
          type: type && row[type] ? String(row[type]) : fallback,
          src: String(row[src]),
          dst: String(row[dst]),
          properties: properties(row, [src, dst, type]),
        }));
        relationships += await db.upsertEdges(chunk);
        await db.commit();
        done += chunk.length;
        progress(done, total);
      }
    }
  }
  await db.flush();
  return { nodes, relationships };
}
