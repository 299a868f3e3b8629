#!/usr/bin/env node
/**
 * The namidb command line (`npm start`, `npx namidb-wasm`).
 *
 * With `-c "<cypher>"` it runs one statement and prints the result as a
 * table. Without, it opens the database (creating a small demo graph the
 * first time) and runs a few example queries, printing each with its
 * timing. The interactive shell is the next step.
 */
import { mkdir } from "node:fs/promises";
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { open, type Database, type QueryResult } from "./database.js";
import { NamiDBError } from "./errors.js";
import { MemoryStore } from "./memory_store.js";
import { FileStore } from "./node/file_store.js";
import type { ObjectStore } from "./store.js";

const USAGE = `usage: namidb-wasm [--store memory|file] [--dir DIR] [--ns NAME] [-c CYPHER]

  --store memory   an in-memory database (default)
  --store file     a database in the local folder DIR (default ./.namidb-data)
  --ns NAME        the namespace (default "demo")
  -c CYPHER        run one statement (read or write) and print its result
`;

const DEMO_GRAPH = `
CREATE (ann:Person {name: 'Ann', born: 1990}), (bob:Person {name: 'Bob', born: 1985}),
       (cid:Person {name: 'Cid', born: 2001}), (dee:Person {name: 'Dee', born: 1979}),
       (rome:City {name: 'Rome'}), (oslo:City {name: 'Oslo'}),
       (ann)-[:KNOWS {since: 2015}]->(bob), (bob)-[:KNOWS {since: 2019}]->(cid),
       (cid)-[:KNOWS {since: 2021}]->(dee), (ann)-[:LIVES_IN]->(rome),
       (bob)-[:LIVES_IN]->(rome), (cid)-[:LIVES_IN]->(oslo), (dee)-[:LIVES_IN]->(oslo)`;

const EXAMPLES = [
  "MATCH (p:Person)-[:LIVES_IN]->(c:City) RETURN c.name AS city, count(*) AS people, collect(p.name) AS names ORDER BY city",
  "MATCH (a:Person {name: 'Ann'})-[:KNOWS*1..3]->(f) RETURN f.name AS reachable, f.born AS born",
  "MATCH (a:Person {name: 'Ann'}), (d:Person {name: 'Dee'}) MATCH p = shortestPath((a)-[:KNOWS*]-(d)) RETURN length(p) AS hops, [n IN nodes(p) | n.name] AS path",
];

function show(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return v;
  if (typeof v === "bigint") return v.toString();
  if (Array.isArray(v)) return `[${v.map(show).join(", ")}]`;
  if (typeof v === "object") {
    const o = v as Record<string, unknown>;
    if ("labels" in o && "properties" in o) return `(:${(o.labels as string[]).join(":")} ${show(o.properties)})`;
    if ("type" in o && "start" in o) return `[:${String(o.type)} ${show(o.properties)}]`;
    return `{${Object.entries(o).map(([k, x]) => `${k}: ${show(x)}`).join(", ")}}`;
  }
  return String(v);
}

function printTable(r: QueryResult): void {
  const cells = r.rows.map((row) => row.map(show));
  const widths = r.columns.map((c, i) => Math.max(c.length, ...cells.map((row) => row[i]!.length)));
  const line = (parts: string[]) => "| " + parts.map((p, i) => p.padEnd(widths[i]!)).join(" | ") + " |";
  if (r.columns.length > 0) {
    console.log(line(r.columns));
    console.log("|" + widths.map((w) => "-".repeat(w + 2)).join("|") + "|");
    for (const row of cells) console.log(line(row));
  }
  const counters = r.counters
    ? Object.entries(r.counters)
        .filter(([, n]) => n !== 0)
        .map(([k, n]) => `${k} ${n}`)
        .join(", ")
    : "";
  console.log(`${r.rows.length} row${r.rows.length === 1 ? "" : "s"}${counters ? `; ${counters}` : ""}`);
}

async function timed(db: Database, cypher: string): Promise<void> {
  const t0 = performance.now();
  const r = await db.write(cypher);
  const ms = performance.now() - t0;
  console.log(`\n> ${cypher}`);
  printTable(r);
  console.log(`(${ms.toFixed(1)} ms)`);
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      store: { type: "string", default: "memory" },
      dir: { type: "string", default: ".namidb-data" },
      ns: { type: "string", default: "demo" },
      c: { type: "string", short: "c" },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  let store: ObjectStore;
  if (values.store === "memory") {
    store = new MemoryStore();
  } else if (values.store === "file") {
    const dir = resolve(values.dir);
    await mkdir(dir, { recursive: true });
    store = new FileStore(dir);
  } else {
    process.stderr.write(USAGE);
    return 2;
  }
  const db = await open({ store, namespace: values.ns });
  try {
    if (values.c !== undefined) {
      printTable(await db.write(values.c));
      return 0;
    }
    const existing = await db.query("MATCH (n) RETURN count(*) AS n");
    if (existing.rows[0]![0] === 0) {
      const r = await db.write(DEMO_GRAPH);
      console.log(`created the demo graph: ${r.counters?.nodesCreated} nodes, ${r.counters?.relationshipsCreated} relationships`);
    }
    for (const q of EXAMPLES) await timed(db, q);
    console.log('\nRun your own: npm start -- -c "MATCH (n) RETURN labels(n), count(*)"');
    return 0;
  } finally {
    await db.close();
  }
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    if (err instanceof NamiDBError) {
      console.error(`${err.name}: ${err.message}`);  // Cypher messages carry line and column
    } else {
      console.error(err);
    }
    process.exit(1);
  },
);
