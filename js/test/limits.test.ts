// Size limits in the wasm build: a value the writer accepts is one every
// reader reads. The report this reproduces: a ~65 MiB string property was
// committed, and after flush() every query and compact() failed with
// "CorruptionError … bad compressed frame". Now it is refused when staged,
// with a typed error naming the property and the limit, and nothing is
// committed; a value at the limit goes through commit, flush, compaction
// and reopening.
import { describe, expect, it } from "vitest";
import { open } from "../../dist/js/database.js";
import { loadEngine } from "../../dist/js/engine.js";
import { InvalidArgumentError, ResourceExhaustedError } from "../../dist/js/errors.js";
import { MemoryStore } from "../../dist/js/memory_store.js";

const MiB = 1 << 20;

// Letters zstd cannot shrink much: the block holding one is stored near full size.
function text(n: number, seed = 1): string {
  const bytes = new Uint8Array(n);
  let s = seed >>> 0;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    bytes[i] = 97 + ((s >>> 24) % 26);
  }
  return new TextDecoder().decode(bytes);
}

describe("size limits", () => {
  it("the engine reports one set of limits", async () => {
    const engine = await loadEngine();
    expect(engine.limits.maxRecordBytes).toBe(16 * MiB);
    expect(engine.limits.maxCommitBytes).toBe(64 * MiB);
    expect(engine.limits.maxBlockBytes).toBeGreaterThanOrEqual(engine.limits.maxRecordBytes + engine.limits.maxNameBytes);
    expect(engine.limits.maxValueDepth).toBe(64);
    expect(engine.limits.gcGraceMs).toBe(3_600_000);
  });

  it("refuses a 65 MiB string when it is staged, and the namespace stays readable", async () => {
    const store = new MemoryStore();
    const db = await open({ store, namespace: "big" });
    await db.write("CREATE (:Doc {id: 0, body: 'small'})");
    const err = await db.write("CREATE (:Doc {id: 1, body: $b})", { b: "x".repeat(65 * MiB) }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ResourceExhaustedError);
    expect((err as Error).message).toMatch(/property 'body'/);
    expect((err as Error).message).toMatch(/16 MiB/);
    const set = await db.write("MATCH (d:Doc {id: 0}) SET d.body = $b", { b: "x".repeat(17 * MiB) }).catch((e: unknown) => e);
    expect(set).toBeInstanceOf(ResourceExhaustedError);
    expect((set as Error).message).toMatch(/property 'body'/);
    // The staging API says the same, and stages nothing.
    const staged = await db.upsertNode(["Doc"], "doc:1", { body: "y".repeat(17 * MiB) }).catch((e: unknown) => e);
    expect(staged).toBeInstanceOf(ResourceExhaustedError);
    expect(db.staged).toBe(0);
    await db.flush();
    expect((await db.query("MATCH (d:Doc) RETURN d.id")).rows).toEqual([[0]]);
    await db.compact();
    await db.close();
    const reader = await open({ store, namespace: "big" }, { mode: "read" });
    expect((await reader.query("MATCH (d:Doc) RETURN d.id, d.body")).rows).toEqual([[0, "small"]]);
    await reader.close();
  });

  it("a value at the limit goes through commit, flush, compaction and reopening", async () => {
    const store = new MemoryStore();
    const engine = await loadEngine();
    // {labels: [Big], body: <n bytes>} is its string plus 34 bytes of record.
    const body = text(engine.limits.maxRecordBytes - 34);
    const db = await open({ store, namespace: "big" }, { engine });
    await db.upsertNode(["Big"], "doc:1", { body });
    await db.commit();
    const tooLarge = await db.upsertNode(["Big"], "doc:2", { body: body + "z" }).catch((e: unknown) => e);
    expect(tooLarge).toBeInstanceOf(ResourceExhaustedError);
    await db.write("CREATE (:Doc {body: 'other'})");
    const read = async (d: typeof db) => (await d.query("MATCH (d:Big) RETURN d.body")).rows;
    expect(await read(db)).toEqual([[body]]);
    await db.flush();
    expect(await read(db)).toEqual([[body]]);
    await db.write("CREATE (:Doc {body: 'third'})");
    await db.compact();
    expect(await read(db)).toEqual([[body]]);
    await db.close();
    const reopened = await open({ store, namespace: "big" }, { engine: await loadEngine(), mode: "read" });
    expect(await read(reopened)).toEqual([[body]]);
    expect((await reopened.query("MATCH (d:Doc) RETURN count(d)")).rows).toEqual([[2]]);
    await reopened.close();
  });

  it("refuses values nested deeper than readers decode, before they are committed", async () => {
    const store = new MemoryStore();
    const db = await open({ store, namespace: "deep" });
    let ok: unknown = 1;
    for (let i = 0; i < 63; i++) ok = [ok];
    await db.upsertNode(["N"], "n1", { x: ok });
    const err = await db.upsertNode(["N"], "n2", { x: [ok] }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidArgumentError);
    expect((err as Error).message).toMatch(/property 'x'.*nests lists and maps deeper than 64 levels/);
    await db.commit();
    await db.close();
    // Before the limit was checked when staging, this reopening failed with
    // CorruptionError ("values nested deeper than 64").
    const again = await open({ store, namespace: "deep" });
    expect((await again.query("MATCH (n:N) RETURN count(n)")).rows).toEqual([[1]]);
    await again.close();
  });
});
