// A CSV load through Cypher, as Neo4j's documentation writes one: LOAD CSV
// of generated rows (id, name, age) into a `file:` namespace, each row a
// node, committed with CALL { } IN TRANSACTIONS OF 10000 ROWS. One JSON
// line: the rows, where the flush ran, the seconds and the engine's wasm
// memory after (it only grows: the load's peak).
//   bash scripts/build.sh wasm js
//   node bench/load/csv_transactions.mjs [--rows 1000000] [--match-after] [--dist DIR]
// --match-after: a MATCH after the CALL reads the graph, so the flush the
// commits call for waits for the statement's end (docs/cypher.md); without
// it the flush runs between transactions.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";

const args = process.argv.slice(2);
const arg = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const root = resolve(new URL("../..", import.meta.url).pathname);
const dist = resolve(arg("--dist", `${root}/dist`));
const rows = Number(arg("--rows", "1000000"));
const matchAfter = args.includes("--match-after");
const { open } = await import(pathToFileURL(`${dist}/js/node/open.js`).href);
const { loadEngine } = await import(pathToFileURL(`${dist}/js/index.js`).href);

const dir = mkdtempSync(join(tmpdir(), "namidb-csv-load-"));
try {
  const csv = join(dir, "people.csv");
  const lines = ["id,name,age"];
  for (let i = 0; i < rows; i++) lines.push(`${i},name-${i},${i % 90}`);
  writeFileSync(csv, lines.join("\n") + "\n");
  const engine = await loadEngine();
  const db = await open(`file:${dir}?ns=load`, { engine });
  const started = performance.now();
  const written = await db.write(
    `LOAD CSV WITH HEADERS FROM '${pathToFileURL(csv).href}' AS r ` +
      "CALL (r) { CREATE (:Person {id: toInteger(r.id), name: r.name, age: toInteger(r.age)}) } " +
      "IN TRANSACTIONS OF 10000 ROWS" +
      (matchAfter ? " WITH count(*) AS c MATCH (p:Person {id: 5}) RETURN c, p.name AS n" : ""),
  );
  const seconds = (performance.now() - started) / 1000;
  if (written.counters.nodesCreated !== rows) throw new Error(`created ${written.counters.nodesCreated} of ${rows}`);
  console.log(
    JSON.stringify({
      rows,
      flush: matchAfter ? "at the end" : "between transactions",
      seconds: Number(seconds.toFixed(2)),
      rows_per_s: Math.round(rows / seconds),
      wasm_memory_bytes: engine.memoryBytes,
    }),
  );
  await db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
