/**
 * The openCypher TCK runner: `npm run tck -- [--features DIR] [--json FILE]`.
 *
 * Every scenario of the feature files under DIR (default ../shared/tck/features)
 * runs on a fresh in-memory database through the package's own `open()` /
 * `write()`, the engine users get. Each is judged three ways: strict (the
 * expected error's type, phase and detail), type+phase, and lenient (any
 * error, and no side effects). The suite's test procedures (`there exists a
 * procedure`) are registered with `Database.registerProcedure`: a call
 * returns the outputs of the table's rows whose inputs equal its arguments. Side effects are the difference of two
 * snapshots of the graph (nodes, relationships, label names, properties),
 * as the TCK defines them, not the engine's counters.
 */
import { AstBuilder, GherkinClassicTokenMatcher, Parser, compile } from "@cucumber/gherkin";
import { IdGenerator, type Pickle } from "@cucumber/messages";
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseArgs } from "node:util";
import { open, type Database, type QueryResult } from "../../dist/js/database.js";
import { Engine } from "../../dist/js/engine.js";
import { CypherError, NamiDBError } from "../../dist/js/errors.js";
import { MemoryStore } from "../../dist/js/memory_store.js";
import { float } from "../../dist/js/values.js";
import { canonical, fromEngine, parseTckValue, toParameter } from "./tck_values.js";

type Verdict = "pass" | "fail" | "unsupported";

interface Outcome {
  file: string;
  scenario: string;
  example: number | null;
  strict: Verdict;
  type_phase: Verdict;
  lenient: Verdict;
  error: string | null;
}

interface Snapshot {
  nodes: Set<string>;
  relationships: Set<string>;
  labels: Set<string>;
  properties: Set<string>;
}

async function snapshot(db: Database): Promise<Snapshot> {
  const s: Snapshot = { nodes: new Set(), relationships: new Set(), labels: new Set(), properties: new Set() };
  const nodes = await db.query("MATCH (n) RETURN n");
  for (const [n] of nodes.rows) {
    const node = n as { id: string; labels: string[]; properties: Record<string, unknown> };
    s.nodes.add(node.id);
    for (const l of node.labels) s.labels.add(l);
    for (const [k, v] of Object.entries(node.properties)) s.properties.add(`${node.id}|${k}|${canonical(fromEngine(v))}`);
  }
  const rels = await db.query("MATCH ()-[r]->() RETURN r");
  for (const [r] of rels.rows) {
    const rel = r as { id: string; properties: Record<string, unknown> };
    s.relationships.add(rel.id);
    for (const [k, v] of Object.entries(rel.properties)) s.properties.add(`${rel.id}|${k}|${canonical(fromEngine(v))}`);
  }
  return s;
}

function sideEffects(before: Snapshot, after: Snapshot): Record<string, number> {
  const added = (a: Set<string>, b: Set<string>) => [...b].filter((x) => !a.has(x)).length;
  return {
    "+nodes": added(before.nodes, after.nodes),
    "-nodes": added(after.nodes, before.nodes),
    "+relationships": added(before.relationships, after.relationships),
    "-relationships": added(after.relationships, before.relationships),
    "+labels": added(before.labels, after.labels),
    "-labels": added(after.labels, before.labels),
    "+properties": added(before.properties, after.properties),
    "-properties": added(after.properties, before.properties),
  };
}

function tableOf(step: Pickle["steps"][number]): string[][] {
  return (step.argument?.dataTable?.rows ?? []).map((r) => r.cells.map((c) => c.value));
}

class Failure extends Error {}
class UnsupportedStep extends Error {}

function rowsText(result: QueryResult, unordered: boolean): string[] {
  return result.rows.map((row) => row.map((v) => canonical(fromEngine(v), unordered)).join(" | "));
}

function checkResult(result: QueryResult, table: string[][], ordered: boolean, unordered: boolean): void {
  const [header = [], ...rows] = table;
  if (JSON.stringify(header) !== JSON.stringify(result.columns)) {
    throw new Failure(`columns ${JSON.stringify(result.columns)}, expected ${JSON.stringify(header)}`);
  }
  const expected = rows.map((r) => r.map((c) => canonical(parseTckValue(c), unordered)).join(" | "));
  const actual = rowsText(result, unordered);
  if (!ordered) {
    expected.sort();
    actual.sort();
  }
  if (JSON.stringify(expected) !== JSON.stringify(actual)) {
    throw new Failure(`rows\n  ${actual.join("\n  ")}\nexpected\n  ${expected.join("\n  ")}`);
  }
}

