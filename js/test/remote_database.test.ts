// Databases on remote stores through FetchStore: a namespace built in a local
// folder, copied (CLI and library) to the strict endpoint and to Azurite,
// queried signed and from the public read-only mode; writers on a bucket,
// two racing in two processes; the persistent block cache; cancellation,
// retries and coalescing as the engine drives them.
import { spawn } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { copyNamespace } from "../../dist/js/copy.js";
import { open, type Database } from "../../dist/js/database.js";
import { loadEngine, type Engine } from "../../dist/js/engine.js";
import { CancelledError, ConflictError, InvalidArgumentError, PreconditionFailedError, UnsupportedError } from "../../dist/js/errors.js";
import { FetchStore } from "../../dist/js/fetch/fetch_store.js";
import { FileStore } from "../../dist/js/node/file_store.js";
import { DirectoryBlockCache } from "../../dist/js/node/directory_cache.js";
import { Azurite } from "./support/azurite.js";
import { ObjectEndpoint } from "./support/object_endpoint.js";
import { azuriteTarget, endpointTarget } from "./support/remote_stores.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const s3 = new ObjectEndpoint({ dialect: "s3", publicRead: ["pub", "cli"] });
const gcs = new ObjectEndpoint({ dialect: "gcs" });
let azurite: Azurite;
let engine: Engine;
let folder: string;
const PEOPLE = 300;

// The CLI in a child process; asynchronously, since this process serves the endpoint it talks to.
function runCli(args: string[], env: Record<string, string>): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolveRun) => {
    const child = spawn(process.execPath, [join(ROOT, "dist/js/cli.js"), ...args], {
      env: { ...process.env, ...env },
      stdio: ["ignore", "ignore", "pipe"],
    });
    let stderr = "";
    child.stderr.on("data", (c: Buffer) => (stderr += c.toString()));
    child.on("exit", (status) => resolveRun({ status, stderr }));
  });
}

beforeAll(async () => {
  await Promise.all([s3.start(), gcs.start()]);
  azurite = await Azurite.start();
  engine = await loadEngine();
  // The namespace "demo" in a local folder: flushed data files and WAL segments after them.
  folder = await mkdtemp(join(tmpdir(), "namidb-remote-"));
  const db = await open({ store: new FileStore(folder), namespace: "demo" }, { engine });
  await db.upsertNodes(Array.from({ length: PEOPLE }, (_, i) => ({ labels: ["Person"], id: `p:${i}`, properties: { id: i, name: `person ${i}` } })));
  await db.upsertEdges(Array.from({ length: PEOPLE - 1 }, (_, i) => ({ type: "KNOWS", src: `p:${i}`, dst: `p:${i + 1}` })));
  await db.commit();
  await db.flush();
  await db.write("CREATE INDEX FOR (p:Person) ON (p.id)");
  await db.write("MATCH (p:Person {id: 7}) SET p.name = 'seven'");
  await db.close();
  // Published to the public bucket "pub" for the tests that read it.
  await copyNamespace(new FileStore(folder), endpointTarget(s3, {}, {}, "pub").store, "demo");
});
afterAll(async () => {
  await Promise.all([s3.stop(), gcs.stop(), azurite?.stop()]);
  if (folder) await rm(folder, { recursive: true, force: true });
});

async function checkDemo(db: Database): Promise<void> {
  expect((await db.query("MATCH (p:Person) RETURN count(p)")).rows).toEqual([[PEOPLE]]);
  expect((await db.query("MATCH (p:Person {id: 7}) RETURN p.name")).rows).toEqual([["seven"]]);
  expect((await db.query("MATCH (:Person {id: 1})-[:KNOWS]-(f) RETURN f.id ORDER BY f.id")).rows).toEqual([[0], [2]]);
}

