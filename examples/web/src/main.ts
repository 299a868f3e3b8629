// The workbench: a namespace in OPFS opened in worker mode (the page never
// blocks on the engine), a Cypher editor, results as a graph, a table and a
// plan, imports with a progress bar, and live updates from other tabs.
import {
  ConflictError,
  CypherError,
  NamiDBError,
  open,
  persistStorage,
  storageStatus,
  type DatabaseApi,
  type QueryResult,
} from "namidb-wasm";
import * as namidb from "namidb-wasm";
import { importCsv } from "./csv_import.js";
import { createEditor } from "./editor.js";
import { GraphView } from "./graph_view.js";
import { renderTable } from "./results_table.js";
import { EXAMPLES, loadGraph, sampleGraph } from "./sample_graph.js";
import "./style.css";

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;
const params = new URLSearchParams(location.search);

let db: DatabaseApi | undefined;
let readOnly = false;
let stopWatching: (() => void) | undefined;
let last: { text: string; how: "run" | "explain" | "profile" } | undefined;
let busy = false;

const graph = new GraphView($("graph"), $("legend"));
const editor = createEditor($("editor"), EXAMPLES[0]![1], () => void run("run"));

// --- status ------------------------------------------------------------------

function notice(text: string, kind: "info" | "error" = "info"): void {
  const el = $("notice");
  el.textContent = text;
  el.className = `notice ${kind}`;
  el.hidden = text === "";
}

function progress(label: string | undefined, done = 0, total = 0): void {
  $("progress").hidden = label === undefined;
  if (label === undefined) return;
  $("progress-text").textContent = label;
  $("progress-count").textContent = total ? `${done.toLocaleString()} / ${total.toLocaleString()}` : "";
  $("progress-bar").style.width = `${total ? Math.round((100 * done) / total) : 0}%`;
}

function describe(err: unknown): string {
  if (err instanceof CypherError) return err.message;
  if (err instanceof NamiDBError) return `${err.name}: ${err.message}`;
  return String(err);
}

async function refreshStats(): Promise<void> {
  if (!db) return;
  const r = await db.query(
    "MATCH (n) WITH count(n) AS nodes OPTIONAL MATCH ()-[r]->() RETURN nodes, count(r) AS relationships",
  );
  const [nodes, relationships] = r.rows[0] as [number, number];
  $("stats").textContent = `${nodes.toLocaleString()} nodes · ${relationships.toLocaleString()} relationships`;
  $("load-sample").textContent = nodes > 0 ? "Reload sample graph" : "Load sample graph";
  const s = await storageStatus().catch(() => undefined);
  if (s) {
    const mb = (n: number) => `${(n / (1 << 20)).toFixed(1)} MB`;
    $("storage").textContent = `Storage: ${mb(s.usage)} used${s.persisted ? " · persistent" : ""}`;
  }
}

function setVersion(version: number): void {
  const pill = $("version");
  pill.textContent = `live · v${version}`;
  pill.classList.remove("flash");
  void pill.offsetWidth;  // restart the animation
  pill.classList.add("flash");
}

// --- the namespace -------------------------------------------------------------

async function openNamespace(name: string): Promise<void> {
  stopWatching?.();
  await db?.close();
  db = await open(`opfs://${name}`, { worker: true });
  readOnly = false;
  $("namespace").setAttribute("value", name);
  ($("namespace") as HTMLInputElement).value = name;
  $("source-kind").textContent = "OPFS";
  // Another tab (or worker) committed: move to its version and show it.
  stopWatching = db.subscribe(async ({ version }) => {
    setVersion(version);
    if (!db || db.staged > 0 || busy) return;
    await db.refresh();
    notice(`Updated by another tab: now at version ${version}.`);
    await refreshStats();
    if (last && last.how !== "explain") await run(last.how, last.text);
  });
  await refreshStats();
}

// --- statements ----------------------------------------------------------------

async function run(how: "run" | "explain" | "profile", text = editor.state.doc.toString()): Promise<void> {
  if (!db || busy) return;
  const cypher = text.trim().replace(/;\s*$/, "");
  if (!cypher) return;
  busy = true;
  last = { text: cypher, how };
  const statement = how === "explain" ? `EXPLAIN ${cypher}` : how === "profile" ? `PROFILE ${cypher}` : cypher;
  $("timing").textContent = "running…";
  const t0 = performance.now();
  try {
    let result: QueryResult;
    try {
      result = readOnly || how === "explain" ? await db.query(statement) : await db.write(statement);
    } catch (err) {
      if (!(err instanceof ConflictError)) throw err;
      // Another tab committed first: continue from its state and run again.
      await db.refresh();
      result = await db.write(statement);
    }
    const ms = performance.now() - t0;
    show(result, how, ms);
    if ($("notice").classList.contains("error")) notice("");
    const changed = result.counters && Object.values(result.counters).some((n) => n > 0);
    if (changed) await refreshStats();
  } catch (err) {
    $("timing").textContent = "";
    notice(describe(err), "error");
  } finally {
    busy = false;
  }
}

