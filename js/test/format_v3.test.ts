// A namespace written by the previous format (manifest version 3: data files
// without property columns), checked in as fixtures/format-v3 with the
// answers the build that wrote it gave (fixtures/make_format_v3.mjs). The
// current build opens it and answers the same; a flush on top of the old
// runs (a run with columns over runs without) and a compaction (every run
// rewritten with columns and adjacency keyed by type first, version 5)
// change no answer.
import { cpSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { open } from "../../dist/js/node/open.js";

const FIXTURE = fileURLToPath(new URL("fixtures/format-v3", import.meta.url));
const expected = JSON.parse(readFileSync(join(FIXTURE, "expected.json"), "utf8")) as {
  query: string; columns: string[]; rows: unknown[][];
}[];

describe("a namespace of format version 3", () => {
  let dir = "";
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  async function expectAnswers(db: Awaited<ReturnType<typeof open>>): Promise<void> {
    for (const { query, columns, rows } of expected) {
      const result = await db.query(query);
      expect(result.columns, query).toEqual(columns);
      expect(result.rows, query).toEqual(rows);
    }
  }

  function manifest(): { format_version: number; tables: { kind: string }[] } {
    return JSON.parse(readFileSync(join(dir, "v3", "manifest.json"), "utf8"));
  }

  it("answers as the build that wrote it, before and after a flush and a compaction", async () => {
    dir = mkdtempSync(join(tmpdir(), "namidb-format-v3-"));
    cpSync(FIXTURE, dir, { recursive: true });
    expect(manifest().format_version).toBe(3);
    expect(manifest().tables.some((t) => t.kind === "cols")).toBe(false);

    const reader = await open(`file:${dir}?ns=v3`, { mode: "read" });
    await expectAnswers(reader);
    await reader.close();

    const db = await open(`file:${dir}?ns=v3`);
    await expectAnswers(db);
    // The WAL becomes a run with columns and adjacency by type first over the
    // two old runs, whose adjacency is by node first.
    await db.flush();
    expect(manifest().format_version).toBe(5);
    expect(manifest().tables.filter((t) => t.kind === "cols").length).toBe(1);
    const kinds = () => new Set(manifest().tables.map((t) => t.kind));
    expect(kinds()).toContain("out");
    expect(kinds()).toContain("out_by_type");
    await expectAnswers(db);
    await db.compact();  // one run, all of it in the layout of version 5
    expect(manifest().tables.filter((t) => t.kind === "cols").length).toBe(1);
    expect(kinds()).not.toContain("out");
    expect(kinds()).not.toContain("in");
    expect(kinds()).toContain("in_by_type");
    await expectAnswers(db);
    await db.close();

    const after = await open(`file:${dir}?ns=v3`, { mode: "read" });
    await expectAnswers(after);
    await after.close();
  });
});
