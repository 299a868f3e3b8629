// A generated sample graph (people in cities who know each other and follow
// topics), the same every time, loaded in batches through the bulk staging
// calls with progress reported after each committed batch.
import type { DatabaseApi, EdgeInput, NodeInput } from "namidb-wasm";

const CITIES = ["Rome", "Oslo", "Lima", "Kyoto", "Accra", "Quito", "Perth", "Tunis", "Lyon", "Porto"];
const TOPICS = ["graphs", "wasm", "cycling", "jazz", "chess", "baking", "hiking", "poetry"];
const SYLLABLES = ["an", "bo", "ci", "da", "el", "fa", "gu", "hi", "jo", "ka", "li", "mo", "nu", "ra", "si", "to", "vi", "ze"];

function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SampleGraph {
  nodes: NodeInput[];
  edges: EdgeInput[];
}

export function sampleGraph(people = 1500): SampleGraph {
  const next = seeded(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  const nodes: NodeInput[] = [
    ...CITIES.map((name) => ({ labels: ["City"], id: `city:${name}`, properties: { name } })),
    ...TOPICS.map((name) => ({ labels: ["Topic"], id: `topic:${name}`, properties: { name } })),
  ];
  const edges: EdgeInput[] = [];
  for (let i = 0; i < people; i++) {
    const word = pick(SYLLABLES) + pick(SYLLABLES) + (next() < 0.5 ? pick(SYLLABLES) : "");
    nodes.push({
      labels: ["Person"],
      id: `person:${i}`,
      properties: { id: i, name: word[0]!.toUpperCase() + word.slice(1), born: 1950 + Math.floor(next() * 55) },
    });
    edges.push({ type: "LIVES_IN", src: `person:${i}`, dst: `city:${pick(CITIES)}` });
    for (const topic of new Set([pick(TOPICS), pick(TOPICS)])) {
      edges.push({ type: "FOLLOWS", src: `person:${i}`, dst: `topic:${topic}` });
    }
  }
  // Each person knows a few earlier people, more often the recent ones.
  for (let i = 1; i < people; i++) {
    const friends = new Set<number>();
    for (let k = 0; k < 3; k++) friends.add(Math.floor(i * Math.sqrt(next())));
    for (const j of friends) {
      edges.push({ type: "KNOWS", src: `person:${i}`, dst: `person:${j}`, properties: { since: 2000 + Math.floor(next() * 25) } });
    }
  }
  return { nodes, edges };
}

export type Progress = (done: number, total: number) => void;

/** Stages and commits `graph` in batches (nodes first), then writes data files. */
export async function loadGraph(db: DatabaseApi, graph: SampleGraph, progress: Progress, batch = 1000): Promise<void> {
  const total = graph.nodes.length + graph.edges.length;
  let done = 0;
  progress(0, total);
  for (let i = 0; i < graph.nodes.length; i += batch) {
    done += await db.upsertNodes(graph.nodes.slice(i, i + batch));
    await db.commit();
    progress(done, total);
  }
  for (let i = 0; i < graph.edges.length; i += batch) {
    done += await db.upsertEdges(graph.edges.slice(i, i + batch));
    await db.commit();
    progress(done, total);
  }
  await db.flush();
}

export const EXAMPLES: Array<[string, string]> = [
  ["Friends and their cities", "MATCH (p:Person)-[k:KNOWS]->(f:Person)-[l:LIVES_IN]->(c:City)\nWHERE p.id < 12\nRETURN p, k, f, l, c"],
  ["People per city", "MATCH (p:Person)-[:LIVES_IN]->(c:City)\nRETURN c.name AS city, count(*) AS people\nORDER BY people DESC, city"],
  ["Two hops from one person", "MATCH (p:Person {id: 7})-[:KNOWS*1..2]-(f:Person)\nRETURN count(DISTINCT f) AS within_two_hops"],
  ["A shortest path", "MATCH (a:Person {id: 0}), (b:Person {id: 900})\nMATCH path = shortestPath((a)-[:KNOWS*]-(b))\nRETURN path"],
  ["Topics of Oslo", "MATCH (t:Topic)<-[f:FOLLOWS]-(p:Person)-[:LIVES_IN]->(:City {name: 'Oslo'})\nRETURN t, f, p LIMIT 80"],
  ["Add yourself", "MERGE (me:Person {id: -1})\nON CREATE SET me.name = 'You', me.born = 1990\nWITH me\nMATCH (c:City {name: 'Oslo'})\nMERGE (me)-[r:LIVES_IN]->(c)\nRETURN me, r, c"],
];
