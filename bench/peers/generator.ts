/**
 * A deterministic LDBC-shaped social graph with one scale knob, `persons`:
 * the labels, types and property names of the LDBC SNB model, so the same
 * queries (IS1-7, IC2/7/8/9) run on it. Per person on average: 10 KNOWS
 * (stored once, friends mostly in the person's neighbourhood of ids, some far
 * away), 3 posts in forums, 5 comments in reply chains at most 8 deep, 19
 * likes. 110,000 persons give about 1.0M nodes and 5.1M edges.
 */
import { seededRandom } from "../../dist/js/seeded_random.js";
import type { Cell, Graph, NodeTable, RelTable } from "./graph.js";

/** Parameters for a generated graph, chosen from what it holds. */
export interface GeneratedParams {
  personId: number;
  messageId: number;
  repliedMessageId: number;
  maxDate: number;
}

const FIRST_NAMES = ["Ana", "Ben", "Chen", "Dara", "Eli", "Fatima", "Goran", "Hana", "Ivan", "Jun", "Kemal", "Lena",
  "Mehmet", "Nina", "Omar", "Priya", "Quinn", "Rosa", "Sven", "Tomoko", "Uma", "Vik", "Wei", "Yara", "Zoltan"];
const LAST_NAMES = ["Silva", "Kim", "Novak", "Haddad", "Okafor", "Larsen", "Rossi", "Tanaka", "Moreau", "Ivanova",
  "Garcia", "Nguyen", "Schmidt", "Kaya", "Patel", "Costa", "Berg", "Sato", "Lopez", "Meyer"];
const BROWSERS = ["Firefox", "Chrome", "Safari", "Internet Explorer", "Opera"];
const START_MS = 1262304000000; // 2010-01-01
const SPAN_MS = 3 * 365 * 86400000;
const MAX_REPLY_DEPTH = 8;

export interface GeneratorScale {
  persons: number;
  seed?: number;
}

