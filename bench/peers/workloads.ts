/**
 * The queries each dataset is measured with, with the text each engine runs
 * and one set of parameters both receive. namidb-wasm runs the LDBC query
 * files as they are; Kùzu runs the same queries in its dialect: one table
 * per node (`:Message` is `:Post:Comment`), `EXISTS { }` for pattern
 * predicates, node equality through ids.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { GeneratedParams } from "./generator.js";
import type { Graph } from "./graph.js";

export interface BenchQuery {
  name: string;
  namidb: string;
  kuzu: string;
  params: Record<string, unknown>;
}

const same = (name: string, text: string, params: Record<string, unknown>): BenchQuery => ({
  name, namidb: text, kuzu: text, params });

/** The example parameters in an LDBC query file's leading comment. */
export function ldbcParams(text: string): Record<string, unknown> {
  const params: Record<string, unknown> = {};
  const header = text.slice(0, text.indexOf("*/"));
  for (const m of header.matchAll(/:param\s+(\w+):\s*(-?\d+)/g)) params[m[1]!] = Number(m[2]);
  const body = header.indexOf("=> {");
  if (body >= 0) {
    for (const m of header.slice(body).matchAll(/(-?\d+)\s+AS\s+(\w+)/g)) params[m[2]!] = Number(m[1]);
  }
  return params;
}

const LDBC_FILES: Record<string, string> = {
  IS1: "interactive-short-1", IS2: "interactive-short-2", IS3: "interactive-short-3",
  IS4: "interactive-short-4", IS5: "interactive-short-5", IS6: "interactive-short-6",
  IS7: "interactive-short-7", IC2: "interactive-complex-2", IC7: "interactive-complex-7",
  IC8: "interactive-complex-8", IC9: "interactive-complex-9",
};

/** Kùzu's text for an LDBC query: its own where the dialects differ. */
const KUZU_LDBC: Record<string, string> = {
  // The file's `CASE r WHEN null THEN false ELSE true END` compares r = null,
  // which openCypher makes null, never true: the column is always true.
  // Kùzu matches `WHEN null` as IS NULL, so its text states that value.
  IS7: `MATCH (m:Post:Comment {id: $messageId })<-[:REPLY_OF]-(c:Comment)-[:HAS_CREATOR]->(p:Person)
    OPTIONAL MATCH (m)-[:HAS_CREATOR]->(a:Person)-[r:KNOWS]-(p)
    RETURN c.id AS commentId,
        c.content AS commentContent,
        c.creationDate AS commentCreationDate,
        p.id AS replyAuthorId,
        p.firstName AS replyAuthorFirstName,
        p.lastName AS replyAuthorLastName,
        true AS replyAuthorKnowsOriginalMessageAuthor
    ORDER BY commentCreationDate DESC, replyAuthorId`,
  // Kùzu wants SKIP or LIMIT after ORDER BY in WITH, has no head() and no
  // pattern predicates, and its CAST to INT64 rounds where toInteger()
  // truncates (hence the outer floor: latencies are positive).
  IC7: `MATCH (person:Person {id: $personId})<-[:HAS_CREATOR]-(message:Post:Comment)<-[like:LIKES]-(liker:Person)
    WITH liker, message, like.creationDate AS likeTime, person
    ORDER BY likeTime DESC, message.id ASC SKIP 0
    WITH liker, list_extract(collect({msgId: message.id, msgContent: coalesce(message.content, message.imageFile),
      msgCreationDate: message.creationDate, likeTime: likeTime}), 1) AS latestLike, person
RETURN
    liker.id AS personId,
    liker.firstName AS personFirstName,
    liker.lastName AS personLastName,
    latestLike.likeTime AS likeCreationDate,
    latestLike.msgId AS commentOrPostId,
    latestLike.msgContent AS commentOrPostContent,
    CAST(floor(floor(CAST(latestLike.likeTime - latestLike.msgCreationDate, 'DOUBLE')/1000.0)/60.0), 'INT64')
      AS minutesLatency,
    NOT EXISTS { MATCH (liker)-[:KNOWS]-(person) } AS isNew
ORDER BY likeCreationDate DESC, personId ASC
LIMIT 20`,
  IC9: `MATCH (root:Person {id: $personId })-[:KNOWS*1..2]-(friend:Person)
WHERE friend.id <> root.id
WITH collect(distinct friend) as friends
UNWIND friends as friend
    MATCH (friend)<-[:HAS_CREATOR]-(message:Post:Comment)
    WHERE message.creationDate < $maxDate
RETURN
    friend.id AS personId,
    friend.firstName AS personFirstName,
    friend.lastName AS personLastName,
    message.id AS commentOrPostId,
    coalesce(message.content,message.imageFile) AS commentOrPostContent,
    message.creationDate AS commentOrPostCreationDate
ORDER BY commentOrPostCreationDate DESC, message.id ASC
LIMIT 20`,
};

