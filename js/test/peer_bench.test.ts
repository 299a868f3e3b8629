// The peers benchmark's own parts (bench/peers): the datasets both engines
// receive, the parameter parsing, the answer comparison and namidb-wasm's
// loader. The benchmark itself (and kuzu-wasm) run only with
// `npm run bench -- peers`.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { canonical, difference } from "../../bench/peers/compare.js";
import { generateGraph } from "../../bench/peers/generator.js";
import { countElements } from "../../bench/peers/graph.js";
import { loadLdbcGraph } from "../../bench/peers/ldbc_dataset.js";
import { NamidbEngine } from "../../bench/peers/namidb_engine.js";
import { ldbcParams, ldbcWorkload } from "../../bench/peers/workloads.js";

// The shared data sets beside the project (NAMIDB_SHARED_DATA elsewhere).
const DATA = process.env.NAMIDB_SHARED_DATA ?? resolve(__dirname, "..", "..", "..", "shared", "data");
// A clone without them skips the tests that read them, saying what is missing.
const NO_LDBC = !["ldbc-snb-interactive-v1-test-data", "ldbc-queries"].every((d) => existsSync(resolve(DATA, d)));
if (NO_LDBC) {
  console.warn(`skipping the LDBC workload tests: no LDBC test data at ${DATA} (set NAMIDB_SHARED_DATA to the shared data folder)`);
}

describe("the LDBC-shaped generator", () => {
  const { graph, params } = generateGraph({ persons: 300 });

  it("is deterministic for a seed and differs across seeds", () => {
    const again = generateGraph({ persons: 300 }).graph;
    expect(JSON.stringify(again)).toBe(JSON.stringify(graph));
    expect(JSON.stringify(generateGraph({ persons: 300, seed: 7 }).graph)).not.toBe(JSON.stringify(graph));
  });

  it("scales every kind of element with the number of persons", () => {
    const table = (label: string) => graph.nodes.find((t) => t.label === label)!.rows.length;
    expect(table("Person")).toBe(300);
    expect(table("Post")).toBe(900);
    expect(table("Comment")).toBe(1500);
    const { nodes, edges } = countElements(graph);
    expect(edges / nodes).toBeGreaterThan(4.5);
    expect(edges / nodes).toBeLessThan(5.5);
  });

  it("has no duplicate relationship and no self-loop", () => {
    for (const rel of graph.rels) {
      const seen = new Set<string>();
      rel.src.forEach((s, i) => {
        const key = `${s}>${rel.dst[i]}`;
        expect(seen.has(key), `${rel.type} ${key}`).toBe(false);
        seen.add(key);
        if (rel.from === rel.to) expect(s).not.toBe(rel.dst[i]);
      });
    }
  });

  it("ends every reply chain at a post within 8 hops", () => {
    const toComment = graph.rels.find((r) => r.type === "REPLY_OF" && r.to === "Comment")!;
    const toPost = graph.rels.find((r) => r.type === "REPLY_OF" && r.to === "Post")!;
    const parent = new Map<number, number>();
    toComment.src.forEach((s, i) => parent.set(s, toComment.dst[i]!));
    const rooted = new Set(toPost.src);
    for (const comment of graph.nodes.find((t) => t.label === "Comment")!.rows.map((r) => r[0] as number)) {
      let at = comment;
      let hops = 1;
      while (parent.has(at)) {
        at = parent.get(at)!;
        hops++;
      }
      expect(rooted.has(at), `comment ${comment}`).toBe(true);
      expect(hops).toBeLessThanOrEqual(8);
    }
    expect(toPost.dst).toContain(params.repliedMessageId);
  });
});

describe("the LDBC workload", () => {
  it("reads both parameter forms of the query files", () => {
    expect(ldbcParams("/*\n:param personId: 10995116277794\n */\nMATCH ...")).toEqual({ personId: 10995116277794 });
    expect(ldbcParams("/*\n:param [{ personId, maxDate }] => { RETURN\n  4398046511268 AS personId,\n" +
      "  1289908800000 AS maxDate\n}\n*/\nMATCH ...")).toEqual({ personId: 4398046511268, maxDate: 1289908800000 });
  });

  it.skipIf(NO_LDBC)("gives every query of the files its example parameters", () => {
    const queries = ldbcWorkload(DATA);
    const is1 = queries.find((q) => q.name === "IS1")!;
    expect(is1.params).toEqual({ personId: 10995116277794 });
    expect(is1.namidb).toBe(readFileSync(resolve(DATA, "ldbc-queries", "interactive-short-1.cypher"), "utf8"));
    expect(queries.find((q) => q.name === "IC9")!.params).toEqual({ personId: 4398046511268, maxDate: 1289908800000 });
    for (const q of queries) expect(q.kuzu, q.name).not.toMatch(/:Message\b/);
  });

  it.skipIf(NO_LDBC)("loads the test graph the data README describes", () => {
    const graph = loadLdbcGraph(DATA);
    expect(countElements(graph)).toEqual({ nodes: 34735, edges: 70842 });
    const person = graph.nodes.find((t) => t.label === "Person")!;
    expect(person.columns.find((c) => c.name === "speaks")?.type).toBe("STRING[]");
    expect(graph.nodes.find((t) => t.label === "City")!.extraLabels).toEqual(["Place"]);
  });
});

describe("answer comparison", () => {
  it("treats boxed numbers, bigints and key order as the same answer", () => {
    // eslint-disable-next-line no-new-wrappers
    expect(canonical([new Number(3), 4n, { b: 1, a: [2.0000000000001] }])).toEqual([3, 4, { a: [2], b: 1 }]);
    expect(difference({ columns: ["x"], rows: [[1]] }, { columns: ["x"], rows: [[1n]] })).toBeNull();
  });

  it("names what differs", () => {
    expect(difference({ columns: ["x"], rows: [[1]] }, { columns: ["y"], rows: [[1]] })).toMatch(/columns/);
    expect(difference({ columns: ["x"], rows: [[1]] }, { columns: ["x"], rows: [] })).toBe("1 rows vs 0");
    expect(difference({ columns: ["x"], rows: [[1], [2]] }, { columns: ["x"], rows: [[1], [3]] })).toBe("row 1: [2] vs [3]");
  });
});

describe("namidb-wasm's benchmark loader", () => {
  it("loads a generated graph that answers like the graph it was given", async () => {
    const { graph, params } = generateGraph({ persons: 200 });
    const engine = await NamidbEngine.create();
    const load = await engine.load(graph, () => {});
    expect(load.elements).toBe(countElements(graph).nodes + countElements(graph).edges);
    await engine.openReader(1 << 24);
    const knows = graph.rels.find((r) => r.type === "KNOWS")!;
    const friends = knows.src.filter((s, i) => s === params.personId || knows.dst[i] === params.personId).length;
    const r = await engine.run("MATCH (p:Person {id: $personId})-[:KNOWS]-(f:Person) RETURN count(f) AS n",
      { personId: params.personId });
    expect(r.rows).toEqual([[friends]]);
    const messages = await engine.run("MATCH (m:Message) RETURN count(m) AS n", {});
    expect(messages.rows).toEqual([[200 * 8]]);
    expect(engine.memoryBytes).toBeGreaterThanOrEqual(16 << 20); // INITIAL_MEMORY, grown as needed
    await engine.close();
  });
});
