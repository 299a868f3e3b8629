// examples/edge/cloudflare end to end: the Worker bundled from the packed
// package as Wrangler bundles it, with the bindings and vars of its
// wrangler.toml, in Miniflare's workerd over Miniflare's R2 simulator; its
// TypeScript checked against @cloudflare/workers-types.
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import type { Miniflare } from "miniflare";
import { parse } from "smol-toml";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { open } from "../../../dist/js/database.js";
import { R2Store } from "../../../dist/js/r2/r2_store.js";
import type { R2BucketLike } from "../../../dist/js/r2/r2_bucket.js";
import { packedPackage, REPO } from "../../../bench/edge/packed_package.js";
import { bundleWorker, startWorker, type WorkerBundle } from "../../../bench/edge/worker_bundle.js";

const EXAMPLE = join(REPO, "examples", "edge", "cloudflare");

interface WranglerToml {
  main: string;
  compatibility_date: string;
  r2_buckets: Array<{ binding: string; bucket_name: string }>;
  vars: Record<string, string>;
}

let work: string;
let bundle: WorkerBundle;
let config: WranglerToml;
let project: string;

beforeAll(async () => {
  const pkg = await packedPackage();
  work = await mkdtemp(join(tmpdir(), "namidb-cloudflare-"));
  // The example as a user's project: its sources beside the installed package.
  project = join(pkg.app, "cloudflare-example");
  await rm(project, { recursive: true, force: true });
  await cp(join(EXAMPLE, "src"), join(project, "src"), { recursive: true });
  config = parse(await readFile(join(EXAMPLE, "wrangler.toml"), "utf8")) as unknown as WranglerToml;
  bundle = await bundleWorker(join(project, config.main), join(work, "bundle"));
}, 300_000);

afterAll(async () => {
  await rm(work, { recursive: true, force: true });
});

async function worker(vars: Record<string, string> = {}): Promise<{ mf: Miniflare; bucket: R2BucketLike }> {
  const binding = config.r2_buckets[0]!.binding;
  const mf = await startWorker(bundle, {
    compatibilityDate: config.compatibility_date,
    r2Buckets: [binding],
    bindings: { ...config.vars, ...vars },
  });
  return { mf, bucket: (await mf.getR2Bucket(binding)) as R2BucketLike };
}

