// A lost manifest, in the wasm build: opening for writing or reading is a
// ManifestMissingError (before, a writer opened the namespace as empty and
// its next commit orphaned everything), and recover() brings back every
// acknowledged commit.
import { mkdtemp, rm, unlink } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { AlreadyExistsError, ManifestMissingError, NotFoundError } from "../../dist/js/errors.js";
import { FileStore, open, recover } from "../../dist/js/node.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "namidb-recovery-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function people(db: { query(c: string): Promise<{ rows: unknown[][] }> }): Promise<unknown[][]> {
  return (await db.query("MATCH (p:Person) OPTIONAL MATCH (p)-[k:KNOWS]->(q) RETURN p.n, q.n ORDER BY p.n")).rows;
}

describe("a lost manifest", () => {
  it("is a typed error for writers and readers, and recover() brings back every acknowledged commit", async () => {
    const uri = `file:${dir}?ns=g`;
    const db = await open(uri);
    for (let i = 0; i < 20; i++) {
      await db.write("CREATE (:Person {n: $n})", { n: i });
      if (i > 0) await db.write("MATCH (a:Person {n: $a}), (b:Person {n: $b}) CREATE (a)-[:KNOWS]->(b)", { a: i - 1, b: i });
      if (i % 6 === 5) await db.flush();
      if (i === 12) await db.compact();
    }
    // Creating an index over data files writes it in a swap of its own (a
    // checkpoint); the delete after it is left for recovery to replay.
    await db.write("CREATE INDEX by_n FOR (p:Person) ON (p.n)");
    await db.write("MATCH (p:Person {n: 3}) DETACH DELETE p");
    const before = await people(db);
    await db.close();

    await unlink(join(dir, "g", "manifest.json"));
    const writer = await open(uri).catch((e: unknown) => e);
    expect(writer).toBeInstanceOf(ManifestMissingError);
    expect((writer as Error).message).toMatch(/g\/manifest\.json/);
    expect((writer as Error).message).toMatch(/recover\(\)/);
    const reader = await open(uri, { mode: "read" }).catch((e: unknown) => e);
    expect(reader).toBeInstanceOf(ManifestMissingError);

    const report = await recover(uri);
    expect(report.checkpoint).toMatch(/^checkpoint\//);
    expect(report.walSegments).toBeGreaterThan(0);
    expect(report.forks).toEqual([]);
    const again = await open(uri);
    expect(await people(again)).toEqual(before);
    expect((await again.query("SHOW INDEXES")).toObjects().map((r) => r["name"])).toEqual(["by_n"]);
    await again.write("CREATE (:Person {n: 100})");
    await again.close();
    expect(await recover(uri).catch((e: unknown) => e)).toBeInstanceOf(AlreadyExistsError);
  });

  it("a namespace that holds nothing is still new", async () => {
    const store = new FileStore(dir);
    expect(await open({ store, namespace: "fresh" }, { mode: "read" }).catch((e: unknown) => e)).toBeInstanceOf(NotFoundError);
    expect(await recover({ store, namespace: "fresh" }).catch((e: unknown) => e)).toBeInstanceOf(NotFoundError);
    const db = await open({ store, namespace: "fresh" });
    await db.write("CREATE (:Person {n: 1})");
    await db.close();
  });
});
