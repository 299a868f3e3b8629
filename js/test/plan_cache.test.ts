// The plan cache of db.query / db.write in the wasm build: a text run again
// with new parameters answers as before and counts as a hit in
// db.stats().plans, errors are not kept, and close() empties it.
import { describe, expect, it } from "vitest";
import { CypherError } from "../../dist/js/errors.js";
import { open } from "../../dist/js/index.js";

describe("the plan cache", () => {
  it("runs a text again without planning it, with each run's parameters", async () => {
    const db = await open("memory://plans");
    await db.write("UNWIND range(1, 20) AS i CREATE (:P {id: i, name: 'p' + toString(i)})");
    const byId = "MATCH (p:P) WHERE p.id = $id RETURN p.name AS name";
    expect((await db.query(byId, { id: 3 })).rows).toEqual([["p3"]]);
    expect((await db.query(byId, { id: 17 })).rows).toEqual([["p17"]]);
    expect((await db.query(byId, { id: 99 })).rows).toEqual([]);
    expect((await db.stats()).plans).toEqual({
      hits: 2,
      misses: 2,
      entries: 2,
      textBytes: byId.length + "UNWIND range(1, 20) AS i CREATE (:P {id: i, name: 'p' + toString(i)})".length,
    });
    await db.close();
  });

  it("returns a syntax error on every run and keeps nothing of it", async () => {
    const db = await open("memory://plans-errors");
    for (let run = 0; run < 2; run++) {
      const error = await db.query("MATCH (n RETURN n").catch((e: unknown) => e);
      expect(error).toBeInstanceOf(CypherError);
    }
    expect((await db.stats()).plans).toMatchObject({ hits: 0, misses: 2, entries: 0 });
    await db.close();
  });
});