async function ask(mf: Miniflare, path: string, init?: { method?: string; body?: string; headers?: Record<string, string> }) {
  const response = await mf.dispatchFetch(`http://worker${path}`, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

const post = (body: unknown, headers: Record<string, string> = {}) => ({ method: "POST", body: JSON.stringify(body), headers });

describe("examples/edge/cloudflare", () => {
  it("binds an R2 bucket and is read-only by default", () => {
    expect(config.r2_buckets).toHaveLength(1);
    expect(config.vars["NAMESPACE"]).toBe("demo");
    expect(config.vars["WRITE_TOKEN"]).toBeUndefined();
  });

  it("answers Cypher on the namespace in R2, sees new commits, and refuses writes", async () => {
    const { mf, bucket } = await worker({ REFRESH_SECONDS: "0" });
    try {
      expect((await ask(mf, "/query?q=RETURN%201")).body).toMatchObject({ error: { code: "NotFound" } });
      const db = await open({ store: new R2Store(bucket), namespace: "demo" });
      await db.write("CREATE (:Person {name: 'Ann', born: date('1990-05-01')})-[:KNOWS]->(:Person {name: 'Bob', big: 9007199254740993})");

      const get = await ask(mf, `/query?q=${encodeURIComponent("MATCH (p:Person) RETURN p.name AS name ORDER BY name")}`);
      expect(get).toMatchObject({ status: 200, body: { columns: ["name"], rows: [["Ann"], ["Bob"]] } });
      const friends = await ask(mf, "/query", post({
        query: "MATCH (:Person {name: $name})-[:KNOWS]-(f) RETURN f.name AS friend, f.big AS big",
        params: { name: "Ann" },
      }));
      expect(friends).toMatchObject({ status: 200, body: { rows: [["Bob", "9007199254740993"]] } });
      expect((await ask(mf, "/query", post({ query: "MATCH (p {name: 'Ann'}) RETURN p.born AS born" }))).body).toMatchObject({
        rows: [["1990-05-01"]],
      });

      await db.write("CREATE (:Person {name: 'Cid'})");
      expect((await ask(mf, "/query?q=MATCH%20(p:Person)%20RETURN%20count(*)%20AS%20n")).body).toMatchObject({ rows: [[3]] });
      await db.close();

      const bad = await ask(mf, "/query", post({ query: "MATCH (n) RETURN m" }));
      expect(bad).toMatchObject({ status: 400, body: { error: { name: "CypherError", code: "InvalidArgument", line: 1, column: 18 } } });
      const update = await ask(mf, "/query", post({ query: "CREATE (:Person {name: 'Eve'})" }));
      expect(update).toMatchObject({ status: 400, body: { error: { name: "CypherError" } } });
      expect(await ask(mf, "/query", post({ nothing: 1 }))).toMatchObject({ status: 400, body: { error: { code: "InvalidArgument" } } });
      const write = await ask(mf, "/write", post({ query: "CREATE (:Person {name: 'Eve'})" }));
      expect(write).toMatchObject({ status: 403 });
      expect((await ask(mf, "/query?q=MATCH%20(p:Person)%20RETURN%20count(*)%20AS%20n")).body).toMatchObject({ rows: [[3]] });
    } finally {
      await mf.dispose();
    }
  });

  it("writes with the write token, one transaction per request", async () => {
    const { mf } = await worker({ WRITE_TOKEN: "sesame", REFRESH_SECONDS: "3600" });
    try {
      const create = { query: "CREATE (:City {name: $name})", params: { name: "Oslo" } };
      expect(await ask(mf, "/write", post(create))).toMatchObject({ status: 401 });
      expect(await ask(mf, "/write", post(create, { authorization: "Bearer wrong" }))).toMatchObject({ status: 401 });
      const done = await ask(mf, "/write", post(create, { authorization: "Bearer sesame" }));
      expect(done).toMatchObject({ status: 200, body: { counters: { nodesCreated: 1 } } });
      // The reader opened after the first write; a later write is seen at once despite REFRESH_SECONDS.
      expect((await ask(mf, "/query?q=MATCH%20(c:City)%20RETURN%20count(*)%20AS%20n")).body).toMatchObject({ rows: [[1]] });
      await ask(mf, "/write", post({ query: "CREATE (:City {name: 'Lima'})" }, { authorization: "Bearer sesame" }));
      expect((await ask(mf, "/query?q=MATCH%20(c:City)%20RETURN%20count(*)%20AS%20n")).body).toMatchObject({ rows: [[2]] });
      const limited = await ask(mf, "/query", post({ query: "UNWIND range(1, 20000) AS x RETURN x" }));
      expect(limited).toMatchObject({ status: 413, body: { error: { code: "ResourceExhausted" } } });
    } finally {
      await mf.dispose();
    }
  });

  it("type-checks against @cloudflare/workers-types", async () => {
    await writeFile(join(project, "tsconfig.json"), JSON.stringify({
      compilerOptions: {
        target: "es2022", module: "esnext", moduleResolution: "bundler", lib: ["es2022"], strict: true, noEmit: true,
        typeRoots: [join(REPO, "node_modules", "@cloudflare")], types: ["workers-types"],
      },
      include: ["src"],
    }));
    const check = promisify(execFile)(join(REPO, "node_modules", ".bin", "tsc"), ["-p", "tsconfig.json"], { cwd: project });
    await expect(check.then(() => "ok", (err: { stdout: string }) => err.stdout)).resolves.toBe("ok");
  });
});
