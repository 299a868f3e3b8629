// Crash safety of the path users run (the wasm engine on a FileStore): a
// writer process (crash_writer.mjs) is killed with SIGKILL inside a commit,
// flush, compaction or garbage collection, at a seeded store write, before
// or after the write lands. After every kill the namespace must open, hold
// every commit the writer acknowledged (recorded here, outside the killed
// process, from its pipe), and hold any other commit whole or not at all.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { FileStore, NotFoundError, open } from "../../dist/js/node.js";

const WRITER = fileURLToPath(new URL("./crash_writer.mjs", import.meta.url));
const ROUNDS = 8;
// Each target with the number of store writes it surely makes: a commit
// puts its WAL segment and swaps the manifest; a flush puts a node table and
// a label index, a checkpoint and the manifest; a compaction flushes, then
// merges; a gc deletes what the flushes and compaction before it replaced.
const TARGETS = [
  ["commit", 2],
  ["flush", 4],
  ["compact", 6],
  ["gc", 4],
] as const;

interface Batch {
  nodes: number;
  relationships: number;
}

interface Round {
  begun: Map<number, Batch>;
  acked: Set<number>;
  signal: NodeJS.Signals | null;
  code: number | null;
  stderr: string;
}

function runWriter(dir: string, args: string[]): Promise<Round> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [WRITER, dir, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    const round: Round = { begun: new Map(), acked: new Set(), signal: null, code: null, stderr: "" };
    let pending = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      pending += chunk;
      const lines = pending.split("\n");
      pending = lines.pop()!;
      for (const line of lines) {
        const [word, batch, nodes, relationships] = line.split(" ");
        if (word === "begin") round.begun.set(Number(batch), { nodes: Number(nodes), relationships: Number(relationships) });
        if (word === "ack") round.acked.add(Number(batch));
      }
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (chunk: string) => (round.stderr += chunk));
    child.on("error", reject);
    child.on("close", (code, signal) => resolve({ ...round, code, signal }));
  });
}

// A small seeded generator (mulberry32), as in the writer.
function seeded(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Nodes and relationships per batch, as a reader opening the namespace now
// sees them. Before any commit landed the namespace may not exist yet.
async function readBack(dir: string, mayBeNew: boolean) {
  let db;
  try {
    db = await open({ store: new FileStore(dir), namespace: "crash" }, { mode: "read" });
  } catch (err) {
    if (mayBeNew && err instanceof NotFoundError) return { present: new Map<number, number>(), linked: new Map<number, number>() };
    throw err;
  }
  const nodes = await db.query("MATCH (n:Item) RETURN n.batch AS b, count(*) AS n");
  const relationships = await db.query("MATCH ()-[r:NEXT]->() RETURN r.batch AS b, count(*) AS n");
  await db.close();
  return {
    present: new Map<number, number>(nodes.rows.map(([b, n]) => [Number(b), Number(n)])),
    linked: new Map<number, number>(relationships.rows.map(([b, n]) => [Number(b), Number(n)])),
  };
}

describe("a writer killed with SIGKILL", () => {
  const dir = mkdtempSync(join(tmpdir(), "namidb-crash-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("loses no acknowledged commit and leaves no commit half there", async () => {
    const seed = Number(process.env["NAMIDB_SEED"] ?? Date.now() % 1_000_000);
    const random = seeded(seed);
    const begun = new Map<number, Batch>();
    const acked = new Set<number>();
    for (let round = 0; round < ROUNDS; round++) {
      const [target, writes] = TARGETS[round % TARGETS.length]!;
      const args = [
        String(seed + round),
        target,
        String(1 + Math.floor(random() * writes)), // which store write inside it
        random() < 0.5 ? "before" : "after",
        String(round * 1000),
      ];
      const result = await runWriter(dir, args);
      const where = `seed ${seed}, round ${round}: ${args.join(" ")}`;
      expect(result.signal, `${where}\n${result.stderr}`).toBe("SIGKILL");
      for (const [b, batch] of result.begun) begun.set(b, batch);
      for (const b of result.acked) acked.add(b);

      const { present, linked } = await readBack(dir, acked.size === 0);
      for (const b of acked) expect(present.has(b), `${where}: acknowledged batch ${b} is lost`).toBe(true);
      for (const [b, n] of present) {
        const batch = begun.get(b);
        expect(batch, `${where}: batch ${b} was never begun`).toBeDefined();
        expect(n, `${where}: batch ${b} holds ${n} of ${batch!.nodes} nodes`).toBe(batch!.nodes);
        expect(linked.get(b) ?? 0, `${where}: batch ${b} relationships`).toBe(batch!.relationships);
      }
    }
    expect(acked.size).toBeGreaterThan(ROUNDS);
  });
});
