// FileStore specifics: cross-process compare-and-swap, temp files, the
// reserved folder, and key shapes a directory tree cannot hold.
import { spawn } from "node:child_process";
import { mkdir, mkdtemp, readdir, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { InvalidArgumentError, UnsupportedError } from "../../dist/js/errors.js";
import { FileStore } from "../../dist/js/node/file_store.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "namidb-filestore-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// A child process that increments a counter object with compare-and-swap,
// `rounds` times, retrying on PreconditionFailed; prints the versions it won.
const CHILD = `
import { FileStore } from ${JSON.stringify(new URL("../../dist/js/node/file_store.js", import.meta.url).href)};
const [root, rounds] = process.argv.slice(1);
const store = new FileStore(root);
const won = [];
for (let i = 0; i < Number(rounds); ) {
  const cur = await store.get("counter");
  const next = String(Number(new TextDecoder().decode(cur.data)) + 1);
  try {
    const v = await store.put("counter", new TextEncoder().encode(next), { ifMatch: cur.meta.version });
    won.push([next, v.etag]);
    i++;
  } catch (err) {
    if (err.code !== "PreconditionFailed") throw err;
  }
}
console.log(JSON.stringify(won));
`;

// Runs `script` as an ES module in a child Node, after a shell `prelude`.
function runChild(script: string, args: string[], prelude = "true"): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      "bash",
      ["-c", `${prelude} && exec "$0" --input-type=module -e "$@"`, process.execPath, script, ...args],
      { stdio: ["ignore", "pipe", "inherit"] },
    );
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    child.on("error", reject);
    child.on("close", (code) => (code === 0 ? resolve(out) : reject(new Error(`child exited ${code}`))));
  });
}

// A child that puts 1 MiB objects under a 64 KiB file-size limit: the disk
// write fails part-way (EFBIG), as on a full disk.
const FAILING_CHILD = `
import { FileStore } from ${JSON.stringify(new URL("../../dist/js/node/file_store.js", import.meta.url).href)};
const store = new FileStore(process.argv[1]);
const big = new Uint8Array(1 << 20).fill(7);
const codes = [];
for (const options of [{ ifAbsent: true }, {}]) {
  await store.put("big/object", big, options).then(() => codes.push("ok"), (e) => codes.push(e.code));
}
await store.put("big/before", big).then(() => codes.push("ok"), (e) => codes.push(e.code));
console.log(codes.join(","));
`;

describe("FileStore", () => {
  it("leaves no partial object when the disk write fails part-way", async () => {
    const store = new FileStore(dir);
    await store.put("big/before", new Uint8Array([1]));
    const out = await runChild(FAILING_CHILD, [dir], "ulimit -f 64");
    expect(out.trim()).toBe("IoError,IoError,IoError");
    await expect(store.get("big/object")).rejects.toMatchObject({ code: "NotFound" });
    expect(Array.from((await store.get("big/before")).data)).toEqual([1]);
    expect(await readdir(join(dir, ".namidb-store", "tmp"))).toEqual([]);
  });

  it("loses no update when two processes race compare-and-swap on one key", async () => {
    const store = new FileStore(dir);
    await store.put("counter", new TextEncoder().encode("0"), { ifAbsent: true });
    const rounds = 40;
    const outputs = await Promise.all([runChild(CHILD, [dir, String(rounds)]), runChild(CHILD, [dir, String(rounds)])]);
    const won = outputs.flatMap((o) => JSON.parse(o) as Array<[string, string]>);
    // Every successful swap produced a distinct value and a distinct version...
    expect(won).toHaveLength(2 * rounds);
    expect(new Set(won.map(([value]) => value)).size).toBe(2 * rounds);
    expect(new Set(won.map(([, etag]) => etag)).size).toBe(2 * rounds);
    // ...and none was lost: the counter counts every one of them.
    const final = await store.get("counter");
    expect(new TextDecoder().decode(final.data)).toBe(String(2 * rounds));
  });

  it("leaves no temp files behind, and ignores stray ones", async () => {
    const store = new FileStore(dir);
    await store.put("a/one", new Uint8Array([1]), { ifAbsent: true });
    await store.put("a/one", new Uint8Array([2]));
    await store.put("a/one", new Uint8Array([3]), { ifAbsent: true }).catch(() => undefined);
    expect(await readdir(join(dir, ".namidb-store", "tmp"))).toEqual([]);
    await writeFile(join(dir, ".namidb-store", "tmp", "0123456789abcdef"), "half-written");
    const page = await store.list("");
    expect(page.objects.map((o) => o.key)).toEqual(["a/one"]);
  });

  it("refuses keys inside its reserved folder", async () => {
    const store = new FileStore(dir);
    await expect(store.put(".namidb-store/lock", new Uint8Array(1))).rejects.toBeInstanceOf(
      InvalidArgumentError,
    );
    await expect(store.get(".namidb-store/tmp/x")).rejects.toBeInstanceOf(InvalidArgumentError);
  });

  it("says clearly that a key cannot be both an object and a prefix", async () => {
    const store = new FileStore(dir);
    await store.put("x/y", new Uint8Array(1));
    await expect(store.put("x", new Uint8Array(1))).rejects.toBeInstanceOf(UnsupportedError);
    await expect(store.put("x", new Uint8Array(1), { ifAbsent: true })).rejects.toBeInstanceOf(
      UnsupportedError,
    );
    await expect(store.put("x/y/z", new Uint8Array(1))).rejects.toBeInstanceOf(UnsupportedError);
    await mkdir(join(dir, "empty-dir"));
    await expect(store.get("empty-dir")).rejects.toMatchObject({ code: "NotFound" });
  });
});