describe("a namespace built locally, published and read remotely", () => {
  it("is copied by the CLI to a bucket and read there signed and from the public mode", async () => {
    const copy = () => runCli(["copy", `file:${folder}?ns=demo`, `s3://cli/demo?endpoint=${s3.url}`], {
      AWS_ACCESS_KEY_ID: s3.accessKeyId,
      AWS_SECRET_ACCESS_KEY: s3.secretAccessKey,
    });
    const child = await copy();
    expect(child.stderr).toMatch(/copied namespace 'demo' version \d+: \d+ objects/);
    expect(child.status).toBe(0);
    const manifest = s3.log.filter((r) => r.op === "put" && r.bucket === "cli").at(-1)!;
    expect(manifest.key).toBe("demo/manifest.json");  // the manifest last

    const signed = endpointTarget(s3, { access: "read", prefixes: ["demo/"] }, {}, "cli").store;
    const reader = await open({ store: signed, namespace: "demo" }, { engine, mode: "read" });
    await checkDemo(reader);
    await reader.close();
    expect(signed.stats.requests).toBeGreaterThan(0);

    const publicDb = await open(`${s3.url}/cli/demo/`, { engine });
    expect(publicDb.mode).toBe("read");
    await checkDemo(publicDb);
    await publicDb.close();
    const again = await copy();
    expect(again.status).toBe(1);
    expect(again.stderr).toMatch(/PreconditionFailedError: the target .* already has a namespace/);
  });

  it("is copied to Azurite and to GCS and read there, and back from the public host to a folder", async () => {
    for (const target of [await azuriteTarget(azurite), endpointTarget(gcs)]) {
      const result = await copyNamespace(new FileStore(folder), target.store, "demo", { targetPrefix: "graphs" });
      expect(result.objects).toBeGreaterThan(5);
      const db = await open({ store: target.store, namespace: "demo", prefix: "graphs" }, { engine, mode: "read" });
      await checkDemo(db);
      await db.close();
    }
    const back = await mkdtemp(join(tmpdir(), "namidb-back-"));
    try {
      const progress: number[] = [];
      await copyNamespace(new FetchStore({ baseUrl: `${s3.url}/pub/` }), new FileStore(back), "demo", {
        onProgress: (p) => progress.push(p.done),
      });
      expect(progress.at(-1)).toBe(progress.length);
      const db = await open({ store: new FileStore(back), namespace: "demo" }, { engine, mode: "read" });
      await checkDemo(db);
      await db.close();
    } finally {
      await rm(back, { recursive: true, force: true });
    }
  });

  it("refuses writes in the public mode with typed errors", async () => {
    await expect(open(`${s3.url}/pub/demo/`, { engine, mode: "write" })).rejects.toBeInstanceOf(InvalidArgumentError);
    await expect(open(`${s3.url}/pub/demo/?x=1`, { engine })).rejects.toBeInstanceOf(InvalidArgumentError);
    const store = new FetchStore({ baseUrl: `${s3.url}/pub/` });
    await expect(store.put("demo/x", new Uint8Array(1), { ifAbsent: true })).rejects.toBeInstanceOf(UnsupportedError);
    await expect(store.delete("demo/x")).rejects.toBeInstanceOf(UnsupportedError);
    const listed = await store.list("demo/");
    expect(listed.objects[0]!.key).toBe("demo/manifest.json");
    expect(listed.objects.every((o) => o.key.startsWith("demo/sst/") || o.key.startsWith("demo/wal/") || o.key === "demo/manifest.json")).toBe(true);
  });

  it("starts warm from a persistent cache: a second open asks the network for the manifest only", async () => {
    const dir = await mkdtemp(join(tmpdir(), "namidb-cache-"));
    try {
      const run = async () => {
        const store = new FetchStore({ baseUrl: `${s3.url}/pub/`, cache: { persistent: new DirectoryBlockCache(dir) } });
        const db = await open({ store, namespace: "demo" }, { engine, mode: "read" });
        await checkDemo(db);
        await db.close();
        return store.stats;
      };
      const cold = await run();
      const warm = await run();
      expect(cold.requests).toBeGreaterThan(3);
      expect(warm.requests).toBe(1);
      expect(warm.persistentCacheHits).toBeGreaterThan(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});

describe("writers on a bucket", () => {
  it("write, flush and compact through presigned URLs on every dialect", async () => {
    for (const target of [endpointTarget(s3, { unconditionalPuts: false }), endpointTarget(gcs, { unconditionalPuts: false }), await azuriteTarget(azurite, { unconditionalPuts: false })]) {
      const db = await open({ store: target.store, namespace: "w" }, { engine });
      for (let i = 0; i < 3; i++) await db.write("CREATE (:N {i: $i})", { i });
      await db.flush();
      await db.write("CREATE (:N {i: 3})");
      await db.compact();
      await db.write("MATCH (n:N {i: 0}) DELETE n");
      await db.close();
      const again = await open({ store: target.store, namespace: "w" }, { engine, mode: "read" });
      expect((await again.query("MATCH (n:N) RETURN n.i ORDER BY n.i")).rows).toEqual([[1], [2], [3]]);
      await again.close();
    }
  });

  it("two writers in two processes race: the first commit wins, the other gets ConflictError, nothing acknowledged is lost", async () => {
    const target = endpointTarget(s3, { unconditionalPuts: false });
    const seed = await open({ store: target.store, namespace: "race" }, { engine });
    await seed.write("CREATE (:Writer {name: 'seed'})");
    await seed.close();
    const env = {
      ...process.env, DIALECT: "s3", BUCKET_URL: target.bucketUrl, REGION: s3.region,
      ACCESS_KEY: s3.accessKeyId, SECRET_KEY: s3.secretAccessKey, NS: "race",
    };
    const writers = ["a", "b"].map((name) => {
      const child = spawn(process.execPath, [join(ROOT, "js/test/support/race_writer.mjs")], { env: { ...env, NAME: name }, stdio: ["pipe", "pipe", "inherit"] });
      let out = "";
      const opened = new Promise<void>((resolveOpen) => child.stdout.on("data", (c: Buffer) => {
        out += c.toString();
        if (out.includes("open\n")) resolveOpen();
      }));
      const done = new Promise<string>((resolveDone) => child.on("exit", () => resolveDone(out.replace("open\n", "").trim())));
      return { name, child, opened, done };
    });
    await Promise.all(writers.map((w) => w.opened));
    for (const w of writers) w.child.stdin.write("go\n");
    const outcomes = await Promise.all(writers.map((w) => w.done));
    expect([...outcomes].sort()).toEqual(["conflict", "ok"]);
    const winner = writers[outcomes.indexOf("ok")]!.name;
    const db = await open({ store: target.store, namespace: "race" }, { engine, mode: "read" });
    expect((await db.query("MATCH (w:Writer) RETURN w.name ORDER BY w.name")).rows).toEqual([[winner], ["seed"]]);
    await db.close();
  });

  it("retries a 409 ConditionalRequestConflict after re-reading, and loses cleanly when the object changed", async () => {
    const target = endpointTarget(s3);
    const db = await open({ store: target.store, namespace: "c409" }, { engine });
    await db.write("CREATE (:N {i: 1})");
    s3.addFault({ op: "put", key: "c409/manifest.json", fault: "status", status: 409 });
    await db.write("CREATE (:N {i: 2})");
    s3.clearFaults();
    expect((await db.query("MATCH (n:N) RETURN count(n)")).rows).toEqual([[2]]);
    await db.close();
    // A 409 whose re-read finds the manifest changed: PreconditionFailed, never a blind retry.
    const store = target.store;
    const v = await store.put("c409/k", new Uint8Array([1]), { ifAbsent: true });
    await store.put("c409/k", new Uint8Array([2]), { ifMatch: v });
    s3.addFault({ op: "put", key: "c409/k", fault: "status", status: 409 });
    await expect(store.put("c409/k", new Uint8Array([3]), { ifMatch: v })).rejects.toBeInstanceOf(PreconditionFailedError);
    s3.clearFaults();
  });
});

describe("reads as the engine drives them", () => {
  it("are cancelled by a statement's AbortSignal while requests are in flight", async () => {
    const controller = new AbortController();
    let armed = false;
    let aborted = false;
    // Once the statement runs, its first data-file request fires the signal while in flight.
    const fetchAndAbort: typeof fetch = (input, init) => {
      if (armed && !aborted && String(input).includes("/sst/")) {
        aborted = true;
        controller.abort();
      }
      return fetch(input, init);
    };
    const store = new FetchStore({ baseUrl: `${s3.url}/pub/`, fetch: fetchAndAbort, cache: false });
    const db = await open({ store, namespace: "demo" }, { engine, mode: "read" });
    armed = true;
    const statement = db.query("MATCH (p:Person) RETURN p.name", {}, { signal: controller.signal });
    const err = await statement.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CancelledError);
    expect((err as Error).message).toMatch(/store request was cancelled/);
    expect(aborted).toBe(true);
    await db.close();
  });

  it("are retried through 5xx, 429, resets and cut bodies, and coalesced when adjacent", async () => {
    const store = new FetchStore({ baseUrl: `${s3.url}/pub/`, cache: false, retryBaseMs: 1, retries: 6 });
    // Not the property columns: the scan the test before cancelled asked for
    // them in its batch, and that request may reach the endpoint only now.
    const sst = /sst\/(?!cols-)/;
    s3.addFault({ op: "get", key: sst, fault: "status", status: 503, times: 2 });
    s3.addFault({ op: "get", key: sst, fault: "status", status: 429 });
    s3.addFault({ op: "get", key: sst, fault: "reset" });
    s3.addFault({ op: "get", key: sst, fault: "truncate" });
    const db = await open({ store, namespace: "demo" }, { engine, mode: "read" });
    await checkDemo(db);
    await db.close();
    s3.clearFaults();
    expect(store.stats.retries).toBe(5);

    const key = s3.log.find((r) => r.op === "get" && r.key.includes("/sst/"))!.key;
    const before = store.stats.requests;
    const parts = await store.getMany([0, 100, 200, 300].map((offset) => ({ key, range: { offset, length: 100 } })));
    expect(store.stats.requests - before).toBe(1);
    const whole = await store.get(key, { offset: 0, length: 400 });
    expect(Buffer.concat(parts.map((p) => (p as { data: Uint8Array }).data))).toEqual(Buffer.from(whole.data));
  });
});
