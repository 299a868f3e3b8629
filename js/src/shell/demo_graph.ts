/**
 * The demo graph the shell creates in a new database: people in cities who
 * know each other and follow topics, made by a seeded generator (the same
 * graph every time) and loaded through the staging API.
 */
import type { Database } from "../database.js";
import { seededRandom } from "../seeded_random.js";

const CITIES = ["Rome", "Oslo", "Lima", "Kyoto", "Accra", "Quito", "Perth", "Tunis"];
const TOPICS = ["graphs", "wasm", "cycling", "jazz", "chess", "baking"];
const SYLLABLES = ["an", "bo", "ci", "da", "el", "fa", "gu", "hi", "jo", "ka", "li", "mo", "nu", "ra", "si", "to"];

export interface DemoGraphSize {
  people: number;
}

/** Stages and commits the demo graph; resolves to what it made. */
export async function createDemoGraph(db: Database, size: DemoGraphSize = { people: 200 }): Promise<{ nodes: number; relationships: number }> {
  const next = seededRandom(42);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(next() * xs.length)]!;
  let nodes = 0;
  let relationships = 0;
  for (const name of CITIES) {
    await db.upsertNode(["City"], `city:${name}`, { name });
    ++nodes;
  }
  for (const name of TOPICS) {
    await db.upsertNode(["Topic"], `topic:${name}`, { name });
    ++nodes;
  }
  for (let i = 0; i < size.people; ++i) {
    const word = pick(SYLLABLES) + pick(SYLLABLES) + (next() < 0.5 ? pick(SYLLABLES) : "");
    const name = word[0]!.toUpperCase() + word.slice(1);
    await db.upsertNode(["Person"], `person:${i}`, { id: i, name, born: 1950 + Math.floor(next() * 55) });
    await db.upsertEdge("LIVES_IN", `person:${i}`, `city:${pick(CITIES)}`);
    nodes += 1;
    relationships += 1;
    for (const topic of new Set([pick(TOPICS), pick(TOPICS)])) {
      await db.upsertEdge("FOLLOWS", `person:${i}`, `topic:${topic}`);
      ++relationships;
    }
  }
  // Each person knows a few earlier people, more often the recent ones.
  for (let i = 1; i < size.people; ++i) {
    const friends = new Set<number>();
    for (let k = 0; k < 3; ++k) friends.add(Math.floor(i * Math.sqrt(next())));
    for (const j of friends) {
      await db.upsertEdge("KNOWS", `person:${i}`, `person:${j}`, { since: 2000 + Math.floor(next() * 25) });
      ++relationships;
    }
  }
  await db.commit();
  await db.flush();
  return { nodes, relationships };
}

/** Queries worth trying on the demo graph (`:examples`). */
export const DEMO_QUERIES = [
  "MATCH (p:Person)-[:LIVES_IN]->(c:City) RETURN c.name AS city, count(*) AS people ORDER BY people DESC, city LIMIT 3;",
  "MATCH (p:Person {id: 7})-[:KNOWS*1..2]-(f:Person) RETURN count(DISTINCT f) AS within_two_hops;",
  "MATCH (a:Person {id: 0}), (b:Person {id: 150}) MATCH p = shortestPath((a)-[:KNOWS*]-(b)) RETURN [n IN nodes(p) | n.name] AS path;",
  "MATCH (t:Topic)<-[:FOLLOWS]-(p)-[:LIVES_IN]->(:City {name: 'Oslo'}) RETURN t.name AS topic, count(*) AS fans ORDER BY fans DESC LIMIT 3;",
];
