// A namespace a newer build wrote (a manifest format version past this
// build's) is refused with UnsupportedError, which says to upgrade, and is
// left as it was: an old package must neither call it damaged nor touch it.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { UnsupportedError } from "../../dist/js/errors.js";
import { open } from "../../dist/js/node/open.js";

describe("a namespace of a newer format", () => {
  let dir = "";
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("is refused as Unsupported, for reading and for writing, and left untouched", async () => {
    dir = mkdtempSync(join(tmpdir(), "namidb-newer-"));
    const db = await open(`file:${dir}?ns=g`);
    await db.write("CREATE (:P {n: 1})-[:R]->(:P {n: 2})");
    await db.flush();
    await db.close();

    const path = join(dir, "g", "manifest.json");
    const manifest = JSON.parse(readFileSync(path, "utf8")) as { format_version: number };
    manifest.format_version += 1;
    const text = JSON.stringify(manifest);
    writeFileSync(path, text);

    for (const mode of ["read", "write"] as const) {
      const refused = await open(`file:${dir}?ns=g`, { mode }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(refused, mode).toBeInstanceOf(UnsupportedError);
      const message = (refused as Error).message;
      expect(message).toContain("g/manifest.json");
      expect(message).toContain(`format version ${manifest.format_version}`);
      expect(message).toContain("upgrade the package");
    }
    expect(readFileSync(path, "utf8")).toBe(text);
  });
});