function show(result: QueryResult, how: "run" | "explain" | "profile", ms: number): void {
  const rows = how === "explain" ? 0 : result.rows.length;
  $("timing").textContent = `${rows.toLocaleString()} row${rows === 1 ? "" : "s"} · ${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms`;
  if (how === "explain") {
    $("plan").textContent = result.rows.map((r) => String(r[0])).join("\n");
    select("plan");
    return;
  }
  $("plan").textContent = result.profile ? result.profile.join("\n") : "Run Explain or Profile to see the plan.";
  renderTable($("table"), result);
  const drawn = graph.show(result.rows);
  $("graph-empty").hidden = drawn > 0;
  $("graph-empty").textContent = "No nodes or relationships in this result: return them (RETURN n, r, m) to see a picture, or look at the table.";
  if (how === "profile") select("plan");
  else select(drawn > 0 ? "graph" : "table");
}

function select(view: string): void {
  for (const tab of document.querySelectorAll<HTMLButtonElement>(".tabs button")) {
    tab.classList.toggle("active", tab.dataset["view"] === view);
  }
  for (const v of document.querySelectorAll<HTMLElement>(".view")) v.classList.toggle("active", v.id === `view-${view}`);
  if (view === "graph") graph.resize();
}

// --- imports -------------------------------------------------------------------

async function importing(label: string, work: (report: (done: number, total: number) => void) => Promise<string>): Promise<void> {
  if (!db || busy) return;
  if (readOnly) return notice("This namespace is open read-only.", "error");
  busy = true;
  try {
    progress(label);
    const message = await work((done, total) => progress(label, done, total));
    notice(message);
  } catch (err) {
    await db.discard().catch(() => undefined);
    notice(describe(err), "error");
  } finally {
    progress(undefined);
    busy = false;
  }
  await refreshStats();
  await run("run");
}

$("load-sample").addEventListener("click", () =>
  importing("Loading the sample graph", async (report) => {
    await db!.write("MATCH (n) DETACH DELETE n");
    const g = sampleGraph();
    await loadGraph(db!, g, report);
    return `Loaded ${g.nodes.length.toLocaleString()} nodes and ${g.edges.length.toLocaleString()} relationships.`;
  }),
);

$<HTMLInputElement>("csv-files").addEventListener("change", (e) => {
  const input = e.target as HTMLInputElement;
  const files = [...(input.files ?? [])];
  input.value = "";
  if (files.length === 0) return;
  void importing(`Importing ${files.map((f) => f.name).join(", ")}`, async (report) => {
    const n = await importCsv(db!, files, report);
    return `Imported ${n.nodes.toLocaleString()} nodes and ${n.relationships.toLocaleString()} relationships.`;
  });
});

// --- a remote namespace, read-only -----------------------------------------------

const remoteAvailable = "FetchStore" in namidb;
$("remote-unavailable").hidden = remoteAvailable;
($("remote-open") as HTMLButtonElement).disabled = !remoteAvailable;
$("open-remote").addEventListener("click", () => ($("remote-dialog") as HTMLDialogElement).showModal());
$("remote-dialog").addEventListener("close", async () => {
  const dialog = $("remote-dialog") as HTMLDialogElement;
  if (dialog.returnValue !== "open" || !remoteAvailable) return;
  const url = ($("remote-url") as HTMLInputElement).value;
  const ns = ($("remote-ns") as HTMLInputElement).value;
  try {
    stopWatching?.();
    await db?.close();
    // The public read-only mode of the remote store: a base URL and a namespace.
    db = await open(`${url.replace(/\/$/, "")}/${ns}/`, { worker: true, mode: "read" });
    readOnly = true;
    $("source-kind").textContent = "URL · read-only";
    stopWatching = db.subscribe(async ({ version }) => {
      setVersion(version);
      await db!.refresh();
      if (last) await run(last.how, last.text);
    });
    await refreshStats();
  } catch (err) {
    notice(describe(err), "error");
  }
});

// --- wiring ----------------------------------------------------------------------

for (const [title, text] of EXAMPLES) {
  const option = document.createElement("option");
  option.textContent = title;
  option.value = text;
  $("examples").append(option);
}
$<HTMLSelectElement>("examples").addEventListener("change", (e) => {
  const text = (e.target as HTMLSelectElement).value;
  editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: text } });
  void run("run");
});
$("run").addEventListener("click", () => void run("run"));
$("explain").addEventListener("click", () => void run("explain"));
$("profile").addEventListener("click", () => void run("profile"));
for (const tab of document.querySelectorAll<HTMLButtonElement>(".tabs button")) {
  tab.addEventListener("click", () => select(tab.dataset["view"]!));
}
$("namespace").addEventListener("change", async (e) => {
  const name = (e.target as HTMLInputElement).value.trim();
  if (!/^[a-z0-9][a-z0-9-]{0,62}$/.test(name)) return notice("A namespace is lowercase letters, digits and dashes.", "error");
  const url = new URL(location.href);
  url.searchParams.set("ns", name);
  history.replaceState(null, "", url);
  await openNamespace(name);
  await run("run");
});
window.addEventListener("resize", () => graph.resize());

// Keep the app for offline use (the service worker caches every file of the build).
if ("serviceWorker" in navigator && import.meta.env.PROD) {
  navigator.serviceWorker.register("./sw.js").catch(() => undefined);
}

async function start(): Promise<void> {
  await persistStorage().catch(() => false);
  await openNamespace(params.get("ns") ?? "demo");
  await run("run");
  document.body.dataset["ready"] = "true";
}

start().catch((err) => notice(describe(err), "error"));