export function generateGraph({ persons, seed = 42 }: GeneratorScale): { graph: Graph; params: GeneratedParams } {
  if (!Number.isInteger(persons) || persons < 100) throw new RangeError("persons must be an integer >= 100");
  const rand = seededRandom(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const pick = <T>(list: readonly T[]): T => list[int(list.length)]!;
  const date = () => START_MS + int(SPAN_MS);

  const cities = Math.max(10, Math.floor(persons / 100));
  const forums = Math.max(1, Math.floor(persons / 10));
  const posts = persons * 3;
  const comments = persons * 5;

  const city: NodeTable = { label: "City", extraLabels: ["Place"], columns: [
    { name: "id", type: "INT64" }, { name: "name", type: "STRING" }], rows: [] };
  for (let i = 0; i < cities; i++) city.rows.push([i, `City_${i}`]);

  const person: NodeTable = { label: "Person", extraLabels: [], columns: [
    { name: "id", type: "INT64" }, { name: "firstName", type: "STRING" }, { name: "lastName", type: "STRING" },
    { name: "gender", type: "STRING" }, { name: "birthday", type: "INT64" }, { name: "creationDate", type: "INT64" },
    { name: "locationIP", type: "STRING" }, { name: "browserUsed", type: "STRING" }], rows: [] };
  const personCreated: number[] = [];
  for (let i = 0; i < persons; i++) {
    const created = date();
    personCreated.push(created);
    person.rows.push([i, pick(FIRST_NAMES), pick(LAST_NAMES), rand() < 0.5 ? "female" : "male",
      START_MS - 20 * 365 * 86400000 - int(30 * 365 * 86400000), created,
      `10.${int(256)}.${int(256)}.${int(256)}`, pick(BROWSERS)]);
  }

  const forum: NodeTable = { label: "Forum", extraLabels: [], columns: [
    { name: "id", type: "INT64" }, { name: "title", type: "STRING" }, { name: "creationDate", type: "INT64" }],
  rows: [] };
  for (let i = 0; i < forums; i++) forum.rows.push([i, `Forum ${i} of ${pick(FIRST_NAMES)}`, date()]);

  // Message ids are unique across posts and comments (both are `Message`).
  const post: NodeTable = { label: "Post", extraLabels: ["Message"], columns: [
    { name: "id", type: "INT64" }, { name: "imageFile", type: "STRING" }, { name: "creationDate", type: "INT64" },
    { name: "browserUsed", type: "STRING" }, { name: "language", type: "STRING" }, { name: "content", type: "STRING" },
    { name: "length", type: "INT64" }], rows: [] };
  const comment: NodeTable = { label: "Comment", extraLabels: ["Message"], columns: [
    { name: "id", type: "INT64" }, { name: "creationDate", type: "INT64" }, { name: "browserUsed", type: "STRING" },
    { name: "content", type: "STRING" }, { name: "length", type: "INT64" }], rows: [] };

  const rel = (type: string, from: string, to: string, props: string[] = []): RelTable => ({
    type, from, to, columns: props.map((name) => ({ name, type: "INT64" })), src: [], dst: [], props: [] });
  const knows = rel("KNOWS", "Person", "Person", ["creationDate"]);
  const locatedIn = rel("IS_LOCATED_IN", "Person", "City");
  const moderator = rel("HAS_MODERATOR", "Forum", "Person");
  const container = rel("CONTAINER_OF", "Forum", "Post");
  const postCreator = rel("HAS_CREATOR", "Post", "Person");
  const commentCreator = rel("HAS_CREATOR", "Comment", "Person");
  const replyToPost = rel("REPLY_OF", "Comment", "Post");
  const replyToComment = rel("REPLY_OF", "Comment", "Comment");
  const likesPost = rel("LIKES", "Person", "Post", ["creationDate"]);
  const likesComment = rel("LIKES", "Person", "Comment", ["creationDate"]);
  const add = (r: RelTable, src: number, dst: number, ...props: Cell[]) => {
    r.src.push(src);
    r.dst.push(dst);
    r.props.push(props);
  };

  // KNOWS: 10 per person on average, stored once (smaller id first), no
  // duplicates; 80% within a neighbourhood of 200 ids, the rest anywhere.
  const friends = new Map<number, Set<number>>();
  for (let a = 0; a < persons; a++) {
    const wanted = 5 + int(11);
    for (let k = 0; k < wanted; k++) {
      const b = rand() < 0.8 ? (a + 1 + int(200)) % persons : int(persons);
      const lo = Math.min(a, b);
      const hi = Math.max(a, b);
      if (lo === hi) continue;
      const set = friends.get(lo) ?? new Set<number>();
      if (set.has(hi)) continue;
      set.add(hi);
      friends.set(lo, set);
      add(knows, lo, hi, Math.max(personCreated[lo]!, personCreated[hi]!) + int(86400000));
    }
    add(locatedIn, a, int(cities));
  }
  for (let f = 0; f < forums; f++) add(moderator, f, int(persons));

  const postCreated: number[] = [];
  for (let p = 0; p < posts; p++) {
    const created = date();
    postCreated.push(created);
    const image = rand() < 0.3;
    const text = image ? null : `post ${p} about ${pick(FIRST_NAMES)} and ${pick(LAST_NAMES)}`;
    post.rows.push([p, image ? `photo${p}.jpg` : null, created, pick(BROWSERS), image ? null : "en", text,
      text ? text.length : 0]);
    add(container, int(forums), p);
    add(postCreator, p, int(persons));
  }
  // Comments reply to a post, or to an earlier comment of fewer than
  // MAX_REPLY_DEPTH levels (so every chain ends at a post within 8 hops).
  const depth: number[] = [];
  const commentCreated: number[] = [];
  for (let c = 0; c < comments; c++) {
    const id = posts + c;
    let parentCreated: number;
    const parent = c > 0 && rand() < 0.5 ? int(c) : -1;
    if (parent >= 0 && depth[parent]! < MAX_REPLY_DEPTH) {
      add(replyToComment, id, posts + parent);
      depth.push(depth[parent]! + 1);
      parentCreated = commentCreated[parent]!;
    } else {
      const p = int(posts);
      add(replyToPost, id, p);
      depth.push(1);
      parentCreated = postCreated[p]!;
    }
    const created = parentCreated + 1 + int(7 * 86400000);
    commentCreated.push(created);
    const text = `reply ${c} ${pick(FIRST_NAMES)}`;
    comment.rows.push([id, created, pick(BROWSERS), text, text.length]);
    add(commentCreator, id, int(persons));
  }
  // LIKES: 19 distinct messages per person on average.
  for (let a = 0; a < persons; a++) {
    const liked = new Set<number>();
    const wanted = 14 + int(11);
    for (let k = 0; k < wanted; k++) {
      const m = int(posts + comments);
      if (liked.has(m)) continue;
      liked.add(m);
      if (m < posts) add(likesPost, a, m, postCreated[m]! + 1 + int(86400000));
      else add(likesComment, a, m, commentCreated[m - posts]! + 1 + int(86400000));
    }
  }
  const graph: Graph = {
    name: `generated-${persons}`,
    nodes: [city, person, forum, post, comment],
    rels: [knows, locatedIn, moderator, container, postCreator, commentCreator, replyToPost, replyToComment,
      likesPost, likesComment],
  };
  // A person, a comment, a post with replies (comment 0 replies to a post).
  const params: GeneratedParams = {
    personId: Math.floor(persons * 0.37),
    messageId: posts + 11,
    repliedMessageId: replyToPost.dst[0]!,
    maxDate: START_MS + SPAN_MS / 2,
  };
  return { graph, params };
}
