// Every ```ts example block of the README and docs/api.md runs, against the
// built package, so the documentation stays true. A line `expr; // => value`
// is checked: expr must deep-equal value.
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";

const ROOT = new URL("../../", import.meta.url);
const PACKAGE = {
  "namidb-wasm": new URL("dist/js/index.js", ROOT).href,
  "namidb-wasm/node": new URL("dist/js/node.js", ROOT).href,
};

function examples(markdown: string): string[] {
  return [...markdown.matchAll(/```ts example\n([\s\S]*?)```/g)].map((m) => m[1]!);
}

// The example as a module: package imports resolved to the build, and each
// `expr; // => value` line turned into an assertion.
function runnable(example: string): string {
  const body = example
    .replace(/from "(namidb-wasm(?:\/node)?)"/g, (_m, name: keyof typeof PACKAGE) => `from ${JSON.stringify(PACKAGE[name])}`)
    .split("\n")
    .map((line) => {
      const m = /^(\s*)(.+?);\s*\/\/ => (.+)$/.exec(line);
      return m ? `${m[1]}__check(${m[2]}, ${m[3]}, ${JSON.stringify(line.trim())});` : line;
    })
    .join("\n");
  return `import { deepStrictEqual as __equal } from "node:assert";
function __check(actual, expected, line) { __equal(actual, expected, line); }
${body}`;
}

describe.each(["README.md", "docs/api.md"])("%s", (file) => {
  it("runs every example", async () => {
    const text = await readFile(new URL(file, ROOT), "utf8");
    const blocks = examples(text);
    expect(blocks.length).toBeGreaterThan(0);
    const dir = await mkdtemp(join(tmpdir(), "namidb-docs-"));
    try {
      for (const [i, block] of blocks.entries()) {
        const path = join(dir, `example-${i}.mjs`);
        await writeFile(path, runnable(block));
        await import(pathToFileURL(path).href);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
