// The fixed cost of a statement call (docs/benchmarks.md, "Calls"): what the
// fast path around it must keep. Calls into the engine go through the glue's
// dynCall caller of bridge_library.js, not Emscripten's own.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { open } from "../../dist/js/database.js";

describe("the call path", () => {
  it("calls bound methods through bridge_library.js's dynCall caller, with every argument", async () => {
    const glue = readFileSync(new URL("../../dist/wasm/namidb.mjs", import.meta.url), "utf8");
    // Emscripten's own copies the arguments with Object.assign into an argCache.
    expect(glue).not.toContain("Object.assign(argCache");
    // A prepared run passes 11 arguments; the limits among them must arrive.
    const db = await open("memory://call-path-args");
    await db.write("UNWIND range(1, 5) AS i CREATE (:N {i: i})");
    const statement = await db.prepare("MATCH (n:N) WHERE n.i >= $from RETURN n.i AS i ORDER BY i");
    expect((await statement.query({ from: 2 })).rows).toEqual([[2], [3], [4], [5]]);
    await expect(statement.query({ from: 1 }, { maxRows: 3 })).rejects.toThrow(/3/);
    await db.close();
  });
});
