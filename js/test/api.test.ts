// The TypeScript API beyond open/query/write: the staging API, read-only
// sessions pinned to a version, refresh(), file: URIs, and the single-writer
// rule across module instances and processes (the first to commit wins, the
// other gets ConflictError, nothing acknowledged is lost).
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { open as openPortable } from "../../dist/js/database.js";
import { loadEngine } from "../../dist/js/engine.js";
import {
  AlreadyExistsError,
  CancelledError,
  ConflictError,
  CypherError,
  InvalidArgumentError,
  NotFoundError,
  ResourceExhaustedError,
} from "../../dist/js/errors.js";
import { MemoryStore } from "../../dist/js/memory_store.js";
import { open, parseFileUri } from "../../dist/js/node.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "namidb-api-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function count(db: { query(c: string): Promise<{ rows: unknown[][] }> }, cypher: string): Promise<unknown> {
  return (await db.query(cypher)).rows[0]![0];
}

describe("staging API", () => {
  it("reads the staged count while a commit waits on the store, and the commit completes", async () => {
    // A store whose PUTs wait until released: the commit is suspended inside
    // the engine when `staged` is read.
    const store = new MemoryStore();
    const put = store.put.bind(store);
    let reached!: () => void;
    const putReached = new Promise<void>((r) => (reached = r));
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const db = await openPortable({ store, namespace: "g" });
    store.put = async (...args: Parameters<MemoryStore["put"]>) => {
      reached();
      await gate;
      return put(...args);
    };
    await db.upsertNode(["Person"], "person:ann", { name: "Ann" });
    await db.upsertNode(["Person"], "person:bob", { name: "Bob" });
    const commit = db.commit();
    await putReached;
    // Asking the module here re-entered it and left the commit hanging.
    expect(db.staged).toBe(2);
    release();
    expect(await commit).toBe(1);
    expect(db.staged).toBe(0);
    expect(await count(db, "MATCH (p:Person) RETURN count(p)")).toBe(2);
  });

  it("stages, shows its own changes, commits, and loads in bulk", async () => {
    const store = new MemoryStore();
    const db = await openPortable({ store, namespace: "g" });
    const ann = await db.upsertNode(["Person"], "person:ann", { name: "Ann", age: 31 });
    const bob = await db.upsertNode(["Person"], "person:bob", { name: "Bob" });
    expect(ann).toMatch(/^[0-9a-f-]{36}$/);
    // The same key gives the same id.
    expect(await db.upsertNode(["Person"], "person:ann", { name: "Ann", age: 32 })).toBe(ann);
    const knows = await db.upsertEdge("KNOWS", "person:ann", bob, { since: 2020 });
    expect(await db.upsertEdge("KNOWS", ann, "person:bob", { since: 2021 })).toBe(knows);
    expect(db.staged).toBe(5);
    // Visible to this session before the commit, to nobody else.
    expect(await count(db, "MATCH (:Person {age: 32})-[k:KNOWS]->(b) RETURN k.since")).toBe(2021);
    const other = await openPortable({ store, namespace: "g" }, { mode: "read" }).catch((e: unknown) => e);
    expect(other).toBeInstanceOf(NotFoundError);  // nothing committed yet: no namespace
    const version = await db.commit();
    expect(version).toBe(1);
    expect(db.staged).toBe(0);
    const reader = await openPortable({ store, namespace: "g" }, { mode: "read" });
    expect(await count(reader, "MATCH (p:Person) RETURN count(p)")).toBe(2);
    // Tombstones and discard.
    await db.tombstoneEdge(knows);
    await db.discard();
    expect(await count(db, "MATCH ()-[k]->() RETURN count(k)")).toBe(1);
    await db.tombstoneNode("person:bob");
    await db.commit();
    expect(await count(db, "MATCH (p) RETURN count(p)")).toBe(1);
    expect(await count(db, "MATCH ()-[k]->() RETURN count(k)")).toBe(0);
    // A bulk load, flushed and compacted into data files.
    for (let i = 0; i < 500; ++i) await db.upsertNode(["N"], `n${i}`, { i });
    for (let i = 1; i < 500; ++i) await db.upsertEdge("NEXT", `n${i - 1}`, `n${i}`);
    await db.commit();
    await db.flush();
    expect(await db.compact()).toBeGreaterThan(version);
    expect(await count(db, "MATCH (:N)-[:NEXT]->(m:N) RETURN sum(m.i)")).toBe((499 * 500) / 2);
    await Promise.all([db.close(), reader.close()]);
  });

  it("refuses bad input with typed errors and changes nothing", async () => {
    const db = await open("memory://bad");
    await expect(db.upsertNode("Person" as unknown as string[], "x")).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(db.upsertNode(["P"], "")).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(db.upsertNode(["P"], "x", { f: () => 1 })).rejects.toThrow(/property 'f'/);
    await expect(db.upsertNode([""], "x")).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(db.upsertEdge("T", "nobody", "nothing")).rejects.toBeInstanceOf(NotFoundError);
    expect(db.staged).toBe(0);
    await db.upsertNode(["P"], "x");
    // A statement cannot run over staged changes.
    await expect(db.write("CREATE ()")).rejects.toThrow(/commit or discard/);
    await db.close();
    await expect(db.commit()).rejects.toThrow(/closed/);
  });

  it("refuses values nested deeper than storage reads back, before anything is committed", async () => {
    const nested = (depth: number): unknown => (depth === 0 ? 1 : [nested(depth - 1)]);
    const store = new MemoryStore();
    const db = await openPortable({ store, namespace: "deep" });
    // 64 levels with the properties object: the most a stored value may nest.
    await db.upsertNode(["P"], "ok", { p: nested(63) });
    await expect(db.upsertNode(["P"], "deep", { p: nested(64) })).rejects.toThrow(/nests lists and maps deeper than 64 levels/);
    await expect(db.upsertNodes([{ labels: ["P"], id: "deep", properties: { p: nested(64) } }])).rejects.toThrow(
      /nests lists and maps deeper than 64 levels/);
    await expect(db.query("RETURN $p", { p: nested(64) })).rejects.toBeInstanceOf(InvalidArgumentError);
    expect(db.staged).toBe(1);
    await db.commit();
    // What was committed reads back (a deeper value committed made every open fail).
    const reader = await openPortable({ store, namespace: "deep" }, { mode: "read" });
    expect(await count(reader, "MATCH (p:P) RETURN count(p)")).toBe(1);
    await Promise.all([db.close(), reader.close()]);
  });
});

