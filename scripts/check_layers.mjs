#!/usr/bin/env node
// Dependencies point down only (docs/architecture.md, "Layers"): a C++ file
// may include its own layer and the layers below it, never one above. Run by
// `npm test`; prints each offending include with its file and line.
import { readFileSync } from "node:fs";
import { execFileSync } from "node:child_process";

// Bottom to top. A folder not listed is a layer the rule does not know yet: an error, so it gets a place.
const LAYERS = ["core", "store", "storage", "graph", "query", "api"];
// Code on top of every layer of src/: it may include any of them, and nothing of src/ may include it.
const ON_TOP = ["wasm", "tools", "bench", "fuzz", "tests"];
// Within src/query, a folder per phase of a statement (docs/architecture.md,
// "The query engine"): each phase may include itself and the phases listed for
// it. The optimizer rewrites logical plans whose expressions and leaves are
// execution's; the planner builds those plans and the physical operators, so
// it sits above both. The binder resolves names over the parsed tree
// (above functions, whose registry it is to resolve calls with); the
// optimizer and the planner read what it found. The files directly in
// src/query (the runner) sit on top of every phase, and no phase includes them. A folder not listed is an error, as a layer is.
const QUERY_PHASES = {
  common: [],
  parser: ["common"],
  functions: ["common"],
  binder: ["common", "parser", "functions"],
  execution: ["common", "parser", "functions"],
  optimizer: ["common", "parser", "functions", "binder", "execution"],
  planner: ["common", "parser", "functions", "binder", "execution", "optimizer"],
};
const QUERY_TOP = "";

// The phase of a path inside src/query ("query/execution/operators/x.h" is
// execution), QUERY_TOP ("") for a file directly in it.
function queryPhaseOf(path) {
  const parts = path.split("/");
  return parts.length > 2 ? parts[1] : QUERY_TOP;
}

function layerOf(file) {
  const [top, sub] = file.split("/");
  if (top === "src") return sub;
  return ON_TOP.includes(top) ? top : undefined;
}

const files = execFileSync("git", ["ls-files", "src", ...ON_TOP], { encoding: "utf8" })
  .split("\n")
  .filter((f) => /\.(cc|h)$/.test(f));

const problems = [];
for (const file of files) {
  const layer = layerOf(file);
  const rank = LAYERS.indexOf(layer);
  if (file.startsWith("src/") && rank < 0) {
    problems.push(`${file}: src/${layer} is not a known layer (scripts/check_layers.mjs lists them)`);
    continue;
  }
  const phase = layer === "query" ? queryPhaseOf(file.slice("src/".length)) : undefined;
  if (layer === "query" && phase !== QUERY_TOP && !(phase in QUERY_PHASES)) {
    problems.push(
      `${file}: src/query/${phase} is not a known phase (scripts/check_layers.mjs lists them)`,
    );
    continue;
  }
  const lines = readFileSync(file, "utf8").split("\n");
  lines.forEach((text, i) => {
    const q = /^\s*#\s*include\s+"(query\/[a-z_/]+\.h)"/.exec(text);
    if (layer === "query" && phase !== QUERY_TOP && q) {
      const target = queryPhaseOf(q[1]);
      if (target !== phase && !QUERY_PHASES[phase].includes(target)) {
        const what =
          target === QUERY_TOP
            ? "the runner, on top of every phase"
            : `of src/query/${target}, not a phase below it`;
        problems.push(`${file}:${i + 1}: src/query/${phase} includes ${q[1]}, ${what}`);
      }
    }
    const m = /^\s*#\s*include\s+"([a-z_]+)\//.exec(text);
    if (!m) return;
    const target = m[1];
    if (ON_TOP.includes(layer)) return; // above every layer of src/
    if (ON_TOP.includes(target)) {
      problems.push(`${file}:${i + 1}: src/${layer} includes ${target}/, which is built on top of src/`);
      return;
    }
    const targetRank = LAYERS.indexOf(target);
    if (targetRank > rank) {
      problems.push(`${file}:${i + 1}: src/${layer} includes ${target}/, a layer above it`);
    }
  });
}

if (problems.length > 0) {
  console.error(`layer check: ${problems.length} include(s) point up:\n  ${problems.join("\n  ")}`);
  process.exit(1);
}
console.log(
  `layer check: ${files.length} files, every include points down (${LAYERS.join(" < ")}; ` +
    `in src/query: common < parser, functions < binder, execution < optimizer < planner < the runner)`,
);