// Kùzu has no toInteger(); the LDBC files apply it to values already integers.
function kuzuDialect(text: string): string {
  return text
    .replace(/:Message\b/g, ":Post:Comment")
    .replace(/toInteger\(([^()]*)\)/g, "$1");
}


function microQueries(personId: number, message: string): BenchQuery[] {
  const topCreators = (label: string) =>
    `MATCH (p:Person)<-[:HAS_CREATOR]-(m${label}) RETURN p.id AS id, count(m) AS messages ` +
    `ORDER BY messages DESC, id ASC LIMIT 10`;
  return [
    same("point_lookup", "MATCH (p:Person {id: $personId}) RETURN p.firstName AS firstName, p.lastName AS lastName",
      { personId }),
    same("one_hop", "MATCH (p:Person {id: $personId})-[:KNOWS]-(f:Person) RETURN count(f) AS friends", { personId }),
    same("two_hop", "MATCH (p:Person {id: $personId})-[:KNOWS]-(:Person)-[:KNOWS]-(f:Person) " +
      "WHERE f.id <> $personId RETURN count(DISTINCT f) AS friendsOfFriends", { personId }),
    same("knows_1_3", "MATCH (p:Person {id: $personId})-[:KNOWS*1..3]-(f:Person) " +
      "WHERE f.id <> $personId RETURN count(DISTINCT f) AS reachable", { personId }),
    { name: "top_creators", namidb: topCreators(message), kuzu: topCreators(":Post:Comment"), params: {} },
    same("count_all", "MATCH (n) RETURN count(n) AS nodes", {}),
  ];
}

/** The LDBC-shaped workload: micro queries, then IS1-7, IC2, IC7, IC8, IC9. */
export function ldbcWorkload(dataDir: string, generated?: GeneratedParams): BenchQuery[] {
  const queries: BenchQuery[] = [];
  const files = Object.entries(LDBC_FILES).map(([name, file]) => ({
    name, text: readFileSync(join(dataDir, "ldbc-queries", `${file}.cypher`), "utf8") }));
  const is1 = ldbcParams(files[0]!.text);
  queries.push(...microQueries(generated?.personId ?? (is1.personId as number), ":Message"));
  for (const { name, text } of files) {
    let params = ldbcParams(text);
    if (generated) {
      params = Object.fromEntries(Object.keys(params).map((k) => {
        const g: Record<string, number> = { ...generated };
        return [k, name === "IS7" && k === "messageId" ? generated.repliedMessageId : g[k]];
      }));
    }
    queries.push({ name, namidb: text, kuzu: KUZU_LDBC[name] ?? kuzuDialect(text), params });
  }
  return queries;
}

/** The SNAP workload, on the node with the most outgoing edges. */
export function snapWorkload(graph: Graph): BenchQuery[] {
  const rel = graph.rels[0]!;
  const degree = new Map<number, number>();
  for (const s of rel.src) degree.set(s, (degree.get(s) ?? 0) + 1);
  let id = 0;
  let best = -1;
  for (const [node, d] of degree) {
    if (d > best || (d === best && node < id)) [id, best] = [node, d];
  }
  return [
    same("point_lookup", "MATCH (u:User {id: $id}) RETURN u.id AS id", { id }),
    same("one_hop", "MATCH (u:User {id: $id})-[:FOLLOWS]->(v:User) RETURN count(v) AS follows", { id }),
    same("two_hop", "MATCH (u:User {id: $id})-[:FOLLOWS]->(:User)-[:FOLLOWS]->(w:User) " +
      "WHERE w.id <> $id RETURN count(DISTINCT w) AS reachable", { id }),
    same("follows_1_3", "MATCH (u:User {id: $id})-[:FOLLOWS*1..3]->(w:User) WHERE w.id <> $id " +
      "RETURN count(DISTINCT w) AS reachable", { id }),
    same("mutual", "MATCH (u:User {id: $id})-[:FOLLOWS]->(v:User)-[:FOLLOWS]->(u) RETURN count(v) AS mutual",
      { id }),
    same("top_followed", "MATCH (u:User)<-[:FOLLOWS]-(v:User) RETURN u.id AS id, count(v) AS followers " +
      "ORDER BY followers DESC, id ASC LIMIT 10", {}),
    same("count_all", "MATCH (n) RETURN count(n) AS nodes", {}),
  ];
}