describe("bulk staging", () => {
  it("stages many elements per call, like the single calls", async () => {
    const db = await open("memory://bulk");
    const nodes = Array.from({ length: 300 }, (_, i) => ({ labels: ["N"], id: `n${i}`, properties: { i } }));
    expect(await db.upsertNodes(nodes)).toBe(300);
    const edges = nodes.slice(1).map((n, i) => ({ type: "NEXT", src: `n${i}`, dst: n.id, properties: { w: i } }));
    expect(await db.upsertEdges(edges)).toBe(299);
    // An explicit edge id, and the derived one equal to upsertEdge's.
    expect(await db.upsertEdges([{ type: "LOOP", src: "n0", dst: "n0", id: "loop" }])).toBe(1);
    expect(await db.upsertEdge("NEXT", "n0", "n1", { w: 0 })).toBe(
      (await db.query("MATCH ({i: 0})-[r:NEXT]->() RETURN id(r)")).rows[0]![0]);
    expect(db.staged).toBe(601);
    await db.commit();
    expect(await count(db, "MATCH (:N)-[r:NEXT]->(m:N) RETURN sum(m.i) + sum(r.w)")).toBe(
      (299 * 300) / 2 + (298 * 299) / 2);
    expect(await db.upsertNodes([])).toBe(0);
    await db.close();
  });

  it("stages all of a batch or none of it, naming the element refused", async () => {
    const db = await open("memory://bulk-bad");
    await db.upsertNode(["P"], "kept");  // staged before: untouched by a refused batch
    // Refused by the TypeScript checks, before the engine sees the batch.
    await expect(db.upsertNodes([{ labels: ["P"], id: "a" }, { labels: ["P"], id: "" }])).rejects.toThrow(
      /^nodes\[1\]: id must be a non-empty string/);
    await expect(db.upsertNodes([{ labels: ["P"], id: "a", properties: { f: () => 1 } }])).rejects.toThrow(
      /nodes\[0\]: property 'f'/);
    await expect(db.upsertEdges([{ type: 1 as unknown as string, src: "a", dst: "b" }])).rejects.toBeInstanceOf(
      InvalidArgumentError);
    await expect(db.upsertNodes("x" as unknown as [])).rejects.toBeInstanceOf(InvalidArgumentError);
    // Refused by the engine after staging some: what it staged is undone.
    await expect(db.upsertNodes([{ labels: ["P"], id: "a" }, { labels: [""], id: "b" }])).rejects.toThrow(
      /element 1: labels must not be empty/);
    const edges = [{ type: "T", src: "kept", dst: "kept" }, { type: "T", src: "kept", dst: "nobody" }];
    const refused = await db.upsertEdges(edges).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(NotFoundError);
    expect(String(refused)).toMatch(/element 1: no node/);
    expect(db.staged).toBe(1);
    expect(await count(db, "MATCH (n) RETURN count(n)")).toBe(1);
    expect(await count(db, "MATCH ()-[r]->() RETURN count(r)")).toBe(0);
    expect(await db.commit()).toBe(1);
    expect(await count(db, "MATCH (n:P) RETURN count(n)")).toBe(1);
    await db.close();
  });
});