/**
 * A TCK test procedure: its table's header names the inputs, then the
 * outputs; a call yields the outputs of every row whose inputs equal the
 * arguments (typed: 42 is not 42.0).
 */
async function registerTestProcedure(db: Database, signature: string, table: string[][]): Promise<void> {
  const inputs = /^[\w.]+\((.*?)\)\s*::/.exec(signature)?.[1] ?? "";
  const inputCount = inputs.trim() === "" ? 0 : inputs.split(",").length;
  const [header = [], ...rows] = table.filter((r) => r.some((c) => c.trim() !== ""));
  const names = header.map((h) => h.trim());
  await db.registerProcedure(signature, (args) => {
    const key = names.slice(0, inputCount).map((n) => canonical(fromEngine(args[n]))).join(" | ");
    return rows
      .filter((r) => r.slice(0, inputCount).map((c) => canonical(parseTckValue(c))).join(" | ") === key)
      .map((r) => Object.fromEntries(names.slice(inputCount).map((n, i) => [n, toParameter(parseTckValue(r[inputCount + i]!), float)])));
  });
}

async function runScenario(engine: Engine, pickle: Pickle, graphsDir: string): Promise<Omit<Outcome, "file" | "example">> {
  const db = await open({ store: new MemoryStore(), namespace: "tck" }, { engine, integers: "bigint" });
  const params: Record<string, unknown> = {};
  let result: QueryResult | undefined;
  let error: unknown;
  let before: Snapshot | undefined;
  let after: Snapshot | undefined;
  let expectError: { type: string; phase: string; detail: string } | undefined;
  const out = (v: Verdict, msg: string | null) => ({ scenario: pickle.name, strict: v, type_phase: v, lenient: v, error: msg });
  try {
    for (const step of pickle.steps) {
      const text = step.text.trim();
      const doc = step.argument?.docString?.content ?? "";
      let m: RegExpExecArray | null;
      if (/^(an empty graph|any graph)$/.test(text)) continue;
      if ((m = /^the ([\w-]+) graph$/.exec(text))) {
        await db.write(readFileSync(join(graphsDir, m[1]!, `${m[1]}.cypher`), "utf8"));
      } else if (text === "having executed:") {
        await db.write(doc, params);
      } else if (text === "parameters are:") {
        for (const [name, value] of tableOf(step)) params[name!] = toParameter(parseTckValue(value!), float);
      } else if ((m = /^there exists a procedure (.+):$/.exec(text))) {
        await registerTestProcedure(db, m[1]!, tableOf(step));
      } else if (text === "executing query:") {
        before = await snapshot(db);
        try {
          result = await db.write(doc, params);
          error = undefined;
        } catch (e) {
          error = e;
          result = undefined;
        }
        after = await snapshot(db);
      } else if (text === "executing control query:") {
        result = await db.query(doc, params);
      } else if ((m = /^the result should be(?:, (in any order|in order))?( \(ignoring element order for lists\))?:$/.exec(text))) {
        if (error) throw error;
        checkResult(result!, tableOf(step), m[1] === "in order", m[2] !== undefined);
      } else if (text === "the result should be empty") {
        if (error) throw error;
        if (result!.rows.length !== 0 || result!.columns.length !== 0) {
          throw new Failure(`expected an empty result, got ${JSON.stringify(result!.columns)} and ${result!.rows.length} rows`);
        }
      } else if ((m = /^an? (\w+) should be raised at (compile time|runtime|any time): (\w+|\*)$/.exec(text))) {
        expectError = { type: m[1]!, phase: m[2]!, detail: m[3]! };
      } else if (text === "the side effects should be:" || text === "no side effects") {
        if (error && !expectError) throw error;
        const got = sideEffects(before!, after!);
        const want: Record<string, number> = Object.fromEntries(Object.keys(got).map((k) => [k, 0]));
        for (const [k, n] of tableOf(step)) want[k!] = Number(n);
        if (JSON.stringify(got) !== JSON.stringify(want)) {
          throw new Failure(`side effects ${JSON.stringify(got)}, expected ${JSON.stringify(want)}`);
        }
      } else {
        throw new UnsupportedStep(`unknown step '${text}'`);
      }
    }
  } catch (e) {
    await db.close();
    if (e instanceof UnsupportedStep) return out("unsupported", e.message);
    return out("fail", e instanceof Error ? e.message : String(e));
  }
  await db.close();
  if (!expectError) return out(error ? "fail" : "pass", error ? String((error as Error).message) : null);
  // An error scenario: judged three ways, and it must leave no trace.
  if (!error) return out("fail", "no error was raised");
  const clean = before && after && Object.values(sideEffects(before, after)).every((n) => n === 0);
  const message = (error as Error).message;
  if (!clean) return out("fail", `error with side effects: ${message}`);
  const info = error instanceof CypherError ? error : undefined;
  const phaseOk = info !== undefined && (expectError.phase === "any time" || info.phase === expectError.phase);
  const typeOk = info !== undefined && info.type === expectError.type;
  return {
    scenario: pickle.name,
    strict: typeOk && phaseOk && (expectError.detail === "*" || info!.detail === expectError.detail) ? "pass" : "fail",
    type_phase: typeOk && phaseOk ? "pass" : "fail",
    lenient: error instanceof NamiDBError ? "pass" : "fail",
    error: message,
  };
}

function featureFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...featureFiles(path));
    else if (name.endsWith(".feature")) out.push(path);
  }
  return out;
}

function pickles(path: string): Array<{ pickle: Pickle; example: number | null }> {
  const parser = new Parser(new AstBuilder(IdGenerator.incrementing()), new GherkinClassicTokenMatcher());
  const doc = parser.parse(readFileSync(path, "utf8"));
  const all = compile(doc, path, IdGenerator.incrementing());
  const seen = new Map<string, number>();
  return all.map((pickle) => {
    if (pickle.astNodeIds.length < 2) return { pickle, example: null };
    const scenario = pickle.astNodeIds[0]!;
    const n = seen.get(scenario) ?? 0;
    seen.set(scenario, n + 1);
    return { pickle, example: n };
  });
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      features: { type: "string", default: resolve("../shared/tck/features") },
      graphs: { type: "string" },
      json: { type: "string" },
      quiet: { type: "boolean", default: false },
    },
  });
  const dir = resolve(values.features!);
  if (!existsSync(dir)) {
    process.stderr.write(
      `[tck] no feature files at ${dir}: the openCypher TCK is among the shared data sets (../shared/tck ` +
        `beside the repository); pass --features DIR to run another folder\n`,
    );
    return 2;
  }
  const graphsDir = resolve(values.graphs ?? join(dir, "..", "graphs"));
  const engine = await Engine.load();
  const outcomes: Outcome[] = [];
  const files = featureFiles(dir);
  for (const [i, file] of files.entries()) {
    const rel = relative(dir, file);
    for (const { pickle, example } of pickles(file)) {
      let o: Omit<Outcome, "file" | "example">;
      try {
        o = await runScenario(engine, pickle, graphsDir);
      } catch (e) {
        o = { scenario: pickle.name, strict: "fail", type_phase: "fail", lenient: "fail", error: String(e) };
      }
      outcomes.push({ file: rel, example, ...o });
    }
    if (!values.quiet) process.stderr.write(`\r[tck] ${i + 1}/${files.length} files, ${outcomes.length} scenarios`);
  }
  if (!values.quiet) process.stderr.write("\n");
  if (values.json) writeFileSync(values.json, JSON.stringify(outcomes, null, 1));
  // Pass rates per top-level directory and overall, in the three modes.
  const groups = new Map<string, Outcome[]>();
  for (const o of outcomes) {
    const top = o.file.includes("/") ? o.file.slice(0, o.file.indexOf("/")) : ".";
    groups.set(top, [...(groups.get(top) ?? []), o]);
  }
  groups.set("overall", outcomes);
  const pct = (list: Outcome[], mode: "strict" | "type_phase" | "lenient") =>
    `${((100 * list.filter((o) => o[mode] === "pass").length) / Math.max(1, list.length)).toFixed(1)}%`;
  console.log("directory           scenarios   strict   type+phase   lenient   unsupported");
  for (const [name, list] of groups) {
    const unsupported = list.filter((o) => o.strict === "unsupported").length;
    console.log(
      `${name.padEnd(20)}${String(list.length).padStart(9)}${pct(list, "strict").padStart(9)}${pct(list, "type_phase").padStart(13)}${pct(list, "lenient").padStart(10)}${String(unsupported).padStart(14)}`,
    );
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
