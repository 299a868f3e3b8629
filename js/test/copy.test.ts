// copyNamespace between in-memory stores, and the store URIs of the copy command.
import { describe, expect, it } from "vitest";
import { copyNamespace } from "../../dist/js/copy.js";
import { open } from "../../dist/js/database.js";
import { CorruptionError, InvalidArgumentError, NotFoundError, PreconditionFailedError } from "../../dist/js/errors.js";
import { FetchStore } from "../../dist/js/fetch/fetch_store.js";
import { MemoryStore } from "../../dist/js/memory_store.js";
import { FileStore } from "../../dist/js/node/file_store.js";
import { storeFromUri } from "../../dist/js/node/store_uri.js";

async function sourceWithData(): Promise<MemoryStore> {
  const store = new MemoryStore();
  const db = await open({ store, namespace: "g", prefix: "p" });
  await db.write("UNWIND range(1, 50) AS i CREATE (:N {i: i})");
  await db.flush();
  await db.write("CREATE (:N {i: 51})");
  await db.close();
  return store;
}

describe("copyNamespace", () => {
  it("copies the files the manifest names, then the manifest, and the copy reads the same", async () => {
    const from = await sourceWithData();
    const to = new MemoryStore();
    const order: string[] = [];
    const result = await copyNamespace(from, to, "g", { prefix: "p", targetPrefix: "q/r", onProgress: (p) => order.push(p.key) });
    expect(order.at(-1)).toBe("q/r/g/manifest.json");
    expect(order.slice(0, -1).every((k) => /^q\/r\/g\/(sst|wal|checkpoint)\//.test(k))).toBe(true);
    expect(order.filter((k) => k.includes("/checkpoint/"))).toHaveLength(1);  // the copy can be recovered
    expect(result.objects).toBe(order.length);
    const db = await open({ store: to, namespace: "g", prefix: "q/r" }, { mode: "read" });
    expect((await db.query("MATCH (n:N) RETURN count(n), max(n.i)")).rows).toEqual([[51, 51]]);
    await db.close();
  });

  it("refuses a target that has the namespace, resumes a partial copy, and checks sizes", async () => {
    const from = await sourceWithData();
    const to = new MemoryStore();
    await copyNamespace(from, to, "g", { prefix: "p" });
    await expect(copyNamespace(from, to, "g", { prefix: "p" })).rejects.toBeInstanceOf(PreconditionFailedError);

    // A copy that stopped before its manifest: run again, what is there is kept.
    const partial = new MemoryStore();
    const files = (await from.list("p/g/")).objects.filter((o) => !o.key.endsWith("manifest.json"));
    await partial.put(files[0]!.key, (await from.get(files[0]!.key)).data);
    const progress: boolean[] = [];
    await copyNamespace(from, partial, "g", { prefix: "p", onProgress: (p) => progress.push(p.skipped) });
    expect(progress.filter(Boolean)).toHaveLength(1);

    const wrong = new MemoryStore();
    await wrong.put(files[0]!.key, new Uint8Array(3));
    await expect(copyNamespace(from, wrong, "g", { prefix: "p" })).rejects.toBeInstanceOf(CorruptionError);
    await expect(copyNamespace(from, new MemoryStore(), "nope", { prefix: "p" })).rejects.toBeInstanceOf(NotFoundError);
    await expect(copyNamespace(from, new MemoryStore(), "Bad Name")).rejects.toBeInstanceOf(InvalidArgumentError);
  });
});

describe("store URIs", () => {
  it("name a store and a namespace, with credentials from the environment", () => {
    const env = { AWS_ACCESS_KEY_ID: "a", AWS_SECRET_ACCESS_KEY: "b", GCS_HMAC_ACCESS_KEY_ID: "c", GCS_HMAC_SECRET: "d", AZURE_STORAGE_KEY: "ZQ==" };
    expect(storeFromUri("file:./x?ns=demo", env)).toMatchObject({ namespace: "demo", prefix: "" });
    expect(storeFromUri("file:./x?ns=demo", env).store).toBeInstanceOf(FileStore);
    for (const [uri, prefix] of [
      ["s3://bucket/graphs/demo?region=eu-west-1", "graphs"],
      ["s3://bucket/demo?endpoint=http://127.0.0.1:9000", ""],
      ["gs://bucket/a/b/demo", "a/b"],
      ["azure://account/container/graphs/demo", "graphs"],
    ] as const) {
      const where = storeFromUri(uri, env);
      expect(where, uri).toMatchObject({ namespace: "demo", prefix });
      expect(where.store).toBeInstanceOf(FetchStore);
    }
    expect(storeFromUri("https://cdn.example/graphs/demo/", env)).toMatchObject({ namespace: "demo", prefix: "" });
    expect(() => storeFromUri("s3://bucket/demo", {})).toThrow(/AWS_ACCESS_KEY_ID/);
    expect(() => storeFromUri("s3://bucket/Not_A_Namespace", env)).toThrow(InvalidArgumentError);
    expect(() => storeFromUri("ftp://x/demo", env)).toThrow(InvalidArgumentError);
    expect(() => storeFromUri("azure://account", env)).toThrow(/names no container/);
  });
});