describe("statement limits and cancellation", () => {
  it("stops a statement past a limit with a typed error, and keeps nothing of it", async () => {
    const db = await open("memory://limits", { limits: { maxRows: 5 } });
    await expect(db.query("UNWIND range(1, 6) AS x RETURN x")).rejects.toBeInstanceOf(ResourceExhaustedError);
    expect((await db.query("UNWIND range(1, 6) AS x RETURN x", {}, { maxRows: 0 })).rows).toHaveLength(6);
    const cross = "UNWIND range(1, 300) AS x UNWIND range(1, 300) AS y CREATE (:Pair)";
    await expect(db.write(cross, {}, { maxIntermediateRows: 1000 })).rejects.toBeInstanceOf(ResourceExhaustedError);
    await expect(
      db.query("UNWIND range(1, 3000) AS x UNWIND range(1, 3000) AS y WITH x WHERE x < 0 RETURN count(*)", {}, {
        timeoutMs: 1,
      }),
    ).rejects.toBeInstanceOf(CancelledError);
    expect(await count(db, "MATCH (p:Pair) RETURN count(p)")).toBe(0);
    await expect(db.query("RETURN 1", {}, { maxRows: -1 })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(db.query("RETURN 1", {}, { rows: 1 } as object)).rejects.toThrow(/unknown statement option/);
    await db.close();
  });

  it("cancels a statement through its AbortSignal at its next read", async () => {
    const inner = new MemoryStore();
    const writer = await openPortable({ store: inner, namespace: "g" });
    for (let i = 0; i < 200; ++i) await writer.upsertNode(["N"], `n${i}`, { i });
    for (let i = 1; i < 200; ++i) await writer.upsertEdge("NEXT", `n${i - 1}`, `n${i}`);
    await writer.commit();
    await writer.flush();
    await writer.close();
    const controller = new AbortController();
    let reads = 0;
    // A store that aborts the statement during its first read.
    const store = Object.create(inner) as MemoryStore;
    store.getMany = async (requests) => {
      if (++reads === 1) controller.abort();
      return inner.getMany(requests);
    };
    store.get = async (key, range) => {
      if (++reads === 1) controller.abort();
      return inner.get(key, range);
    };
    const reader = await openPortable({ store, namespace: "g" }, { mode: "read" });
    reads = 0;
    const query = "MATCH (a:N)-[:NEXT]->(b)-[:NEXT]->(c) RETURN count(c)";
    await expect(reader.query(query, {}, { signal: controller.signal })).rejects.toBeInstanceOf(CancelledError);
    await expect(reader.query(query, {}, { signal: controller.signal })).rejects.toThrow(/before it ran/);
    expect(await count(reader, query)).toBe(198);  // the session is fine afterwards
    await reader.close();
  });
});

describe("schema", () => {
  it("enforces uniqueness on write() and commit() with a typed error", async () => {
    const db = await open("memory://schema");
    await db.write("CREATE CONSTRAINT user_id FOR (u:User) REQUIRE u.id IS UNIQUE");
    await db.write("CREATE (:User {id: 1})");
    await expect(db.write("CREATE (:User {id: 1})")).rejects.toBeInstanceOf(AlreadyExistsError);
    await db.upsertNode(["User"], "u2", { id: 1 });
    await expect(db.commit()).rejects.toBeInstanceOf(AlreadyExistsError);
    await db.discard();
    expect((await db.query("SHOW CONSTRAINTS")).toObjects()).toEqual([
      { name: "user_id", type: "UNIQUENESS", label: "User", property: "id" },
    ]);
    expect((await db.query("EXPLAIN MATCH (u:User {id: 1}) RETURN u")).rows.flat().join("\n")).toContain(
      "NodeIndexSeek :User(id)",
    );
    expect(await count(db, "MATCH (u:User) RETURN count(u)")).toBe(1);
    await db.close();
  });
});

describe("read-only sessions", () => {
  it("pin a version until refresh() and refuse to write", async () => {
    const store = new MemoryStore();
    const writer = await openPortable({ store, namespace: "g" });
    await writer.write("CREATE (:P {i: 1})");
    const reader = await openPortable({ store, namespace: "g" }, { mode: "read", cacheBytes: 1 << 20 });
    expect(reader.mode).toBe("read");
    await writer.write("CREATE (:P {i: 2})");
    expect(await count(reader, "MATCH (p:P) RETURN count(p)")).toBe(1);
    await reader.refresh();
    expect(await count(reader, "MATCH (p:P) RETURN count(p)")).toBe(2);
    await expect(reader.write("CREATE ()")).rejects.toThrow(/mode 'read'/);
    await expect(reader.upsertNode(["P"], "x")).rejects.toThrow(/mode 'read'/);
    const err = await reader.query("CREATE ()").catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CypherError);
    expect((err as CypherError).detail).toBe("WriteInReadQuery");
    await expect(openPortable({ store, namespace: "g" }, { mode: "both" as "read" })).rejects.toThrow(/mode/);
    await Promise.all([writer.close(), reader.close()]);
  });
});

