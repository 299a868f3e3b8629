// The Node FileStore and the native LocalFileStore share one directory: same
// keys, same version tokens, and their compare-and-swap locks exclude each
// other (flock(1) from Node, flock(2) natively). The native side is the
// `namidb-store` tool from the native build.
import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { PreconditionFailedError } from "../../dist/js/errors.js";
import { FileStore } from "../../dist/js/node/file_store.js";

const run = promisify(execFile);
const tool = fileURLToPath(new URL("../../build/native/namidb-store", import.meta.url));

async function native(...args: string[]): Promise<{ code: number; stdout: string }> {
  try {
    const { stdout } = await run(tool, args);
    return { code: 0, stdout };
  } catch (err) {
    const e = err as { code?: number; stdout?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "" };
  }
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "namidb-interop-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe("FileStore and the native LocalFileStore on one directory", () => {
  it("has the native tool built", () => {
    expect(existsSync(tool)).toBe(true);
  });

  it("read each other's objects with the same version tokens", async () => {
    const store = new FileStore(dir);
    const v = await store.put("ns/from-node", new TextEncoder().encode("written by node"));
    expect(await native(dir, "get", "ns/from-node")).toEqual({ code: 0, stdout: "written by node" });
    expect((await native(dir, "head", "ns/from-node")).stdout.trim()).toBe(`${v.etag} 15`);

    const put = await native(dir, "put", "ns/from-native", "written natively", "--if-absent");
    expect(put.code).toBe(0);
    const got = await store.get("ns/from-native");
    expect(new TextDecoder().decode(got.data)).toBe("written natively");
    expect(got.meta.version.etag).toBe(put.stdout.trim());

    // A version token from one side is honoured by the other.
    const swapped = await native(dir, "put", "ns/from-node", "swapped natively", "--if-match", v.etag);
    expect(swapped.code).toBe(0);
    await expect(
      store.put("ns/from-node", new Uint8Array(1), { ifMatch: v }),
    ).rejects.toBeInstanceOf(PreconditionFailedError);
    expect((await native(dir, "put", "ns/from-native", "x", "--if-absent")).code).toBe(3);
  });

  it("lose no update when both race compare-and-swap on one key", async () => {
    const store = new FileStore(dir);
    await store.put("counter", new TextEncoder().encode("0"), { ifAbsent: true });
    const rounds = 25;

    const nodeLoop = async () => {
      for (let won = 0; won < rounds; ) {
        const cur = await store.get("counter");
        const next = String(Number(new TextDecoder().decode(cur.data)) + 1);
        try {
          await store.put("counter", new TextEncoder().encode(next), { ifMatch: cur.meta.version });
          won++;
        } catch (err) {
          if (!(err instanceof PreconditionFailedError)) throw err;
        }
      }
    };
    const nativeLoop = async () => {
      for (let won = 0; won < rounds; ) {
        const etag = (await native(dir, "head", "counter")).stdout.split(" ")[0]!;
        const value = Number((await native(dir, "get", "counter")).stdout);
        const put = await native(dir, "put", "counter", String(value + 1), "--if-match", etag);
        if (put.code === 0) won++;
        else expect(put.code).toBe(3);
      }
    };
    await Promise.all([nodeLoop(), nativeLoop()]);
    const final = await store.get("counter");
    expect(new TextDecoder().decode(final.data)).toBe(String(2 * rounds));
  });
});