describe("two writers", () => {
  it("in two module instances sharing a MemoryStore: the first to commit wins", async () => {
    const store = new MemoryStore();
    const [e1, e2] = await Promise.all([loadEngine(), loadEngine()]);
    const a = await openPortable({ store, namespace: "g" }, { engine: e1 });
    const b = await openPortable({ store, namespace: "g" }, { engine: e2 });
    await b.write("CREATE (:W {who: 'b'})");  // opened second, commits first
    const lost = await a.write("CREATE (:W {who: 'a'})").catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(ConflictError);
    expect((lost as Error).message).toMatch(/Reopen/);
    // The loser refreshes and continues; nothing acknowledged is lost.
    await a.refresh();
    await a.write("CREATE (:W {who: 'a'})");
    const reader = await openPortable({ store, namespace: "g" }, { mode: "read", engine: e1 });
    expect((await reader.query("MATCH (w:W) RETURN w.who ORDER BY w.who")).rows).toEqual([["a"], ["b"]]);
    await Promise.all([a.close(), b.close(), reader.close()]);
  });

  it("in two processes on one folder: every acknowledged write survives", async () => {
    const uri = `file:${dir}?ns=race`;
    const rounds = 15;
    const results = await Promise.all(["p", "q"].map((who) => runWriter(uri, who, rounds)));
    const db = await open(uri, { mode: "read" });
    const rows = (await db.query("MATCH (w:W) RETURN w.who, count(*), sum(w.i) ORDER BY w.who")).rows;
    const sum = (rounds * (rounds - 1)) / 2;
    expect(rows).toEqual([
      ["p", rounds, sum],
      ["q", rounds, sum],
    ]);
    for (const r of results) expect(r.won).toBe(rounds);
    await db.close();
  });
});

describe("file: URIs", () => {
  it("parse into a folder and a namespace", () => {
    expect(parseFileUri("file:./data?ns=demo")).toEqual({ dir: "./data", namespace: "demo" });
    expect(parseFileUri("file:///tmp/x")).toEqual({ dir: "/tmp/x", namespace: "default" });
    expect(() => parseFileUri("file:?ns=a")).toThrow(InvalidArgumentError);
  });

  it("open a database in a local folder that outlives the session", async () => {
    const first = await open(`file:${dir}?ns=g`);
    await first.write("CREATE (:P {name: 'kept'})");
    await first.close();
    const again = await open(`file://${dir}?ns=g`, { mode: "read" });
    expect(await count(again, "MATCH (p:P) RETURN p.name")).toBe("kept");
    await again.close();
  });
});

// A child Node process that writes `rounds` nodes through open(uri), each
// as one statement, refreshing and retrying after a ConflictError.
const WRITER = `
import { open, ConflictError } from ${JSON.stringify(new URL("../../dist/js/node.js", import.meta.url).href)};
const [uri, who, rounds] = process.argv.slice(1);
const db = await open(uri);
let won = 0, conflicts = 0;
while (won < Number(rounds)) {
  try {
    await db.write("CREATE (:W {who: $who, i: $i})", { who, i: won });
    won++;
  } catch (e) {
    if (!(e instanceof ConflictError)) throw e;
    conflicts++;
    await db.refresh();
  }
}
await db.close();
console.log(JSON.stringify({ won, conflicts }));
`;

function runWriter(uri: string, who: string, rounds: number): Promise<{ won: number; conflicts: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--input-type=module", "-e", WRITER, uri, who, String(rounds)], {
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`writer exited ${code}`))));
  });
}
